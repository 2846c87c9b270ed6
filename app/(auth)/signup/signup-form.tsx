"use client";

import { useActionState } from "react";
import { FormError, TextField } from "@/components/ui/field";
import { type AuthFormState, signupAction } from "../actions";

export function SignupForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signupAction, {});
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={state.values?.name}
        error={state.fieldErrors?.name}
        data-testid="signup-name"
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
        data-testid="signup-email"
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={state.fieldErrors?.password}
        data-testid="signup-password"
      />
      <button type="submit" className="btn-primary w-full" disabled={pending} data-testid="signup-submit">
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
