/**
 * API keys of the TripSage REST API ("API Key Management"): `ts_live_` + 32 random bytes in base64url
 * (256 bits), shown once at creation, stored as a SHA-256 hash with a short visible
 * prefix. A key carries a subset of its owner's scopes, an optional expiry, a rate-limit
 * tier and `last_used`; revoked or expired keys get 401.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type ApiKey, apiKeys, type User, users } from "@/db/schema";
import { announceUserChanged } from "@/lib/platform/bus";
import { ApiError, notFound } from "@/lib/platform/errors";
import { dateTime, uuid } from "@/lib/platform/schema-fields";
import { SCOPES, type Scope, userScopes } from "./scopes";

export const API_KEY_PREFIX = "ts_live_";
/** How stale `last_used` may get before a request rewrites it (60 s), to spare a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const createKeySchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  permissions: z.array(z.enum(SCOPES)).min(1, "At least one permission is required").max(SCOPES.length),
  expires_in_days: z.number().int().min(1).max(3650).nullable().optional(),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** A scope a key can hold. */
export const scopeSchema = z.enum(SCOPES);

const apiKeyFields = {
  id: uuid(),
  name: z.string(),
  permissions: z.array(scopeSchema),
  created_at: dateTime(),
  expires_at: dateTime().nullable(),
};

/** The TripSage REST API's key listing item (never the secret). */
export const apiKeySchema = z.object({
  ...apiKeyFields,
  prefix: z
    .string()
    .meta({ description: "First characters of the key, to recognise it.", example: "ts_live_Ab3x" }),
  last_used: dateTime().nullable(),
  is_active: z.boolean(),
});
export type ApiKeyResponse = z.infer<typeof apiKeySchema>;

/** `GET /api/user/keys`. */
export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema), total: z.int() });
export type ApiKeyListResponse = z.infer<typeof apiKeyListSchema>;

/** The creation response: the listing fields and the secret, shown only here. */
export const apiKeyCreatedSchema = z.object({
  ...apiKeyFields,
  key: z.string().meta({ description: "The secret; shown only in this response.", example: "ts_live_…" }),
});
export type ApiKeyCreatedResponse = z.infer<typeof apiKeyCreatedSchema>;

/** The TripSage REST API's key listing item. */
export function toKeyResponse(k: ApiKey): ApiKeyResponse {
  const expired = k.expiresAt !== null && k.expiresAt.getTime() <= Date.now();
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    // Stored only through createKeySchema, which admits only SCOPES.
    permissions: k.permissions as Scope[],
    last_used: k.lastUsedAt?.toISOString() ?? null,
    created_at: k.createdAt.toISOString(),
    expires_at: k.expiresAt?.toISOString() ?? null,
    is_active: k.revokedAt === null && !expired,
  };
}

/**
 * Creates a key for `user`. A user cannot grant a key more than they have (no
 * `admin:access` unless admin).
 * @returns the listing fields plus `key`, the only time the secret is revealed
 * @throws ApiError INSUFFICIENT_PERMISSIONS when asking for a scope the user lacks
 */
export async function createApiKey(
  db: Db,
  user: Pick<User, "id" | "role">,
  input: CreateKeyInput,
): Promise<ApiKeyCreatedResponse> {
  const allowed = userScopes(user.role);
  const extra = input.permissions.filter((p) => !allowed.includes(p));
  if (extra.length) throw new ApiError("INSUFFICIENT_PERMISSIONS", `You cannot grant: ${extra.join(", ")}`);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      userId: user.id,
      name: input.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 4),
      keyHash: sha256(key),
      permissions: [...new Set(input.permissions)],
      expiresAt: input.expires_in_days ? new Date(Date.now() + input.expires_in_days * 86_400_000) : null,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  const { id, name, permissions, created_at, expires_at } = toKeyResponse(row);
  return { id, name, key, permissions, created_at, expires_at };
}

/** The user's keys, newest first (revoked ones included, marked inactive). */
export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyListResponse> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt));
  return { keys: rows.map(toKeyResponse), total: rows.length };
}

/** Revokes one of the user's keys. @throws ApiError NOT_FOUND for someone else's or an unknown key */
export async function revokeApiKey(db: Db, userId: string, keyId: string): Promise<void> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw notFound("API key");
  announceUserChanged(userId); // open streams authenticated by this key close
}

/**
 * Authenticates a presented key.
 * @returns the key's owner, its scopes (key permissions ∩ what the owner may do) and tier
 * @throws ApiError INVALID_TOKEN (unknown or revoked) or TOKEN_EXPIRED (401)
 */
export async function verifyApiKey(
  db: Db,
  key: string,
): Promise<{ user: User; key: ApiKey; scopes: Scope[] }> {
  const [row] = await db
    .select({ key: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, sha256(key)));
  if (!row || row.key.revokedAt) throw new ApiError("INVALID_TOKEN", "Invalid or revoked API key");
  if (row.key.expiresAt && row.key.expiresAt.getTime() <= Date.now()) {
    throw new ApiError("TOKEN_EXPIRED", "API key has expired");
  }
  const now = Date.now();
  if (!row.key.lastUsedAt || now - row.key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, row.key.id));
  }
  const allowed = userScopes(row.user.role);
  return {
    user: row.user,
    key: row.key,
    scopes: row.key.permissions.filter((p): p is Scope => allowed.includes(p as Scope)),
  };
}
