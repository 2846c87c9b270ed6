/**
 * The TripSage REST API's Flight Services and Accommodation Services: search, offer details and flight
 * price tracking. Routes, assistant tools and the UI all call these functions; each one is
 * scoped by the caller (`userId`): offers and watches are visible to the caller who made them.
 */
import { randomBytes } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, lt, lte } from "drizzle-orm";
import { Duration } from "luxon";
import pLimit from "p-limit";
import type { Db } from "@/db/client";
import { priceWatches, travelOffers } from "@/db/schema";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import { addDays } from "@/lib/domain/itinerary/dates";
import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import { type Airport, airportsForCity, findAirport } from "@/lib/domain/travel/airports";
import { findCity } from "@/lib/domain/travel/cities";
import type { FlightProvider } from "@/lib/domain/travel/types";
import { haversineKm } from "@/lib/domain/users/profile";
import {
  type AccommodationSearchInput,
  earliestLocalDate,
  type FlightSearchInput,
  type FlightTrackInput,
  saleWindowProblem,
} from "@/lib/domain/validators/travel";
import { ApiError } from "@/lib/platform/errors";
import { lockUserForQuota } from "@/lib/platform/locks";
import { enqueueEvent } from "@/lib/platform/outbox";
import { catalogueEntry, priceStay, sampleProperties } from "./offline-stays";
import { flightProvider } from "./providers";
import type { AccommodationOffer, CabinClass, FlightOffer, SearchMetadata } from "./types";

/** How long stored offers stay readable by id, ms (7 days). */
export const OFFER_RETENTION_MS = 7 * 86_400_000;
/** Active price watches one user may hold. */
export const MAX_ACTIVE_WATCHES = 20;
/** Default time between two checks of one watch, ms (6 hours). */
export const WATCH_INTERVAL_MS = 6 * 3_600_000;
/** Offers departing sooner than this after the search are not sold, ms (2 hours). */
const MIN_LEAD_MS = 2 * 3_600_000;

/** Provider searches one request runs at once (a metro code × flexible dates fans out). */
const PROVIDER_CONCURRENCY = 4;
/** Most provider searches one request may need (airport pairs × flexible days). */
export const MAX_PROVIDER_CALLS = 36;

/**
 * Runs `fn` over `items` with at most `limit` calls in flight (p-limit); results in input order.
 * @throws the first error; the calls still queued are dropped, so none starts after it
 */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  // Without rejectOnClear: the dropped calls' promises never settle, so Promise.all (inside
  // map) rejects with the first real error, not with the AbortError of a dropped call.
  const pool = pLimit(limit);
  return pool.map(items, async (item) => {
    try {
      return await fn(item);
    } catch (err) {
      pool.clearQueue(); // the caller gets this error: start nothing more
      throw err;
    }
  });
}

const newId = (prefix: string, bytes = 10) => `${prefix}${randomBytes(bytes).toString("hex")}`;

function fieldError(field: string, message: string): ApiError {
  return new ApiError("VALIDATION_ERROR", "Validation failed", {
    errors: [{ field, message, type: "value_error" }],
  });
}

/**
 * Airports for an IATA airport or metro code.
 * @throws ApiError VALIDATION_ERROR (422) on `field` when the code is unknown
 */
function resolveAirports(code: string, field: string): Airport[] {
  const found = airportsForCity(code);
  if (found.length === 0) throw fieldError(field, `Unknown airport or metro code '${code}'`);
  return found;
}

function minutes(iso: string): number {
  return Duration.fromISO(iso).as("minutes");
}

/** Both searches' answer: the TripSage REST API `{results, search_metadata}`. */
export interface SearchResponse<T> {
  results: T[];
  search_metadata: SearchMetadata;
}

/**
 * Searches flights (the TripSage REST API `POST /api/flights/search`): every airport of the origin and
 * destination codes (metro codes fan out), every date of the flexible window (the return
 * date moves with the departure), offers departing at least 2 h from now and within
 * `budget_max` (`price.total`, USD). Sorted by `sort_by` with `preferred_airlines` first,
 * cut to `limit`; the returned offers are stored for {@link getFlightOffer}. A departure or
 * return date in the past or beyond the 361 days on sale is not an error: the answer has no
 * results and says why in `search_metadata.warnings` (with flexible dates, the sellable days
 * of the window are still searched).
 * @param opts.now the search time (tests); @param opts.provider overrides the deployment's
 * @returns `{results, search_metadata}`; `total_results` counts matches before `limit`
 * @throws ApiError VALIDATION_ERROR (422) for an unknown airport code;
 *         SERVICE_UNAVAILABLE (503) when a live provider fails
 */
