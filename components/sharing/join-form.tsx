"use client";

import { useActionState } from "react";

export interface JoinState {
  error?: string;
}

/** The "Join trip" button: runs the server action, shows its error if joining failed. */
export function JoinForm({
  action,
  label,
}: {
  action: (prev: JoinState, form: FormData) => Promise<JoinState>;
  label: string;
}) {
  const [state, formAction, pending] = useActionState<JoinState, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-3">
      {state.error ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary w-full" disabled={pending} data-testid="join-trip">
        {pending ? "Joining…" : label}
      </button>
    </form>
  );
}
