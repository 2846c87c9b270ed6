"use client";

import { Dialog } from "../ui/dialog";

/**
 * "Are you sure?" with wording for any action (revoke, transfer, sign out), not only
 * deletions: the busy label and the tone of the confirm button are chosen by the caller.
 */
export function ConfirmAction({
  open,
  onCancel,
  onConfirm,
  title,
  description,
  confirmLabel,
  busyLabel = "Working…",
  busy = false,
  error,
  tone = "danger",
  testId = "confirm-dialog",
}: {
  open: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  busy?: boolean;
  error?: string | null;
  tone?: "danger" | "primary";
  testId?: string;
}) {
  return (
    <Dialog open={open} onClose={onCancel} title={title} description={description} size="sm" testId={testId}>
      {error ? (
        <p role="alert" className="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className={tone === "danger" ? "btn-danger" : "btn-primary"}
          onClick={onConfirm}
          disabled={busy}
          data-testid="confirm-action"
        >
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
