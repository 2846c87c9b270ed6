/**
 * Presence: who has a trip open, on every app instance.
 *
 * Each open connection that follows a trip (the trip page's SSE stream, a WebSocket in the
 * trip's room) joins with a connection id `<instance>:<n>`; joins and leaves go over the
 * event bus (`trip:<id>`, kind `presence`), so every instance keeps the same roster. An
 * instance that starts following a trip asks the others (`presence_query`) and they answer
 * with `sync` for their own connections; every {@link PRESENCE_REFRESH_MS} each instance
 * re-announces its connections, and a remote connection not heard of for
 * {@link PRESENCE_EXPIRY_MS} (its instance died) is dropped.
 *
 * A user counts once however many tabs or sockets they have open: `joined` is reported when
 * their first connection arrives, `left` when their last one goes.
 */
import { instanceId, type PresenceSignal, publishTrip, subscribeTrip } from "@/lib/platform/bus";

/** A user as presence reports them. */
export interface PresentUser {
  id: string;
  name: string;
}

/** A change of a trip's roster, with the roster after it. */
export interface PresenceChange {
  op: "joined" | "left";
  user: PresentUser;
  users: PresentUser[];
}

/** ms between re-announcements of this instance's connections. */
export const PRESENCE_REFRESH_MS = 20_000;
/** ms after which a remote connection not re-announced is dropped. */
export const PRESENCE_EXPIRY_MS = 50_000;

interface Entry {
  user: PresentUser;
  local: boolean;
  seenAt: number;
}
interface TripState {
  conns: Map<string, Entry>;
  listeners: Set<(c: PresenceChange) => void>;
  off?: () => void;
}
interface State {
  seq: number;
  trips: Map<string, TripState>;
  timer?: NodeJS.Timeout;
}

// Shared by the Next bundle (SSE) and the custom server (WebSocket) of one process.
const g = globalThis as unknown as { __tripsagePresence?: State };
g.__tripsagePresence ??= { seq: 0, trips: new Map() };
const state = g.__tripsagePresence;

function usersOf(t: TripState): PresentUser[] {
  const seen = new Map<string, PresentUser>();
  for (const e of t.conns.values()) if (!seen.has(e.user.id)) seen.set(e.user.id, e.user);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function count(t: TripState, userId: string): number {
  let n = 0;
  for (const e of t.conns.values()) if (e.user.id === userId) n++;
  return n;
}

function notify(t: TripState, op: PresenceChange["op"], user: PresentUser) {
  const change = { op, user, users: usersOf(t) };
  for (const l of t.listeners) {
    try {
      l(change);
    } catch (err) {
      console.error("[presence] a listener failed", err);
    }
  }
}

function add(t: TripState, conn: string, user: PresentUser, local: boolean) {
  const had = count(t, user.id);
  const known = t.conns.get(conn);
  t.conns.set(conn, { user, local, seenAt: Date.now() });
  if (!known && had === 0) notify(t, "joined", user);
}

function remove(t: TripState, conn: string) {
  const e = t.conns.get(conn);
  if (!e) return;
  t.conns.delete(conn);
  if (count(t, e.user.id) === 0) notify(t, "left", e.user);
}

function announceLocal(tripId: string, t: TripState) {
  for (const [conn, e] of t.conns)
    if (e.local) publishTrip({ kind: "presence", tripId, op: "sync", conn, user: e.user });
}

function tick() {
  const now = Date.now();
  for (const [tripId, t] of state.trips) {
    announceLocal(tripId, t);
    for (const [conn, e] of t.conns) if (!e.local && now - e.seenAt > PRESENCE_EXPIRY_MS) remove(t, conn);
  }
}

function tripState(tripId: string): TripState {
  let t = state.trips.get(tripId);
  if (t) return t;
  const created: TripState = { conns: new Map(), listeners: new Set() };
  t = created;
  state.trips.set(tripId, created);
  created.off = subscribeTrip(tripId, (s) => {
    if (s.kind === "presence_query") return announceLocal(tripId, created);
    if (s.kind !== "presence") return;
    const mine = s.conn.startsWith(`${instanceId()}:`);
    if (s.op === "leave") return mine ? undefined : remove(created, s.conn);
    if (!mine) add(created, s.conn, s.user, false);
  });
  publishTrip({ kind: "presence_query", tripId });
  if (!state.timer) {
    state.timer = setInterval(tick, PRESENCE_REFRESH_MS);
    state.timer.unref();
  }
  return created;
}

function release(tripId: string, t: TripState) {
  if (t.listeners.size || [...t.conns.values()].some((e) => e.local)) return;
  t.off?.();
  state.trips.delete(tripId);
  if (!state.trips.size && state.timer) {
    clearInterval(state.timer);
    state.timer = undefined;
  }
}

/**
 * Follows trip `tripId`'s roster: `listener` hears every join and leave (local or remote).
 * @returns the users present now, and the function that stops following
 */
export function watchPresence(
  tripId: string,
  listener: (c: PresenceChange) => void,
): { users: PresentUser[]; stop: () => void } {
  const t = tripState(tripId);
  t.listeners.add(listener);
  return {
    users: usersOf(t),
    stop: () => {
      t.listeners.delete(listener);
      release(tripId, t);
    },
  };
}

/**
 * Marks `user` present on trip `tripId` through one connection, on every instance.
 * Call only after checking the user may see the trip.
 * @returns the function to call when the connection closes (idempotent)
 */
export function joinPresence(tripId: string, user: PresentUser): () => void {
  const t = tripState(tripId);
  const conn = `${instanceId()}:${++state.seq}`;
  add(t, conn, user, true);
  publishTrip({ kind: "presence", tripId, op: "join", conn, user } satisfies PresenceSignal);
  let left = false;
  return () => {
    if (left) return;
    left = true;
    remove(t, conn);
    publishTrip({ kind: "presence", tripId, op: "leave", conn, user });
    release(tripId, t);
  };
}

/** The users present on trip `tripId` as this instance knows them (for diagnostics and tests). */
export function presentUsers(tripId: string): PresentUser[] {
  const t = state.trips.get(tripId);
  return t ? usersOf(t) : [];
}
