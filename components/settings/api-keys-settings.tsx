"use client";

import { useState } from "react";
import { apiFetch } from "@/client/api";
import { Dialog } from "../ui/dialog";
import { FormError, SelectField, TextField } from "../ui/field";
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
import { type ApiKeyResponse, type ApiKeysResponse, type CreatedApiKey, settingsKeys } from "./types";

const SCOPE_INFO: Record<string, string> = {
  "trips:read": "Read trips and itineraries",
  "trips:write": "Create and change trips",
  "trips:delete": "Delete trips",
  "flights:read": "Search flights",
  "flights:write": "Create and delete price watches",
  "accommodations:read": "Search accommodation",
  "chat:access": "Talk to the trip designer",
  "memory:read": "Read travel preferences",
  "memory:write": "Change travel preferences",
  "admin:access": "Administration",
};

const EXPIRY = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

function keyStatus(k: ApiKeyResponse): { label: string; tone: string } {
  if (k.is_active) return { label: "Active", tone: "bg-brand-50 text-brand-700 ring-brand-600/20" };
  if (k.expires_at && Date.parse(k.expires_at) <= Date.now())
    return { label: "Expired", tone: "bg-amber-50 text-amber-800 ring-amber-600/20" };
  return { label: "Revoked", tone: "bg-slate-100 text-slate-600 ring-slate-500/20" };
}

/** The user's API keys: list, create (the secret is shown once), revoke. */
export function ApiKeysSettings({ initial, grantable }: { initial: ApiKeysResponse; grantable: string[] }) {
  const keys = useSecretList<ApiKeysResponse, ApiKeyResponse>({
    queryKey: settingsKeys.apiKeys,
    url: "/api/user/keys",
    initial,
  });
  const list = keys.data.keys;
  const active = list.filter((k) => k.is_active);
  const inactive = list.filter((k) => !k.is_active);

  return (
    <SettingsSection
      title="API keys"
      description={
        <>
          Let scripts and other apps use TripSage on your behalf. Send a key as{" "}
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs whitespace-nowrap">
            Authorization: Bearer ts_live_…
          </code>
          . Keys can’t change your password or manage other keys.
        </>
      }
      actions={<NewItemButton label="New key" onClick={keys.open} testId="new-api-key" />}
      testId="api-keys"
    >
      {list.length === 0 ? (
        <EmptyList testId="api-keys-empty">No API keys yet.</EmptyList>
      ) : (
        <ul className="space-y-3" data-testid="api-key-list">
          {[...active, ...inactive].map((k) => {
            const status = keyStatus(k);
            return (
              <li
                key={k.id}
                className={`rounded-xl border border-slate-200 p-4 ${k.is_active ? "" : "bg-slate-50/70"}`}
                data-testid="api-key"
                data-key-name={k.name}
                data-active={k.is_active}
              >
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-all text-slate-900">{k.name}</span>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${status.tone}`}
                        data-testid="api-key-status"
                      >
                        {status.label}
                      </span>
                    </p>
                    <p className="mt-0.5 font-mono text-xs text-slate-500" data-testid="api-key-prefix">
                      {k.prefix}…
                    </p>
                  </div>
                  {k.is_active ? (
                    <button
                      type="button"
                      className="btn-ghost px-2.5 py-1.5 text-red-700 hover:bg-red-50 hover:text-red-800"
                      onClick={() => keys.remove.ask(k)}
                      aria-label={`Revoke ${k.name}`}
                      data-testid="revoke-api-key"
                    >
                      Revoke
                    </button>
                  ) : null}
                </div>
                <TagList label="Permissions" items={k.permissions} info={SCOPE_INFO} spacing="mt-2" />
                <dl className="mt-3 grid gap-x-6 gap-y-1 text-xs text-slate-500 sm:grid-cols-3">
                  <div className="flex gap-1">
                    <dt>Created</dt>
                    <dd className="text-slate-700">
                      <LocalTime iso={k.created_at} dateOnly />
                    </dd>
                  </div>
                  <div className="flex gap-1">
                    <dt>Last used</dt>
                    <dd className="text-slate-700">
                      <LocalTime iso={k.last_used} fallback="never" />
                    </dd>
                  </div>
                  <div className="flex gap-1">
                    <dt>{k.expires_at && Date.parse(k.expires_at) <= Date.now() ? "Expired" : "Expires"}</dt>
                    <dd className="text-slate-700">
                      <LocalTime iso={k.expires_at} dateOnly fallback="never" />
                    </dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}

      <Dialog open={keys.creating} onClose={keys.close} title="New API key" size="lg" testId="api-key-dialog">
        <CreateKeyForm grantable={grantable} onCancel={keys.close} onCreated={keys.refresh} />
      </Dialog>
      <ConfirmRemove
        state={keys.remove}
        title={`Revoke “${keys.remove.target?.name ?? ""}”?`}
        description="Anything using this key stops working right away. This can’t be undone."
        confirmLabel="Revoke key"
        busyLabel="Revoking…"
      />
    </SettingsSection>
  );
}

function CreateKeyForm({
  grantable,
  onCancel,
  onCreated,
}: {
  grantable: string[];
  onCancel: () => void;
  onCreated: () => void;
}) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["trips:read"]);
  const [expiry, setExpiry] = useState("90");
  const { errors, formError, busy, created, onSubmit } = useCreateForm({
    validate: () => {
      const errs: Record<string, string> = {};
      if (!name.trim()) errs.name = "Give the key a name, e.g. where it is used";
      if (!scopes.length) errs.permissions = "Choose at least one permission";
      return errs;
    },
    create: () =>
      apiFetch<CreatedApiKey>("/api/user/keys", {
        method: "POST",
        body: { name: name.trim(), permissions: scopes, expires_in_days: expiry ? Number(expiry) : null },
      }),
    onCreated,
    fieldErrors: (map) => ({
      errors: {
        name: map.name ?? "",
        permissions: Object.entries(map).find(([k]) => k.startsWith("permissions"))?.[1] ?? "",
        expires_in_days: map.expires_in_days ?? "",
      },
    }),
  });

  if (created) {
    return (
      <RevealOnce
        testId="api-key-created"
        heading="Copy your key now — you won’t see it again."
        detail="TripSage only stores a fingerprint of it. If you lose it, revoke it and create a new one."
        label={`Key “${created.name}”`}
        value={created.key}
        secretTestId="api-key-secret"
        doneTestId="api-key-done"
        onDone={onCancel}
      >
        <p className="text-xs text-slate-500">
          Permissions: {created.permissions.join(", ")}
          {created.expires_at ? (
            <>
              {" "}
              · expires <LocalTime iso={created.expires_at} dateOnly />
            </>
          ) : (
            " · never expires"
          )}
        </p>
      </RevealOnce>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_10rem]">
        <TextField
          label="Name"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          placeholder="Calendar sync"
          autoFocus
          data-testid="api-key-name"
        />
        <SelectField
          label="Expires after"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          error={errors.expires_in_days}
          data-testid="api-key-expiry"
        >
          {EXPIRY.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      </div>
      <CheckboxGrid
        legend="Permissions"
        options={grantable}
        info={SCOPE_INFO}
        value={scopes}
        onChange={setScopes}
        error={errors.permissions}
        errorId="key-scopes-error"
        testIdPrefix="scope-"
      />
      <CreateFormActions
        onCancel={onCancel}
        busy={busy}
        label="Create key"
        busyLabel="Creating…"
        submitTestId="api-key-submit"
      />
    </form>
  );
}
