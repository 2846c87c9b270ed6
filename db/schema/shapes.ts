/**
 * Zod schemas for the JSON shapes stored in jsonb columns and exchanged over the API.
 * Field names follow the TripSage REST API (snake_case). Codes follow their standards:
 * IATA airport (3 letters) and airline (2 characters) codes, ISO 4217 currencies,
 * IANA time zones, ISO 8601 dates and local date-times.
 */
import { z } from "zod";

/**
 * An absolute `http:` or `https:` URL (at most 500 characters). Anything else —
 * `javascript:`, `data:`, `vbscript:`, `file:` … — is a 422, so a stored URL is always safe
 * to render as a link.
 */
export const httpUrl = z
  .url({ protocol: /^https?$/, message: "Must be an http(s) URL" })
  .max(500, "Must be at most 500 characters");

/** `YYYY-MM-DD`, a real calendar date. */
export const isoDate = z.iso.date({ message: "Must be an ISO 8601 date (YYYY-MM-DD)" });

/** Local wall-clock date-time without offset: `YYYY-MM-DDTHH:mm` (seconds optional). */
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Must be a local ISO 8601 date-time (YYYY-MM-DDTHH:mm)")
  .refine((s) => !Number.isNaN(Date.parse(`${s}Z`)), "Not a real date-time");

/** ISO 4217 codes known to the runtime's ICU data (Intl.supportedValuesOf). */
const ISO_4217 = new Set<string>(Intl.supportedValuesOf("currency"));

/** ISO 4217 alphabetic currency code of a real currency, upper-cased on input. */
export const currencyCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine((c) => ISO_4217.has(c), "Must be an ISO 4217 currency code such as USD"));

/** BCP 47 language tag (`en`, `pt-BR`), checked by Intl.getCanonicalLocales. */
const languageTag = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, "Must be a language tag such as en or pt-BR");

/** IATA airport or city code (3 letters), upper-cased on input. */
const iataAirport = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, "Must be a 3-letter IATA airport code"));

/** IANA time zone name, checked against the runtime's tz database. */
export const ianaTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "Must be an IANA time zone such as Europe/Paris");

export const coordinates = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const destination = z.object({
  name: z.string().trim().min(1).max(200),
  country: z.string().trim().max(100).optional(),
  city: z.string().trim().max(100).optional(),
  coordinates: coordinates.optional(),
});
export type Destination = z.infer<typeof destination>;

export const budget = z.object({
  total: z.number().nonnegative().max(1e9),
  currency: currencyCode.default("USD"),
  breakdown: z.record(z.string().max(50), z.number().nonnegative().max(1e9)).optional(),
});

export const tripPreferences = z.object({
  budget: budget.optional(),
  accommodation_type: z.string().max(50).optional(),
  transportation_preference: z.string().max(50).optional(),
  dietary_restrictions: z.array(z.string().max(50)).max(20).optional(),
  interests: z.array(z.string().max(50)).max(30).optional(),
});
export type TripPreferences = z.infer<typeof tripPreferences>;

export const userProfile = z.object({
  avatar_url: httpUrl.optional(),
  bio: z.string().max(1000).optional(),
  location: z.string().max(200).optional(),
  website: httpUrl.optional(),
  social_links: z.record(z.string().max(30), z.string().max(200)).optional(),
});
export type UserProfile = z.infer<typeof userProfile>;

export const userPreferences = z.object({
  timezone: ianaTimeZone.optional(),
  currency: currencyCode.optional(),
  language: languageTag.optional(),
  notifications: z
    .object({
      email: z.boolean().optional(),
      push: z.boolean().optional(),
      price_alerts: z.boolean().optional(),
      trip_updates: z.boolean().optional(),
    })
    .optional(),
  /** Memory preferences (the TripSage REST API `/api/memory/preferences`), read by the assistant. */
  memory: z.record(z.string(), z.unknown()).optional(),
});
export type UserPreferences = z.infer<typeof userPreferences>;

export const segmentLocation = z.object({
  name: z.string().trim().max(200).optional(),
  address: z.string().trim().max(500).optional(),
  coordinates: coordinates.optional(),
  iata_code: iataAirport.optional(),
});
export type SegmentLocation = z.infer<typeof segmentLocation>;

export const flightDetails = z.object({
  carrier: z.string().trim().min(2).max(60),
  flight_number: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{2}\s?\d{1,4}[A-Z]?$/i, "Like AF1234"),
  /** Optional: an arriving flight ("we land at NRT on JL5") may be recorded before its origin is known. */
  origin: iataAirport.optional(),
  destination: iataAirport,
  departure_local: localDateTime.optional(),
  arrival_local: localDateTime.optional(),
  booking_reference: z.string().max(20).optional(),
  cabin_class: z.enum(["economy", "premium_economy", "business", "first"]).optional(),
});
export const hotelDetails = z.object({
  check_in: isoDate.optional(),
  check_out: isoDate.optional(),
  confirmation_number: z.string().max(50).optional(),
  room_type: z.string().max(100).optional(),
});
export const activityDetails = z.object({
  category: z.string().max(50).optional(),
  booking_url: httpUrl.optional(),
  duration_minutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .optional(),
});
export const transferDetails = z.object({
  mode: z.enum(["train", "bus", "car", "taxi", "ferry", "subway", "walk", "other"]).optional(),
  from: z.string().max(200).optional(),
  to: z.string().max(200).optional(),
});
export const meetingDetails = z.object({ attendees: z.array(z.string().max(100)).max(50).optional() });
export const mealDetails = z.object({
  cuisine: z.string().max(50).optional(),
  reservation_name: z.string().max(100).optional(),
});
export const noteDetails = z.object({});

/** Per-type details schema; a segment's `details` is validated with the one for its `type`. */
export const segmentDetailsByType = {
  flight: flightDetails,
  hotel: hotelDetails,
  activity: activityDetails,
  transfer: transferDetails,
  meeting: meetingDetails,
  meal: mealDetails,
  note: noteDetails,
} as const;

export type SegmentDetails =
  | z.infer<typeof flightDetails>
  | z.infer<typeof hotelDetails>
  | z.infer<typeof activityDetails>
  | z.infer<typeof transferDetails>
  | z.infer<typeof meetingDetails>
  | z.infer<typeof mealDetails>
  | z.infer<typeof noteDetails>;
