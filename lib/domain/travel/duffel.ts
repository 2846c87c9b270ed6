/**
 * Live flight offers from Duffel (the TripSage REST API "Flight Services ... with Duffel API integration"),
 * used by ./providers.ts when `DUFFEL_ACCESS_TOKEN` is set.
 *
 * One search = one `POST {base}/air/offer_requests?return_offers=true` (Duffel API reference
 * v2, "Offer Requests" and "Offers"), one slice per direction, one `adult` passenger per
 * traveller. Offers are mapped field by field onto our {@link FlightOffer} (see
 * {@link mapDuffelOffer}); Duffel's currency is kept as is (no conversion), so
 * `price.currency` is whatever Duffel prices the offer in (the organisation's billing
 * currency, or the airline's for IATA agents).
 *
 * Failures: a rejected token (401/403), a timeout (15 s by default), a 5xx, a 429 or an
 * unreachable host all become ApiError SERVICE_UNAVAILABLE (503); a 422 (e.g. an airport
 * Duffel does not know) means "no offers for this pair" and yields `[]`. The token never
 * appears in an error message or a log line; Duffel's request id (`x-request-id`) does.
 */
import { DateTime, Duration } from "luxon";
import { ApiError } from "@/lib/platform/errors";
import { type Airport, findAirport } from "./airports";
import { isoMinutes } from "./duration";
import type {
  FlightEndpoint,
  FlightJourney,
  FlightLeg,
  FlightOffer,
  FlightProvider,
  FlightQuery,
} from "./types";

/** Duffel's production API root. */
export const DUFFEL_DEFAULT_BASE_URL = "https://api.duffel.com";
/** How long one offer request may take before we give up, milliseconds. */
export const DUFFEL_TIMEOUT_MS = 15_000;
/** Most offers one airport pair contributes (the cheapest are kept). */
export const DUFFEL_MAX_OFFERS = 50;
/** Time left for Duffel to answer after its airline searches end (`supplier_timeout`), ms. */
const SUPPLIER_MARGIN_MS = 3_000;

// ---- Duffel's shapes (the subset we read; Duffel API reference v2) --------------------------

/** A Duffel place (`origin` / `destination` of a slice or segment). */
export interface DuffelPlace {
  iata_code: string;
  /** IANA zone, e.g. "Europe/London"; null for some cities. */
  time_zone?: string | null;
  name?: string;
}

/** A Duffel airline (`owner`, `marketing_carrier`, `operating_carrier`). */
export interface DuffelAirline {
  name: string;
  /** IATA designator; null for some carriers. */
  iata_code: string | null;
}

/** A Duffel condition (`refund_before_departure`, `change_before_departure`); null = unknown. */
export type DuffelCondition = {
  allowed: boolean;
  /** Decimal string for all passengers; "0.00" when free; null when not allowed or unknown. */
  penalty_amount?: string | null;
  /** ISO 4217; may differ from the offer's currency; null when `penalty_amount` is. */
  penalty_currency?: string | null;
} | null;

/** A Duffel segment: one flight. */
export interface DuffelSegment {
  origin: DuffelPlace;
  destination: DuffelPlace;
  /** Local time at `origin`, no offset, e.g. "2025-04-01T14:30:00". */
  departing_at: string;
  /** Local time at `destination`, no offset. */
  arriving_at: string;
  origin_terminal?: string | null;
  destination_terminal?: string | null;
  marketing_carrier: DuffelAirline;
  /** e.g. "0109" (may carry leading zeros). */
  marketing_carrier_flight_number: string;
  operating_carrier?: DuffelAirline;
  aircraft?: { name: string } | null;
  /** ISO 8601 duration, e.g. "PT7H5M" or "PT02H26M"; may be null. */
  duration?: string | null;
  passengers?: {
    passenger_id?: string;
    cabin_class?: string;
    baggages?: { type: "checked" | "carry_on"; quantity: number }[];
  }[];
}

/** A Duffel slice: one direction of the trip. */
export interface DuffelSlice {
  origin?: DuffelPlace;
  destination?: DuffelPlace;
  /** ISO 8601 duration, door to door; may be null. */
  duration?: string | null;
  segments: DuffelSegment[];
}

