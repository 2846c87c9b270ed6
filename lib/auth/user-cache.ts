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
 * - the cache is only used while this process listens; when postgres.js reconnects the
 *   listening connection, the whole cache is dropped (notifications may have been missed);
 * - services that change those columns also call {@link forgetUser} inside the transaction and
 *   after it commits, so the next request in this process never races the notification; an
 *   epoch per user stops a read that overlapped the change from caching the old row;
 * - entries live at most {@link USER_CACHE_TTL_MS}, bounding staleness if a notification is
 *   ever lost while the listen connection is silently down.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDatabase } from "@/db/client";
import { users } from "@/db/schema";

/** Longest time an entry is trusted, ms. */
export const USER_CACHE_TTL_MS = 10_000;
/** Most users kept; the oldest entries go first beyond it. */
const MAX_ENTRIES = 10_000;
/** The Postgres NOTIFY channel carrying changed user ids. */
export const USER_CHANGED_CHANNEL = "tripsage_user_changed";

/** The columns a caller is built from. */
export interface CallerRow {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
  tokenVersion: number;
}

interface CacheState {
  entries: Map<string, { row: CallerRow; at: number }>;
  epochs: Map<string, number>;
  /** True while the cache may be used (PGlite, or Postgres with LISTEN up). */
  usable: boolean;
  started?: Promise<void>;
}

const g = globalThis as unknown as { __tripsageUserCache?: CacheState };
if (!g.__tripsageUserCache) g.__tripsageUserCache = { entries: new Map(), epochs: new Map(), usable: false };
const state: CacheState = g.__tripsageUserCache;

function start(): Promise<void> {
  state.started ??= (async () => {
    const handle = await getDatabase();
    try {
      await handle.listen(
        USER_CHANGED_CHANNEL,
        (userId) => forgetUser(userId),
        () => {
          // (Re)connected: anything may have changed while we were not listening.
          state.entries.clear();
          state.usable = true;
        },
      );
    } catch (err) {
      console.error("[auth] user cache disabled: LISTEN failed", err);
      state.usable = false;
    }
  })();
  return state.started;
}

/** Drops `userId`'s entry in this process (and stops an in-flight read from caching it). */
export function forgetUser(userId: string): void {
  state.entries.delete(userId);
  state.epochs.set(userId, (state.epochs.get(userId) ?? 0) + 1);
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
 * The caller columns of `userId`: from the cache when it is usable and fresh, else from the
 * database (then cached).
 * @returns undefined when the user does not exist
 */
export async function callerRow(
  db: Db,
  userId: string,
  now: number = Date.now(),
): Promise<CallerRow | undefined> {
  await start();
  if (!state.usable) return load(db, userId);
  const hit = state.entries.get(userId);
  if (hit && now - hit.at < USER_CACHE_TTL_MS) return hit.row;
  const epoch = state.epochs.get(userId) ?? 0;
  const row = await load(db, userId);
  if (row && state.usable && (state.epochs.get(userId) ?? 0) === epoch) {
    if (state.entries.size >= MAX_ENTRIES) {
      const oldest = state.entries.keys().next().value;
      if (oldest !== undefined) state.entries.delete(oldest);
    }
    state.entries.delete(userId);
    state.entries.set(userId, { row, at: now });
  }
  return row;
}
