/**
 * Server-side defaults for the trip page's flight and stay search. Imports the airport
 * catalogue, so only server components may import this module; they pass the result to the
 * client as plain data.
 */
import type { Destination } from "@/db/schema/shapes";
import { AIRPORTS, airportsForCity, searchCodeFor } from "@/lib/domain/travel/airports";
import type { TravelHints } from "./types";

let zones: Record<string, string> | undefined;

/** IANA zone by IATA code for the whole catalogue (built once). */
function airportZones(): Record<string, string> {
  zones ??= Object.fromEntries(AIRPORTS.map((a) => [a.iata, a.time_zone]));
  return zones;
}

/** The search query that finds a destination's airports: "City, Country" first, then the city or name alone. */
function placeQuery(d: Destination): string | null {
  const names = [...new Set([d.city, d.name].filter((s): s is string => !!s?.trim()))];
  for (const name of names) {
    if (d.country?.trim() && airportsForCity(`${name}, ${d.country}`).length) return `${name}, ${d.country}`;
    if (airportsForCity(name).length) return name;
  }
  return null;
}

/** Search defaults for a trip: its first destination as an airport/metro code and a stay location. */
export function travelHints(trip: { destinations: readonly Destination[] }): TravelHints {
  const first = trip.destinations[0];
  if (!first) {
    return {
      destinationCode: null,
      stayLocation: "",
      destinationTimeZone: null,
      airportZones: airportZones(),
    };
  }
  const query = placeQuery(first);
  const found = query ? airportsForCity(query) : [];
  const name = first.name.trim();
  const country = first.country?.trim();
  const stayLocation =
    country && !name.toLowerCase().includes(country.toLowerCase()) ? `${name}, ${country}` : name;
  return {
    destinationCode: query ? searchCodeFor(query) : null,
    stayLocation,
    destinationTimeZone: found[0]?.time_zone ?? null,
    airportZones: airportZones(),
  };
}