/** A Duffel offer (`data.offers[]` of an offer request). Amounts are decimal strings. */
export interface DuffelOffer {
  id: string;
  /** All passengers, taxes included. */
  total_amount: string;
  total_currency: string;
  base_amount?: string | null;
  base_currency?: string | null;
  tax_amount?: string | null;
  tax_currency?: string | null;
  /** ISO 8601 UTC, e.g. "2025-01-15T10:42:14.545Z". */
  expires_at: string;
  owner: DuffelAirline;
  conditions?: {
    refund_before_departure?: DuffelCondition;
    change_before_departure?: DuffelCondition;
  };
  slices: DuffelSlice[];
  payment_requirements?: {
    requires_instant_payment?: boolean;
    payment_required_by?: string | null;
    price_guarantee_expires_at?: string | null;
  };
}

/** Options of {@link duffelFlights}. */
export interface DuffelOptions {
  /** Duffel access token (`duffel_test_...` / `duffel_live_...`), sent as a bearer token. */
  token: string;
  /** API root without a trailing path, default {@link DUFFEL_DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** Per-request timeout in milliseconds, default {@link DUFFEL_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Most offers kept per airport pair (cheapest first), default {@link DUFFEL_MAX_OFFERS}. */
  maxOffers?: number;
}

type Query = Pick<FlightQuery, "departure_date" | "return_date" | "passengers" | "cabin_class" | "max_stops">;

// ---- request ---------------------------------------------------------------------------------

/**
 * The `data` of Duffel's "Create an offer request" body for one airport pair (Duffel API
 * reference v2): one slice per direction (`origin`, `destination`, `departure_date`
 * YYYY-MM-DD), `passengers` × `{type: "adult"}`, `cabin_class` (our names are Duffel's) and
 * `max_connections` = `max_stops` (0-2; Duffel's default 1 when unset).
 */
function offerRequestData(from: Airport, to: Airport, q: Query) {
  const slices = [{ origin: from.iata, destination: to.iata, departure_date: q.departure_date }];
  if (q.return_date) slices.push({ origin: to.iata, destination: from.iata, departure_date: q.return_date });
  return {
    slices,
    passengers: Array.from({ length: q.passengers }, () => ({ type: "adult" as const })),
    cabin_class: q.cabin_class,
    max_connections: Math.min(Math.max(q.max_stops ?? 1, 0), 2),
  };
}

function headers(token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    "duffel-version": "v2",
    accept: "application/json",
    "content-type": "application/json",
  };
}

function root(baseUrl: string | undefined): string {
  return (baseUrl ?? DUFFEL_DEFAULT_BASE_URL).replace(/\/+$/, "");
}

/** Duffel's id for a response: the `x-request-id` header, else `meta.request_id` of an error body. */
function requestId(res: Response, body: unknown): string | undefined {
  const header = res.headers.get("x-request-id");
  if (header) return header;
  const meta = (body as { meta?: { request_id?: unknown } } | null)?.meta;
  return typeof meta?.request_id === "string" ? meta.request_id : undefined;
}

