/**
 * Shapes of the TripSage REST API's "Flight Services" and "Accommodation Services" answers, shared by the
 * providers (./offline-flights.ts, ./offline-stays.ts, ./duffel.ts), the service and the UI.
 * Field names are the TripSage REST API's; fields marked "beyond the API document" are additions a client may ignore.
 */

/** The TripSage REST API `cabin_class` values (Duffel's names). */
export const CABIN_CLASSES = ["economy", "premium_economy", "business", "first"] as const;
/** A cabin class. */
export type CabinClass = (typeof CABIN_CLASSES)[number];

/** One end of a flight leg: IATA airport, terminal and local time with its UTC offset. */
export interface FlightEndpoint {
  airport: string;
  terminal: string | null;
  /** ISO 8601 local time with offset, e.g. "2025-04-02T17:45:00+09:00". */
  time: string;
}

/** One flight of a journey (beyond the API document: a connecting journey lists each flight). */
export interface FlightLeg {
  flight_number: string;
  departure: FlightEndpoint;
  arrival: FlightEndpoint;
  /** ISO 8601 duration, e.g. "PT7H5M". */
  duration: string;
  aircraft: string;
}

/** The outbound or return journey of an offer (the TripSage REST API `outbound` / `return`). */
export interface FlightJourney {
  departure: FlightEndpoint;
  arrival: FlightEndpoint;
  /** Door-to-door ISO 8601 duration including connections, e.g. "PT14H15M". */
  duration: string;
  stops: number;
  /** Aircraft of the longest flight. */
  aircraft: string;
  /** Beyond the API document: every flight, in order (one for a non-stop journey). */
  legs: FlightLeg[];
}

/** A priced amount. `total` = `breakdown.base_fare + breakdown.taxes`, in `currency` (ISO 4217). */
export interface FlightPrice {
  total: number;
  currency: string;
  breakdown: { base_fare: number; taxes: number };
  /** Beyond the API document: `total / passengers`. */
  per_passenger: number;
}

/** One flight offer (the TripSage REST API "Search Flights" result). */
export interface FlightOffer {
  id: string;
  /** Airline brand name, e.g. "ANA". */
  airline: string;
  /** Beyond the API document: the airline's IATA designator, e.g. "NH". */
  airline_code: string;
  price: FlightPrice;
  outbound: FlightJourney;
  /** Present for a round trip only. */
  return?: FlightJourney;
  baggage: { carry_on: string; checked: string };
  refundable: boolean;
  changeable: boolean;
  /** In `price.currency`; 0 when changes are free, null when not changeable. */
  change_fee: number | null;
  /** ISO 8601 UTC. */
  booking_deadline: string;
  /** Beyond the seed. */
  cabin_class: CabinClass;
  passengers: number;
  /** Beyond the API document: when this offer stops being valid (ISO 8601 UTC). */
  expires_at: string;
}

/** What a flight search asks for (the TripSage REST API request body, validated). */
export interface FlightQuery {
  origin: string;
  destination: string;
  /** ISO 8601 dates, YYYY-MM-DD. */
  departure_date: string;
  return_date?: string;
  passengers: number;
  cabin_class: CabinClass;
  budget_max?: number;
  /** IATA designators (already resolved from names). */
  preferred_airlines?: string[];
  flexible_dates?: { enabled: boolean; days_before: number; days_after: number };
  max_stops?: number;
}

/** A stay result (the TripSage REST API "Search Accommodations" result). */
export interface AccommodationOffer {
  id: string;
  /** Beyond the API document: the property, the same across searches (`id` is this priced offer). */
  property_id: string;
  name: string;
  property_type: PropertyType;
  star_rating: number | null;
  location: {
    address: string;
    coordinates: { latitude: number; longitude: number };
    neighborhood: string;
    /** Kilometres from the searched centre. */
    distance_to_center: number;
  };
  price: {
    /** For the whole stay, all rooms. */
    total: number;
    per_night: number;
    currency: string;
    taxes_included: boolean;
    breakdown: { room_rate: number; taxes: number };
  };
  room: { type: string; size_sqm: number; bed_type: string; max_guests: number; description: string };
  amenities: string[];
  rating: {
    score: number;
    max_score: number;
    review_count: number;
    recent_reviews: { rating: number; comment: string; date: string }[];
  };
  policies: { check_in: string; check_out: string; cancellation: string; pets_allowed: boolean };
  images: { url: string; caption: string; type: string }[];
  /** Beyond the API document: the stay this price is for. */
  check_in: string;
  check_out: string;
  nights: number;
  guests: number;
  rooms: number;
  expires_at: string;
}

/** The TripSage REST API `property_types` values. */
export const PROPERTY_TYPES = ["hotel", "apartment", "hostel", "resort", "guesthouse", "villa"] as const;
/** A kind of lodging. */
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** The TripSage REST API `amenities` filter values (each maps to the display names in results). */
export const AMENITIES = [
  "wifi",
  "breakfast",
  "gym",
  "pool",
  "parking",
  "spa",
  "kitchen",
  "air_conditioning",
  "pets",
  "restaurant",
  "airport_shuttle",
] as const;
/** An amenity filter value. */
export type Amenity = (typeof AMENITIES)[number];

/** Sort orders for stays (the TripSage REST API `sort_by`). */
export const STAY_SORTS = ["price", "rating", "distance", "stars"] as const;

/** What a stay search asks for (the TripSage REST API request body, validated and geocoded). */
export interface AccommodationQuery {
  /** The place as the caller wrote it. */
  location: string;
  center: { latitude: number; longitude: number; radius_km: number };
  /** Resolved city name and country code, when the place is known. */
  city: string;
  country_code: string | null;
  check_in: string;
  check_out: string;
  guests: number;
  rooms: number;
  budget_max?: number;
  property_types?: PropertyType[];
  amenities?: Amenity[];
  star_rating_min?: number;
  sort_by: (typeof STAY_SORTS)[number];
}

/** `search_metadata` of both searches. */
export interface SearchMetadata {
  total_results: number;
  search_id: string;
  currency: string;
  searched_at: string;
  /** Beyond the API document: which inventory answered ("duffel" or "offline"). */
  provider: string;
  /** Beyond the API document, present only when something limited the answer (e.g. a date in the past). */
  warnings?: string[];
}

import type { Airport } from "./airports";

/** A source of flight offers. */
export interface FlightProvider {
  /** Reported as `search_metadata.provider`. */
  readonly name: string;
  /**
   * Offers from `from` to `to` for `q`'s dates, passengers and cabin.
   * @throws ApiError SERVICE_UNAVAILABLE (503) when a live provider cannot be reached
   */
  search(
    from: Airport,
    to: Airport,
    q: Pick<FlightQuery, "departure_date" | "return_date" | "passengers" | "cabin_class" | "max_stops">,
    now: Date,
  ): Promise<Omit<FlightOffer, "id">[]>;
}
