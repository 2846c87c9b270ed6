/**
 * Places in a message: destination cities (lower-case or accented: "vienna", "zürich"),
 * multi-city routes ("Rome then Florence"), and airports for flights. Airports and their
 * cities come from the travel catalogue (lib/domain/travel/airports.ts), destination guides from
 * lib/domain/ai/offline/destinations.ts; there is no second table here.
 */
import { AIRPORTS, airportsForCity, findAirport, searchCodeFor } from "@/lib/domain/travel/airports";
import { CITY_GUIDES, foldText } from "./destinations";

/** A city recognised in text. */
export interface CityMention {
  name: string;
  country: string;
  /** Character offset in the folded text, for ordering. */
  at: number;
}

const CITY_INDEX: { key: string; name: string; country: string }[] = (() => {
  const seen = new Map<string, { key: string; name: string; country: string }>();
  for (const g of CITY_GUIDES) {
    for (const alias of [foldText(g.name), ...g.aliases]) {
      seen.set(alias, { key: alias, name: g.name, country: g.country });
    }
  }
  for (const a of AIRPORTS) {
    const key = foldText(a.city);
    if (key.length >= 3 && !seen.has(key)) seen.set(key, { key, name: a.city, country: a.country });
  }
  return [...seen.values()].sort((x, y) => y.key.length - x.key.length);
})();

/** Words that are also city names but rarely mean one in a trip request. */
const NOT_CITIES = new Set([
  "nice",
  "mobile",
  "split",
  "bath",
  "reading",
  "york",
  "of",
  "male",
  "eagle",
  "hope",
]);

/**
 * Cities named in `text`, in the order they appear, without duplicates: from the
 * destination guides and every city in the airport catalogue; case- and accent-insensitive
 * ("zürich", "ZURICH" → Zurich). Ambiguous common words ("nice") count only capitalised.
 */
export function findCities(text: string): CityMention[] {
  const folded = ` ${foldText(text)} `;
  const out: CityMention[] = [];
  const used: [number, number][] = [];
  for (const c of CITY_INDEX) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(` ${c.key} `, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + c.key.length + 1;
      if (used.some(([a, b]) => at + 1 < b && end > a)) continue;
      if (NOT_CITIES.has(c.key) && !new RegExp(`\\b${c.name}\\b`).test(text)) continue;
      used.push([at + 1, end]);
      if (!out.some((o) => o.name === c.name)) out.push({ name: c.name, country: c.country, at });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * The IATA code to search or record a place by: a 3-letter airport or metro code as given
 * ("NRT", "tyo"), else the catalogue's code for a city ("Tokyo" → TYO, "Haneda" is matched
 * through airport names). With `airportOnly` a metro code becomes its first airport
 * ("London" → LHR), as a flight segment records real airports. Null when unknown.
 */
export function airportCode(place: string, airportOnly = false): string | null {
  const p = place
    .trim()
    .replace(/^(?:the|from|to)\s+/i, "")
    .replace(/\s+airport$/i, "");
  if (/^[A-Za-z]{3}$/.test(p) && findAirport(p)) return p.toUpperCase();
  if (airportOnly) {
    const first = airportsForCity(p)[0];
    if (first) return first.iata;
  } else {
    if (/^[A-Za-z]{3}$/.test(p) && airportsForCity(p).length) return p.toUpperCase();
    const code = searchCodeFor(p);
    if (code) return code;
  }
  const f = foldText(p);
  if (f.length < 4) return null;
  const byName = AIRPORTS.find((a) => foldText(a.name).split(" ").includes(f) || foldText(a.name) === f);
  return byName?.iata ?? null;
}

/** The IANA time zone of a destination city (its first catalogue airport's zone), or null. */
export function timeZoneOf(city: string): string | null {
  return airportsForCity(city)[0]?.time_zone ?? null;
}
