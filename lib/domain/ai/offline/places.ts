/**
 * Places in a message: destination cities (lower-case or accented: "vienna", "zürich"),
 * multi-city routes ("Rome then Florence"), and airports for flights. Airports and their
 * cities come from the travel catalogue (lib/domain/travel/airports.ts), other cities from
 * lib/domain/travel/cities.ts and lib/domain/suggestions/catalogue.ts, destination guides from
 * lib/domain/ai/offline/destinations.ts; there is no second table here.
 */

import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import {
  AIRPORTS,
  airportsForCity,
  CITY_ALIASES,
  findAirport,
  searchCodeFor,
} from "@/lib/domain/travel/airports";
import { cityNames, findCity } from "@/lib/domain/travel/cities";
import { CITY_GUIDES, foldText } from "./destinations";

/** A city recognised in text. */
export interface CityMention {
  name: string;
  country: string;
  /** Character offset in the folded text, for ordering. */
  at: number;
}

interface CityKey {
  key: string;
  name: string;
  country: string;
  /** Matched only when written capitalised ("Nice", "Man"): a small town or a common word. */
  capitalOnly: boolean;
}

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
  "man",
  "mary",
  "van",
  "sale",
  "orange",
  "mesa",
  "gary",
  "lira",
  "hail",
  "bo",
  "hue",
  "leon",
  "ica",
  "jos",
  "victoria",
  "aurora",
  "independence",
  "temple",
  "paradise",
]);

const CITY_INDEX: CityKey[] = (() => {
  const seen = new Map<string, CityKey>();
  const put = (key: string, name: string, country: string, small = false) => {
    if (key.length < 2 || seen.has(key)) return;
    seen.set(key, { key, name, country, capitalOnly: small || NOT_CITIES.has(key) });
  };
  for (const g of CITY_GUIDES) {
    for (const alias of [foldText(g.name), ...g.aliases]) put(alias, g.name, g.country);
  }
  for (const d of CATALOGUE) put(foldText(d.city), d.city, d.country);
  for (const a of AIRPORTS) {
    const key = foldText(a.city);
    if (key.length >= 3) put(key, a.city, a.country);
  }
  // Islands and areas the airport catalogue serves ("Bali" → DPS).
  for (const [alias, codes] of Object.entries(CITY_ALIASES)) {
    const airport = codes.map((c) => findAirport(c)).find(Boolean);
    const name = alias.replace(/\b\w/g, (ch) => ch.toUpperCase());
    if (airport && !alias.includes(" city")) put(alias, name, airport.country);
  }
  // The world's cities (Natural Earth via lib/domain/travel/cities.ts): small towns and short names
  // only when capitalised, so that "man" or "reading" in a request is not a place.
  for (const [key, c] of cityNames()) put(key, c.name, c.country, c.population < 100_000 || key.length < 5);
  return [...seen.values()].sort((x, y) => y.key.length - x.key.length);
})();

const LANDMARK =
  /^ (?:tower|castle|palace|bridge|street|st|square|park|museum|cathedral|market|station|gate|beach|hill|road|avenue|ave|airport|harbour|harbor|temple|shrine|garden|gardens|fort)\b/;

/** Whether `key` (folded) occurs in `text` as a word starting with a capital letter. */
function capitalised(text: string, key: string): boolean {
  const plain = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const pattern = key.split(" ").join("[^A-Za-z0-9]+");
  const re = new RegExp(`(?:^|[^A-Za-z0-9])(${pattern})(?![A-Za-z0-9])`, "gi");
  for (const m of plain.matchAll(re)) {
    const first = m[1]?.[0];
    if (first && first !== first.toLowerCase()) return true;
  }
  return false;
}

/**
 * Cities named in `text`, in the order they appear, without duplicates: from the
 * destination guides, the suggestions catalogue, every city and island alias of the airport
 * catalogue ("Bali") and the world city list (lib/domain/travel/cities.ts, Natural Earth; the first
 * source that knows a name decides its country: "Valencia" is the Spanish one). Case- and
 * accent-insensitive ("zürich", "ZURICH" → Zurich); common words and small towns ("nice",
 * "man") count only when capitalised.
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
      if (c.capitalOnly && !capitalised(text, c.key)) continue;
      // "Belém Tower", "Victoria Station": a sight named after a place, not the place.
      if (LANDMARK.test(folded.slice(end, end + 14))) continue;
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

/**
 * The IANA time zone of a destination city: its first catalogue airport's zone, else the
 * world city list's (lib/domain/travel/cities.ts); null when neither knows the place.
 */
export function timeZoneOf(city: string): string | null {
  return airportsForCity(city)[0]?.time_zone ?? findCity(city)?.timeZone ?? null;
}

/** Country names that are also common words or names: counted only when capitalised. */
const AMBIGUOUS_COUNTRIES = new Set([
  "turkey",
  "chile",
  "china",
  "jordan",
  "georgia",
  "chad",
  "guinea",
  "jersey",
  "niger",
  "togo",
  "mali",
  "oman",
  "peru",
]);

const COUNTRY_INDEX: { key: string; name: string }[] = (() => {
  const names = new Map<string, string>();
  for (const c of cityNames().values()) names.set(foldText(c.country), c.country);
  for (const a of AIRPORTS) names.set(foldText(a.country), a.country);
  return [...names.entries()]
    .map(([key, name]) => ({ key, name }))
    .sort((x, y) => y.key.length - x.key.length);
})();

/**
 * The first country named in `text` ("road trip through iceland" → Iceland), from the
 * countries of the world city list and the airport catalogue; case- and accent-insensitive,
 * words that are also common nouns ("turkey", "chile") only capitalised. Null when none.
 */
export function findCountry(text: string): string | null {
  const folded = ` ${foldText(text)} `;
  let best: { name: string; at: number } | null = null;
  for (const c of COUNTRY_INDEX) {
    const at = folded.indexOf(` ${c.key} `);
    if (at < 0 || (best && best.at <= at)) continue;
    if (AMBIGUOUS_COUNTRIES.has(c.key) && !capitalised(text, c.key)) continue;
    best = { name: c.name, at };
  }
  return best?.name ?? null;
}

/**
 * Whether a place can be searched as it is: a catalogue destination, an airport city or
 * code, or a city of the world list. Neighbourhoods ("Shinjuku", "Asakusa") are not.
 */
export function searchablePlace(place: string): boolean {
  const p = place.trim();
  if (!p) return false;
  return (
    CATALOGUE.some((d) => foldText(d.city) === foldText(p)) ||
    airportsForCity(p).length > 0 ||
    findCity(p.split(",")[0] ?? p) !== undefined
  );
}
