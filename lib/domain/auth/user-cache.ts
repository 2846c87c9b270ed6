/**
 * A per-process cache of the few user columns every Bearer-JWT request needs (email, name,
 * role, token version), so the token-version check does not cost a database round trip per
 * request.
 *
 * Revocation stays immediate:
 * - a trigger on `users` (drizzle/0004_user_changed_notify.sql) sends
 *   `NOTIFY tripsage_user_changed, '<user id>'` whenever a user's email, name, role or token
 *   version changes or the user is deleted, whoever writes it; Postgres delivers it on commit
 *   to every app instance listening (PGlite to this process), and each drops its entry;
 * - the cache is only used while this process listens: until the first LISTEN succeeds (it is
 *   retried with backoff when it fails, and opening the database is retried on the next
 *   request when that fails) every request reads the database; when postgres.js reconnects the
 *   listening connection, the whole cache is dropped (notifications may have been missed);
 * - on Postgres a lost listening connection is noticed even when postgres.js cannot re-LISTEN
 *   (it swallows those failures): every {@link DEFAULT_HEARTBEAT_INTERVAL_MS} this process
 *   NOTIFYs itself a heartbeat on the same channel through the ordinary pool, and when it has
 *   not come back within {@link DEFAULT_HEARTBEAT_TIMEOUT_MS} the cache is emptied and unused
 *   until a heartbeat arrives again (PGlite delivers in-process, synchronously: no heartbeat);
 * - services that change those columns also call {@link forgetUser} inside the transaction and
 *   after it commits, so the next request in this process never races the notification; one
 *   generation counter, bumped by every forget, clear, (re)connection and liveness change,
 *   stops a read that overlapped any of them from caching what it read;
 * - entries live at most {@link USER_CACHE_TTL_MS}, bounding staleness in whatever gap remains
 *   (at most a heartbeat interval plus its timeout after the listening connection dies).
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle, Db, Unlisten } from "@/db/client";
import { getDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { forgetAllVerifiedTokens, forgetVerifiedTokensOf } from "./verified-tokens";

/** Longest time an entry is trusted, ms. */
export const USER_CACHE_TTL_MS = 10_000;
/** Most users kept; the oldest entries go first beyond it. */
const MAX_ENTRIES = 10_000;
/** The Postgres NOTIFY channel carrying changed user ids (and this cache's heartbeats). */
export const USER_CHANGED_CHANNEL = "tripsage_user_changed";
/**
 * Prefix of a heartbeat payload on {@link USER_CHANGED_CHANNEL}:
 * `heartbeat:<instance id>:<sequence>`. Never a user id (those are UUIDs), so an instance
 * that does not know heartbeats only forgets a user that does not exist.
 */
export const USER_CACHE_HEARTBEAT_PREFIX = "heartbeat:";
/** Default ms between two liveness heartbeats on Postgres. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
/** Default ms a heartbeat may take to come back before the cache is switched off. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 2_000;
const DEFAULT_LISTEN_RETRY_MS = { min: 1_000, max: 30_000 };

/** The columns a caller is built from. */
export interface CallerRow {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
  tokenVersion: number;
}

/** What the cache needs of a database: queries (heartbeats), the driver and LISTEN. */
export type UserCacheHandle = Pick<DatabaseHandle, "db" | "driver" | "listen">;

/** How the cache finds its database and checks its listening connection; see {@link resetUserCache}. */
export interface UserCacheOptions {
  /**
   * Supplies the database to LISTEN on and send heartbeats through; default
   * {@link getDatabase}. Called again on the next request after it rejects.
   */
  getHandle?: () => Promise<UserCacheHandle>;
  /**
   * ms between liveness heartbeats, or null for none. Default
   * {@link DEFAULT_HEARTBEAT_INTERVAL_MS} on Postgres, none on PGlite (in-process delivery).
   */
  heartbeatIntervalMs?: number | null;
  /** ms a heartbeat may take to arrive; default {@link DEFAULT_HEARTBEAT_TIMEOUT_MS}. */
  heartbeatTimeoutMs?: number;
  /** Backoff between failed LISTEN attempts, ms: starts at `min`, doubles up to `max`. */
  listenRetryMs?: { min: number; max: number };
}

