"use client";

import type { ConflictRow } from "@/client/conflict";
import { Dialog } from "../ui/dialog";

/** "20:31" / "Tue 2 Jun, 20:31" for when the other version was saved. */
function when(iso: string | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const sameDay = d.toDateString() === new Date().toDateString();
  return d.toLocaleString(undefined, {
    ...(sameDay ? {} : { weekday: "short", day: "numeric", month: "short" }),
    hour: "2-digit",
    minute: "2-digit",
  });
}

/**
 * Shown when a save was refused because someone else changed the item first (412): what
 * they changed, field by field against the user's version, and the two ways out. "Keep
 * mine" re-sends the user's changes on top of the other version; "Take theirs" drops them.
 */
export function ConflictDialog({
  open,
  itemName,
  changedBy,
  changedAt,
  rows,
  keepLabel = "Keep mine",
  busy = false,
  error,
  onKeepMine,
  onTakeTheirs,
  onDismiss,
}: {
  open: boolean;
  /** e.g. "“Dinner at Kikunoi”" or "this trip". */
  itemName: string;
  /** Display name of whoever saved the other version, when known. */
  changedBy?: string | null;
  /** ISO 8601 time the other version was saved (its `updated_at`). */
  changedAt?: string;
  rows: ConflictRow[];
  keepLabel?: string;
  busy?: boolean;
  error?: string | null;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  /** Escape or the close button; defaults to `onTakeTheirs`. A form passes "close the
   *  dialog, keep the draft" so that dismissing never throws away what the user typed. */
  onDismiss?: () => void;
}) {
  const at = when(changedAt);
  const who = changedBy ?? "Someone else";
  return (
    <Dialog
      open={open}
      onClose={onDismiss ?? onTakeTheirs}
      title="Changed by someone else"
      description={`${who} saved a new version of ${itemName}${at ? ` at ${at}` : ""} while you were working on it. Nothing was overwritten. Choose which version to keep.`}
      size="lg"
      testId="conflict-dialog"
    >
      {error ? (
        <p role="alert" className="mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {rows.length ? (
        <div className="mb-5 overflow-x-auto rounded-xl border border-slate-200">
          <table className="w-full text-left text-sm" data-testid="conflict-table">
            <caption className="sr-only">Your version and the other version, field by field</caption>
            <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Field
                </th>
                <th scope="col" className="px-3 py-2">
                  Yours
                </th>
                <th scope="col" className="px-3 py-2">
                  Theirs
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.key}
                  data-testid={`conflict-row-${r.key}`}
                  className={`border-t border-slate-100 align-top ${r.clash ? "bg-amber-50/60" : ""}`}
                >
                  <th scope="row" className="px-3 py-2 font-medium text-slate-800">
                    {r.label}
                    {r.clash ? (
                      <span className="ml-1 text-xs font-normal text-amber-800">(both changed)</span>
                    ) : null}
                  </th>
                  <td
                    className="px-3 py-2 break-words whitespace-pre-line text-slate-900"
                    data-testid="conflict-mine"
                  >
                    {r.mine}
                  </td>
                  <td
                    className="px-3 py-2 break-words whitespace-pre-line text-slate-900"
                    data-testid="conflict-theirs"
                  >
                    {r.theirs}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mb-5 text-sm text-slate-600">
          The other version differs only in fields you did not see here.
        </p>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button
          type="button"
          className="btn-secondary"
          onClick={onTakeTheirs}
          disabled={busy}
          data-testid="conflict-take-theirs"
        >
          Take theirs
        </button>
        <button
          type="button"
          className="btn-primary"
          onClick={onKeepMine}
          disabled={busy}
          data-testid="conflict-keep-mine"
        >
          {busy ? "Saving…" : keepLabel}
        </button>
      </div>
    </Dialog>
  );
}
