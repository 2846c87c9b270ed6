/**
 * API tokens of seed 000: a 1-hour HS256 access JWT (jose) and an opaque refresh token
 * that rotates on every use. Refresh tokens are stored as SHA-256 hashes; presenting a
 * spent one revokes its whole family (OAuth 2.0 Security BCP, refresh-token rotation).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Db } from "@/db/client";
import { refreshTokens, type User, users } from "@/db/schema";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";

/** Access-token lifetime in seconds (seed 000: `expires_in: 3600`). */
export const ACCESS_TOKEN_TTL_S = 3600;
/** Refresh-token lifetime in seconds (30 days). */
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
const ISSUER = "tripsage";
const AUDIENCE = "tripsage-api";

function key(): Uint8Array {
  return new TextEncoder().encode(env().AUTH_SECRET);
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

export interface TokenPair {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  refresh_token: string;
  user: { id: string; email: string; name: string };
}

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
 * Verifies an access JWT's signature, issuer, audience and expiry.
 * @returns `{userId, tokenVersion}`
 * @throws ApiError TOKEN_EXPIRED or INVALID_TOKEN (401)
 */
export async function verifyAccessToken(token: string): Promise<{ userId: string; tokenVersion: number }> {
  try {
    const { payload } = await jwtVerify(token, key(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    if (typeof payload.sub !== "string") throw new ApiError("INVALID_TOKEN", "Invalid token");
    return { userId: payload.sub, tokenVersion: typeof payload.tv === "number" ? payload.tv : -1 };
  } catch (e) {
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
 * revokes every token of its family (someone else may hold a copy).
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
    if (row.usedAt || row.revokedAt) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      return { error: "Refresh token has already been used" } as const;
    }
    if (row.expiresAt.getTime() <= Date.now()) return { error: "Refresh token has expired" } as const;
    await tx.update(refreshTokens).set({ usedAt: new Date() }).where(eq(refreshTokens.id, row.id));
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user) return { error: "Invalid refresh token" } as const;
    return { pair: await issueTokens(tx, user, row.familyId) } as const;
  });
  if ("error" in outcome) throw new ApiError("INVALID_TOKEN", outcome.error ?? "Invalid refresh token");
  return outcome.pair;
}
