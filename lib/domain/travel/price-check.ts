/**
 * The price-check batch: re-prices the flight price watches that are due, records each result
 * and queues `flight.price_changed` on a change. Claiming uses the platform's lease primitive;
 * the background loop that calls this is ./checker.ts.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { priceWatches } from "@/db/schema";
import type { FlightProvider } from "@/lib/domain/travel/types";
import { earliestLocalDate } from "@/lib/domain/validators/travel";
import { ApiError } from "@/lib/platform/errors";
import { claimDue, type LeaseQueue } from "@/lib/platform/loop";
import { enqueueEvent } from "@/lib/platform/outbox";
import { flightProvider } from "./providers";
import { cheapestFor, WATCH_INTERVAL_MS, watchRoute } from "./watches";

/** A price change found by {@link checkDuePriceWatches}. */
export interface PriceChange {
  watchId: string;
  userId: string;
  tripId: string | null;
  origin: string;
  destination: string;
  oldPrice: number;
  newPrice: number;
  currency: string;
}

/** Watches one {@link checkDuePriceWatches} call claims by default. */
export const CHECK_BATCH = 20;

/** How long a claimed watch is reserved for the process checking it, ms (10 minutes). */
const CHECK_LEASE_MS = 10 * 60_000;

/**
 * The price watches as a lease queue (lib/platform/loop.ts {@link claimDue}): active watches
 * are due at `next_check_at`; a claim pushes it 10 minutes on.
 */
export const WATCH_QUEUE: LeaseQueue<typeof priceWatches> = {
  table: priceWatches,
  id: priceWatches.id,
  due: priceWatches.nextCheckAt,
  ready: eq(priceWatches.status, "active"),
};

/**
 * Re-prices the active watches whose check is due (oldest first, at most `limit`).
 * Claiming is the platform's one-statement lease ({@link claimDue} on {@link WATCH_QUEUE}:
 * `FOR UPDATE SKIP LOCKED`, moving `next_check_at` 10 minutes on), so several processes never
 * check one watch at once and no lock is held while the provider is asked; a crashed
 * checker's watches come due again after the lease. A claimed watch whose departure date has
 * passed becomes `expired`. Each result is written
 * in its own transaction: when the cheapest total differs from the last one,
 * `flight.price_changed` is queued in that transaction with `data: {watch_id, trip_id,
 * route, passengers, cabin_class, old_price, new_price, price_change, currency,
 * target_price, below_target, checked_at}`.
 * @param opts.userId only this user's watches (tests; a per-user "check now")
 * @param opts.limit watches claimed per call (default {@link CHECK_BATCH})
 * @returns the changes found (the caller announces them, e.g. as WebSocket notifications)
 */
export async function checkDuePriceWatches(
  db: Db,
  opts: {
    now?: Date;
    limit?: number;
    provider?: FlightProvider;
    userId?: string;
    /** Filled in with how many watches this call claimed (a full batch means more may be due). */
    stats?: { claimed: number };
  } = {},
): Promise<PriceChange[]> {
  const now = opts.now ?? new Date();
  const provider = opts.provider ?? flightProvider();
  const today = earliestLocalDate(now);
  const leaseEnd = new Date(now.getTime() + CHECK_LEASE_MS);
  const rows = await claimDue(db, WATCH_QUEUE, {
    batch: opts.limit ?? CHECK_BATCH,
    leaseMs: CHECK_LEASE_MS,
    now,
    ...(opts.userId ? { where: eq(priceWatches.userId, opts.userId) } : {}),
  });
  const past = rows.filter((w) => w.departureDate < today).map((w) => w.id);
  if (past.length) {
    // Still ours (leased until leaseEnd): the departure has passed, so it is never priced again.
    await db
      .update(priceWatches)
      .set({ status: "expired" })
      .where(and(inArray(priceWatches.id, past), eq(priceWatches.nextCheckAt, leaseEnd)));
  }
  const claimed = { live: rows.filter((w) => w.departureDate >= today), selected: rows.length };
  if (opts.stats) opts.stats.claimed = claimed.selected;

  const changes: PriceChange[] = [];
  for (const claim of claimed.live) {
    let quote: { price: number; currency: string } | null;
    try {
      // Totals are compared in the watch's currency; until a first price exists, or when the
      // provider now quotes another currency (e.g. Duffel configured later), it re-baselines.
      quote = await cheapestFor(provider, claim, now, claim.lastPrice === null ? undefined : claim.currency);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR") {
        // The route can no longer be searched (e.g. rules changed): stop, don't retry forever.
        console.warn(`[prices] watch ${claim.id} can no longer be priced: ${err.message}`);
        await db
          .update(priceWatches)
          .set({ status: "expired" })
          .where(and(eq(priceWatches.id, claim.id), eq(priceWatches.nextCheckAt, leaseEnd)));
        continue;
      }
      // A provider outage must not stop the batch: this watch is retried when its lease ends.
      console.error(`[prices] pricing watch ${claim.id} failed`, err);
      continue;
    }
    const price = quote?.price ?? null;
    const rebaseline = quote !== null && quote.currency !== claim.currency;
    const change = await db.transaction(async (tx) => {
      const [w] = await tx.select().from(priceWatches).where(eq(priceWatches.id, claim.id)).for("update");
      if (w?.status !== "active") return null; // deleted or stopped meanwhile
      // Another process took the watch over after our lease ran out: its result wins.
      if (w.nextCheckAt.getTime() !== leaseEnd.getTime()) return null;
      const history = [...w.history, { checked_at: now.toISOString(), price }].slice(-60);
      await tx
        .update(priceWatches)
        .set({
          lastPrice: price,
          lowestPrice:
            price === null ? w.lowestPrice : rebaseline ? price : Math.min(price, w.lowestPrice ?? price),
          ...(rebaseline && quote ? { currency: quote.currency } : {}),
          history,
          lastCheckedAt: now,
          nextCheckAt: new Date(now.getTime() + WATCH_INTERVAL_MS),
        })
        .where(eq(priceWatches.id, w.id));
      if (rebaseline && w.lastPrice !== null)
        console.warn(`[prices] watch ${w.id} re-baselined from ${w.currency} to ${quote?.currency}`);
      if (rebaseline || price === null || w.lastPrice === null || price === w.lastPrice) return null;
      const delta = Math.round((price - w.lastPrice) * 100) / 100;
      await enqueueEvent(tx, {
        userId: w.userId,
        type: "flight.price_changed",
        data: {
          watch_id: w.id,
          trip_id: w.tripId,
          route: watchRoute(w),
          passengers: w.passengers,
          cabin_class: w.cabinClass,
          old_price: w.lastPrice,
          new_price: price,
          price_change: delta,
          currency: w.currency,
          target_price: w.targetPrice,
          below_target: w.targetPrice !== null && price <= w.targetPrice,
          checked_at: now.toISOString(),
        },
      });
      return {
        watchId: w.id,
        userId: w.userId,
        tripId: w.tripId,
        origin: w.origin,
        destination: w.destination,
        oldPrice: w.lastPrice,
        newPrice: price,
        currency: w.currency,
      } satisfies PriceChange;
    });
    if (change) changes.push(change);
  }
  return changes;
}