export async function searchFlights(
  db: Db,
  userId: string,
  input: FlightSearchInput,
  opts: { now?: Date; provider?: FlightProvider } = {},
): Promise<SearchResponse<FlightOffer>> {
  const now = opts.now ?? new Date();
  const provider = opts.provider ?? flightProvider();
  const warnings = [
    saleWindowProblem("departure_date", input.departure_date, now),
    input.return_date ? saleWindowProblem("return_date", input.return_date, now) : null,
  ].filter((w): w is string => w !== null);
  // Flexible dates may still reach sellable days around an unsellable one.
  const offers =
    warnings.length && !input.flexible_dates?.enabled ? [] : await findFlightOffers(provider, input, now);
  const budget = input.budget_max;
  const matching = offers.filter((o) => budget === undefined || o.price.total <= budget);
  const preferred = new Set(input.preferred_airlines ?? []);
  const key = (o: Omit<FlightOffer, "id">) =>
    input.sort_by === "duration"
      ? minutes(o.outbound.duration) + (o.return ? minutes(o.return.duration) : 0)
      : input.sort_by === "departure"
        ? Date.parse(o.outbound.departure.time)
        : o.price.total;
  matching.sort(
    (a, b) =>
      Number(preferred.has(b.airline_code)) - Number(preferred.has(a.airline_code)) ||
      key(a) - key(b) ||
      a.price.total - b.price.total,
  );
  const searchId = newId("search_", 8);
  const results: FlightOffer[] = matching.slice(0, input.limit).map((o) => ({ id: newId("off_"), ...o }));
  await storeOffers(db, userId, "flight", searchId, results, now);
  return {
    results,
    search_metadata: {
      total_results: matching.length,
      search_id: searchId,
      // The provider's currency (the offline model quotes USD; Duffel the account's currency).
      currency: results[0]?.price.currency ?? "USD",
      searched_at: now.toISOString(),
      provider: provider.name,
      ...(warnings.length ? { warnings } : {}),
    },
  };
}

/** Every offer for the search's airports and dates, before budget, sort and limit. */
async function findFlightOffers(
  provider: FlightProvider,
  input: Pick<
    FlightSearchInput,
    | "origin"
    | "destination"
    | "departure_date"
    | "return_date"
    | "passengers"
    | "cabin_class"
    | "flexible_dates"
    | "max_stops"
  >,
  now: Date,
): Promise<Omit<FlightOffer, "id">[]> {
  const origins = resolveAirports(input.origin, "origin");
  const destinations = resolveAirports(input.destination, "destination");
  if (destinations.some((d) => origins.includes(d))) {
    throw fieldError(
      "destination",
      `${input.destination} and ${input.origin} share an airport; pick another destination`,
    );
  }
  const flex = input.flexible_dates?.enabled ? input.flexible_dates : { days_before: 0, days_after: 0 };
  const shifts: number[] = [];
  for (let d = -flex.days_before; d <= flex.days_after; d++) {
    const out = addDays(input.departure_date, d);
    const back = input.return_date ? addDays(input.return_date, d) : null;
    if (
      !saleWindowProblem("departure_date", out, now) &&
      !(back && saleWindowProblem("return_date", back, now))
    )
      shifts.push(d);
  }
  const queries: { from: Airport; to: Airport; q: Parameters<FlightProvider["search"]>[2] }[] = [];
  for (const shift of shifts) {
    for (const from of origins) {
      for (const to of destinations) {
        queries.push({
          from,
          to,
          q: {
            departure_date: addDays(input.departure_date, shift),
            ...(input.return_date ? { return_date: addDays(input.return_date, shift) } : {}),
            passengers: input.passengers,
            cabin_class: input.cabin_class,
            ...(input.max_stops !== undefined ? { max_stops: input.max_stops } : {}),
          },
        });
      }
    }
  }
  if (queries.length > MAX_PROVIDER_CALLS) {
    throw fieldError(
      "flexible_dates",
      `${queries.length} airport and date combinations; at most ${MAX_PROVIDER_CALLS} — narrow the flexible window or use airport codes`,
    );
  }
  const found = await inBatches(queries, PROVIDER_CONCURRENCY, ({ from, to, q }) =>
    provider.search(from, to, q, now),
  );
  const earliest = now.getTime() + MIN_LEAD_MS;
  return found.flat().filter((o) => Date.parse(o.outbound.departure.time) >= earliest);
}

