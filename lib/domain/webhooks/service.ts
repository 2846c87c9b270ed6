/**
 * Webhook subscriptions (the TripSage REST API "Webhook Integration"): register, list, read, delete, and
 * the delivery log. Every function is scoped to the owning user; another user's webhook is
 * reported as not found.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, count, desc, eq } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Webhook, type WebhookDelivery, webhookDeliveries, webhooks } from "@/db/schema";
import { ApiError, fieldError, notFound } from "@/lib/platform/errors";
import { lockUserForQuota } from "@/lib/platform/locks";
import { WEBHOOK_EVENTS, type WebhookEventType } from "@/lib/platform/outbox";
import { dateTime, uuid } from "@/lib/platform/schema-fields";
import { sealSecret } from "./secret-box";
import { assertSafeWebhookUrl, type GuardOptions } from "./ssrf";

/** Most webhooks one account may register (bounds event fan-out towards third parties). */
export const MAX_WEBHOOKS_PER_USER = 10;

/** Body of `POST /api/webhooks`. `events` are de-duplicated, order kept. */
export const webhookCreateSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2048, "URL must be at most 2048 characters")
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), "Must be an absolute http(s) URL"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1, "Subscribe to at least one event")
    .max(20)
    .transform((e) => [...new Set(e)]),
  secret: z.string().min(16, "Secret must be at least 16 characters").max(256).optional(),
});
export type WebhookCreateInput = z.infer<typeof webhookCreateSchema>;

/** Query of `GET /api/webhooks/{id}/deliveries`: `limit` 1-100, default 20. */
export const deliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** An event a webhook can subscribe to (lib/platform/outbox.ts `WEBHOOK_EVENTS`). */
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENTS);

/** A webhook as the API returns it (without its secret). */
export const webhookSchema = z.object({
  id: uuid(),
  url: z.url(),
  events: z.array(webhookEventTypeSchema),
  is_active: z.boolean(),
  created_at: dateTime(),
});
export type WebhookResponse = z.infer<typeof webhookSchema>;

/** The creation response: the webhook and its signing secret (the only time it is shown). */
export const webhookCreatedSchema = z.object({
  ...webhookSchema.shape,
  secret: z.string().meta({
    description: "Standard Webhooks signing secret (`whsec_…`); returned only here.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
});
export type WebhookCreatedResponse = z.infer<typeof webhookCreatedSchema>;

/** `GET /api/webhooks`: the caller's webhooks. */
export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema), total: z.int() });
export type WebhookListResponse = z.infer<typeof webhookListSchema>;

/** One row of the delivery log. */
export const deliverySchema = z.object({
  id: z.string().meta({ description: "Also the `webhook-id` header the receiver saw." }),
  webhook_id: uuid(),
  event_id: z.string().nullable(),
  event_type: webhookEventTypeSchema,
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.int(),
  last_status_code: z.int().nullable(),
  last_error: z.string().nullable(),
  /** When the next attempt is due; null once delivered or failed. */
  next_attempt_at: dateTime().nullable(),
  delivered_at: dateTime().nullable(),
  created_at: dateTime(),
});
export type DeliveryResponse = z.infer<typeof deliverySchema>;

/** `GET /api/webhooks/{id}/deliveries`: newest first. */
export const deliveryListSchema = z.object({ deliveries: z.array(deliverySchema), total: z.int() });
export type DeliveryListResponse = z.infer<typeof deliveryListSchema>;

/** Serialises a webhook row (without its secret). */
export function toWebhookResponse(w: Webhook): WebhookResponse {
  return {
    id: w.id,
    url: w.url,
    // Stored only through webhookCreateSchema, which admits only WEBHOOK_EVENTS.
    events: w.events as WebhookEventType[],
    is_active: w.isActive,
    created_at: w.createdAt.toISOString(),
  };
}

/** Serialises a delivery row for the delivery log. */
export function toDeliveryResponse(d: WebhookDelivery): DeliveryResponse {
  const eventId = (d.payload as { id?: unknown }).id;
  return {
    id: d.id,
    webhook_id: d.webhookId,
    event_id: typeof eventId === "string" ? eventId : null,
    // Queued only by the outbox, for one of WEBHOOK_EVENTS.
    event_type: d.eventType as WebhookEventType,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    delivered_at: d.deliveredAt?.toISOString() ?? null,
    created_at: d.createdAt.toISOString(),
  };
}

