/**
 * The event bus: publish/subscribe for live updates, across app instances.
 *
 * Topics: `trip:<id>` (committed changes of one trip, and presence on it), `user:<id>`
 * (notifications for one user's WebSocket connections, e.g. the price checker's
 * `price_alert`), `user-changed:<id>` (a user's credentials or profile changed: live streams
 * re-check the caller).
 *
 * A publisher emits on this process's emitter at once and, on Postgres, also sends a
 * `NOTIFY` with a small JSON payload (ids and a short change description; receivers read rows
 * themselves when they need more). Every instance with subscribers LISTENs
 * (lib/platform/channel.ts: reconnect with backoff, heartbeats) and re-emits what other
 * instances sent; its own messages, tagged with its instance id, it skips, so each subscriber
 * hears each event exactly once. `user-changed` comes from the `users` trigger
 * (drizzle/0004_user_changed_notify.sql) on both drivers. On PGlite there is only this
 * process: the direct emit is all there is.
 * Delivery across instances is best effort: an event sent while an instance is not listening
 * (starting up, reconnecting) is not replayed; live streams re-check what they depend on.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { getDatabase } from "@/db/client";
import { type Channel, openChannel } from "./channel";

/** What a change did to one field of a trip (TripSage REST API `collaboration_event.changes`). */
export interface FieldChange {
  /** `segments`, `destinations`, `collaborators`, or a trip field such as `title`. */
  field: string;
  action: "added" | "updated" | "removed" | "moved";
  /** Small: the new value of a scalar field, or the ids of the row concerned. */
  value: unknown;
}

/** A committed change of one trip. */
export interface TripChange {
  kind: "change";
  tripId: string;
  /** The Trip Designer API SSE event for segment changes; `trip_updated` / `collaborators_updated` otherwise. */
  event:
    | "segment_added"
    | "segment_modified"
    | "segment_deleted"
    | "trip_updated"
    | "collaborators_updated"
    | "trip_deleted";
  /** The user who made it (any source: UI, REST, assistant). */
  actorId?: string;
  segmentId?: string;
  changes: FieldChange;
  /** For collaborator changes: the user whose access changed (live streams re-check theirs). */
  affectedUserId?: string;
}

/** Someone opened or closed a trip on one connection (see lib/realtime/presence.ts). */
export interface PresenceSignal {
  kind: "presence";
  tripId: string;
  op: "join" | "leave" | "sync";
  /** One connection: `<instance>:<n>`. */
  conn: string;
  user: { id: string; name: string };
}

/** An instance asks the others to announce who they have on the trip. */
export interface PresenceQuery {
  kind: "presence_query";
  tripId: string;
}

/** A member started or stopped typing on one WebSocket connection (`conn`, see presence). */
export interface TypingSignal {
  kind: "typing";
  tripId: string;
  userId: string;
  conn: string;
  isTyping: boolean;
}

/** Everything published on `trip:<id>`. */
export type TripSignal = TripChange | PresenceSignal | PresenceQuery | TypingSignal;

/** A change of one trip's itinerary, as the Trip Designer API SSE stream sends it. */
export type ItineraryEvent =
  | { type: "segment_added" | "segment_modified" | "segment_deleted"; segmentId: string; itineraryId: string }
  | { type: "itinerary_updated"; itineraryId: string };

const g = globalThis as unknown as {
  __tripsageBus?: EventEmitter;
  __tripsageRelays?: Relays;
};
if (!g.__tripsageBus) g.__tripsageBus = new EventEmitter().setMaxListeners(0);
const bus = g.__tripsageBus;

/** The Postgres NOTIFY channel carrying trip changes and presence between app instances. */
export const TRIP_EVENTS_CHANNEL = "tripsage_trip_events";
/** The `users` trigger's channel (the same name as lib/domain/auth/user-cache.ts): the payload is a changed user's id. */
export const USER_CHANGED_CHANNEL = "tripsage_user_changed";

interface Relays {
  instance: string;
  trips?: Channel;
  users?: Channel;
  changed?: Channel;
}
g.__tripsageRelays ??= { instance: randomUUID() };
const relays: Relays = g.__tripsageRelays;

/** This process's instance id (tags what it NOTIFYs; presence connection ids start with it). */
export function instanceId(): string {
  return relays.instance;
}

function safeEmit(topic: string, data: unknown) {
  try {
    bus.emit(topic, data);
  } catch (err) {
    console.error(`[realtime] a ${topic.split(":")[0]} subscriber failed`, err);
  }
}

/** The NOTIFY payload on {@link TRIP_EVENTS_CHANNEL}. */
interface RelayedTripSignal {
  origin: string;
  signal: TripSignal;
}

