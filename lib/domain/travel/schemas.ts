/**
 * Response schemas of the travel API (the TripSage REST API's "Flight Services" and
 * "Accommodation Services" answers and price watches). The domain's types (FlightOffer,
 * AccommodationOffer, SearchMetadata, PriceWatchResponse, …) are `z.infer` of these;
 * lib/openapi/responses.ts names them as components of the OpenAPI document, so a field added
 * here appears in both. Field names are the TripSage REST API's; fields beyond the API document
 * (`airline_code`, `legs`, `per_passenger`, `property_id`, the search terms) are additions a
 * client may ignore.
 */
import { z } from "zod";
import { dateTime, isoDate, uuid } from "@/lib/platform/schema-fields";

/** The TripSage REST API `cabin_class` values (Duffel's names). */
export const CABIN_CLASSES = ["economy", "premium_economy", "business", "first"] as const;
/** A cabin class. */
export type CabinClass = (typeof CABIN_CLASSES)[number];

/** Kinds of property a stay can be. */
export const PROPERTY_TYPES = ["hotel", "apartment", "hostel", "resort", "guesthouse", "villa"] as const;
/** A kind of property. */
export type PropertyType = (typeof PROPERTY_TYPES)[number];

const usd = (description: string) => z.number().meta({ description, example: 1280 });
/** Local time with its UTC offset, e.g. `2025-04-02T17:45:00+09:00`. */
const localDateTime = () =>
  z.iso.datetime({ offset: true }).meta({
    description: "ISO 8601 local time with the airport's UTC offset.",
    example: "2025-04-02T17:45:00+09:00",
  });
const isoDuration = () => z.string().meta({ description: "ISO 8601 duration.", example: "PT14H15M" });

export const flightEndpointSchema = z.object({
  airport: z.string().meta({ description: "IATA airport code.", example: "NRT" }),
  terminal: z.string().nullable(),
  time: localDateTime(),
});

export const flightLegSchema = z.object({
  flight_number: z.string().meta({ example: "NH9" }),
  departure: flightEndpointSchema,
  arrival: flightEndpointSchema,
  duration: isoDuration(),
  aircraft: z.string().meta({ example: "Boeing 787-9" }),
});

export const flightJourneySchema = z.object({
  departure: flightEndpointSchema,
  arrival: flightEndpointSchema,
  duration: isoDuration().meta({ description: "Door to door, connections included (ISO 8601)." }),
  stops: z.int(),
  aircraft: z.string().meta({ description: "Aircraft of the longest flight." }),
  legs: z.array(flightLegSchema).meta({ description: "Every flight in order (one when non-stop)." }),
});

export const cabinClassSchema = z.enum(CABIN_CLASSES);

export const flightOfferSchema = z.object({
  id: z.string().meta({ description: "`off_` + 20 hex characters.", example: "off_3f9a1c2b7d4e5f607182" }),
  airline: z.string().meta({ example: "ANA" }),
  airline_code: z.string().meta({ description: "IATA designator.", example: "NH" }),
  price: z.object({
    total: usd("All passengers, taxes included."),
    currency: z.string().meta({ example: "USD" }),
    breakdown: z.object({ base_fare: z.number(), taxes: z.number() }),
    per_passenger: z.number(),
  }),
  outbound: flightJourneySchema,
  return: flightJourneySchema.optional().meta({ description: "Round trips only." }),
  baggage: z.object({ carry_on: z.string(), checked: z.string() }),
  refundable: z.boolean(),
  changeable: z.boolean(),
  change_fee: z.number().nullable().meta({ description: "0 when free; null when not changeable." }),
  booking_deadline: dateTime(),
  cabin_class: cabinClassSchema,
  passengers: z.int(),
  expires_at: dateTime().meta({ description: "When this price stops being valid." }),
});

export const searchMetadataSchema = z.object({
  total_results: z.int().meta({ description: "Matches before `limit`." }),
  search_id: z.string().meta({ example: "search_789xyz0a1b2c3d4e" }),
  currency: z.string().meta({ example: "USD" }),
  searched_at: dateTime(),
  provider: z.string().meta({ description: "Which inventory answered.", example: "offline" }),
  warnings: z.array(z.string()).optional().meta({
    description:
      "Only when something limited the answer: a date in the past or beyond the 361 days on sale gives 200 with no results and says so here.",
  }),
});

export const flightSearchResponseSchema = z.object({
  results: z.array(flightOfferSchema),
  search_metadata: searchMetadataSchema,
});

