"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmAction } from "@/components/sharing/confirm-action";
import { CopyField } from "@/components/sharing/copy-field";
import { ApiClientError, apiFetch, errorMessage } from "@/lib/client/api";
import { Dialog } from "../ui/dialog";
import { FormError, TextField } from "../ui/field";
import { PlusIcon, TrashIcon } from "../ui/icons";
import { LocalTime } from "./local-time";
import { SettingsSection } from "./section";
import { settingsKeys, type WebhookResponse } from "./types";
import { WebhookDeliveries } from "./webhook-deliveries";

type WebhooksResponse = { webhooks: WebhookResponse[]; total: number };

const EVENT_INFO: Record<string, string> = {
  "trip.created": "A trip of yours is created",
  "trip.updated": "A trip’s details change",
  "collaboration.added": "Someone joins one of your trips",
  "flight.price_changed": "A tracked flight changes price",
};

/** The user's webhooks: list, register (the signing secret is shown once), deliveries, delete. */
export function WebhooksSettings({ initial, events }: { initial: WebhooksResponse; events: string[] }) {
  const client = useQueryClient();
  const hooks = useQuery({
    queryKey: settingsKeys.webhooks,
    queryFn: ({ signal }) => apiFetch<WebhooksResponse>("/api/webhooks", { signal }),
    initialData: initial,
    initialDataUpdatedAt: () => Date.now(),
  });
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<WebhookResponse | null>(null);
  const [deleting, setDeleting] = useState<WebhookResponse | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const list = hooks.data.webhooks;

  async function remove() {
    if (!deleting) return;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await apiFetch(`/api/webhooks/${deleting.id}`, { method: "DELETE" });
      setDeleting(null);
      await client.invalidateQueries({ queryKey: settingsKeys.webhooks });
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
    setDeleteBusy(false);
  }

  return (
    <SettingsSection
      title="Webhooks"
      description="TripSage POSTs a signed JSON event to your URL when something happens. Verify it with the signing secret (Standard Webhooks)."
      actions={
        <button
          type="button"
          className="btn-primary"
          onClick={() => setCreating(true)}
          data-testid="new-webhook"
        >
          <PlusIcon /> Add webhook
        </button>
      }
      testId="webhooks"
    >
      {list.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-slate-200 px-4 py-8 text-center text-sm text-slate-500"
          data-testid="webhooks-empty"
        >
          No webhooks yet.
        </p>
      ) : (
        <ul className="space-y-3" data-testid="webhook-list">
          {list.map((w) => (
            <li
              key={w.id}
              className="rounded-xl border border-slate-200 p-4"
              data-testid="webhook"
              data-url={w.url}
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0 flex-1 basis-60">
                  <p className="font-mono text-sm break-all text-slate-900">{w.url}</p>
                  <p className="mt-1 text-xs text-slate-500">
                    <span
                      className={`mr-2 inline-flex rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${
                        w.is_active
                          ? "bg-brand-50 text-brand-700 ring-brand-600/20"
                          : "bg-slate-100 text-slate-600 ring-slate-500/20"
                      }`}
                    >
                      {w.is_active ? "Active" : "Paused"}
                    </span>
                    Added <LocalTime iso={w.created_at} dateOnly />
                  </p>
                </div>
                <div className="flex shrink-0 gap-1">
                  <button
                    type="button"
                    className="btn-secondary px-3 py-1.5"
                    onClick={() => setViewing(w)}
                    data-testid="webhook-deliveries"
                  >
                    Deliveries
                  </button>
                  <button
                    type="button"
                    className="btn-icon size-9 hover:bg-red-50 hover:text-red-700"
                    onClick={() => setDeleting(w)}
                    aria-label={`Delete webhook ${w.url}`}
                    title="Delete"
                    data-testid="delete-webhook"
                  >
                    <TrashIcon />
                  </button>
                </div>
              </div>
              <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Events">
                {w.events.map((e) => (
                  <li
                    key={e}
                    className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700"
                    title={EVENT_INFO[e]}
                  >
                    {e}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}

      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title="Add webhook"
        size="lg"
        testId="webhook-dialog"
      >
        <CreateWebhookForm
          events={events}
          onCancel={() => setCreating(false)}
          onCreated={() => void client.invalidateQueries({ queryKey: settingsKeys.webhooks })}
        />
      </Dialog>
      <Dialog
        open={!!viewing}
        onClose={() => setViewing(null)}
        title="Deliveries"
        description={viewing ? <span className="font-mono break-all">{viewing.url}</span> : undefined}
        size="lg"
        testId="deliveries-dialog"
      >
        {viewing ? <WebhookDeliveries webhookId={viewing.id} /> : null}
      </Dialog>
      <ConfirmAction
        open={!!deleting}
        onCancel={() => {
          setDeleting(null);
          setDeleteError(null);
        }}
        onConfirm={() => void remove()}
        busy={deleteBusy}
        error={deleteError}
        title="Delete this webhook?"
        description="No more events will be sent to it, and its delivery log is deleted too."
        confirmLabel="Delete webhook"
        busyLabel="Deleting…"
      />
    </SettingsSection>
  );
}

function CreateWebhookForm({
  events,
  onCancel,
  onCreated,
}: {
  events: string[];
  onCancel: () => void;
  onCreated: () => void;
}) {
  const [url, setUrl] = useState("");
  const [chosen, setChosen] = useState<string[]>(events.filter((e) => e.startsWith("trip.")));
  const [secret, setSecret] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<(WebhookResponse & { secret: string }) | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const errs: Record<string, string> = {};
    const u = url.trim();
    if (!/^https?:\/\//i.test(u) || !URL.canParse(u))
      errs.url = "Enter a full http(s) URL, e.g. https://example.com/hooks";
    if (!chosen.length) errs.events = "Choose at least one event";
    if (secret && secret.length < 16) errs.secret = "At least 16 characters, or leave empty to generate one";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const hook = await apiFetch<WebhookResponse & { secret: string }>("/api/webhooks", {
        method: "POST",
        body: { url: u, events: chosen, ...(secret && { secret }) },
      });
      setCreated(hook);
      onCreated();
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) {
        const map = err.byField();
        setErrors({
          url: map.url ?? "",
          events: Object.entries(map).find(([k]) => k.startsWith("events"))?.[1] ?? "",
          secret: map.secret ?? "",
        });
        setFormError("Please correct the highlighted fields.");
      } else {
        setFormError(errorMessage(err));
      }
    }
    setBusy(false);
  }

  if (created) {
    return (
      <div className="space-y-4" data-testid="webhook-created">
        <div
          role="alert"
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
        >
          <p className="font-semibold">Copy the signing secret now — you won’t see it again.</p>
          <p className="mt-0.5">
            Use it to check the <code className="font-mono text-xs">webhook-signature</code> header of each
            delivery.
          </p>
        </div>
        <CopyField label="Signing secret" value={created.secret} testId="webhook-secret" />
        <div className="flex justify-end">
          <button type="button" className="btn-primary" onClick={onCancel} data-testid="webhook-done">
            I’ve copied it
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <FormError message={formError} />
      <TextField
        label="Payload URL"
        type="url"
        inputMode="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
        placeholder="https://example.com/tripsage/events"
        hint="Must be reachable from the internet; private and local addresses are refused."
        autoFocus
        data-testid="webhook-url"
      />
      <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend className="field-label">Events</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {events.map((ev) => {
            const checked = chosen.includes(ev);
            return (
              <label
                key={ev}
                className={`flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                  checked ? "border-brand-400 bg-brand-50/60" : "border-slate-200 hover:border-slate-300"
                }`}
              >
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 accent-brand-600"
                  checked={checked}
                  onChange={() => setChosen((s) => (checked ? s.filter((x) => x !== ev) : [...s, ev]))}
                  data-testid={`event-${ev}`}
                />
                <span className="min-w-0">
                  <span className="block font-mono text-xs font-medium text-slate-900">{ev}</span>
                  <span className="block text-xs text-slate-500">{EVENT_INFO[ev] ?? ""}</span>
                </span>
              </label>
            );
          })}
        </div>
        {errors.events ? (
          <p id="webhook-events-error" className="field-error" role="alert">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      <TextField
        label="Signing secret (optional)"
        type="password"
        autoComplete="off"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        error={errors.secret}
        hint="Leave empty and TripSage generates a strong one (recommended)."
        data-testid="webhook-secret-input"
      />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={busy} data-testid="webhook-submit">
          {busy ? "Adding…" : "Add webhook"}
        </button>
      </div>
    </form>
  );
}