function onTripPayload(payload: string) {
  let m: RelayedTripSignal | undefined;
  try {
    m = JSON.parse(payload) as RelayedTripSignal;
  } catch {}
  if (!m || typeof m.origin !== "string" || typeof m.signal?.tripId !== "string") {
    console.warn(`[realtime] ignored a malformed ${TRIP_EVENTS_CHANNEL} payload`);
    return;
  }
  if (m.origin === relays.instance) return;
  safeEmit(`trip:${m.signal.tripId}`, m.signal);
}

/**
 * Starts the cross-instance relays this process's subscribers need (once per process).
 * @returns resolves once the trip relay listens (at once on PGlite)
 */
export function startTripRelay(): Promise<void> {
  relays.trips ??= openChannel({
    channel: TRIP_EVENTS_CHANNEL,
    onPayload: onTripPayload,
    label: "trip events",
  });
  relays.changed ??= openChannel({
    channel: USER_CHANGED_CHANNEL,
    onPglite: true,
    heartbeatMs: null, // lib/domain/auth/user-cache.ts sends heartbeats on this channel already
    label: "user changes",
    onPayload: (p) => {
      if (!p.startsWith("heartbeat:")) safeEmit(`user-changed:${p}`, p);
    },
    onGap: () => safeEmit("user-changed:*", "*"),
  });
  return relays.trips.ready;
}

/**
 * Publishes `signal` on `trip:<tripId>`: to this process's subscribers at once and, on
 * Postgres, to the other instances' in the background. Call after the change committed.
 * Never throws; a payload over {@link MAX_NOTIFY_PAYLOAD_BYTES} is sent to other instances
 * without its `changes.value` (logged).
 */
export function publishTrip(signal: TripSignal): void {
  const held = heldSignals.getStore();
  if (held?.open) {
    held.signals.push(signal);
    return;
  }
  safeEmit(`trip:${signal.tripId}`, signal);
  void getDatabase()
    .then(async (handle) => {
      if (handle.driver !== "postgres") return;
      let payload = JSON.stringify({ origin: relays.instance, signal } satisfies RelayedTripSignal);
      if (Buffer.byteLength(payload, "utf8") > MAX_NOTIFY_PAYLOAD_BYTES && signal.kind === "change") {
        const slim = { ...signal, changes: { ...signal.changes, value: null } };
        payload = JSON.stringify({ origin: relays.instance, signal: slim });
        console.warn(
          `[realtime] ${signal.event} of trip ${signal.tripId}: value not sent to other instances`,
        );
      }
      if (Buffer.byteLength(payload, "utf8") > MAX_NOTIFY_PAYLOAD_BYTES) return;
      await handle.db.execute(sql`select pg_notify(${TRIP_EVENTS_CHANNEL}, ${payload})`);
    })
    .catch((err) => console.error("[realtime] trip event not sent to other instances", err));
}

/** Trip events held by {@link publishAfterCommit}; `open` until its write settles (later callbacks publish at once). */
const heldSignals = new AsyncLocalStorage<{ open: boolean; signals: TripSignal[] }>();

/**
 * Runs `fn` — a write that wraps several services in its own transaction (an undo, "create
 * this trip" from a planner draft) — holding back the trip events those services publish
 * inside it. The services publish after *their* transaction, which inside an outer one is
 * only a savepoint: announced then, a change could be read by a live client before it is
 * committed, or announced and then rolled back. Held events are published in order once `fn`
 * resolves (its transaction committed) and dropped when it throws (nothing happened). Nested
 * calls hold into the outermost one.
 */
export async function publishAfterCommit<T>(fn: () => Promise<T>): Promise<T> {
  if (heldSignals.getStore()?.open) return fn();
  const held = { open: true, signals: [] as TripSignal[] };
  try {
    const result = await heldSignals.run(held, fn);
    held.open = false;
    for (const signal of held.signals) publishTrip(signal);
    return result;
  } finally {
    held.open = false;
  }
}

/** Subscribes to everything published on `trip:<tripId>`, from every instance; returns the unsubscribe function. */
export function subscribeTrip(tripId: string, listener: (s: TripSignal) => void): () => void {
  startTripRelay().catch(() => {});
  bus.on(`trip:${tripId}`, listener);
  return () => bus.off(`trip:${tripId}`, listener);
}

/**
 * Calls `listener` when user `userId`'s row changes (token version, role, name, deletion),
 * whoever wrote it and on whichever instance, and with `"*"` after a gap in listening (the
 * listener should then re-check). Returns the unsubscribe function.
 */
export function subscribeUserChanged(userId: string, listener: (userId: string) => void): () => void {
  startTripRelay().catch(() => {});
  bus.on(`user-changed:${userId}`, listener);
  bus.on("user-changed:*", listener);
  return () => {
    bus.off(`user-changed:${userId}`, listener);
    bus.off("user-changed:*", listener);
  };
}

/**
 * Announces a committed change of a trip's itinerary. Kept for callers that only know the
 * segment: prefer {@link publishTrip} with the actor and the change.
 */