export const accommodationOfferSchema = z.object({
  id: z.string().meta({ description: "`stay_` + 20 hex characters.", example: "stay_0a1b2c3d4e5f60718293" }),
  property_id: z.string().meta({ description: "The property, stable across searches." }),
  name: z.string(),
  property_type: z.enum(PROPERTY_TYPES),
  star_rating: z.int().nullable().meta({ description: "Hotels and resorts only." }),
  location: z.object({
    address: z.string(),
    coordinates: z.object({ latitude: z.number(), longitude: z.number() }),
    neighborhood: z.string(),
    distance_to_center: z.number().meta({ description: "Kilometres from the searched centre." }),
  }),
  price: z.object({
    total: usd("The whole stay, all rooms, taxes included."),
    per_night: z.number(),
    currency: z.string().meta({ example: "USD" }),
    taxes_included: z.boolean(),
    breakdown: z.object({ room_rate: z.number(), taxes: z.number() }),
  }),
  room: z.object({
    type: z.string(),
    size_sqm: z.number(),
    bed_type: z.string(),
    max_guests: z.int(),
    description: z.string(),
  }),
  amenities: z.array(z.string()).meta({ example: ["Free WiFi", "Breakfast included"] }),
  rating: z.object({
    score: z.number(),
    max_score: z.number(),
    review_count: z.int(),
    recent_reviews: z.array(z.object({ rating: z.number(), comment: z.string(), date: z.string() })),
  }),
  policies: z.object({
    check_in: z.string().meta({ example: "15:00" }),
    check_out: z.string().meta({ example: "11:00" }),
    cancellation: z.string(),
    pets_allowed: z.boolean(),
  }),
  images: z.array(z.object({ url: z.string(), caption: z.string(), type: z.string() })),
  check_in: isoDate(),
  check_out: isoDate(),
  nights: z.int(),
  guests: z.int(),
  rooms: z.int(),
  expires_at: dateTime(),
});

export const accommodationSearchResponseSchema = z.object({
  results: z.array(accommodationOfferSchema),
  search_metadata: searchMetadataSchema,
});

export const priceWatchSchema = z.object({
  id: uuid(),
  trip_id: uuid().nullable(),
  route: z.object({
    origin: z.string().meta({ example: "JFK" }),
    destination: z.string().meta({ example: "NRT" }),
    departure_date: isoDate(),
    return_date: isoDate().nullable(),
  }),
  passengers: z.int(),
  cabin_class: cabinClassSchema,
  target_price: z.number().nullable(),
  currency: z.string().meta({ example: "USD" }),
  notification_email: z.string().nullable(),
  current_price: z
    .number()
    .nullable()
    .meta({ description: "Cheapest `price.total` at the last check; null when nothing flies it." }),
  lowest_price: z.number().nullable(),
  below_target: z.boolean(),
  status: z.enum(["active", "expired", "cancelled"]),
  price_history: z.array(z.object({ checked_at: dateTime(), price: z.number().nullable() })),
  last_checked_at: dateTime().nullable(),
  next_check_at: dateTime().nullable().meta({ description: "Null unless `active`." }),
  created_at: dateTime(),
});

export const priceWatchListSchema = z.object({ watches: z.array(priceWatchSchema), total: z.int() });

/** One end of a flight leg: IATA airport, terminal and local time with its UTC offset. */
export type FlightEndpoint = z.infer<typeof flightEndpointSchema>;
/** One flight of a journey (a connecting journey lists each flight). */
export type FlightLeg = z.infer<typeof flightLegSchema>;
/** The outbound or return journey of an offer (the TripSage REST API `outbound` / `return`). */
export type FlightJourney = z.infer<typeof flightJourneySchema>;
/** One flight offer (the TripSage REST API "Search Flights" result). */
export type FlightOffer = z.infer<typeof flightOfferSchema>;
/** A priced amount: `total` = `breakdown.base_fare + breakdown.taxes`, in `currency` (ISO 4217). */
export type FlightPrice = FlightOffer["price"];
/** One stay offer (the TripSage REST API "Search Accommodations" result). */
export type AccommodationOffer = z.infer<typeof accommodationOfferSchema>;
/** The `search_metadata` of a flight or stay search. */
export type SearchMetadata = z.infer<typeof searchMetadataSchema>;
/** A tracked route (`/api/flights/track`). */
export type PriceWatchResponse = z.infer<typeof priceWatchSchema>;