/** The cache's state as {@link userCacheStatus} reports it. */
export interface UserCacheStatus {
  /** Entries are served: listening and the last heartbeat (if any) came back. */
  usable: boolean;
  /** A LISTEN succeeded (postgres.js keeps re-issuing it after reconnections). */
  listening: boolean;
  /** No heartbeat is overdue. */
  live: boolean;
  /** Users cached. */
  entries: number;
  /** Bumped by every forget, clear, (re)connection and liveness change. */
  generation: number;
}

interface CacheState {
  entries: Map<string, { row: CallerRow; at: number }>;
  generation: number;
  listening: boolean;
  live: boolean;
  /** Bumped by {@link resetUserCache}: callbacks of an earlier session are ignored. */
  session: number;
  opts: UserCacheOptions;
  /** Opening the database and the first LISTEN attempt; dropped when opening fails. */
  started?: Promise<void>;
  unlisten?: Unlisten;
  retryTimer?: NodeJS.Timeout;
  retryMs?: number;
  heartbeatTimer?: NodeJS.Timeout;
  pending?: { token: string; timer?: NodeJS.Timeout };
  seq: number;
  instance: string;
}

// Kept across dev-server reloads, like the database handle.
const g = globalThis as unknown as { __tripsageUserCacheV2?: CacheState };
g.__tripsageUserCacheV2 ??= {
  entries: new Map(),
  generation: 0,
  listening: false,
  live: true,
  session: 0,
  opts: {},
  seq: 0,
  instance: randomUUID(),
};
const state: CacheState = g.__tripsageUserCacheV2;

const usable = () => state.listening && state.live;

/** Empties the cache and stops reads in flight from caching what they read. */
function invalidate(): void {
  state.entries.clear();
  state.generation++;
  forgetAllVerifiedTokens();
}

function start(): Promise<void> {
  if (state.started) return state.started;
  const session = state.session;
  const started = (async () => {
    let handle: UserCacheHandle;
    try {
      handle = await (state.opts.getHandle ?? getDatabase)();
    } catch (err) {
      console.error("[auth] user cache off: the database could not be opened (retried next request)", err);
      throw err;
    }
    if (session === state.session) await listen(session, handle);
  })();
  state.started = started;
  started.catch(() => {
    if (state.started === started) state.started = undefined;
  });
  return started;
}

/** One LISTEN attempt; never throws: on failure the next attempt is scheduled with backoff. */
async function listen(session: number, handle: UserCacheHandle): Promise<void> {
  let unlisten: Unlisten;
  try {
    unlisten = await handle.listen(
      USER_CHANGED_CHANNEL,
      (payload) => onNotify(session, payload),
      () => {
        if (session !== state.session) return;
        // (Re)connected: anything may have changed while we were not listening.
        invalidate();
        state.listening = true;
        state.live = true;
      },
    );
  } catch (err) {
    if (session !== state.session) return;
    state.listening = false;
    invalidate();
    const { min, max } = state.opts.listenRetryMs ?? DEFAULT_LISTEN_RETRY_MS;
    const delay = state.retryMs ?? min;
    state.retryMs = Math.min(delay * 2, max);
    console.error(`[auth] user cache off: LISTEN failed, retrying in ${delay} ms`, err);
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      if (session === state.session) void listen(session, handle);
    }, delay);
    state.retryTimer.unref();
    return;
  }
  if (session !== state.session) {
    await unlisten().catch(() => {});
    return;
  }
  state.unlisten = unlisten;
  state.retryMs = undefined;
  const interval =
    state.opts.heartbeatIntervalMs === undefined
      ? handle.driver === "postgres"
        ? DEFAULT_HEARTBEAT_INTERVAL_MS
        : null
      : state.opts.heartbeatIntervalMs;
  if (interval !== null && !state.heartbeatTimer) {
    const timeout = state.opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    state.heartbeatTimer = setInterval(() => beat(session, handle, timeout), interval);
    state.heartbeatTimer.unref();
  }
}

function onNotify(session: number, payload: string): void {
  if (session !== state.session) return;
  if (!payload.startsWith(USER_CACHE_HEARTBEAT_PREFIX)) {
    forgetUser(payload);
    return;
  }
  if (!payload.startsWith(`${USER_CACHE_HEARTBEAT_PREFIX}${state.instance}:`)) return; // another instance's
  if (state.pending?.token === payload) {
    clearTimeout(state.pending.timer);
    state.pending = undefined;
  }
  if (!state.live) {
    invalidate();
    state.live = true;
    console.warn("[auth] user cache on again: heartbeats arrive");
  }
}

