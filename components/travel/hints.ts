/**
 * Server-side defaults for the trip page's flight and stay search. Imports the airport
 * catalogue, so only server components may import this module; they pass the result to the
 * client as plain data.
 */
import { AIRPORTS, type Airport, airportsForCity, METRO_CODES } from "@/lib/travel/airports";
import type { Destination } from "@/lib/validators/shapes";
import type { TravelHints } from "./types";

let zones: Record<string, string> | undefined;

/** IANA zone by IATA code for the whole catalogue (built once). */
function airportZones(): Record<string, string> {
  zones ??= Object.fromEntries(AIRPORTS.map((a) => [a.iata, a.time_zone]));
  return zones;
}

/** The metro code covering every airport of `found` ("PAR" for CDG + ORY), else the first airport's code. */
function codeFor(found: readonly Airport[]): string | null {
  const first = found[0];
  if (!first) return null;
  if (found.length > 1) {
    const metro = Object.entries(METRO_CODES).find(([, members]) =>
      found.every((a) => members.includes(a.iata)),
    );
    if (metro) return metro[0];
  }
  return first.iata;
}

/** Airports serving a destination: "City, Country" first, then the city or name alone. */
function airportsFor(d: Destination): Airport[] {
  const names = [...new Set([d.city, d.name].filter((s): s is string => !!s?.trim()))];
  for (const name of names) {
    if (d.country?.trim()) {
      const found = airportsForCity(`${name}, ${d.country}`);
      if (found.length) return found;
    }
    const found = airportsForCity(name);
    if (found.length) return found;
  }
  return [];
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
  const found = airportsFor(first);
  const name = first.name.trim();
  const country = first.country?.trim();
  const stayLocation =
    country && !name.toLowerCase().includes(country.toLowerCase()) ? `${name}, ${country}` : name;
  return {
    destinationCode: codeFor(found),
    stayLocation,
    destinationTimeZone: found[0]?.time_zone ?? null,
    airportZones: airportZones(),
  };
}
