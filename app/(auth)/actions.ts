"use server";

import { AuthError } from "next-auth";
import { getDb } from "@/db/client";
import { registerUser } from "@/lib/domain/users/sign-up";
import { loginSchema, registerSchema } from "@/lib/domain/validators/auth";
import { ApiError } from "@/lib/http/errors";
import { signIn } from "@/lib/http/session";
import { safeCallbackUrl } from "./callback-url";

export interface AuthFormState {
  /** Form-level error (e.g. wrong credentials). */
  error?: string;
  /** Errors next to fields, keyed by field name. */
  fieldErrors?: Partial<Record<"email" | "password" | "name", string>>;
  /** Values to put back into the form after a failed attempt (never the password). */
  values?: { email?: string; name?: string };
}

function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = String(i.path[0] ?? "form");
    out[key] ??= i.message;
  }
  return out as AuthFormState["fieldErrors"];
}

/**
 * Signs in with the Credentials provider. On success Auth.js throws Next's redirect
 * (NEXT_REDIRECT) to `callbackUrl`, which must propagate; a rejected login throws an
 * AuthError, which becomes the form's error.
 */
export async function loginAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = String(formData.get("email") ?? "");
  const password = String(formData.get("password") ?? "");
  const redirectTo = safeCallbackUrl(formData.get("callbackUrl"));
  const parsed = loginSchema.safeParse({ email, password });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues), values: { email } };
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo });
  } catch (err) {
    if (err instanceof AuthError) return { error: "Invalid email or password", values: { email } };
    throw err; // NEXT_REDIRECT on success, or an unexpected failure for error.tsx
  }
  return {};
}

/** Creates the account, then signs in and lands on the trips page. */
export async function signupAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const raw = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
  const values = { name: raw.name, email: raw.email };
  const parsed = registerSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues), values };
  try {
    await registerUser(await getDb(), parsed.data);
  } catch (err) {
    if (err instanceof ApiError && err.code === "EMAIL_TAKEN") {
      return { fieldErrors: { email: "An account with this email already exists" }, values };
    }
    if (err instanceof ApiError && err.errors?.length) {
      return {
        fieldErrors: fieldErrorsOf(err.errors.map((e) => ({ path: [e.field], message: e.message }))),
        values,
      };
    }
    throw err;
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(formData.get("callbackUrl")),
    });
  } catch (err) {
    if (err instanceof AuthError) {
      return { error: "Your account was created, but signing in failed. Please sign in.", values };
    }
    throw err;
  }
  return {};
}