export function publishItineraryEvent(event: ItineraryEvent, actorId?: string): void {
  publishTrip(
    event.type === "itinerary_updated"
      ? {
          kind: "change",
          tripId: event.itineraryId,
          event: "trip_updated",
          actorId,
          changes: { field: "trip", action: "updated", value: null },
        }
      : {
          kind: "change",
          tripId: event.itineraryId,
          event: event.type,
          actorId,
          segmentId: event.segmentId,
          changes: {
            field: "segments",
            action:
              event.type === "segment_added"
                ? "added"
                : event.type === "segment_deleted"
                  ? "removed"
                  : "updated",
            value: { segment_id: event.segmentId },
          },
        },
  );
}

/**
 * The Trip Designer API SSE event of a trip change, or null when the change is not one of
 * the itinerary's (presence and collaborator changes have their own messages).
 */
export function toItineraryEvent(s: TripSignal): ItineraryEvent | null {
  if (s.kind !== "change") return null;
  if (
    s.segmentId &&
    (s.event === "segment_added" || s.event === "segment_modified" || s.event === "segment_deleted")
  )
    return { type: s.event, segmentId: s.segmentId, itineraryId: s.tripId };
  if (s.event === "trip_updated") return { type: "itinerary_updated", itineraryId: s.tripId };
  return null;
}

/** A notification for one user's open WebSocket connections (the TripSage REST API `system_notification`). */
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
    origin: opts.origin ?? relays.instance,
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
  if (message.origin === relays.instance) return; // sent by this process, which emitted it already
  try {
    bus.emit(`user:${message.user_id}`, message.notification);
  } catch (err) {
    console.error("[realtime] a notification subscriber failed", err);
  }
}

/**
 * Starts relaying other instances' user notifications to this process's subscribers (once per
 * process; {@link subscribeUserNotifications} calls it). A no-op on PGlite.
 * @returns resolves once listening (on PGlite at once); failures are logged and retried with
 *          backoff by lib/platform/channel.ts
 */
export function startUserNotificationRelay(): Promise<void> {
  relays.users ??= openChannel({
    channel: USER_NOTIFY_CHANNEL,
    onPayload: onRelayed,
    label: "user notifications",
  });
  return relays.users.ready;
}

/**
 * Stops relaying (UNLISTEN, no more retries); the next {@link subscribeUserNotifications} or
 * {@link startUserNotificationRelay} starts again. For tests and shutdown.
 */
export async function stopUserNotificationRelay(): Promise<void> {
  const u = relays.users;
  relays.users = undefined;
  await u?.close();
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

/**
 * Publishes one `trip_updated` change per field `input` sets (a PATCH of the trip), with
 * the new value; `{field:"trip"}` when it set none. Call after the update committed.
 */
export function publishTripFieldChanges(
  tripId: string,
  actorId: string,
  input: Record<string, unknown>,
): void {
  const fields = Object.entries(input).filter(([, v]) => v !== undefined);
  if (!fields.length) fields.push(["trip", null]);
  for (const [field, value] of fields)
    publishTrip({
      kind: "change",
      tripId,
      event: "trip_updated",
      actorId,
      changes: { field, action: "updated", value },
    });
}

/**
 * Publishes a change of a trip's collaborators (after commit): to the trip's live streams,
 * which re-check the affected user's access, and, when `invited`, a `trip_invitation`
 * notification to the invited user's own connections.
 * @param affectedUserId the collaborator concerned; null for an invitation to an email
 *        without an account (nothing is published then)
 * @param permission the new permission level, null when removed
 */
export function publishCollaboratorChange(
  tripId: string,
  actorId: string,
  affectedUserId: string | null,
  action: "added" | "updated" | "removed",
  permission: string | null,
  invited = false,
): void {
  if (!affectedUserId) return;
  publishTrip({
    kind: "change",
    tripId,
    event: "collaborators_updated",
    actorId,
    affectedUserId,
    changes: {
      field: "collaborators",
      action,
      value: { user_id: affectedUserId, permission_level: permission },
    },
  });
  if (invited)
    publishUserNotification(affectedUserId, {
      notification_type: "trip_invitation",
      content: "You have been invited to a trip",
      data: { trip_id: tripId, invited_by: actorId, permission_level: permission },
    });
}

/**
 * Tells every instance that `userId`'s credentials changed without a `users` row change (an
 * API key revoked), on the `users` trigger's channel: user caches drop the entry and live
 * streams re-check the caller. Call after commit; never throws (logged).
 */
export function announceUserChanged(userId: string): void {
  void getDatabase()
    .then((h) => h.db.execute(sql`select pg_notify(${USER_CHANGED_CHANNEL}, ${userId})`))
    .catch((err) => console.error("[realtime] user change not announced", err));
}
