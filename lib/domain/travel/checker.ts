/**
 * The in-process price checker: every minute it re-prices the flight price watches that are
 * due (lib/domain/travel/price-check.ts `checkDuePriceWatches`, each watch every 6 hours) and sends a
 * the TripSage REST API `price_alert` notification to the owner's open WebSocket connections for every
 * change (the `flight.price_changed` webhook is queued by the check itself, in its
 * transaction); every hour it also deletes stored search offers past their 7-day retention.
 */
import type { Db } from "@/db/client";
import { publishUserNotification } from "@/lib/platform/bus";
import { drainRounds, startLoop, stopLoop } from "@/lib/platform/loop";
import { airportLabel } from "./airports";
import { purgeExpiredOffers } from "./offers";
import { CHECK_BATCH, checkDuePriceWatches, type PriceChange } from "./price-check";

/** The loop's name on `globalThis` (see lib/platform/loop.ts). */
const LOOP = "price-checker";

/**
 * The notification for one change, as the TripSage REST API's "System Notifications" example:
 * `{notification_type: "price_alert", content, data: {trip_id, watch_id, price_change, new_price, currency}}`.
 */
export function priceAlert(c: PriceChange) {
  const delta = Math.round((c.newPrice - c.oldPrice) * 100) / 100;
  const amount = new Intl.NumberFormat("en", { style: "currency", currency: c.currency }).format(
    Math.abs(delta),
  );
  return {
    notification_type: "price_alert",
    content: `Flight prices from ${airportLabel(c.origin)} to ${airportLabel(c.destination)} have ${delta < 0 ? "dropped" : "risen"} by ${amount}`,
    data: {
      trip_id: c.tripId,
      watch_id: c.watchId,
      price_change: delta,
      old_price: c.oldPrice,
      new_price: c.newPrice,
      currency: c.currency,
    },
  };
}

/**
 * Runs the due checks, batch after batch while full batches come back (at most 50 batches or
 * 45 s), and announces every change.
 * @param opts.userId only this user's watches
 * @returns the changes found
 */
export async function runPriceCheck(
  db: Db,
  now: Date = new Date(),
  opts: { userId?: string } = {},
): Promise<PriceChange[]> {
  const all: PriceChange[] = [];
  await drainRounds(
    async () => {
      const stats = { claimed: 0 };
      const changes = await checkDuePriceWatches(db, { now, ...opts, stats });
      for (const c of changes) publishUserNotification(c.userId, priceAlert(c));
      all.push(...changes);
      return stats.claimed >= CHECK_BATCH;
    },
    { maxRounds: MAX_ROUNDS, budgetMs: RUN_BUDGET_MS },
  );
  return all;
}

/** Most batches one run claims, and the wall time after which it stops claiming, ms. */
const MAX_ROUNDS = 50;
const RUN_BUDGET_MS = 45_000;
/** How often the loop also deletes stored offers past their retention, ms (hourly). */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Starts the loop (one per process, kept on `globalThis`; the timer is `unref`'d; ticks never
 * overlap; errors are logged and the loop carries on). Several processes may each run one:
 * watches are claimed with `FOR UPDATE SKIP LOCKED`.
 * @returns a function that stops it
 */
export function startPriceChecker(opts: { intervalMs?: number; getDb?: () => Promise<Db> } = {}): () => void {
  const stop = () => stopLoop(LOOP);
  const load =
    opts.getDb ??
    (async () => {
      const { getDb } = await import("@/db/client");
      return getDb();
    });
  let lastPurge = 0;
  startLoop(LOOP, {
    intervalMs: opts.intervalMs ?? 60_000,
    errorMessage: "[prices] check failed",
    tick: async () => {
      const db = await load();
      await runPriceCheck(db);
      if (Date.now() - lastPurge > PURGE_EVERY_MS) {
        lastPurge = Date.now();
        await purgeExpiredOffers(db);
      }
    },
  });
  return stop;
}
