/**
 * API tokens of the TripSage REST API: a 1-hour HS256 access JWT (jose) and an opaque refresh token
 * that rotates on every use. Refresh tokens are stored as SHA-256 hashes; presenting a
 * spent one revokes its whole family (OAuth 2.0 Security BCP, refresh-token rotation) and
 * bumps the user's token version, so the access tokens already issued from that family (and
 * every other access token and browser session of the user: a JWT does not name its family)
 * stop working on their next request instead of living out their hour.
 * An access JWT whose lifetime (`exp - iat`) exceeds {@link ACCESS_TOKEN_TTL_S}, or that
 * lacks `iat`/`exp`, is refused even when its signature is good.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Db } from "@/db/client";
import { refreshTokens, type User, users } from "@/db/schema";
import { env } from "@/lib/platform/env";
import { ApiError } from "@/lib/platform/errors";
import { uuid } from "@/lib/platform/schema-fields";
import { forgetUser } from "./user-cache";
import { recallVerifiedToken, rememberVerifiedToken } from "./verified-tokens";

/** Access-token lifetime in seconds (the TripSage REST API: `expires_in: 3600`). */
export const ACCESS_TOKEN_TTL_S = 3600;
/** Refresh-token lifetime in seconds (30 days). */
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
/** Clock skew tolerated between token issuers and this server, seconds. */
const CLOCK_SKEW_S = 60;
const ISSUER = "tripsage";
const AUDIENCE = "tripsage-api";

let keyCache: { secret: string; bytes: Uint8Array } | undefined;
function key(secret = env().AUTH_SECRET): Uint8Array {
  if (keyCache?.secret !== secret) keyCache = { secret, bytes: new TextEncoder().encode(secret) };
  return keyCache.bytes;
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** The signed-in user, as a token pair names them. */
export const userRefSchema = z.object({ id: uuid(), email: z.email(), name: z.string() });

/** What sign-up, sign-in and refresh answer. */
export const tokenPairSchema = z.object({
  access_token: z.string().meta({ description: "HS256 JWT, valid for `expires_in` seconds." }),
  token_type: z.literal("bearer"),
  expires_in: z.int().meta({ example: 3600 }),
  refresh_token: z.string().meta({ description: "Opaque, single use, valid 30 days.", example: "rt_…" }),
  user: userRefSchema,
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** Signs an access JWT: `sub` = user id, `tv` = the user's token version. */
export function signAccessToken(user: Pick<User, "id" | "tokenVersion">): Promise<string> {
  return new SignJWT({ tv: user.tokenVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .sign(key());
}

/**
 * Verifies an access JWT's signature, issuer, audience, expiry and lifetime (at most
 * {@link ACCESS_TOKEN_TTL_S} plus a minute of clock skew, `iat` and `exp` required).
 * A token verified before in this process is recalled from ./verified-tokens.ts until its
 * `exp` instead of being checked again (the same claims, without the HMAC); the caller still
 * compares the token version with the user's current one.
 * @returns `{userId, tokenVersion}`
 * @throws ApiError TOKEN_EXPIRED or INVALID_TOKEN (401)
 */
export async function verifyAccessToken(token: string): Promise<{ userId: string; tokenVersion: number }> {
  const secret = env().AUTH_SECRET;
  const hit = recallVerifiedToken(token, secret, Math.floor(Date.now() / 1000));
  if (hit) return { userId: hit.userId, tokenVersion: hit.tokenVersion };
  try {
    const maxAge = ACCESS_TOKEN_TTL_S + CLOCK_SKEW_S;
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      requiredClaims: ["iat", "exp", "sub"],
      maxTokenAge: maxAge,
    });
    if (typeof payload.sub !== "string") throw new ApiError("INVALID_TOKEN", "Invalid token");
    const exp = payload.exp as number;
    const iat = payload.iat as number;
    // Not only "issued recently" (maxTokenAge) but "issued for at most an hour".
    if (exp - iat > maxAge) {
      throw new ApiError("INVALID_TOKEN", "Access token lifetime exceeds the maximum");
    }
    const verified = { userId: payload.sub, tokenVersion: typeof payload.tv === "number" ? payload.tv : -1 };
    // jose refuses it from `exp` on (and past iat + maxAge); a token with `nbf` is not remembered.
    if (payload.nbf === undefined) {
      rememberVerifiedToken(token, secret, { ...verified, until: Math.min(exp, iat + maxAge + 1) });
    }
    return verified;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof joseErrors.JWTExpired) throw new ApiError("TOKEN_EXPIRED", "Access token has expired");
    throw new ApiError("INVALID_TOKEN", "Invalid or malformed token");
  }
}

/** Issues an access token and a new refresh-token family for `user` (login, register). */
export async function issueTokens(db: Db, user: User, familyId?: string): Promise<TokenPair> {
  const refresh = `rt_${randomBytes(32).toString("base64url")}`;
  await db.insert(refreshTokens).values({
    userId: user.id,
    tokenHash: sha256(refresh),
    familyId: familyId ?? crypto.randomUUID(),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_S * 1000),
  });
  return {
    access_token: await signAccessToken(user),
    token_type: "bearer",
    expires_in: ACCESS_TOKEN_TTL_S,
    refresh_token: refresh,
    user: { id: user.id, email: user.email, name: user.name },
  };
}

/**
 * Exchanges a refresh token for a new pair. The old token is spent; reusing it later
 * revokes every token of its family (someone else may hold a copy) and bumps the user's
 * token version (its access tokens, and the user's other sessions, are refused from then on).
 * A token already revoked (logout, password change, an earlier reuse) is simply refused.
 * @throws ApiError INVALID_TOKEN (401) for unknown, spent, revoked or expired tokens
 */
export async function rotateRefreshToken(db: Db, token: string): Promise<TokenPair> {
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)))
      .for("update");
    if (!row) return { error: "Invalid refresh token" } as const;
    // Already revoked (logout, password change, an earlier reuse): refuse, nothing more —
    // bumping again would let an old token sign the user out of their new sessions.
    if (row.revokedAt) return { error: "Refresh token has been revoked" } as const;
    if (row.usedAt) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      // The family's access tokens carry the current token version: bump it to refuse them.
      await tx
        .update(users)
        .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
        .where(eq(users.id, row.userId));
      forgetUser(row.userId);
      return { error: "Refresh token has already been used", reused: row.userId } as const;
    }
    if (row.expiresAt.getTime() <= Date.now()) return { error: "Refresh token has expired" } as const;
    await tx.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, row.id));
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user) return { error: "Invalid refresh token" } as const;
    return { pair: await issueTokens(tx, user, row.familyId) } as const;
  });
  if ("reused" in outcome && outcome.reused) forgetUser(outcome.reused); // committed
  if ("error" in outcome) throw new ApiError("INVALID_TOKEN", outcome.error ?? "Invalid refresh token");
  return outcome.pair;
}
