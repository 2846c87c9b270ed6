/**
 * Who is calling: a Bearer access JWT (seed 000) or the Auth.js session cookie.
 * Both are checked against the user's current token version on every request.
 */

import type { Db } from "@/db/client";
import { ApiError } from "@/lib/http/errors";
import { findUserById } from "@/lib/users/service";
import { API_KEY_PREFIX, verifyApiKey } from "./api-keys";
import { auth } from "./auth";
import { type Scope, userScopes } from "./scopes";
import { verifyAccessToken } from "./tokens";
import { callerRow, forgetUser } from "./user-cache";

/** The authenticated principal of a request, whichever credential it came with. */
export interface Caller {
  userId: string;
  email: string;
  name: string;
  role: "user" | "admin";
  via: "jwt" | "session" | "api_key";
  scopes: Scope[];
  /** Set when authenticated by an API key. */
  apiKey?: { id: string; tier: "basic" | "premium" };
}

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
    if (match[1].startsWith(API_KEY_PREFIX)) {
      const { user, key, scopes } = await verifyApiKey(db, match[1]);
      return { ...toCaller(user, "api_key"), scopes, apiKey: { id: key.id, tier: key.tier } };
    }
    const { userId, tokenVersion } = await verifyAccessToken(match[1]);
    onJwtVerified?.(userId);
    // Only the columns a caller needs, cached per process with instant invalidation (./user-cache.ts).
    let user = await callerRow(db, userId);
    if (user && tokenVersion > user.tokenVersion) {
      // Versions only grow, so this token was issued after the row was cached: the cache missed
      // the bump. Ask the database before refusing a fresh token.
      forgetUser(userId);
      user = await callerRow(db, userId);
    }
    if (!user || user.tokenVersion !== tokenVersion)
      throw new ApiError("INVALID_TOKEN", "Token has been revoked");
    return toCaller(user, "jwt");
  }
  // Only consult Auth.js when a session cookie is present: cheaper for API clients.
  if (!/(?:^|;\s*)(?:__Secure-)?authjs\.session-token/.test(req.headers.get("cookie") ?? "")) return null;
  return sessionCaller(db);
}

function toCaller(
  user: { id: string; email: string; name: string; role: "user" | "admin" },
  via: Caller["via"],
): Caller {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    via,
    scopes: userScopes(user.role),
  };
}

/** Caller of a server component or action (session cookie only); null when signed out. */
export async function sessionCaller(db: Db): Promise<Caller | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findUserById(db, id);
  const tv = (session as unknown as { tv?: number }).tv ?? 0;
  if (!user || user.tokenVersion !== tv) return null;
  return toCaller(user, "session");
}