/**
 * Sends one heartbeat (unless one is still on its way). Its deadline starts once the NOTIFY
 * has been sent, so a busy pool delaying the send does not read as a lost listen connection
 * (which would turn the cache off exactly under load); a send that fails counts as a miss.
 */
function beat(session: number, handle: UserCacheHandle, timeoutMs: number): void {
  if (session !== state.session || state.pending) return;
  const token = `${USER_CACHE_HEARTBEAT_PREFIX}${state.instance}:${++state.seq}`;
  const missed = () => {
    if (session !== state.session || state.pending?.token !== token) return;
    state.pending = undefined;
    if (state.live) {
      state.live = false;
      invalidate();
      console.warn(`[auth] user cache off: a heartbeat did not arrive within ${timeoutMs} ms`);
    }
  };
  state.pending = { token };
  handle.db.execute(sql`select pg_notify(${USER_CHANGED_CHANNEL}, ${token})`).then(
    () => {
      const pending = state.pending;
      if (session !== state.session || pending?.token !== token) return; // already arrived
      pending.timer = setTimeout(missed, timeoutMs);
      pending.timer.unref();
    },
    () => missed(),
  );
}

/**
 * Drops `userId`'s entry in this process (and the access tokens of theirs remembered as
 * verified, ./verified-tokens.ts) and bumps the generation, so no read in flight (of any user)
 * caches a row it read before this call.
 */
export function forgetUser(userId: string): void {
  state.entries.delete(userId);
  state.generation++;
  forgetVerifiedTokensOf(userId);
}

/**
 * Stops listening and heartbeats, empties the cache and makes the next {@link callerRow}
 * start afresh with `opts` (defaults when omitted). For tests, which inject a failing or
 * silent database, and for a process that changes databases.
 */
export async function resetUserCache(opts: UserCacheOptions = {}): Promise<void> {
  state.session++;
  clearTimeout(state.retryTimer);
  clearInterval(state.heartbeatTimer);
  clearTimeout(state.pending?.timer);
  const unlisten = state.unlisten;
  Object.assign(state, {
    opts,
    started: undefined,
    unlisten: undefined,
    retryTimer: undefined,
    retryMs: undefined,
    heartbeatTimer: undefined,
    pending: undefined,
    listening: false,
    live: true,
  });
  invalidate();
  await unlisten?.().catch((err) => console.error("[auth] user cache: UNLISTEN failed", err));
}

/** A snapshot of the cache's state, for diagnostics and tests. */
export function userCacheStatus(): UserCacheStatus {
  return {
    usable: usable(),
    listening: state.listening,
    live: state.live,
    entries: state.entries.size,
    generation: state.generation,
  };
}

async function load(db: Db, userId: string): Promise<CallerRow | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      tokenVersion: users.tokenVersion,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/**
 * The caller columns of `userId`: from the cache when it is usable and the entry younger than
 * {@link USER_CACHE_TTL_MS}, else from `db` (then cached, unless the generation moved meanwhile).
 * Starts listening on first use; while the database cannot be opened or LISTEN is down or a
 * heartbeat is overdue, every call reads `db`.
 * @param now the current time, ms since the epoch (tests age entries with it)
 * @returns undefined when the user does not exist
 * @throws what `db` throws when the row has to be read
 */
export async function callerRow(
  db: Db,
  userId: string,
  now: number = Date.now(),
): Promise<CallerRow | undefined> {
  try {
    await start();
  } catch {
    return load(db, userId); // logged by start(); the next call tries again
  }
  if (!usable()) return load(db, userId);
  const hit = state.entries.get(userId);
  if (hit && now - hit.at < USER_CACHE_TTL_MS) return hit.row;
  const generation = state.generation;
  const row = await load(db, userId);
  if (row && usable() && state.generation === generation) {
    if (state.entries.size >= MAX_ENTRIES) {
      const oldest = state.entries.keys().next().value;
      if (oldest !== undefined) state.entries.delete(oldest);
    }
    state.entries.delete(userId);
    state.entries.set(userId, { row, at: now });
  }
  return row;
}
