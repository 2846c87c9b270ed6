"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmAction } from "@/components/sharing/confirm-action";
import { CopyField } from "@/components/sharing/copy-field";
import { ApiClientError, apiFetch, errorMessage } from "@/lib/client/api";
import { Dialog } from "../ui/dialog";
import { FormError, SelectField, TextField } from "../ui/field";
import { PlusIcon } from "../ui/icons";
import { LocalTime } from "./local-time";
import { SettingsSection } from "./section";
import { type ApiKeyResponse, type ApiKeysResponse, type CreatedApiKey, settingsKeys } from "./types";

const SCOPE_INFO: Record<string, string> = {
  "trips:read": "Read trips and itineraries",
  "trips:write": "Create and change trips",
  "trips:delete": "Delete trips",
  "flights:read": "Search flights",
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
  const client = useQueryClient();
  const keys = useQuery({
    queryKey: settingsKeys.apiKeys,
    queryFn: ({ signal }) => apiFetch<ApiKeysResponse>("/api/user/keys", { signal }),
    initialData: initial,
    initialDataUpdatedAt: () => Date.now(),
  });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyResponse | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const list = keys.data.keys;
  const active = list.filter((k) => k.is_active);
  const inactive = list.filter((k) => !k.is_active);

  async function revoke() {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      await apiFetch(`/api/user/keys/${revoking.id}`, { method: "DELETE" });
      setRevoking(null);
      await client.invalidateQueries({ queryKey: settingsKeys.apiKeys });
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
    setRevokeBusy(false);
  }

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
      actions={
        <button
          type="button"
          className="btn-primary"
          onClick={() => setCreating(true)}
          data-testid="new-api-key"
        >
          <PlusIcon /> New key
        </button>
      }
      testId="api-keys"
    >
      {list.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-slate-200 px-4 py-8 text-center text-sm text-slate-500"
          data-testid="api-keys-empty"
        >
          No API keys yet.
        </p>
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
                      onClick={() => setRevoking(k)}
                      aria-label={`Revoke ${k.name}`}
                      data-testid="revoke-api-key"
                    >
                      Revoke
                    </button>
                  ) : null}
                </div>
                <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Permissions">
                  {k.permissions.map((p) => (
                    <li
                      key={p}
                      className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700"
                      title={SCOPE_INFO[p]}
                    >
                      {p}
                    </li>
                  ))}
                </ul>
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

      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title="New API key"
        size="lg"
        testId="api-key-dialog"
      >
        <CreateKeyForm
          grantable={grantable}
          onCancel={() => setCreating(false)}
          onCreated={() => void client.invalidateQueries({ queryKey: settingsKeys.apiKeys })}
        />
      </Dialog>
      <ConfirmAction
        open={!!revoking}
        onCancel={() => {
          setRevoking(null);
          setRevokeError(null);
        }}
        onConfirm={() => void revoke()}
        busy={revokeBusy}
        error={revokeError}
        title={`Revoke “${revoking?.name ?? ""}”?`}
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give the key a name, e.g. where it is used";
    if (!scopes.length) errs.permissions = "Choose at least one permission";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const key = await apiFetch<CreatedApiKey>("/api/user/keys", {
        method: "POST",
        body: { name: name.trim(), permissions: scopes, expires_in_days: expiry ? Number(expiry) : null },
      });
      setCreated(key);
      onCreated();
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) {
        const map = err.byField();
        setErrors({
          name: map.name ?? "",
          permissions: Object.entries(map).find(([k]) => k.startsWith("permissions"))?.[1] ?? "",
          expires_in_days: map.expires_in_days ?? "",
        });
      }
      setFormError(errorMessage(err));
    }
    setBusy(false);
  }

  if (created) {
    return (
      <div className="space-y-4" data-testid="api-key-created">
        <div
          role="alert"
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
        >
          <p className="font-semibold">Copy your key now — you won’t see it again.</p>
          <p className="mt-0.5">
            TripSage only stores a fingerprint of it. If you lose it, revoke it and create a new one.
          </p>
        </div>
        <CopyField label={`Key “${created.name}”`} value={created.key} testId="api-key-secret" />
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
        <div className="flex justify-end">
          <button type="button" className="btn-primary" onClick={onCancel} data-testid="api-key-done">
            I’ve copied it
          </button>
        </div>
      </div>
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
      <fieldset aria-describedby={errors.permissions ? "key-scopes-error" : undefined}>
        <legend className="field-label">Permissions</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {grantable.map((scope) => {
            const checked = scopes.includes(scope);
            return (
              <label
                key={scope}
                className={`flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                  checked ? "border-brand-400 bg-brand-50/60" : "border-slate-200 hover:border-slate-300"
                }`}
              >
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 accent-brand-600"
                  checked={checked}
                  onChange={() => setScopes((s) => (checked ? s.filter((x) => x !== scope) : [...s, scope]))}
                  data-testid={`scope-${scope}`}
                />
                <span className="min-w-0">
                  <span className="block font-mono text-xs font-medium text-slate-900">{scope}</span>
                  <span className="block text-xs text-slate-500">{SCOPE_INFO[scope] ?? ""}</span>
                </span>
              </label>
            );
          })}
        </div>
        {errors.permissions ? (
          <p id="key-scopes-error" className="field-error" role="alert">
            {errors.permissions}
          </p>
        ) : null}
      </fieldset>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={busy} data-testid="api-key-submit">
          {busy ? "Creating…" : "Create key"}
        </button>
      </div>
    </form>
  );
}
