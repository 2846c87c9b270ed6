"use client";

import { useState, useTransition } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { ConfirmAction } from "@/components/sharing/confirm-action";
import { FormError, TextField } from "../ui/field";
import { LogOutIcon } from "../ui/icons";
import { SettingsSection } from "./section";

/**
 * Change password and "Sign out everywhere". Both end every session, this browser's too, so
 * afterwards a server action clears the cookie and goes to the sign-in page.
 */
export function SecuritySettings({
  email,
  afterPasswordChange,
  afterRevokeAll,
}: {
  email: string;
  afterPasswordChange: () => Promise<void>;
  afterRevokeAll: () => Promise<void>;
}) {
  return (
    <div className="space-y-6">
      <ChangePassword email={email} after={afterPasswordChange} />
      <SignOutEverywhere after={afterRevokeAll} />
    </div>
  );
}

function ChangePassword({ email, after }: { email: string; after: () => Promise<void> }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [, startTransition] = useTransition();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const errs: Record<string, string> = {};
    if (!current) errs.current_password = "Enter your current password";
    if (next.length < 8) errs.new_password = "At least 8 characters";
    else if (next === current) errs.new_password = "Choose a password different from the current one";
    if (!errs.new_password && confirm !== next) errs.confirm = "The passwords don’t match";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await apiFetch("/api/auth/change-password", {
        method: "POST",
        body: { current_password: current, new_password: next },
      });
      setDone(true);
      // Every session was just revoked, this one too: clear the cookie and sign in again.
      startTransition(async () => {
        await after();
      });
      return;
    } catch (err) {
      if (err instanceof ApiClientError && err.code === "INVALID_CREDENTIALS") {
        setErrors({ current_password: err.message });
      } else if (err instanceof ApiClientError && err.fieldErrors.length) {
        setErrors(err.byField());
      } else {
        setFormError(errorMessage(err));
      }
    }
    setBusy(false);
  }

  return (
    <SettingsSection
      title="Password"
      description="Changing your password signs you out everywhere, including here. You’ll sign in again with the new one."
      testId="change-password"
    >
      {done ? (
        <p role="status" className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-800">
          Password changed. Signing you out…
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
          {/* Lets password managers pair the new password with the account. */}
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          <FormError message={formError} />
          <TextField
            label="Current password"
            type="password"
            name="current_password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={errors.current_password}
            data-testid="current-password"
          />
          <TextField
            label="New password"
            type="password"
            name="new_password"
            autoComplete="new-password"
            minLength={8}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            error={errors.new_password}
            hint="At least 8 characters."
            data-testid="new-password"
          />
          <TextField
            label="Confirm new password"
            type="password"
            name="confirm_password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors.confirm}
            data-testid="confirm-password"
          />
          <button type="submit" className="btn-primary" disabled={busy} data-testid="change-password-submit">
            {busy ? "Changing…" : "Change password"}
          </button>
        </form>
      )}
    </SettingsSection>
  );
}

function SignOutEverywhere({ after }: { after: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  async function run() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/auth/logout", { method: "POST" });
      startTransition(async () => {
        await after();
      });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <SettingsSection
      title="Sessions"
      description="Signed in on a shared or lost device? Sign out of every browser and app at once, including this one. API keys keep working; revoke them separately."
      testId="sessions"
    >
      <button
        type="button"
        className="btn-secondary"
        onClick={() => setOpen(true)}
        data-testid="sign-out-everywhere"
      >
        <LogOutIcon /> Sign out everywhere
      </button>
      <ConfirmAction
        open={open}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={() => void run()}
        busy={busy}
        error={error}
        title="Sign out everywhere?"
        description="Every browser and app signed in to your account, this one included, will have to sign in again."
        confirmLabel="Sign out everywhere"
        busyLabel="Signing out…"
      />
    </SettingsSection>
  );
}