/** `errors[].code`/`message` of a Duffel error body, for logs. */
function errorSummary(body: unknown): string {
  const errors = (body as { errors?: { code?: unknown; message?: unknown }[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return "no error body";
  return errors
    .slice(0, 3)
    .map((e) => [e.code, e.message].filter((x) => typeof x === "string").join(": "))
    .join("; ");
}

function unavailable(message: string, details: Record<string, unknown>, retryAfter?: number): ApiError {
  return new ApiError("SERVICE_UNAVAILABLE", message, {
    details: { provider: "duffel", ...details },
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}

/** Seconds until Duffel's rate limit resets (`retry-after` seconds or `ratelimit-reset` date). */
function retryAfterSeconds(res: Response): number | undefined {
  const after = Number(res.headers.get("retry-after"));
  if (Number.isFinite(after) && after > 0) return Math.ceil(after);
  const reset = Date.parse(res.headers.get("ratelimit-reset") ?? "");
  if (Number.isFinite(reset)) return Math.max(1, Math.ceil((reset - Date.now()) / 1000));
  return undefined;
}

/**
 * Offers Duffel returns for one airport pair, unmapped.
 * @returns Duffel's `data.offers` (possibly empty); `[]` when Duffel answers 422
 * @throws ApiError SERVICE_UNAVAILABLE (503) on 401/403 (bad token), 429, other 4xx, 5xx,
 *         a timeout, an unreachable host or a body that is not JSON
 */
async function createOfferRequest(
  opts: Required<Pick<DuffelOptions, "token" | "timeoutMs">> & { baseUrl?: string },
  data: ReturnType<typeof offerRequestData>,
  route: string,
): Promise<DuffelOffer[]> {
  const params = new URLSearchParams({ return_offers: "true" });
  // Ask Duffel to stop waiting for airlines in time to answer before our own timeout.
  const supplierMs = opts.timeoutMs - SUPPLIER_MARGIN_MS;
  if (supplierMs >= 2_000) params.set("supplier_timeout", String(Math.min(supplierMs, 60_000)));
  const url = `${root(opts.baseUrl)}/air/offer_requests?${params}`;
  const started = Date.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: headers(opts.token),
      body: JSON.stringify({ data }),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    if (timedOut) {
      console.error(`[duffel] ${route}: no answer within ${opts.timeoutMs} ms`);
      throw unavailable(
        `Flight search is unavailable: Duffel did not answer within ${opts.timeoutMs / 1000} s`,
        {
          reason: "timeout",
        },
      );
    }
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : "";
    console.error(`[duffel] ${route}: cannot reach Duffel (${cause})`);
    throw unavailable("Flight search is unavailable: Duffel cannot be reached", { reason: "unreachable" });
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // handled below by status / shape checks
  }
  const id = requestId(res, body);
  const ref = id ? ` (request id ${id})` : "";
  const details = { upstream_status: res.status, ...(id ? { request_id: id } : {}) };
  if (res.status === 401 || res.status === 403) {
    console.error(
      `[duffel] ${route}: HTTP ${res.status}${ref}: the access token was rejected; check DUFFEL_ACCESS_TOKEN`,
    );
    throw unavailable(
      `Flight search is unavailable: Duffel rejected the configured access token (HTTP ${res.status})`,
      details,
    );
  }
  if (res.status === 422) {
    console.warn(`[duffel] ${route}: HTTP 422${ref}: ${errorSummary(body)}; no offers for this pair`);
    return [];
  }
  if (res.status === 429) {
    console.error(`[duffel] ${route}: HTTP 429${ref}: rate limited`);
    throw unavailable(
      "Flight search is unavailable: Duffel's rate limit was reached",
      details,
      retryAfterSeconds(res),
    );
  }
  if (!res.ok) {
    console.error(`[duffel] ${route}: HTTP ${res.status}${ref}: ${errorSummary(body)}`);
    throw unavailable(`Flight search is unavailable: Duffel answered HTTP ${res.status}`, details);
  }
  const offers = (body as { data?: { offers?: unknown } } | null)?.data?.offers;
  if (!Array.isArray(offers)) {
    console.error(`[duffel] ${route}: HTTP ${res.status}${ref}: the answer has no data.offers`);
    throw unavailable("Flight search is unavailable: Duffel's answer could not be read", details);
  }
  if (process.env.NODE_ENV !== "test")
    console.info(`[duffel] ${route}: ${offers.length} offers in ${Date.now() - started} ms${ref}`);
  return offers as DuffelOffer[];
}

// ---- mapping ---------------------------------------------------------------------------------

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A decimal string as a number; NaN when absent or not a number. */
function amount(s: string | null | undefined): number {
  return s === null || s === undefined || s.trim() === "" ? Number.NaN : Number(s);
}

/** Duffel's ISO 8601 duration ("PT02H26M", "P1DT2H") in our form ("PT2H26M", "PT26H"), or null. */
function normaliseDuration(d: string | null | undefined): string | null {
  if (!d) return null;
  const parsed = Duration.fromISO(d);
  return parsed.isValid ? isoMinutes(parsed.as("minutes")) : null;
}

/** The IANA zone of a Duffel place: its `time_zone`, else our airport table's, else UTC. */
function zoneOf(place: DuffelPlace): string {
  const candidates = [place.time_zone, findAirport(place.iata_code ?? "")?.time_zone];
  for (const z of candidates) if (z && DateTime.now().setZone(z).isValid) return z;
  return "UTC";
}

/** Duffel's offset-less local time read in `place`'s zone. */
function localAt(local: string, place: DuffelPlace): DateTime {
  return DateTime.fromISO(local, { zone: zoneOf(place) });
}

function iso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? dt.toString();
}

function endpoint(place: DuffelPlace, terminal: string | null | undefined, time: DateTime): FlightEndpoint {
  return { airport: place.iata_code, terminal: terminal ? terminal : null, time: iso(time) };
}

/** "0109" → "109": flight numbers are shown without leading zeros ("BA109"). */
function flightNumber(s: DuffelSegment): string {
  const digits = String(s.marketing_carrier_flight_number ?? "").replace(/^0+(?=.)/, "");
  return `${s.marketing_carrier?.iata_code ?? ""}${digits}`;
}

/** One Duffel slice as a journey; null when it has no readable segment times. */
function journeyOf(slice: DuffelSlice): FlightJourney | null {
  if (!Array.isArray(slice.segments) || slice.segments.length === 0) return null;
  const legs: FlightLeg[] = [];
  const minutes: number[] = [];
  let first: DateTime | undefined;
  let last: DateTime | undefined;
  for (const s of slice.segments) {
    const dep = localAt(s.departing_at, s.origin);
    const arr = localAt(s.arriving_at, s.destination);
    if (!dep.isValid || !arr.isValid) return null;
    first ??= dep;
    last = arr;
    const computed = arr.diff(dep, "minutes").minutes;
    const duration = normaliseDuration(s.duration) ?? isoMinutes(computed);
    minutes.push(Duration.fromISO(duration).as("minutes"));
    legs.push({
      flight_number: flightNumber(s),
      departure: endpoint(s.origin, s.origin_terminal, dep),
      arrival: endpoint(s.destination, s.destination_terminal, arr),
      duration,
      aircraft: s.aircraft?.name || "Unknown aircraft",
    });
  }
  const longest = minutes.indexOf(Math.max(...minutes));
  const door = (last as DateTime).diff(first as DateTime, "minutes").minutes;
  return {
    departure: (legs[0] as FlightLeg).departure,
    arrival: (legs.at(-1) as FlightLeg).arrival,
    duration: normaliseDuration(slice.duration) ?? isoMinutes(door),
    stops: legs.length - 1,
    aircraft: (legs[longest] as FlightLeg).aircraft,
    legs,
  };
}

/** Fewest bags of `type` the first passenger has on any segment of the offer; null when unknown. */
function allowance(offer: DuffelOffer, type: "checked" | "carry_on"): number | null {
  let least: number | null = null;
  for (const slice of offer.slices) {
    for (const seg of slice.segments) {
      const pax = seg.passengers?.[0];
      if (!pax) continue;
      const n = (pax.baggages ?? [])
        .filter((b) => b.type === type)
        .reduce((s, b) => s + (b.quantity || 0), 0);
      least = least === null ? n : Math.min(least, n);
    }
  }
  return least;
}

function pieces(n: number): string {
  return `${n} ${n === 1 ? "piece" : "pieces"}`;
}

/** UTC ISO 8601 without milliseconds, or null when unparseable. */
function utc(s: string | null | undefined, ms: boolean): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  const out = new Date(t).toISOString();
  return ms ? out : out.replace(/\.\d{3}Z$/, "Z");
}

/**
 * One Duffel offer as our {@link FlightOffer} without `id` (Duffel API reference v2,
 * "Offers" schema):
 * - `airline`/`airline_code`: `owner.name`/`owner.iata_code` (the selling airline).
 * - `outbound`/`return`: `slices[0]`/`slices[1]`. Each segment is a leg: times are Duffel's
 *   offset-less local `departing_at`/`arriving_at` read in the segment airport's IANA zone
 *   (`time_zone`, else our airport table), so they carry the UTC offset of the day, e.g.
 *   "2025-04-01T14:30:00-04:00"; `flight_number` = marketing carrier + number without leading
 *   zeros; `duration` from the segment (else arrival − departure), as "PT7H5M";
 *   `aircraft` = `aircraft.name` ("Unknown aircraft" when Duffel has none). A journey's
 *   `duration` is the slice's (door to door, else first departure → last arrival), `stops`
 *   = segments − 1 (connections; technical stops within a segment are not counted), and
 *   `aircraft` that of the longest leg.
 * - `price`: `total_amount`, `base_amount`, `tax_amount` as numbers in `total_currency`
 *   (not converted); when base and tax do not add up to the total in that currency, the
 *   missing part is derived from the total. `per_passenger` = total / `q.passengers`.
 * - `baggage`: the fewest bags the first passenger has on any segment: "1 piece",
 *   "2 pieces" carry-on; "1 piece included", "2 pieces included" checked; "Not included"
 *   for 0 ("Unknown" when Duffel gives no passenger data).
 * - `refundable`/`changeable`: `conditions.*_before_departure.allowed` (false when Duffel
 *   does not know). `change_fee`: `penalty_amount` for all passengers when changes are
 *   allowed (0 when free); null when not changeable, or when the penalty is unknown or in a
 *   currency other than the offer's.
 * - `booking_deadline`: `payment_requirements.payment_required_by`, else `expires_at` (UTC);
 *   `expires_at`: Duffel's `expires_at` (UTC).
 * @returns null when the offer is unreadable or does not have one slice per searched
 *          direction (it is skipped, not an error)
 */
export function mapDuffelOffer(offer: DuffelOffer, q: Query): Omit<FlightOffer, "id"> | null {
  const wanted = q.return_date ? 2 : 1;
  if (!Array.isArray(offer.slices) || offer.slices.length !== wanted) return null;
  const outbound = journeyOf(offer.slices[0] as DuffelSlice);
  const back = wanted === 2 ? journeyOf(offer.slices[1] as DuffelSlice) : null;
  if (!outbound || (wanted === 2 && !back)) return null;

  const currency = offer.total_currency;
  const total = amount(offer.total_amount);
  if (!Number.isFinite(total) || !currency) return null;
  const inCurrency = (c: string | null | undefined) => !c || c === currency;
  let base = inCurrency(offer.base_currency) ? amount(offer.base_amount) : Number.NaN;
  let taxes = inCurrency(offer.tax_currency) ? amount(offer.tax_amount) : Number.NaN;
  if (!(Number.isFinite(base) && Number.isFinite(taxes) && Math.abs(base + taxes - total) < 0.011)) {
    if (Number.isFinite(base) && base <= total) taxes = total - base;
    else if (Number.isFinite(taxes) && taxes <= total) base = total - taxes;
    else [base, taxes] = [total, 0];
  }

  const carry = allowance(offer, "carry_on");
  const checked = allowance(offer, "checked");
  const refund = offer.conditions?.refund_before_departure ?? null;
  const change = offer.conditions?.change_before_departure ?? null;
  const changeable = change?.allowed === true;
  const penalty = amount(change?.penalty_amount);
  const changeFee =
    changeable && Number.isFinite(penalty) && inCurrency(change?.penalty_currency) ? round2(penalty) : null;
  const expires = utc(offer.expires_at, true);
  const deadline =
    utc(offer.payment_requirements?.payment_required_by, false) ?? utc(offer.expires_at, false);
  if (!expires || !deadline) return null;

  return {
    airline: offer.owner?.name ?? offer.slices[0]?.segments[0]?.marketing_carrier?.name ?? "",
    airline_code: offer.owner?.iata_code ?? offer.slices[0]?.segments[0]?.marketing_carrier?.iata_code ?? "",
    price: {
      total: round2(total),
      currency,
      breakdown: { base_fare: round2(base), taxes: round2(taxes) },
      per_passenger: round2(total / q.passengers),
    },
    outbound,
    ...(back ? { return: back } : {}),
    baggage: {
      carry_on: carry === null ? "Unknown" : carry === 0 ? "Not included" : pieces(carry),
      checked: checked === null ? "Unknown" : checked === 0 ? "Not included" : `${pieces(checked)} included`,
    },
    refundable: refund?.allowed === true,
    changeable,
    change_fee: changeFee,
    booking_deadline: deadline,
    cabin_class: q.cabin_class,
    passengers: q.passengers,
    expires_at: expires,
  };
}

// ---- provider --------------------------------------------------------------------------------

/**
 * A {@link FlightProvider} named "duffel" that asks Duffel's API (v2) for each airport pair.
 * `search` sends one offer request (see {@link offerRequestData}), maps every offer with
 * {@link mapDuffelOffer}, skips unreadable ones and keeps the `maxOffers` cheapest
 * (by `total_amount`), in Duffel's currency. `now` is not used: Duffel prices are live.
 * @param opts.token Duffel access token; @param opts.baseUrl API root (default
 *        https://api.duffel.com); @param opts.timeoutMs per-request timeout (default 15 000 ms);
 *        @param opts.maxOffers offers kept per pair (default 50)
 * @throws (from `search`) ApiError SERVICE_UNAVAILABLE (503) when Duffel rejects the token
 *         (401/403), rate-limits (429), fails (other 4xx except 422, 5xx), times out or
 *         cannot be reached; a 422 (e.g. an airport Duffel does not know) gives `[]`
 */
export function duffelFlights(opts: DuffelOptions): FlightProvider {
  const timeoutMs = opts.timeoutMs ?? DUFFEL_TIMEOUT_MS;
  const maxOffers = opts.maxOffers ?? DUFFEL_MAX_OFFERS;
  return {
    name: "duffel",
    async search(from, to, q) {
      const data = offerRequestData(from, to, q);
      const route = `${from.iata}-${to.iata} ${q.departure_date}${q.return_date ? `/${q.return_date}` : ""}`;
      const offers = await createOfferRequest(
        { token: opts.token, baseUrl: opts.baseUrl, timeoutMs },
        data,
        route,
      );
      const mapped: Omit<FlightOffer, "id">[] = [];
      let skipped = 0;
      for (const o of offers) {
        let m: Omit<FlightOffer, "id"> | null = null;
        try {
          m = mapDuffelOffer(o, q);
        } catch {
          m = null;
        }
        if (m) mapped.push(m);
        else skipped++;
      }
      if (skipped > 0) console.warn(`[duffel] ${route}: skipped ${skipped} unreadable offers`);
      return mapped.sort((a, b) => a.price.total - b.price.total).slice(0, maxOffers);
    },
  };
}

/**
 * Cheap liveness probe for `GET /api/health/mcp`: `GET {base}/air/airlines?limit=1` with the
 * token (Duffel API reference v2, "Airlines").
 * @param opts.timeoutMs default 2 000 ms
 * @returns `healthy` with the HTTP status when Duffel answers 2xx; `unhealthy` with the
 *          status (401/403 say the token was rejected) or the network error otherwise.
 *          Never throws; never includes the token.
 */
export async function probeDuffel(opts: {
  token: string;
  baseUrl?: string;
  timeoutMs?: number;
}): Promise<{ status: "healthy" | "unhealthy"; detail: string }> {
  try {
    const res = await fetch(`${root(opts.baseUrl)}/air/airlines?limit=1`, {
      headers: headers(opts.token),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 2_000),
    });
    await res.body?.cancel();
    if (res.ok) return { status: "healthy", detail: `HTTP ${res.status}` };
    const why = res.status === 401 || res.status === 403 ? " (access token rejected)" : "";
    return { status: "unhealthy", detail: `HTTP ${res.status}${why}` };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    return {
      status: "unhealthy",
      detail: timedOut ? "timeout" : err instanceof Error ? err.message : "unreachable",
    };
  }
}
