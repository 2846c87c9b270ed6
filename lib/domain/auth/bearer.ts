/**
 * The caller named by a Bearer credential (an API key or a user's access JWT), without
 * Auth.js: the WebSocket server, loaded outside Next.js, uses this module directly.
 */
import type { Db } from "@/db/client";
import { ApiError } from "@/lib/platform/errors";
import { API_KEY_PREFIX, verifyApiKey } from "./api-keys";
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
 * The caller a Bearer credential names: an API key (`ts_live_…`) or a user's access JWT,
 * checked against the user's current token version. Used by HTTP routes and the WebSocket.
 * @param onJwtVerified see {@link resolveCaller}
 * @throws ApiError INVALID_TOKEN / TOKEN_EXPIRED (401) for a bad, expired or revoked credential
 */
export async function bearerCaller(
  db: Db,
  token: string,
  onJwtVerified?: (userId: string) => void,
): Promise<Caller> {
  if (token.startsWith(API_KEY_PREFIX)) {
    const { user, key, scopes } = await verifyApiKey(db, token);
    return { ...toCaller(user, "api_key"), scopes, apiKey: { id: key.id, tier: key.tier } };
  }
  const { userId, tokenVersion } = await verifyAccessToken(token);
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

/** A caller from the user columns it needs; its scopes are the role's (see ./scopes.ts). */
export function toCaller(
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
