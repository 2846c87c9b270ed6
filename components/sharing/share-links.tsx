"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { SelectField, TextField } from "../ui/field";
import { ConfirmAction } from "./confirm-action";
import { CopyField } from "./copy-field";
import { useShareLinks } from "./hooks";
import { ROLE_LABEL, type ShareLinkResponse, shareLinksKey } from "./types";

const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "1", label: "In 1 day" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
];

const dateFmt = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

function linkState(l: ShareLinkResponse): "active" | "expired" | "used up" | "revoked" {
  if (l.is_active) return "active";
  if (l.expires_at && Date.parse(l.expires_at) <= Date.now()) return "expired";
  if (l.max_uses !== null && l.uses >= l.max_uses) return "used up";
  return "revoked";
}

/** The page's own origin, known only in the browser (links are shown after mount). */
function useOrigin(): string {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  return origin;
}

/** Creates join links (optionally with a public read-only page), lists, copies and revokes them. */
export function ShareLinks({ tripId }: { tripId: string }) {
  const client = useQueryClient();
  const links = useShareLinks(tripId);
  const origin = useOrigin();
  const [role, setRole] = useState<"viewer" | "editor">("viewer");
  const [isPublic, setIsPublic] = useState(false);
  const [expiry, setExpiry] = useState("");
  const [maxUses, setMaxUses] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ShareLinkResponse | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const uses = maxUses.trim() === "" ? null : Number(maxUses);
    if (uses !== null && (!Number.isInteger(uses) || uses < 1 || uses > 1000)) {
      setErrors({ max_uses: "A whole number from 1 to 1000, or empty for unlimited" });
      return;
    }
    setErrors({});
    setCreating(true);
    try {
      const link = await apiFetch<ShareLinkResponse>(`/api/trips/${tripId}/links`, {
        method: "POST",
        body: {
          permission_level: role,
          public: isPublic,
          expires_in_days: expiry ? Number(expiry) : null,
          max_uses: uses,
        },
      });
      setFresh(link.id);
      setMaxUses("");
      await client.invalidateQueries({ queryKey: shareLinksKey(tripId) });
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) setErrors(err.byField());
      setFormError(errorMessage(err));
    }
    setCreating(false);
  }

  async function revoke() {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      await apiFetch(`/api/trips/${tripId}/links/${revoking.id}`, { method: "DELETE" });
      setRevoking(null);
      await client.invalidateQueries({ queryKey: shareLinksKey(tripId) });
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
    setRevokeBusy(false);
  }

  const all = links.data?.links ?? [];
  const active = all.filter((l) => l.is_active);
  const inactive = all.filter((l) => !l.is_active);

  return (
    <div className="space-y-4">
      <form
        onSubmit={create}
        noValidate
        className="space-y-3 rounded-xl border border-slate-200 bg-slate-50/60 p-3 sm:p-4"
        data-testid="link-form"
      >
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField
            label="People who join become"
            value={role}
            onChange={(e) => setRole(e.target.value as "viewer" | "editor")}
            error={errors.permission_level}
            data-testid="link-role"
          >
            <option value="viewer">Viewers</option>
            <option value="editor">Editors</option>
          </SelectField>
          <SelectField
            label="Expires"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
            error={errors.expires_in_days}
            data-testid="link-expiry"
          >
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Max uses"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            placeholder="Unlimited"
            value={maxUses}
            onChange={(e) => setMaxUses(e.target.value)}
            error={errors.max_uses}
            data-testid="link-max-uses"
          />
        </div>
        <label className="flex cursor-pointer items-start gap-2.5 text-sm text-slate-700">
          <input
            type="checkbox"
            className="mt-0.5 size-4 shrink-0 accent-brand-600"
            checked={isPublic}
            onChange={(e) => setIsPublic(e.target.checked)}
            data-testid="link-public"
          />
          <span>
            <span className="font-medium text-slate-900">Also publish a read-only page</span>
            <span className="block text-xs text-slate-500">
              Anyone with the link can view the itinerary without an account. Booking references stay private.
            </span>
          </span>
        </label>
        {formError ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {formError}
          </p>
        ) : null}
        <div className="flex justify-end">
          <button type="submit" className="btn-primary" disabled={creating} data-testid="link-create">
            {creating ? "Creating…" : "Create link"}
          </button>
        </div>
      </form>

      {links.isPending ? (
        <p className="text-sm text-slate-500" role="status">
          Loading links…
        </p>
      ) : links.isError ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          Could not load links: {errorMessage(links.error)}
        </p>
      ) : active.length === 0 ? (
        <p className="text-sm text-slate-500">No active links.</p>
      ) : (
        <ul className="space-y-3" data-testid="share-link-list">
          {active.map((l) => (
            <LinkRow
              key={l.id}
              link={l}
              origin={origin}
              highlight={fresh === l.id}
              onRevoke={() => setRevoking(l)}
            />
          ))}
        </ul>
      )}

      {inactive.length ? (
        <details className="group rounded-xl border border-slate-200 px-3 py-2 text-sm">
          <summary className="cursor-pointer font-medium text-slate-600 select-none">
            Inactive links ({inactive.length})
          </summary>
          <ul className="mt-2 divide-y divide-slate-100">
            {inactive.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-2 py-2 text-slate-500">
                <span className="font-mono text-xs">…{l.token.slice(-6)}</span>
                <span>{ROLE_LABEL[l.permission_level]}</span>
                {l.public ? <span>· public</span> : null}
                <span>
                  · used {l.uses} {l.uses === 1 ? "time" : "times"}
                </span>
                <span className="ml-auto rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium capitalize">
                  {linkState(l)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <ConfirmAction
        open={!!revoking}
        onCancel={() => {
          setRevoking(null);
          setRevokeError(null);
        }}
        onConfirm={() => void revoke()}
        busy={revokeBusy}
        error={revokeError}
        title="Revoke this link?"
        description="Nobody can join through it any more, and its public page (if any) goes offline. People who already joined keep their access."
        confirmLabel="Revoke link"
        busyLabel="Revoking…"
        testId="revoke-link-dialog"
      />
    </div>
  );
}

function LinkRow({
  link: l,
  origin,
  highlight,
  onRevoke,
}: {
  link: ShareLinkResponse;
  origin: string;
  highlight: boolean;
  onRevoke: () => void;
}) {
  const uses =
    l.max_uses !== null ? `${l.uses} / ${l.max_uses} uses` : `${l.uses} ${l.uses === 1 ? "use" : "uses"}`;
  return (
    <li
      className={`rounded-xl border p-3 ${highlight ? "border-brand-300 ring-2 ring-brand-100" : "border-slate-200"}`}
      data-testid="share-link"
      data-role={l.permission_level}
      data-public={l.public}
    >
      <div className="mb-2 flex items-start justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-xs">
          <span className="rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-800 ring-1 ring-brand-600/20 ring-inset">
            Joins as {ROLE_LABEL[l.permission_level].toLowerCase()}
          </span>
          {l.public ? (
            <span className="rounded-full bg-sky-50 px-2 py-0.5 font-medium text-sky-800 ring-1 ring-sky-600/20 ring-inset">
              Public page
            </span>
          ) : null}
          <span className="whitespace-nowrap text-slate-500">
            <span data-testid="share-link-uses">{uses}</span>
            <span aria-hidden> · </span>
            {l.expires_at ? `expires ${dateFmt.format(new Date(l.expires_at))}` : "never expires"}
          </span>
        </div>
        <button
          type="button"
          className="-mt-1 -mr-1 shrink-0 rounded-md px-2 py-1 text-xs font-semibold text-red-700 hover:bg-red-50"
          onClick={onRevoke}
          data-testid="revoke-link"
        >
          Revoke
        </button>
      </div>
      <div className="space-y-2">
        <CopyField label="Join link" value={`${origin}${l.url}`} testId="share-link-url" />
        {l.public_url ? (
          <CopyField
            label="Public read-only page"
            value={`${origin}${l.public_url}`}
            testId="share-link-public-url"
          />
        ) : null}
      </div>
    </li>
  );
}