const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/**
 * The Standard Webhooks signing secret (`whsec_` + base64 of the key bytes) for a webhook.
 * - absent: a fresh random 32-byte key (the spec recommends 24-64 bytes);
 * - already `whsec_<base64>` decoding to at least 16 bytes: kept as is;
 * - any other string (e.g. the API document's `"webhook_secret_key"`): the key is its UTF-8 bytes,
 *   i.e. `whsec_` + base64(UTF-8(secret)). Receivers can verify with the returned `whsec_`
 *   value, or (for ASCII secrets) with `new Webhook(secret, {format: "raw"})`.
 * Source: Standard Webhooks spec, "Signature scheme" (https://www.standardwebhooks.com/).
 * @throws ApiError VALIDATION_ERROR (422, field `secret`) for a `whsec_` value that is not
 *         valid base64 of at least 16 bytes
 */
export function normalizeSecret(secret: string | undefined): string {
  if (secret === undefined) return `whsec_${randomBytes(32).toString("base64")}`;
  if (secret.startsWith("whsec_")) {
    const b64 = secret.slice("whsec_".length);
    let ok = WHSEC.test(secret) && b64.length % 4 === 0 && Buffer.from(b64, "base64").length >= 16;
    if (ok) {
      try {
        new StandardWebhook(secret);
      } catch {
        ok = false;
      }
    }
    if (!ok) throw fieldError("secret", "A 'whsec_' secret must be base64 of at least 16 bytes");
    return secret;
  }
  return `whsec_${Buffer.from(secret, "utf8").toString("base64")}`;
}

/**
 * Registers a webhook for `userId`. The URL must pass the SSRF check (./ssrf.ts). The row's
 * id is generated here so the secret can be stored sealed and bound to it (./secret-box.ts).
 * @param guard resolver/allow-list overrides (tests); defaults to system DNS and
 *        `WEBHOOK_ALLOWED_HOSTS`
 * @returns the webhook including its `secret` (the only time the secret is returned)
 * @throws ApiError VALIDATION_ERROR (422) for a refused URL (`url`) or malformed secret
 *         (`secret`); CONFLICT (409) past {@link MAX_WEBHOOKS_PER_USER}
 */
export async function createWebhook(
  db: Db,
  userId: string,
  input: WebhookCreateInput,
  guard: GuardOptions = {},
): Promise<WebhookCreatedResponse> {
  const secret = normalizeSecret(input.secret);
  const url = await assertSafeWebhookUrl(input.url, guard);
  // Count and insert under the user's row lock: concurrent registrations cannot both pass.
  const w = await db.transaction(async (tx) => {
    await lockUserForQuota(tx, userId);
    const [existing] = await tx.select({ n: count() }).from(webhooks).where(eq(webhooks.userId, userId));
    if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_USER) {
      throw new ApiError("CONFLICT", `An account can register at most ${MAX_WEBHOOKS_PER_USER} webhooks`);
    }
    // The id is chosen here rather than by the database: the sealed secret is bound to it.
    const id = randomUUID();
    const [row] = await tx
      .insert(webhooks)
      .values({ id, userId, url: url.href, events: input.events, secret: sealSecret(secret, id) })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return row;
  });
  return { ...toWebhookResponse(w), secret };
}

/** The user's webhooks, newest first, as `{webhooks, total}` (secrets omitted). */
export async function listWebhooks(db: Db, userId: string): Promise<WebhookListResponse> {
  const rows = await db
    .select()
    .from(webhooks)
    .where(eq(webhooks.userId, userId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  return { webhooks: rows.map(toWebhookResponse), total: rows.length };
}

async function ownedWebhook(db: Db, userId: string, webhookId: string): Promise<Webhook> {
  const [w] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.userId, userId)));
  if (!w) throw notFound("Webhook");
  return w;
}

/** One of the user's webhooks (secret omitted). @throws ApiError NOT_FOUND (also for others' webhooks) */
export async function getWebhook(db: Db, userId: string, webhookId: string): Promise<WebhookResponse> {
  return toWebhookResponse(await ownedWebhook(db, userId, webhookId));
}

/**
 * Deletes one of the user's webhooks together with its delivery log (pending deliveries are
 * dropped). @throws ApiError NOT_FOUND (also for others' webhooks)
 */
export async function deleteWebhook(db: Db, userId: string, webhookId: string): Promise<void> {
  const gone = await db
    .delete(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.userId, userId)))
    .returning({ id: webhooks.id });
  if (gone.length === 0) throw notFound("Webhook");
}

/**
 * The delivery log of one of the user's webhooks, newest first.
 * @returns `{deliveries, total}` where `total` counts all deliveries of the webhook
 * @throws ApiError NOT_FOUND (also for others' webhooks)
 */
export async function listDeliveries(
  db: Db,
  userId: string,
  webhookId: string,
  page: { limit: number },
): Promise<DeliveryListResponse> {
  await ownedWebhook(db, userId, webhookId);
  const where = eq(webhookDeliveries.webhookId, webhookId);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(page.limit),
    db.select({ n: count() }).from(webhookDeliveries).where(where),
  ]);
  return { deliveries: rows.map(toDeliveryResponse), total: totalRow?.n ?? 0 };
}
