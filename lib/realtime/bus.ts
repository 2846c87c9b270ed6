/**
 * Publish/subscribe for live updates.
 *
 * - Itinerary changes feed the seed 001 SSE stream (`/api/itineraries/{id}/events`) so open
 *   pages update live; they stay in-process (one process = one bus).
 * - User notifications (seed 000 `system_notification`, e.g. the price checker's `price_alert`)
 *   reach the user's WebSocket connections on every app instance, because any instance may
 *   run the price checker: the publishing process emits on its own bus at once and, on
 *   Postgres, also sends `NOTIFY tripsage_user_notify` with a small JSON payload; every
 *   instance with subscribers LISTENs on that channel and re-emits what other instances sent
 *   (its own, tagged with its instance id, it skips), so each instance delivers a notification
 *   exactly once. On PGlite there is only this process: the direct emit is all there is.
 *   Delivery across instances is best effort: a notification sent while an instance is not
 *   listening (starting up, reconnecting) is not replayed.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import type { DatabaseHandle, Unlisten } from "@/db/client";
import { getDatabase } from "@/db/client";

/** A change of one trip's itinerary, as the SSE stream sends it. */
export type ItineraryEvent =
  | { type: "segment_added" | "segment_modified" | "segment_deleted"; segmentId: string; itineraryId: string }
  | { type: "itinerary_updated"; itineraryId: string };

const g = globalThis as unknown as { __tripsageBus?: EventEmitter; __tripsageNotifyRelay?: RelayState };
if (!g.__tripsageBus) g.__tripsageBus = new EventEmitter().setMaxListeners(0);
const bus = g.__tripsageBus;

/** Announces a committed change of trip `event.itineraryId` to its subscribers in this process. */
export function publishItineraryEvent(event: ItineraryEvent): void {
  bus.emit(event.itineraryId, event);
}

/** Subscribes to one trip's changes; returns the unsubscribe function. */
export function subscribeItinerary(tripId: string, listener: (e: ItineraryEvent) => void): () => void {
  bus.on(tripId, listener);
  return () => bus.off(tripId, listener);
}

/** A notification for one user's open WebSocket connections (seed 000 `system_notification`). */
export interface UserNotification {
  /** e.g. `price_alert`. */
  notification_type: string;
  /** One human sentence. */
  content: string;
  data: Record<string, unknown>;
}

/** The Postgres NOTIFY channel carrying user notifications between app instances. */
export const USER_NOTIFY_CHANNEL = "tripsage_user_notify";
/**
 * Largest NOTIFY payload sent, bytes of UTF-8: Postgres refuses payloads of 8000 bytes or more
 * (default build). A bigger notification still reaches this process's subscribers, but is not
 * sent to other instances (logged).
 */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7_999;

/** The NOTIFY payload on {@link USER_NOTIFY_CHANNEL}, as JSON. */
interface RelayedNotification {
  user_id: string;
  notification: UserNotification;
  /** Instance id of the sender; the sender skips its own (it already emitted locally). */
  origin?: string;
}

interface RelayState {
  /** Opening the database and LISTEN; dropped when either fails (then retried with backoff). */
  started?: Promise<void>;
  unlisten?: Unlisten;
  retryTimer?: NodeJS.Timeout;
  retryMs?: number;
  /** Bumped by {@link stopUserNotificationRelay}: an earlier start's late results are discarded. */
  session: number;
  /** This process's id in {@link RelayedNotification.origin}. */
  instance: string;
}

g.__tripsageNotifyRelay ??= { session: 0, instance: randomUUID() };
const relay: RelayState = g.__tripsageNotifyRelay;
const RETRY_MS = { min: 1_000, max: 30_000 };

/**
 * Sends `n` to every open WebSocket connection of `userId`: at once to those of this process,
 * and on Postgres, in the background, to those of every other instance (see the module doc).
 * Never throws for the cross-instance part: failures and oversize payloads are logged.
 */
export function publishUserNotification(userId: string, n: UserNotification): void {
  bus.emit(`user:${userId}`, n);
  void getDatabase()
    .then((handle) => (handle.driver === "postgres" ? broadcastUserNotification(handle, userId, n) : false))
    .catch((err) => console.error("[realtime] notification not sent to other instances", err));
}

/**
 * NOTIFYs {@link USER_NOTIFY_CHANNEL} through `handle`'s pool so the relays of all instances
 * (see {@link startUserNotificationRelay}) emit `n` to `userId`'s subscribers. Does not emit
 * locally: {@link publishUserNotification} does that.
 * @param opts.origin the sending instance's id, whose own relay skips the message; default
 *        this process's (a test acting as another instance passes another)
 * @returns false, after logging, when the payload would be {@link MAX_NOTIFY_PAYLOAD_BYTES}
 *          bytes or more and was not sent
 * @throws when the NOTIFY fails
 */
