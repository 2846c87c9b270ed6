import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { type Caller, sessionCaller } from "@/lib/http/caller";

/** The signed-in caller of this request (looked up once per render), or null. */
export const currentCaller = cache(async (): Promise<Caller | null> => sessionCaller(await getDb()));

/** The login page, coming back to `path` afterwards. */
export function loginUrl(path: string): string {
  return `/login?callbackUrl=${encodeURIComponent(path)}`;
}

/**
 * The path being rendered, when the request says so. Layouts are not told their URL; a
 * proxy (`proxy.ts`) may forward it as `x-pathname`. (`next-url` is not it: on client
 * navigations it names the page being left.)
 */
export async function knownRequestPath(): Promise<string | null> {
  const h = await headers();
  const candidate = h.get("x-pathname");
  return candidate?.startsWith("/") && !candidate.startsWith("//") ? candidate : null;
}

/** The signed-in caller, or a redirect to the login page that comes back to `path`. */
export async function requireCaller(path: string): Promise<Caller> {
  const caller = await currentCaller();
  if (!caller) redirect(loginUrl(path));
  return caller;
}
