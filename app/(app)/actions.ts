"use server";

import { signOut } from "@/lib/http/session";

/** Ends the browser session and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
