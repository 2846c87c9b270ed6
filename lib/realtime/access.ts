/**
 * What a live stream (the TripSage REST API WebSocket, the Trip Designer API SSE stream) may
 * still deliver: its caller's credential is re-checked, and the caller's membership of each
 * trip it follows, before every event it sends.
 *
 * Both checks are cached for {@link ACCESS_CACHE_MS} so a burst of events costs no database
 * round trip, and the cache is dropped at once when the bus says something changed: the
 * user's row (logout, password change, role; the `users` trigger), an API key revoked
 * ({@link announceUserChanged}), or the trip's collaborators (a collaborator change or the
 * trip's deletion). So revocation reaches an open stream with the next event, or within
 * {@link ACCESS_CACHE_MS} when a bus message was missed.
 */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { bearerCaller, type Caller } from "@/lib/domain/auth/bearer";
import { loadTripWithRole } from "@/lib/domain/auth/permissions";
import { callerRow } from "@/lib/domain/auth/user-cache";
import { ApiError } from "@/lib/http/errors";
import { subscribeUserChanged, type TripSignal } from "@/lib/platform/bus";

/** Longest time a positive check is trusted without a bus message, ms. */
export const ACCESS_CACHE_MS = 5_000;

/** How a stream proves its caller again: re-resolves it, or throws ApiError when revoked. */
export type Recheck = () => Promise<Caller>;

/**
 * Re-check for a Bearer credential (JWT or API key) presented at connect: verified again in
 * full (signature, expiry, token version, key revocation and expiry).
 */
export function bearerRecheck(token: string): Recheck {
  return async () => bearerCaller(await getDb(), token);
}

/**
 * Re-check for a caller authenticated once by other means (the session cookie, an events
 * ticket): the user's token version must still be `tokenVersion`, and when `apiKeyId` is
 * given that key must still be active and unexpired.
 * @throws ApiError INVALID_TOKEN when either no longer holds
 */
export function versionRecheck(caller: Caller, tokenVersion: number, apiKeyId?: string): Recheck {
  return async () => {
    const db = await getDb();
    const row = await callerRow(db, caller.userId);
    if (!row || row.tokenVersion !== tokenVersion)
      throw new ApiError("INVALID_TOKEN", "Token has been revoked");
    if (apiKeyId) {
      const [key] = await db
        .select({ expiresAt: apiKeys.expiresAt })
        .from(apiKeys)
        .where(and(eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)));
      if (!key || (key.expiresAt && key.expiresAt.getTime() <= Date.now()))
        throw new ApiError("INVALID_TOKEN", "API key revoked or expired");
    }
    return { ...caller, name: row.name, email: row.email, role: row.role };
  };
}

/** The cached checks of one live stream; see the module doc. */
export interface LiveAccess {
  /** The caller, re-checked when the cache is stale. @throws ApiError when revoked */
  caller(): Promise<Caller>;
  /** Whether the caller may still see `tripId` (viewer or above), cached. */
  canSee(tripId: string): Promise<boolean>;
  /** Feed every signal of a followed trip through this before checking (drops stale entries). */
  observe(s: TripSignal): void;
  /** Drops the cached caller check: the next {@link LiveAccess.caller} re-checks. */
  expire(): void;
  /** Called (once) when a user-changed message arrives: the stream should re-check at once. */
  onUserChanged(listener: () => void): void;
  /** Stops listening for user changes. */
  close(): void;
}

/**
 * Creates the access checks of a stream whose caller is `initial`, re-proved by `recheck`.
 * @param now clock for tests, ms
 */
export function liveAccess(initial: Caller, recheck: Recheck, now: () => number = Date.now): LiveAccess {
  let current = initial;
  let checkedAt = now();
  let pending: Promise<Caller> | undefined;
  const trips = new Map<string, { ok: boolean; at: number }>();
  const listeners: (() => void)[] = [];
  const off = subscribeUserChanged(initial.userId, () => {
    checkedAt = Number.NEGATIVE_INFINITY;
    trips.clear();
    for (const l of listeners) l();
  });
  return {
    caller() {
      if (now() - checkedAt < ACCESS_CACHE_MS) return Promise.resolve(current);
      pending ??= recheck().then(
        (c) => {
          current = c;
          checkedAt = now();
          pending = undefined;
          return c;
        },
        (err) => {
          pending = undefined;
          throw err;
        },
      );
      return pending;
    },
    async canSee(tripId) {
      const hit = trips.get(tripId);
      if (hit && now() - hit.at < ACCESS_CACHE_MS) return hit.ok;
      const found = await loadTripWithRole(await getDb(), current.userId, tripId);
      trips.set(tripId, { ok: found !== null, at: now() });
      return found !== null;
    },
    expire() {
      checkedAt = Number.NEGATIVE_INFINITY;
    },
    observe(s) {
      if (s.kind === "change" && (s.event === "collaborators_updated" || s.event === "trip_deleted"))
        trips.delete(s.tripId);
    },
    onUserChanged(listener) {
      listeners.push(listener);
    },
    close() {
      off();
      listeners.length = 0;
    },
  };
}
