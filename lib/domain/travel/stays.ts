/**
 * The TripSage REST API's Accommodation Services: stay search in the built-in sample inventory
 * (./offline-stays.ts) around a geocoded place, and stay offers read back by id.
 */
import type { Db } from "@/db/client";
import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import { airportsForCity } from "@/lib/domain/travel/airports";
import { findCity } from "@/lib/domain/travel/cities";
import { haversineKm } from "@/lib/domain/users/profile";
import { type AccommodationSearchInput, saleWindowProblem } from "@/lib/domain/validators/travel";
import { answerSearch, getStoredOffer, type SearchResponse, searchFieldError } from "./offers";
import { catalogueEntry, priceStay, sampleProperties } from "./offline-stays";
import type { AccommodationOffer } from "./types";

/** A place to search stays around. */
interface Place {
  city: string;
  country: string;
  countryCode: string | null;
  center: { latitude: number; longitude: number };
  radiusKm: number;
  dailyCostUsd?: number;
  bestMonths: readonly number[];
  /** Set when the first part of `location` was not found and its city was searched instead. */
  unknownPart?: string;
}

/**
 * Geocodes a stay search: explicit `coordinates` win; otherwise `location` is looked up in the
 * destination catalogue ("Tokyo", "Tokyo, Japan"), then among airport cities, then in the
 * world city list (lib/domain/travel/cities.ts: "Granada", "Luzern"); "Shinjuku, Tokyo" (a place
 * unknown here, then a city) is searched around the city, and the place says which part it did not know.
 * @throws ApiError VALIDATION_ERROR (422) on `location` when the place is unknown
 */
function resolvePlace(input: AccommodationSearchInput): Place {
  const text = input.location?.trim() ?? "";
  const [cityPart = "", ...rest] = text.split(",").map((s) => s.trim());
  const countryPart = rest.at(-1)?.toLowerCase();
  const entry = catalogueEntry(cityPart, countryPart);
  const airport = entry ? undefined : text ? airportsForCity(text)[0] : undefined;
  if (input.coordinates) {
    const at = { latitude: input.coordinates.latitude, longitude: input.coordinates.longitude };
    // Name the place after the catalogue city at the coordinates; the written location only
    // when it is that city, or an airport city near them (coordinates win when they disagree).
    const near =
      entry && haversineKm(entry.coordinates, at) < 50
        ? entry
        : CATALOGUE.find((d) => haversineKm(d.coordinates, at) < 30);
    const nearAirport = airport && haversineKm(airport, at) < 80 ? airport : undefined;
    return {
      city: near?.city ?? nearAirport?.city ?? "this area",
      country: near?.country ?? nearAirport?.country ?? "",
      countryCode: near?.country_code ?? nearAirport?.country_code ?? null,
      center: at,
      radiusKm: input.coordinates.radius_km,
      ...(near ? { dailyCostUsd: near.daily_cost_usd } : {}),
      bestMonths: near?.best_months ?? [],
    };
  }
  if (entry) {
    return {
      city: entry.city,
      country: entry.country,
      countryCode: entry.country_code,
      center: entry.coordinates,
      radiusKm: 10,
      dailyCostUsd: entry.daily_cost_usd,
      bestMonths: entry.best_months,
    };
  }
  if (airport) {
    const cat = catalogueEntry(airport.city, airport.country_code);
    return {
      city: airport.city,
      country: airport.country,
      countryCode: airport.country_code,
      center: cat?.coordinates ?? { latitude: airport.latitude, longitude: airport.longitude },
      radiusKm: 10,
      ...(cat ? { dailyCostUsd: cat.daily_cost_usd } : {}),
      bestMonths: cat?.best_months ?? [],
    };
  }
  // Any other city of the world list (lib/domain/travel/cities.ts), with the country when one was given.
  const world = findCity(cityPart);
  if (
    world &&
    (!rest.length ||
      rest.some(
        (r) => r.toLowerCase() === world.country.toLowerCase() || r.toUpperCase() === world.countryCode,
      ))
  ) {
    return {
      city: world.name,
      country: world.country,
      countryCode: world.countryCode,
      center: { latitude: world.latitude, longitude: world.longitude },
      radiusKm: 10,
      bestMonths: [],
    };
  }
  // "Shinjuku, Tokyo": a neighbourhood of a known city is searched around that city.
  if (rest.length && cityPart) {
    try {
      return { ...resolvePlace({ ...input, location: rest.join(", ") }), unknownPart: cityPart };
    } catch {
      // fall through to the error naming the whole text
    }
  }
  throw searchFieldError("location", `Unknown place '${text}'; give a city ("Tokyo, Japan") or coordinates`);
}

