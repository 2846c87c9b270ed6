/**
 * The TripSage REST API's flight price tracking: price watches (create, list, read, delete),
 * each priced by the cheapest total a flight search finds. Re-checks run in ./price-check.ts.
 */

import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { priceWatches } from "@/db/schema";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import type { FlightProvider } from "@/lib/domain/travel/types";
import {
  earliestLocalDate,
  type FlightSearchInput,
  type FlightTrackInput,
} from "@/lib/domain/validators/travel";
import { ApiError } from "@/lib/platform/errors";
import { lockUserForQuota } from "@/lib/platform/locks";
import { findFlightOffers, resolveAirports } from "./flights";
import { flightProvider } from "./providers";
import type { PriceWatchResponse } from "./schemas";
import type { CabinClass } from "./types";

/** Active price watches one user may hold. */
export const MAX_ACTIVE_WATCHES = 20;
/** Default time between two checks of one watch, ms (6 hours). */
export const WATCH_INTERVAL_MS = 6 * 3_600_000;

/** A `price_watches` row. */
export type WatchRow = typeof priceWatches.$inferSelect;

/** A watch's route as the API and the `flight.price_changed` event name it. */
export function watchRoute(w: WatchRow): PriceWatchResponse["route"] {
  return {
    origin: w.origin,
    destination: w.destination,
    departure_date: w.departureDate,
    return_date: w.returnDate,
  };
}

function toWatchResponse(w: WatchRow): PriceWatchResponse {
  return {
    id: w.id,
    trip_id: w.tripId,
    route: watchRoute(w),
    passengers: w.passengers,
    cabin_class: w.cabinClass as CabinClass,
    target_price: w.targetPrice,
    currency: w.currency,
    notification_email: w.notificationEmail,
    current_price: w.lastPrice,
    lowest_price: w.lowestPrice,
    below_target: w.targetPrice !== null && w.lastPrice !== null && w.lastPrice <= w.targetPrice,
    status: w.status,
    price_history: w.history,
    last_checked_at: w.lastCheckedAt?.toISOString() ?? null,
    next_check_at: w.status === "active" ? w.nextCheckAt.toISOString() : null,
    created_at: w.createdAt.toISOString(),
  };
}

/**
 * The cheapest `price.total` for a watched route now, or null when nothing flies it. Totals
 * are only compared within one currency: `currency` when any offer is quoted in it, else the
 * first offer's (the provider changed currency, e.g. Duffel configured later). One search.
 * @throws as {@link findFlightOffers}
 */
export async function cheapestFor(
  provider: FlightProvider,
  w: Pick<WatchRow, "origin" | "destination" | "departureDate" | "returnDate" | "passengers" | "cabinClass">,
  now: Date,
  currency?: string,
): Promise<{ price: number; currency: string } | null> {
  const offers = await findFlightOffers(
    provider,
    {
      origin: w.origin,
      destination: w.destination,
      departure_date: w.departureDate,
      ...(w.returnDate ? { return_date: w.returnDate } : {}),
      passengers: w.passengers,
      cabin_class: w.cabinClass as FlightSearchInput["cabin_class"],
    },
    now,
  );
  const wanted =
    currency && offers.some((o) => o.price.currency === currency) ? currency : offers[0]?.price.currency;
  const totals = offers.filter((o) => o.price.currency === wanted).map((o) => o.price.total);
  return totals.length === 0 || !wanted ? null : { price: Math.min(...totals), currency: wanted };
}

/**
 * Starts tracking a route's cheapest fare (the TripSage REST API `POST /api/flights/track`): prices it now
 * and schedules a re-check every 6 hours until the departure date passes (a route whose
 * date has already passed is recorded as `expired`, unpriced). When the cheapest
 * total changes, `flight.price_changed` is queued for the caller's webhooks and a
 * `price_alert` notification is sent to their open WebSocket connections.
 * @throws ApiError VALIDATION_ERROR (422) for unknown airports; NOT_FOUND (404) for a
 *         `trip_id` the caller cannot see; LIMIT_EXCEEDED (403) beyond 20 active watches
 */