async function storeOffers(
  db: Db,
  userId: string,
  kind: "flight" | "accommodation",
  searchId: string,
  offers: { id: string }[],
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    // Keep the table small: this user's offers older than the retention go first.
    await tx
      .delete(travelOffers)
      .where(
        and(
          eq(travelOffers.userId, userId),
          lt(travelOffers.createdAt, new Date(now.getTime() - OFFER_RETENTION_MS)),
        ),
      );
    if (offers.length === 0) return;
    await tx.insert(travelOffers).values(
      offers.map((o) => ({
        id: o.id,
        kind,
        userId,
        searchId,
        offer: o as unknown as Record<string, unknown>,
        createdAt: now,
      })),
    );
  });
}

/** Id prefixes {@link newId} gives stored offers; any other id cannot exist. */
/** The stored offer kinds: their id shape, the type the search answered, the 404 message. */
const OFFER_KINDS = {
  flight: { id: /^off_[0-9a-f]{20}$/, missing: "Flight offer not found (offers are kept for 7 days)" },
  accommodation: {
    id: /^stay_[0-9a-f]{20}$/,
    missing: "Accommodation offer not found (offers are kept for 7 days)",
  },
} as const;
interface OfferOfKind {
  flight: FlightOffer;
  accommodation: AccommodationOffer;
}

/**
 * One offer of `kind` from the caller's searches of the last 7 days, exactly as the search
 * answered it (the `travel_offers` row written by the search).
 * @throws ApiError NOT_FOUND (404) when the id is malformed, unknown, older than 7 days or another user's
 */
async function getStoredOffer<K extends keyof OfferOfKind>(
  db: Db,
  userId: string,
  kind: K,
  id: string,
  now: Date,
): Promise<OfferOfKind[K]> {
  const { id: shape, missing } = OFFER_KINDS[kind];
  const [row] = shape.test(id)
    ? await db
        .select({ offer: travelOffers.offer })
        .from(travelOffers)
        .where(
          and(
            eq(travelOffers.id, id),
            eq(travelOffers.userId, userId),
            eq(travelOffers.kind, kind),
            gt(travelOffers.createdAt, new Date(now.getTime() - OFFER_RETENTION_MS)),
          ),
        )
    : [];
  if (!row?.offer) throw new ApiError("NOT_FOUND", missing);
  return row.offer as unknown as OfferOfKind[K];
}

/**
 * One flight offer from the caller's searches of the last 7 days (the TripSage REST API
 * `GET /api/flights/{flight_offer_id}`), exactly as the search answered it; `expires_at`
 * says whether its price still stands.
 * @throws ApiError NOT_FOUND (404) when the id is unknown, older than 7 days or another user's
 */
export function getFlightOffer(
  db: Db,
  userId: string,
  offerId: string,
  now = new Date(),
): Promise<FlightOffer> {
  return getStoredOffer(db, userId, "flight", offerId, now);
}

/** A place to search stays around. */
interface Place {
  city: string;
  country: string;
  countryCode: string | null;
  center: { latitude: number; longitude: number };
  radiusKm: number;
  dailyCostUsd?: number;
  bestMonths: readonly number[];
}

/**
 * Geocodes a stay search: explicit `coordinates` win; otherwise `location` is looked up in the
 * destination catalogue ("Tokyo", "Tokyo, Japan"), then among airport cities, then in the
 * world city list (lib/domain/travel/cities.ts: "Granada", "Luzern"); "Shinjuku, Tokyo" (a place
 * unknown here, then a city) is searched around the city.
 * @throws ApiError VALIDATION_ERROR (422) on `location` when the place is unknown
 */
