/**
 * The TripSage REST API's Flight Services: flight search over the deployment's provider
 * (metro codes and flexible dates fan out) and flight offers read back by id. Routes, assistant
 * tools and the UI call these; the price watches (./watches.ts) price routes with
 * {@link findFlightOffers}.
 */
import { Duration } from "luxon";
import pLimit from "p-limit";
import type { Db } from "@/db/client";
import { addDays } from "@/lib/domain/itinerary/dates";
import { type Airport, airportsForCity } from "@/lib/domain/travel/airports";
import type { FlightProvider } from "@/lib/domain/travel/types";
import { type FlightSearchInput, saleWindowProblem } from "@/lib/domain/validators/travel";
import { answerSearch, getStoredOffer, type SearchResponse, searchFieldError } from "./offers";
import { flightProvider } from "./providers";
import type { FlightOffer } from "./types";

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

/**
 * Airports for an IATA airport or metro code.
 * @throws ApiError VALIDATION_ERROR (422) on `field` when the code is unknown
 */
export function resolveAirports(code: string, field: string): Airport[] {
  const found = airportsForCity(code);
  if (found.length === 0) throw searchFieldError(field, `Unknown airport or metro code '${code}'`);
  return found;
}

function minutes(iso: string): number {
  return Duration.fromISO(iso).as("minutes");
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
  return answerSearch(db, userId, "flight", matching, {
    limit: input.limit,
    now,
    provider: provider.name,
    warnings,
  });
}

/**
 * Every offer for the search's airports and dates, before budget, sort and limit: one provider
 * search per airport pair and sellable day (at most {@link MAX_PROVIDER_CALLS}, 4 at once),
 * offers departing at least 2 h after `now`.
 * @throws ApiError VALIDATION_ERROR (422) for an unknown code, a destination sharing an airport
 *         with the origin, or too many provider calls; whatever the provider throws
 */
export async function findFlightOffers(
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
    throw searchFieldError(
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
    throw searchFieldError(
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
