/**
 * Types shared by the trip page's flight and stay search (client components) and the server
 * code that prepares their defaults. Type-only imports from lib/domain/travel: nothing from the
 * server modules is bundled for the browser.
 */
export type {
  AccommodationOffer,
  CabinClass,
  FlightJourney,
  FlightOffer,
  SearchMetadata,
} from "@/lib/domain/travel/types";

import type { SearchMetadata } from "@/lib/domain/travel/types";

/** Both searches' answer (the TripSage REST API `{results, search_metadata}`). */
export interface SearchAnswer<T> {
  results: T[];
  search_metadata: SearchMetadata;
}

/**
 * Defaults for the search forms, worked out on the server from the trip and the airport
 * catalogue (lib/domain/travel/airports.ts stays out of the browser bundle).
 */
export interface TravelHints {
  /** IATA metro or airport code of the trip's first destination ("PAR", "LIS"), if known. */
  destinationCode: string | null;
  /** Place to search stays in, e.g. "Paris, France"; "" when the trip has no destination. */
  stayLocation: string;
  /** IANA zone of the first destination (for hotel segments found around it), if known. */
  destinationTimeZone: string | null;
  /** IANA time zone of every catalogue airport by IATA code (a flight segment's zone). */
  airportZones: Record<string, string>;
}

/** A tracked route (`POST`/`GET /api/flights/track`). Prices are `price.total`, USD. */
export interface PriceWatch {
  id: string;
  trip_id: string | null;
  route: { origin: string; destination: string; departure_date: string; return_date: string | null };
  passengers: number;
  cabin_class: string;
  target_price: number | null;
  currency: string;
  current_price: number | null;
  lowest_price: number | null;
  below_target: boolean;
  status: "active" | "expired" | "cancelled";
  last_checked_at: string | null;
  created_at: string;
}