export async function broadcastUserNotification(
  handle: Pick<DatabaseHandle, "db">,
  userId: string,
  n: UserNotification,
  opts: { origin?: string } = {},
): Promise<boolean> {
  const message: RelayedNotification = {
    user_id: userId,
    notification: n,
    origin: opts.origin ?? relay.instance,
  };
  const payload = JSON.stringify(message);
  const bytes = Buffer.byteLength(payload, "utf8");
  if (bytes > MAX_NOTIFY_PAYLOAD_BYTES) {
    console.warn(
      `[realtime] ${n.notification_type} notification for user ${userId} not sent to other instances: ` +
        `${bytes} bytes, NOTIFY allows ${MAX_NOTIFY_PAYLOAD_BYTES}`,
    );
    return false;
  }
  await handle.db.execute(sql`select pg_notify(${USER_NOTIFY_CHANNEL}, ${payload})`);
  return true;
}

function isRelayed(m: unknown): m is RelayedNotification {
  if (typeof m !== "object" || m === null) return false;
  const { user_id, notification: n, origin } = m as Record<string, unknown>;
  if (typeof user_id !== "string" || (origin !== undefined && typeof origin !== "string")) return false;
  if (typeof n !== "object" || n === null) return false;
  const { notification_type, content, data } = n as Record<string, unknown>;
  return (
    typeof notification_type === "string" &&
    typeof content === "string" &&
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data)
  );
}

function onRelayed(payload: string): void {
  let message: unknown;
  try {
    message = JSON.parse(payload);
  } catch {
    message = undefined;
  }
  if (!isRelayed(message)) {
    console.warn(`[realtime] ignored a malformed ${USER_NOTIFY_CHANNEL} payload`);
    return;
  }
  if (message.origin === relay.instance) return; // sent by this process, which emitted it already
  try {
    bus.emit(`user:${message.user_id}`, message.notification);
  } catch (err) {
    console.error("[realtime] a notification subscriber failed", err);
  }
}

/**
 * Starts relaying other instances' user notifications to this process's subscribers (once per
 * process; {@link subscribeUserNotifications} calls it). A no-op on PGlite.
 * @returns resolves once listening (on PGlite at once)
 * @throws when the database cannot be opened or LISTEN fails; a retry is then scheduled with
 *         backoff (1 s doubling to 30 s, timer `unref`'d) and the failure logged
 */
export function startUserNotificationRelay(): Promise<void> {
  if (relay.started) return relay.started;
  const session = relay.session;
  const started = (async () => {
    const handle = await getDatabase();
    if (handle.driver !== "postgres" || session !== relay.session) return;
    const unlisten = await handle.listen(USER_NOTIFY_CHANNEL, onRelayed, () => {});
    if (session !== relay.session) {
      await unlisten().catch(() => {});
      return;
    }
    relay.unlisten = unlisten;
    relay.retryMs = undefined;
  })();
  relay.started = started;
  started.catch((err) => {
    if (relay.started !== started) return;
    relay.started = undefined;
    const delay = relay.retryMs ?? RETRY_MS.min;
    relay.retryMs = Math.min(delay * 2, RETRY_MS.max);
    console.error(`[realtime] other instances' notifications off: retrying LISTEN in ${delay} ms`, err);
    clearTimeout(relay.retryTimer);
    relay.retryTimer = setTimeout(() => {
      relay.retryTimer = undefined;
      if (session === relay.session) startUserNotificationRelay().catch(() => {});
    }, delay);
    relay.retryTimer.unref();
  });
  return started;
}

/**
 * Stops relaying (UNLISTEN, no more retries); the next {@link subscribeUserNotifications} or
 * {@link startUserNotificationRelay} starts again. For tests and shutdown.
 */
export async function stopUserNotificationRelay(): Promise<void> {
  relay.session++;
  clearTimeout(relay.retryTimer);
  const unlisten = relay.unlisten;
  Object.assign(relay, {
    started: undefined,
    unlisten: undefined,
    retryTimer: undefined,
    retryMs: undefined,
  });
  await unlisten?.().catch((err) => console.error("[realtime] UNLISTEN failed", err));
}

/**
 * Subscribes to one user's notifications, from this instance and (on Postgres) from the others;
 * returns the unsubscribe function.
 */
export function subscribeUserNotifications(
  userId: string,
  listener: (n: UserNotification) => void,
): () => void {
  startUserNotificationRelay().catch(() => {}); // logged and retried by the relay
  bus.on(`user:${userId}`, listener);
  return () => bus.off(`user:${userId}`, listener);
}
