"use client";

import { useState } from "react";
import { apiFetch } from "@/client/api";
import { Dialog } from "../ui/dialog";
import { FormError, TextField } from "../ui/field";
import { TrashIcon } from "../ui/icons";
import { LocalTime } from "./local-time";
import {
  CheckboxGrid,
  ConfirmRemove,
  CreateFormActions,
  EmptyList,
  NewItemButton,
  RevealOnce,
  TagList,
  useCreateForm,
  useSecretList,
} from "./secret-list";
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
  const hooks = useSecretList<WebhooksResponse, WebhookResponse>({
    queryKey: settingsKeys.webhooks,
    url: "/api/webhooks",
    initial,
  });
  const [viewing, setViewing] = useState<WebhookResponse | null>(null);
  const list = hooks.data.webhooks;

  return (
    <SettingsSection
      title="Webhooks"
      description="TripSage POSTs a signed JSON event to your URL when something happens. Verify it with the signing secret (Standard Webhooks)."
      actions={<NewItemButton label="Add webhook" onClick={hooks.open} testId="new-webhook" />}
      testId="webhooks"
    >
      {list.length === 0 ? (
        <EmptyList testId="webhooks-empty">No webhooks yet.</EmptyList>
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
                    onClick={() => hooks.remove.ask(w)}
                    aria-label={`Delete webhook ${w.url}`}
                    title="Delete"
                    data-testid="delete-webhook"
                  >
                    <TrashIcon />
                  </button>
                </div>
              </div>
              <TagList label="Events" items={w.events} info={EVENT_INFO} spacing="mt-3" />
            </li>
          ))}
        </ul>
      )}

      <Dialog
        open={hooks.creating}
        onClose={hooks.close}
        title="Add webhook"
        size="lg"
        testId="webhook-dialog"
      >
        <CreateWebhookForm events={events} onCancel={hooks.close} onCreated={hooks.refresh} />
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
      <ConfirmRemove
        state={hooks.remove}
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
  const u = url.trim();
  const { errors, formError, busy, created, onSubmit } = useCreateForm({
    validate: () => {
      const errs: Record<string, string> = {};
      if (!/^https?:\/\//i.test(u) || !URL.canParse(u))
        errs.url = "Enter a full http(s) URL, e.g. https://example.com/hooks";
      if (!chosen.length) errs.events = "Choose at least one event";
      if (secret && secret.length < 16)
        errs.secret = "At least 16 characters, or leave empty to generate one";
      return errs;
    },
    create: () =>
      apiFetch<WebhookResponse & { secret: string }>("/api/webhooks", {
        method: "POST",
        body: { url: u, events: chosen, ...(secret && { secret }) },
      }),
    onCreated,
    fieldErrors: (map) => ({
      errors: {
        url: map.url ?? "",
        events: Object.entries(map).find(([k]) => k.startsWith("events"))?.[1] ?? "",
        secret: map.secret ?? "",
      },
      message: "Please correct the highlighted fields.",
    }),
  });

  if (created) {
    return (
      <RevealOnce
        testId="webhook-created"
        heading="Copy the signing secret now — you won’t see it again."
        detail={
          <>
            Use it to check the <code className="font-mono text-xs">webhook-signature</code> header of each
            delivery.
          </>
        }
        label="Signing secret"
        value={created.secret}
        secretTestId="webhook-secret"
        doneTestId="webhook-done"
        onDone={onCancel}
      />
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
      <CheckboxGrid
        legend="Events"
        options={events}
        info={EVENT_INFO}
        value={chosen}
        onChange={setChosen}
        error={errors.events}
        errorId="webhook-events-error"
        testIdPrefix="event-"
      />
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
      <CreateFormActions
        onCancel={onCancel}
        busy={busy}
        label="Add webhook"
        busyLabel="Adding…"
        submitTestId="webhook-submit"
      />
    </form>
  );
}