/**
 * Searches stays (the TripSage REST API `POST /api/accommodations/search`) in the built-in sample
 * inventory around the place: within the radius (default 10 km), of the wanted property
 * types, with every wanted amenity, at least `star_rating_min` stars (unrated types are
 * excluded then), able to host the guests in the rooms, `price.per_night` ≤ `budget_max`
 * (USD). Sorted by `sort_by` (price ascending, rating, distance, stars descending), cut to
 * `limit`; the returned offers are stored for {@link getAccommodationOffer}. A check-in date
 * in the past or beyond the 361 days on sale gives no results and a `search_metadata.warnings` entry;
 * a neighbourhood we cannot place ("Shinjuku, Tokyo") is searched city-wide with a warning that says so.
 * @throws ApiError VALIDATION_ERROR (422) when the place is unknown
 */
export async function searchAccommodations(
  db: Db,
  userId: string,
  input: AccommodationSearchInput,
  opts: { now?: Date } = {},
): Promise<SearchResponse<AccommodationOffer>> {
  const now = opts.now ?? new Date();
  const place = resolvePlace(input);
  const warning = saleWindowProblem("check_in", input.check_in, now);
  // A part of the location we could not place ("Shinjuku" of "Shinjuku, Tokyo") is said, not hidden.
  const fallback = place.unknownPart
    ? `'${place.unknownPart}' is not a place we can search; these stays are anywhere in ${place.city}`
    : null;
  // Nothing is on sale outside the window: skip building the inventory at all.
  const properties = warning
    ? []
    : sampleProperties({
        city: place.city,
        country: place.country,
        center: place.center,
        ...(place.dailyCostUsd ? { dailyCostUsd: place.dailyCostUsd } : {}),
      });
  const wantTypes = input.property_types?.length ? new Set(input.property_types) : null;
  const matching: Omit<AccommodationOffer, "id">[] = [];
  for (const p of properties) {
    const km = haversineKm(place.center, p.coordinates);
    if (km > place.radiusKm) continue;
    if (wantTypes && !wantTypes.has(p.property_type)) continue;
    if (input.amenities?.some((a) => !p.amenities.includes(a))) continue;
    if (input.star_rating_min && (p.star_rating ?? 0) < input.star_rating_min) continue;
    const offer = priceStay(p, input, place.bestMonths, now);
    if (!offer) continue;
    if (input.budget_max !== undefined && offer.price.per_night > input.budget_max) continue;
    offer.location.distance_to_center = Math.round(km * 10) / 10;
    matching.push(offer);
  }
  const by: Record<
    typeof input.sort_by,
    (a: Omit<AccommodationOffer, "id">, b: Omit<AccommodationOffer, "id">) => number
  > = {
    price: (a, b) => a.price.total - b.price.total,
    rating: (a, b) => b.rating.score - a.rating.score,
    distance: (a, b) => a.location.distance_to_center - b.location.distance_to_center,
    stars: (a, b) => (b.star_rating ?? 0) - (a.star_rating ?? 0),
  };
  matching.sort(
    (a, b) => by[input.sort_by](a, b) || a.price.total - b.price.total || a.name.localeCompare(b.name),
  );
  return answerSearch(db, userId, "accommodation", matching, {
    limit: input.limit,
    now,
    provider: "offline",
    warnings: [warning, fallback].filter((w): w is string => !!w),
  });
}

/**
 * One stay offer from the caller's searches of the last 7 days (the TripSage REST API
 * `GET /api/accommodations/{accommodation_id}`).
 * @throws ApiError NOT_FOUND (404) when the id is unknown, older than 7 days or another user's
 */
export function getAccommodationOffer(
  db: Db,
  userId: string,
  offerId: string,
  now = new Date(),
): Promise<AccommodationOffer> {
  return getStoredOffer(db, userId, "accommodation", offerId, now);
}
