/**
 * Shapes of the TripSage REST API's "Flight Services" and "Accommodation Services" answers, shared by the
 * providers (./offline-flights.ts, ./offline-stays.ts, ./duffel.ts), the service and the UI.
 * Field names are the TripSage REST API's; fields marked "beyond the API document" are additions a client may ignore.
 */

import type { CabinClass, FlightOffer, PropertyType } from "./schemas";

export {
  type AccommodationOffer,
  CABIN_CLASSES,
  type CabinClass,
  type FlightEndpoint,
  type FlightJourney,
  type FlightLeg,
  type FlightOffer,
  type FlightPrice,
  PROPERTY_TYPES,
  type PropertyType,
  type SearchMetadata,
} from "./schemas";

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