function resolvePlace(input: AccommodationSearchInput): Place {
  const text = input.location?.trim() ?? "";
  const [cityPart = "", ...rest] = text.split(",").map((s) => s.trim());
  const countryPart = rest.at(-1)?.toLowerCase();
  const entry = catalogueEntry(cityPart, countryPart);
  const airport = entry ? undefined : text ? airportsForCity(text)[0] : undefined;
  if (input.coordinates) {
    const at = { latitude: input.coordinates.latitude, longitude: input.coordinates.longitude };
    // Name the place after the catalogue city at the coordinates; the written location only
    // when it is that city, or an airport city near them (coordinates win when they disagree).
    const near =
      entry && haversineKm(entry.coordinates, at) < 50
        ? entry
        : CATALOGUE.find((d) => haversineKm(d.coordinates, at) < 30);
    const nearAirport = airport && haversineKm(airport, at) < 80 ? airport : undefined;
    return {
      city: near?.city ?? nearAirport?.city ?? "this area",
      country: near?.country ?? nearAirport?.country ?? "",
      countryCode: near?.country_code ?? nearAirport?.country_code ?? null,
      center: at,
      radiusKm: input.coordinates.radius_km,
      ...(near ? { dailyCostUsd: near.daily_cost_usd } : {}),
      bestMonths: near?.best_months ?? [],
    };
  }
  if (entry) {
    return {
      city: entry.city,
      country: entry.country,
      countryCode: entry.country_code,
      center: entry.coordinates,
      radiusKm: 10,
      dailyCostUsd: entry.daily_cost_usd,
      bestMonths: entry.best_months,
    };
  }
  if (airport) {
    const cat = catalogueEntry(airport.city, airport.country_code);
    return {
      city: airport.city,
      country: airport.country,
      countryCode: airport.country_code,
      center: cat?.coordinates ?? { latitude: airport.latitude, longitude: airport.longitude },
      radiusKm: 10,
      ...(cat ? { dailyCostUsd: cat.daily_cost_usd } : {}),
      bestMonths: cat?.best_months ?? [],
    };
  }
  // Any other city of the world list (lib/domain/travel/cities.ts), with the country when one was given.
  const world = findCity(cityPart);
  if (
    world &&
    (!rest.length ||
      rest.some(
        (r) => r.toLowerCase() === world.country.toLowerCase() || r.toUpperCase() === world.countryCode,
      ))
  ) {
    return {
      city: world.name,
      country: world.country,
      countryCode: world.countryCode,
      center: { latitude: world.latitude, longitude: world.longitude },
      radiusKm: 10,
      bestMonths: [],
    };
  }
  // "Shinjuku, Tokyo": a neighbourhood of a known city is searched around that city.
  if (rest.length && cityPart) {
    try {
      return resolvePlace({ ...input, location: rest.join(", ") });
    } catch {
      // fall through to the error naming the whole text
    }
  }
  throw fieldError("location", `Unknown place '${text}'; give a city ("Tokyo, Japan") or coordinates`);
}

/**
 * Searches stays (the TripSage REST API `POST /api/accommodations/search`) in the built-in sample
 * inventory around the place: within the radius (default 10 km), of the wanted property
 * types, with every wanted amenity, at least `star_rating_min` stars (unrated types are
 * excluded then), able to host the guests in the rooms, `price.per_night` ≤ `budget_max`
 * (USD). Sorted by `sort_by` (price ascending, rating, distance, stars descending), cut to
 * `limit`; the returned offers are stored for {@link getAccommodationOffer}. A check-in date
 * in the past or beyond the 361 days on sale gives no results and a `search_metadata.warnings` entry.
 * @throws ApiError VALIDATION_ERROR (422) when the place is unknown
 */
export async function searchAccommodations(
  db: Db,
  userId: string,
  input: AccommodationSearchInput,
  opts: { now?: Date } = {},
): Promise<SearchResponse<AccommodationOffer>> {
  const now = opts.now ?? new Date();
  const place = resolvePlace(input);
  const warning = saleWindowProblem("check_in", input.check_in, now);
  // Nothing is on sale outside the window: skip building the inventory at all.
  const properties = warning
    ? []
    : sampleProperties({
        city: place.city,
        country: place.country,
        center: place.center,
        ...(place.dailyCostUsd ? { dailyCostUsd: place.dailyCostUsd } : {}),
      });
  const wantTypes = input.property_types?.length ? new Set(input.property_types) : null;
  const matching: Omit<AccommodationOffer, "id">[] = [];
  for (const p of properties) {
    const km = haversineKm(place.center, p.coordinates);
    if (km > place.radiusKm) continue;
    if (wantTypes && !wantTypes.has(p.property_type)) continue;
    if (input.amenities?.some((a) => !p.amenities.includes(a))) continue;
    if (input.star_rating_min && (p.star_rating ?? 0) < input.star_rating_min) continue;
    const offer = priceStay(p, input, place.bestMonths, now);
    if (!offer) continue;
    if (input.budget_max !== undefined && offer.price.per_night > input.budget_max) continue;
    offer.location.distance_to_center = Math.round(km * 10) / 10;
    matching.push(offer);
  }
  const by: Record<
    typeof input.sort_by,
    (a: Omit<AccommodationOffer, "id">, b: Omit<AccommodationOffer, "id">) => number
  > = {
    price: (a, b) => a.price.total - b.price.total,
    rating: (a, b) => b.rating.score - a.rating.score,
    distance: (a, b) => a.location.distance_to_center - b.location.distance_to_center,
    stars: (a, b) => (b.star_rating ?? 0) - (a.star_rating ?? 0),
  };
  matching.sort(
    (a, b) => by[input.sort_by](a, b) || a.price.total - b.price.total || a.name.localeCompare(b.name),
  );
  const searchId = newId("search_", 8);
  const results = matching.slice(0, input.limit).map((o) => ({ id: newId("stay_"), ...o }));
  await storeOffers(db, userId, "accommodation", searchId, results, now);
  return {
    results,
    search_metadata: {
      total_results: matching.length,
      search_id: searchId,
      currency: "USD",
      searched_at: now.toISOString(),
      provider: "offline",
      ...(warning ? { warnings: [warning] } : {}),
    },
  };
}

