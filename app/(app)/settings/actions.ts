"use server";

import { signOut } from "@/lib/http/session";

/**
 * Clears this browser's (already revoked) session cookie after a password change and goes
 * to the sign-in page, which is told why.
 */
export async function signOutAfterPasswordChange(): Promise<void> {
  await signOut({ redirectTo: "/login?message=password-changed" });
}

/** Clears this browser's session cookie after "Sign out everywhere" revoked every session. */
export async function signOutAfterRevokeAll(): Promise<void> {
  await signOut({ redirectTo: "/login?message=signed-out-everywhere" });
}
