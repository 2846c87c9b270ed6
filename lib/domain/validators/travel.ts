/**
 * Request bodies of the TripSage REST API's Flight Services (`/api/flights/search`, `/api/flights/track`)
 * and Accommodation Services (`/api/accommodations/search`). Dates are ISO 8601 calendar
 * dates; airports are IATA codes (an airport or a metro code such as TYO); prices are in USD,
 * the currency the inventories quote.
 */
import { z } from "zod";
import { isoDate } from "@/db/schema/shapes";
import { addDays, daysBetween, todayUtc } from "@/lib/domain/itinerary/dates";
import { findAirline } from "@/lib/domain/travel/airlines";
import { AMENITIES, CABIN_CLASSES, PROPERTY_TYPES, STAY_SORTS } from "@/lib/domain/travel/types";

/** Longest flexible-date window on either side, days. */
export const MAX_FLEX_DAYS = 3;
/** Furthest departure or check-in ahead of today that the inventories sell, days. */
export const MAX_DAYS_AHEAD = 361;
/** Longest stay one search prices, nights. */
export const MAX_NIGHTS = 60;

const airportOrMetro = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, "Must be a 3-letter IATA airport or metro code such as JFK or TYO"));

const money = z.number().positive().max(1_000_000);

/**
 * The earliest calendar date that is still "today" somewhere on Earth: the UTC date minus one
 * day (UTC-12 is at most a day behind). Dates from then on are not "past" for a traveller in
 * any time zone; departed flights are filtered by time, not by date.
 */
export function earliestLocalDate(now: Date = new Date()): string {
  return addDays(todayUtc(now), -1);
}

/**
 * Why no offers can exist for `date` (ISO 8601): it is before today in every time zone
 * ({@link earliestLocalDate}) or more than
 * {@link MAX_DAYS_AHEAD} days ahead, the window airlines and hotels sell. A date outside the
 * window is not an input error (the API document's own examples use dates now past): searches answer
 * 200 with no results and this text in `search_metadata.warnings`.
 * @returns the reason, or null when the date can be sold
 */
export function saleWindowProblem(field: string, date: string, now: Date = new Date()): string | null {
  const today = todayUtc(now);
  if (date < earliestLocalDate(now)) return `${field} ${date} is in the past; nothing can be booked for it`;
  if (daysBetween(today, date) > MAX_DAYS_AHEAD)
    return `${field} ${date} is more than ${MAX_DAYS_AHEAD} days ahead; nothing is on sale for it yet`;
  return null;
}

/** Where and when a flight search or a price watch flies. */
const flightRoute = {
  origin: airportOrMetro,
  destination: airportOrMetro,
  departure_date: isoDate,
  return_date: isoDate.optional(),
};
/** Who flies in which cabin. */
const flightParty = {
  passengers: z.number().int().min(1).max(9).default(1),
  cabin_class: z.enum(CABIN_CLASSES).default("economy"),
};

