/**
 * Where flight and stay offers come from. A provider answers one airport pair (flights) or
 * one place (stays); lib/domain/travel/flights.ts fans out over metro airports and flexible dates,
 * filters, sorts, stores and numbers the offers.
 *
 * Flights come from Duffel (./duffel.ts) when `DUFFEL_ACCESS_TOKEN` is set. The built-in
 * offline inventories (./offline-flights.ts, ./offline-stays.ts) answer when no live
 * provider is configured, so the app runs with zero setup; every answer names its
 * provider in `search_metadata.provider`.
 */
import { env } from "@/lib/platform/env";
import { duffelFlights } from "./duffel";
import { offlineFlightOffers } from "./offline-flights";
import type { FlightProvider } from "./types";

export type { FlightProvider } from "./types";

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