/**
 * One stay offer from the caller's searches of the last 7 days (the TripSage REST API
 * `GET /api/accommodations/{accommodation_id}`).
 * @throws ApiError NOT_FOUND (404) when the id is unknown, older than 7 days or another user's
 */
export function getAccommodationOffer(
  db: Db,
  userId: string,
  offerId: string,
  now = new Date(),
): Promise<AccommodationOffer> {
  return getStoredOffer(db, userId, "accommodation", offerId, now);
}

// ---- price tracking ---------------------------------------------------------------------

type WatchRow = typeof priceWatches.$inferSelect;

/** A price watch as the API answers it. Prices are `price.total` for all passengers, USD. */
export interface PriceWatchResponse {
  id: string;
  trip_id: string | null;
  route: { origin: string; destination: string; departure_date: string; return_date: string | null };
  passengers: number;
  cabin_class: CabinClass;
  target_price: number | null;
  currency: string;
  notification_email: string | null;
  current_price: number | null;
  lowest_price: number | null;
  /** True when `current_price` is at or under `target_price`. */
  below_target: boolean;
  status: "active" | "expired" | "cancelled";
  price_history: { checked_at: string; price: number | null }[];
  last_checked_at: string | null;
  next_check_at: string | null;
  created_at: string;
}

/** A watch's route as the API and the `flight.price_changed` event name it. */
function watchRoute(w: WatchRow): PriceWatchResponse["route"] {
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
 */
async function cheapestFor(
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

/**
 * Deletes every stored offer older than the 7-day retention, whoever searched it (the
 * per-user purge on each search misses users who never search again). Uses the
 * `travel_offers_created_idx` index.
 * @returns how many rows were deleted
 */
export async function purgeExpiredOffers(db: Db, now: Date = new Date()): Promise<number> {
  const gone = await db
    .delete(travelOffers)
    .where(lt(travelOffers.createdAt, new Date(now.getTime() - OFFER_RETENTION_MS)))
    .returning({ id: travelOffers.id });
  return gone.length;
}

/** Watches one {@link checkDuePriceWatches} call claims by default. */
export const CHECK_BATCH = 20;

/** How long a claimed watch is reserved for the process checking it, ms (10 minutes). */
const CHECK_LEASE_MS = 10 * 60_000;

/**
 * Re-prices the active watches whose check is due (oldest first, at most `limit`).
 * Claiming is one short transaction (`FOR UPDATE SKIP LOCKED`, moving `next_check_at` 10
 * minutes on as a lease), so several processes never check one watch at once and no lock is
 * held while the provider is asked; a crashed checker's watches come due again after the
 * lease. A watch whose departure date has passed becomes `expired`. Each result is written
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
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(priceWatches)
      .where(
        and(
          eq(priceWatches.status, "active"),
          lte(priceWatches.nextCheckAt, now),
          opts.userId ? eq(priceWatches.userId, opts.userId) : undefined,
        ),
      )
      .orderBy(asc(priceWatches.nextCheckAt))
      .limit(opts.limit ?? CHECK_BATCH)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return { live: [] as typeof rows, selected: 0 };
    const past = rows.filter((w) => w.departureDate < today).map((w) => w.id);
    if (past.length)
      await tx.update(priceWatches).set({ status: "expired" }).where(inArray(priceWatches.id, past));
    const live = rows.filter((w) => w.departureDate >= today);
    if (live.length) {
      await tx
        .update(priceWatches)
        .set({ nextCheckAt: leaseEnd })
        .where(
          inArray(
            priceWatches.id,
            live.map((w) => w.id),
          ),
        );
    }
    return { live, selected: rows.length };
  });
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

/** Airport display for messages: "Tokyo (NRT)", or the code alone when unknown. */
export function airportLabel(code: string): string {
  const a = findAirport(code);
  return a ? `${a.city} (${a.iata})` : code;
}
