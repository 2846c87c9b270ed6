/**
 * Transactional outbox for webhook events. A change and its event are written in the same
 * database transaction, so an event is queued if and only if the change commits; the
 * dispatcher (./dispatcher.ts) delivers queued rows afterwards, surviving restarts.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";

/** Event types a webhook can subscribe to (the TripSage REST API "Webhook Integration"). */
export const WEBHOOK_EVENTS = [
  "trip.created",
  "trip.updated",
  "collaboration.added",
  "flight.price_changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The JSON body POSTed to a webhook (the TripSage REST API "Webhook Payload Example"). */
export interface WebhookEventPayload {
  /** `evt_` + 24 hex characters; the same for every webhook receiving this event. */
  id: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** ISO 8601 UTC time the event was queued. */
  created_at: string;
}

/** A new event id: `evt_` + 96 random bits as hex. */
function newEventId(): string {
  return `evt_${randomBytes(12).toString("hex")}`;
}

/**
 * Queues `type` for every active webhook of the user(s) subscribed to it: one
 * `webhook_deliveries` row (status `pending`, due now) per webhook, all sharing one payload
 * `{id:"evt_…", type, data, created_at}`.
 *
 * Call it with the transaction that makes the change (`db.transaction(async (tx) => …)`), so
 * a rolled-back change queues nothing. Costs one indexed select when nobody subscribes.
 *
 * Payloads by type (`data`, snake_case):
 * - `trip.created`: `{trip_id, user_id, trip}` where `trip` is the Trip Object.
 * - `trip.updated`: `{trip_id, user_id, changes}`; `changes.destinations` is
 *   `{added:[names], removed:[names]}`, scalar fields are `{from, to}` (see ./events.ts).
 * - `collaboration.added`: `{trip_id, user_id, collaborator:{user_id, email, permission_level}}`
 *   where `user_id` is who added the collaborator.
 * - `flight.price_changed`: `{watch_id, trip_id, route, passengers, cabin_class, old_price,
 *   new_price, price_change, currency, target_price, below_target, checked_at}` (see
 *   lib/domain/travel/price-check.ts `checkDuePriceWatches`).
 *
 * @param tx the transaction (or database) to write with
 * @param event.userId whose webhooks receive it (for trip events: the trip's owner); an array
 *        fans out to several accounts (duplicates ignored)
 * @returns the queued payload, or null when no webhook subscribes (nothing written)
 */
export async function enqueueEvent(
  tx: Db,
  event: { userId: string | readonly string[]; type: WebhookEventType; data: Record<string, unknown> },
): Promise<WebhookEventPayload | null> {
  const userIds = [...new Set(typeof event.userId === "string" ? [event.userId] : event.userId)];
  if (userIds.length === 0) return null;
  const targets = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        inArray(webhooks.userId, userIds),
        eq(webhooks.isActive, true),
        sql`${webhooks.events} @> ${JSON.stringify([event.type])}::jsonb`,
      ),
    );
  if (targets.length === 0) return null;
  const payload: WebhookEventPayload = {
    id: newEventId(),
    type: event.type,
    data: event.data,
    created_at: new Date().toISOString(),
  };
  await tx.insert(webhookDeliveries).values(
    targets.map((w) => ({
      webhookId: w.id,
      eventType: event.type,
      payload: payload as unknown as Record<string, unknown>,
    })),
  );
  return payload;
}
