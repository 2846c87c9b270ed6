/**
 * Where flight and stay offers come from. A provider answers one airport pair (flights) or
 * one place (stays); lib/travel/service.ts fans out over metro airports and flexible dates,
 * filters, sorts, stores and numbers the offers.
 *
 * Flights come from Duffel (./duffel.ts) when `DUFFEL_ACCESS_TOKEN` is set. The built-in
 * offline inventories (./offline-flights.ts, ./offline-stays.ts) answer when no live
 * provider is configured, so the app runs with zero setup; every answer names its
 * provider in `search_metadata.provider`.
 */
import { env } from "@/lib/env";
import type { Airport } from "./airports";
import { duffelFlights } from "./duffel";
import { offlineFlightOffers } from "./offline-flights";
import type { FlightOffer, FlightQuery } from "./types";

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

/** The built-in flight model (see ./offline-flights.ts). */
export const offlineFlights: FlightProvider = {
  name: "offline",
  async search(from, to, q, now) {
    return offlineFlightOffers(from, to, q, now);
  },
};

/**
 * The flight provider this deployment uses: Duffel (./duffel.ts, name "duffel") when
 * `DUFFEL_ACCESS_TOKEN` is set, at `DUFFEL_BASE_URL` (default https://api.duffel.com);
 * otherwise the offline model (name "offline").
 */
export function flightProvider(): FlightProvider {
  const e = env();
  if (e.DUFFEL_ACCESS_TOKEN)
    return duffelFlights({ token: e.DUFFEL_ACCESS_TOKEN, baseUrl: e.DUFFEL_BASE_URL });
  return offlineFlights;
}
