import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { type Caller, sessionCaller } from "@/lib/auth/caller";

/** The signed-in caller of this request (looked up once per render), or null. */
export const currentCaller = cache(async (): Promise<Caller | null> => sessionCaller(await getDb()));

function loginUrl(path: string): string {
  return `/login?callbackUrl=${encodeURIComponent(path)}`;
}

/**
 * The path being rendered, for `callbackUrl`. Layouts are not told their URL; a proxy may
 * forward it as `x-pathname`, client navigations send `next-url`; otherwise "/trips".
 */
async function requestPath(): Promise<string> {
  const h = await headers();
  const candidate = h.get("x-pathname") ?? h.get("next-url");
  return candidate?.startsWith("/") && !candidate.startsWith("//") ? candidate : "/trips";
}

/**
 * The signed-in caller, or a redirect to the login page that comes back to `path`
 * (default: the current path as far as it is known).
 */
export async function requireCaller(path?: string): Promise<Caller> {
  const caller = await currentCaller();
  if (!caller) redirect(loginUrl(path ?? (await requestPath())));
  return caller;
}
