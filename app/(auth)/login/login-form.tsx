"use client";

import { useActionState } from "react";
import { FormError, TextField } from "@/components/ui/field";
import { type AuthFormState, loginAction } from "../actions";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(loginAction, {
    error: initialError,
  });
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
        data-testid="login-email"
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
        data-testid="login-password"
      />
      <button type="submit" className="btn-primary w-full" disabled={pending} data-testid="login-submit">
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <div className="rounded-lg border border-dashed border-brand-300 bg-brand-50/60 px-3 py-2 text-xs text-brand-900">
        <span className="font-semibold">Demo account:</span>{" "}
        <span className="font-mono">demo@tripsage.dev</span> /{" "}
        <span className="font-mono">tripsage-demo</span>
      </div>
    </form>
  );
}
