"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { SelectField, TextAreaField, TextField } from "../ui/field";
import {
  type CollaboratorResponse,
  collaboratorsKey,
  type PermissionLevel,
  ROLE_HINT,
  ROLE_LABEL,
} from "./types";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function splitEmails(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Invite people by email with a role and an optional note (admin or owner). */
export function InviteForm({ tripId }: { tripId: string }) {
  const client = useQueryClient();
  const [emails, setEmails] = useState("");
  const [role, setRole] = useState<PermissionLevel>("editor");
  const [message, setMessage] = useState("");
  const [withMessage, setWithMessage] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    setFormError(null);
    const list = splitEmails(emails);
    if (!list.length) return setErrors({ user_emails: "Enter at least one email address" });
    const bad = list.find((x) => !EMAIL.test(x));
    if (bad) return setErrors({ user_emails: `“${bad}” is not an email address` });
    if (list.length > 20) return setErrors({ user_emails: "Invite at most 20 people at a time" });
    setErrors({});
    setBusy(true);
    try {
      const touched = await apiFetch<CollaboratorResponse[]>(`/api/trips/${tripId}/share`, {
        method: "POST",
        body: {
          user_emails: list,
          permission_level: role,
          ...(withMessage && message.trim() && { message: message.trim() }),
        },
      });
      const added = touched.filter((c) => c.is_active).length;
      const invited = touched.length - added;
      const parts = [
        added ? `${added} ${added === 1 ? "person" : "people"} added` : "",
        invited
          ? `${invited} ${invited === 1 ? "invitation" : "invitations"} pending until they sign up with that email`
          : "",
      ].filter(Boolean);
      setDone(parts.length ? `${parts.join(" · ")}.` : "Nothing to do: that is the trip’s owner.");
      setEmails("");
      setMessage("");
      await client.invalidateQueries({ queryKey: collaboratorsKey(tripId) });
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) {
        const map = err.byField();
        const emailErr = Object.entries(map).find(([k]) => k.startsWith("user_emails"));
        setErrors({
          ...(emailErr && { user_emails: emailErr[1] }),
          ...(map.message && { message: map.message }),
          ...(map.permission_level && { permission_level: map.permission_level }),
        });
      }
      setFormError(errorMessage(err));
    }
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" data-testid="invite-form">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_9.5rem]">
        <TextField
          label="Invite by email"
          name="emails"
          inputMode="email"
          autoComplete="off"
          placeholder="ana@example.com, sam@example.com"
          value={emails}
          onChange={(e) => setEmails(e.target.value)}
          error={errors.user_emails}
          hint="Separate several addresses with commas."
          data-testid="invite-emails"
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as PermissionLevel)}
          error={errors.permission_level}
          data-testid="invite-role"
        >
          {(["viewer", "editor", "admin"] as const).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="-mt-1 text-xs text-slate-500">
        {ROLE_LABEL[role]}s {ROLE_HINT[role]}.
      </p>
      {withMessage ? (
        <TextAreaField
          label="Message (optional)"
          value={message}
          maxLength={1000}
          rows={2}
          onChange={(e) => setMessage(e.target.value)}
          error={errors.message}
          placeholder="Join me in planning our trip!"
          data-testid="invite-message"
        />
      ) : null}
      {formError ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <p
        role="status"
        className={done ? "rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-800" : "sr-only"}
      >
        {done ?? ""}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <button
          type="button"
          className="text-sm font-medium text-brand-700 hover:underline"
          onClick={() => setWithMessage((v) => !v)}
          aria-expanded={withMessage}
        >
          {withMessage ? "Remove message" : "Add a message"}
        </button>
        <button type="submit" className="btn-primary" disabled={busy} data-testid="invite-submit">
          {busy ? "Inviting…" : "Invite"}
        </button>
      </div>
    </form>
  );
}