/** The TripSage REST API `POST /api/flights/search` body (plus `max_stops`, `sort_by`, `limit`). */
export const flightSearchSchema = z
  .object({
    ...flightRoute,
    ...flightParty,
    /** Highest `price.total` (all passengers, in the provider's currency: USD offline) to return. */
    budget_max: money.optional(),
    /** Airline names or IATA designators ("ANA", "NH"); their offers are listed first. */
    preferred_airlines: z
      .array(z.string().trim().min(2).max(60))
      .max(10)
      .transform((names, ctx) => {
        const codes: string[] = [];
        for (const [i, name] of names.entries()) {
          const airline = findAirline(name);
          if (airline) codes.push(airline.iata);
          else ctx.addIssue({ code: "custom", path: [i], message: `Unknown airline '${name}'` });
        }
        return codes;
      })
      .optional(),
    flexible_dates: z
      .object({
        enabled: z.boolean(),
        days_before: z.number().int().min(0).max(MAX_FLEX_DAYS).default(0),
        days_after: z.number().int().min(0).max(MAX_FLEX_DAYS).default(0),
      })
      .optional(),
    max_stops: z.number().int().min(0).max(1).optional(),
    sort_by: z.enum(["price", "duration", "departure"]).default("price"),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .superRefine((v, ctx) => {
    if (v.origin === v.destination)
      ctx.addIssue({ code: "custom", path: ["destination"], message: "Destination must differ from origin" });
    if (v.return_date !== undefined && v.return_date < v.departure_date)
      ctx.addIssue({ code: "custom", path: ["return_date"], message: "Must be on or after departure_date" });
  });
/** A validated flight search. */
export type FlightSearchInput = z.output<typeof flightSearchSchema>;

/** The TripSage REST API `POST /api/flights/track` body (plus `cabin_class`). */
export const flightTrackSchema = z
  .object({
    route: z.object(flightRoute),
    ...flightParty,
    /** Alert threshold for `price.total` (all passengers, USD). */
    target_price: money.optional(),
    /** A trip the caller can see; alerts name it (the TripSage REST API notification `data.trip_id`). */
    trip_id: z.uuid().optional(),
    /** Stored and echoed; this build sends no email (alerts go to webhooks and the WebSocket). */
    notification_email: z
      .email()
      .max(254)
      .optional()
      .describe(
        "Stored and echoed. This deployment sends no email: alerts arrive as `flight.price_changed` webhooks and WebSocket `price_alert` notifications.",
      ),
  })
  .superRefine((v, ctx) => {
    if (v.route.origin === v.route.destination)
      ctx.addIssue({
        code: "custom",
        path: ["route", "destination"],
        message: "Destination must differ from origin",
      });
    if (v.route.return_date !== undefined && v.route.return_date < v.route.departure_date)
      ctx.addIssue({
        code: "custom",
        path: ["route", "return_date"],
        message: "Must be on or after departure_date",
      });
  });
/** A validated tracking request. */
export type FlightTrackInput = z.output<typeof flightTrackSchema>;

/** The TripSage REST API `POST /api/accommodations/search` body (plus `limit`). */
export const accommodationSearchSchema = z
  .object({
    /** A place name ("Tokyo, Japan"); optional when `coordinates` is given. */
    location: z.string().trim().min(1).max(200).optional(),
    check_in: isoDate,
    check_out: isoDate,
    guests: z.number().int().min(1).max(16).default(2),
    rooms: z.number().int().min(1).max(8).default(1),
    /** Highest `price.per_night` (USD; for the whole booking, all rooms) to return. */
    budget_max: money.optional(),
    property_types: z.array(z.enum(PROPERTY_TYPES)).max(PROPERTY_TYPES.length).optional(),
    amenities: z.array(z.enum(AMENITIES)).max(AMENITIES.length).optional(),
    star_rating_min: z.number().int().min(1).max(5).optional(),
    coordinates: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        radius_km: z.number().positive().max(50).default(10),
      })
      .optional(),
    sort_by: z.enum(STAY_SORTS).default("price"),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .superRefine((v, ctx) => {
    if (!v.location && !v.coordinates)
      ctx.addIssue({ code: "custom", path: ["location"], message: "Give a location or coordinates" });
    const nights = daysBetween(v.check_in, v.check_out);
    if (nights < 1) ctx.addIssue({ code: "custom", path: ["check_out"], message: "Must be after check_in" });
    else if (nights > MAX_NIGHTS)
      ctx.addIssue({
        code: "custom",
        path: ["check_out"],
        message: `A stay is at most ${MAX_NIGHTS} nights`,
      });
    if (v.rooms > v.guests)
      ctx.addIssue({ code: "custom", path: ["rooms"], message: "Cannot book more rooms than guests" });
  });
/** A validated stay search. */
export type AccommodationSearchInput = z.output<typeof accommodationSearchSchema>;

/** A stored flight offer id (`off_` and 20 hex digits; lib/domain/travel/offers.ts `newId` issues them). */
export const flightOfferIdSchema = z.string().regex(/^off_[0-9a-f]{20}$/);

/** A stored stay offer id (`stay_` and 20 hex digits; lib/domain/travel/offers.ts `newId` issues them). */
export const stayOfferIdSchema = z.string().regex(/^stay_[0-9a-f]{20}$/);