export async function createPriceWatch(
  db: Db,
  userId: string,
  input: FlightTrackInput,
  opts: { now?: Date; provider?: FlightProvider } = {},
): Promise<PriceWatchResponse> {
  const now = opts.now ?? new Date();
  resolveAirports(input.route.origin, "route.origin");
  resolveAirports(input.route.destination, "route.destination");
  if (input.trip_id) await requireTripRole(db, userId, input.trip_id, "viewer");
  const route = {
    origin: input.route.origin,
    destination: input.route.destination,
    departureDate: input.route.departure_date,
    returnDate: input.route.return_date ?? null,
    passengers: input.passengers,
    cabinClass: input.cabin_class,
  };
  // A route whose date has passed can be recorded but never priced: it starts out expired.
  const past = route.departureDate < earliestLocalDate(now);
  const quote = past ? null : await cheapestFor(opts.provider ?? flightProvider(), route, now);
  const price = quote?.price ?? null;
  return db.transaction(async (tx) => {
    // Lock the user's row so two concurrent requests cannot both pass the limit check.
    await lockUserForQuota(tx, userId);
    const [active] = await tx
      .select({ n: count() })
      .from(priceWatches)
      .where(and(eq(priceWatches.userId, userId), eq(priceWatches.status, "active")));
    if ((active?.n ?? 0) >= MAX_ACTIVE_WATCHES) {
      throw new ApiError(
        "LIMIT_EXCEEDED",
        `You can track at most ${MAX_ACTIVE_WATCHES} routes; stop one first`,
        {
          details: { limit: MAX_ACTIVE_WATCHES },
        },
      );
    }
    const [row] = await tx
      .insert(priceWatches)
      .values({
        userId,
        tripId: input.trip_id ?? null,
        ...route,
        targetPrice: input.target_price ?? null,
        currency: quote?.currency ?? "USD",
        notificationEmail: input.notification_email ?? null,
        lastPrice: price,
        lowestPrice: price,
        history: past ? [] : [{ checked_at: now.toISOString(), price }],
        status: past ? "expired" : "active",
        lastCheckedAt: past ? null : now,
        nextCheckAt: new Date(now.getTime() + WATCH_INTERVAL_MS),
        createdAt: now,
      })
      .returning();
    return toWatchResponse(row as WatchRow);
  });
}

/** The caller's price watches, newest first (all statuses). */
export async function listPriceWatches(db: Db, userId: string): Promise<PriceWatchResponse[]> {
  const rows = await db
    .select()
    .from(priceWatches)
    .where(eq(priceWatches.userId, userId))
    .orderBy(desc(priceWatches.createdAt));
  return rows.map(toWatchResponse);
}

/**
 * One of the caller's price watches.
 * @throws ApiError NOT_FOUND (404) when missing or another user's
 */
export async function getPriceWatch(db: Db, userId: string, watchId: string): Promise<PriceWatchResponse> {
  const [row] = await db
    .select()
    .from(priceWatches)
    .where(and(eq(priceWatches.id, watchId), eq(priceWatches.userId, userId)));
  if (!row) throw new ApiError("NOT_FOUND", "Price watch not found");
  return toWatchResponse(row);
}

/**
 * Stops and removes one of the caller's price watches.
 * @throws ApiError NOT_FOUND (404) when missing or another user's
 */
export async function deletePriceWatch(db: Db, userId: string, watchId: string): Promise<void> {
  const gone = await db
    .delete(priceWatches)
    .where(and(eq(priceWatches.id, watchId), eq(priceWatches.userId, userId)))
    .returning({ id: priceWatches.id });
  if (gone.length === 0) throw new ApiError("NOT_FOUND", "Price watch not found");
}

export type { PriceWatchResponse } from "./schemas";
