/**
 * The world's cities by name, for recognising places in what travellers write.
 *
 * Source: the `city-timezones` package (MIT), which ships Natural Earth's "populated places"
 * (public domain): 7 300 cities and towns with their country, ISO 3166-1 codes, population
 * estimate, coordinates and IANA time zone. Natural Earth spells a few cities the local way
 * ("Luzern", "Brugge"); {@link EXONYMS} adds the English names travellers type. Airports
 * stay in lib/domain/travel/airports.ts (the catalogue the flight search and segments use); this
 * module only names places. Loaded once per process (~2 MB of JSON, a few ms).
 */
import { cityMapping } from "city-timezones";
import { normalise } from "./airports";

/** One city of the data set, with the English name travellers use. */
export interface City {
  /** English name as travellers write it: "Seville", "Lucerne", "Kraków". */
  name: string;
  country: string;
  /** ISO 3166-1 alpha-2 code. */
  countryCode: string;
  /** IANA time zone, e.g. "Europe/Madrid". */
  timeZone: string;
  /** Population estimate (people); used to pick the best-known of several same-named cities. */
  population: number;
  latitude: number;
  longitude: number;
}

/**
 * English names for cities Natural Earth spells otherwise (folded keys, see {@link foldName}):
 * the data set's name → the name shown and matched as well.
 */
export const EXONYMS: Readonly<Record<string, string>> = {
  luzern: "Lucerne",
  brugge: "Bruges",
  antwerpen: "Antwerp",
  marrakesh: "Marrakech",
  sevilla: "Seville",
  "den haag": "The Hague",
  "s gravenhage": "The Hague",
  genf: "Geneva",
  koln: "Cologne",
  munchen: "Munich",
  firenze: "Florence",
  venezia: "Venice",
  napoli: "Naples",
  lisboa: "Lisbon",
  praha: "Prague",
  wien: "Vienna",
};

/** Lower case, accents and punctuation removed: "Kraków" → "krakow" (as lib/domain/travel/airports.ts). */
export const foldName = normalise;

/** Every city of the data set, most populous first. */
export const CITIES: readonly City[] = cityMapping
  .map((c) => {
    const local = c.city || c.city_ascii;
    return {
      name: EXONYMS[foldName(local)] ?? EXONYMS[foldName(c.city_ascii)] ?? local,
      country: c.country,
      countryCode: c.iso2,
      timeZone: c.timezone,
      population: Math.round(c.pop),
      latitude: c.lat,
      longitude: c.lng,
    };
  })
  .filter((c) => c.name && c.timeZone)
  .sort((a, b) => b.population - a.population);

const BY_NAME: ReadonlyMap<string, City> = (() => {
  const map = new Map<string, City>();
  for (const c of CITIES) {
    for (const key of [
      foldName(c.name),
      ...Object.entries(EXONYMS)
        .filter(([, en]) => en === c.name)
        .map(([k]) => k),
    ]) {
      if (!map.has(key)) map.set(key, c);
    }
  }
  return map;
})();

/**
 * The best-known city called `name` (case- and accent-insensitive, English or local
 * spelling: "seville", "Sevilla", "krakow"); the most populous when several share the name.
 * Undefined when the data set has no such city.
 */
export function findCity(name: string): City | undefined {
  return BY_NAME.get(foldName(name));
}

/** Every (folded name, city) pair, for scanning text; names in both spellings. */
export function cityNames(): ReadonlyMap<string, City> {
  return BY_NAME;
}
