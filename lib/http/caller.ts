/**
 * Who is calling: a Bearer access JWT (the TripSage REST API) or the Auth.js session cookie.
 * Both are checked against the user's current token version on every request.
 */

import type { Db } from "@/db/client";
import { bearerCaller, type Caller, toCaller } from "@/lib/domain/auth/bearer";
import { callerRow } from "@/lib/domain/auth/user-cache";
import { ApiError } from "@/lib/http/errors";
import { auth } from "./session";

export { bearerCaller, type Caller } from "@/lib/domain/auth/bearer";

/**
 * Resolves the caller of `req`, or null when it carries no credentials at all.
 * @param onJwtVerified called with the user id as soon as a JWT's signature checks out,
 *        before the user is loaded, so the caller can start work that only needs the id
 *        (the rate-limit check) while the database is asked about the token version
 * @throws ApiError INVALID_TOKEN / TOKEN_EXPIRED (401) for a bad or revoked Bearer token (a
 *         token whose version is newer than the cached row's is checked against the database
 *         first, so a cache that missed a bump never refuses a freshly issued token)
 */
export async function resolveCaller(
  db: Db,
  req: Request,
  onJwtVerified?: (userId: string) => void,
): Promise<Caller | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match?.[1]) throw new ApiError("INVALID_TOKEN", "Authorization header must be 'Bearer <token>'");
    return bearerCaller(db, match[1], onJwtVerified);
  }
  // Only consult Auth.js when a session cookie is present: cheaper for API clients.
  if (!/(?:^|;\s*)(?:__Secure-)?authjs\.session-token/.test(req.headers.get("cookie") ?? "")) return null;
  return sessionCaller(db);
}

/** Caller of a server component or action (session cookie only); null when signed out. */
export async function sessionCaller(db: Db): Promise<Caller | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await callerRow(db, id);
  const tv = (session as unknown as { tv?: number }).tv ?? 0;
  if (!user || user.tokenVersion !== tv) return null;
  return toCaller(user, "session");
}
