/**
 * The built-in lodging inventory: what `POST /api/accommodations/search` answers when no live
 * provider is configured. It is a *sample* inventory made up by a model, not real properties,
 * and every answer says so (`search_metadata.provider: "offline"`); names describe the
 * property ("Central Tokyo Hotel") rather than imitate a brand, it has no photos and no
 * invented review quotes (`images` and `recent_reviews` are empty).
 *
 * How the inventory is made (deterministic per place; prices also depend on the dates):
 * - 28 properties per place, 0.3-8 km from its centre, of the types in ../types.ts, with star
 *   ratings for hotels and resorts; `neighborhood` is the compass sector from the centre
 *   ("North-east Tokyo"), or "City centre" within 1.5 km.
 * - Nightly room rate (USD): the place's mid-range daily cost from the destination catalogue
 *   (lib/domain/suggestions/catalogue.ts, per person, for a shared double room) × 2 people × 45 %
 *   (the usual accommodation share of a travel budget), or 110 USD where the place is not in
 *   the catalogue; × stars (2★ 0.6, 3★ 0.85, 4★ 1.15, 5★ 1.9), × type (hostel bed 0.3,
 *   guesthouse 0.7, apartment 0.95, resort 1.6, villa 2.2), × 0.85-1.2 per property, × 1.15
 *   in the place's best months, × 1.1 for Friday and Saturday nights; taxes 10 % on top.
 */
import { DateTime } from "luxon";
import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import { haversineKm } from "@/lib/domain/users/profile";
import { unitHash } from "./offline-flights";
import type { AccommodationOffer, AccommodationQuery, Amenity, PropertyType } from "./types";

/** Properties in each place's sample inventory. */
export const PROPERTIES_PER_PLACE = 28;
/** Nightly double-room baseline (USD) where the place is not in the destination catalogue. */
const DEFAULT_ROOM_USD = 110;

const TYPE_MIX: readonly PropertyType[] = [
  "hotel",
  "hotel",
  "hotel",
  "hotel",
  "apartment",
  "apartment",
  "hostel",
  "guesthouse",
  "resort",
  "villa",
];
const TYPE_FACTOR: Record<PropertyType, number> = {
  hotel: 1,
  apartment: 0.95,
  hostel: 0.3,
  resort: 1.6,
  guesthouse: 0.7,
  villa: 2.2,
};
const STAR_FACTOR: Record<number, number> = { 2: 0.6, 3: 0.85, 4: 1.15, 5: 1.9 };

/** Display names of the amenity filter values. */
export const AMENITY_NAMES: Record<Amenity, string> = {
  wifi: "Free WiFi",
  breakfast: "Breakfast included",
  gym: "Fitness center",
  pool: "Swimming pool",
  parking: "Parking",
  spa: "Spa",
  kitchen: "Kitchen",
  air_conditioning: "Air conditioning",
  pets: "Pets allowed",
  restaurant: "Restaurant",
  airport_shuttle: "Airport shuttle",
};

const COMPASS = ["North", "North-east", "East", "South-east", "South", "South-west", "West", "North-west"];

/** A property of the sample inventory, before it is priced for a stay. */
export interface SampleProperty {
  /** Stable id: `acc_` + 12 hex characters from the place and index. */
  property_id: string;
  name: string;
  property_type: PropertyType;
  star_rating: number | null;
  coordinates: { latitude: number; longitude: number };
  neighborhood: string;
  address: string;
  distance_to_center: number;
  amenities: Amenity[];
  room: AccommodationOffer["room"];
  rating: { score: number; review_count: number };
  cancellation: string;
  pets_allowed: boolean;
  /** Nightly rate before season, weekday and taxes, USD, for one room. */
  base_rate: number;
}

function hex(s: string): string {
  return Math.floor(unitHash(s) * 2 ** 32)
    .toString(16)
    .padStart(8, "0");
}

function amenitiesFor(type: PropertyType, stars: number | null, salt: string): Amenity[] {
  const has = (a: Amenity, p: number) => unitHash(`${salt}|${a}`) < p;
  const s = stars ?? 3;
  const list: Amenity[] = ["wifi"];
  if (type === "apartment" || type === "villa") list.push("kitchen");
  if (has("breakfast", type === "hostel" ? 0.3 : 0.55)) list.push("breakfast");
  if (has("air_conditioning", 0.8)) list.push("air_conditioning");
  if (has("gym", s >= 4 ? 0.85 : 0.25)) list.push("gym");
  if (has("pool", type === "resort" || type === "villa" ? 0.95 : s >= 4 ? 0.4 : 0.1)) list.push("pool");
  if (has("spa", type === "resort" ? 0.8 : s >= 5 ? 0.7 : 0.05)) list.push("spa");
  if (has("parking", 0.45)) list.push("parking");
  if (has("restaurant", type === "hotel" || type === "resort" ? 0.7 : 0.1)) list.push("restaurant");
  if (has("airport_shuttle", s >= 4 ? 0.35 : 0.1)) list.push("airport_shuttle");
  if (has("pets", 0.2)) list.push("pets");
  return list;
}

function roomFor(type: PropertyType, stars: number | null, salt: string): AccommodationOffer["room"] {
  const r = unitHash(`${salt}|room`);
  switch (type) {
    case "hostel":
      return {
        type: "Bed in a 6-bed dormitory",
        size_sqm: 24,
        bed_type: "Bunk",
        max_guests: 1,
        description: "Shared dormitory with lockers",
      };
    case "apartment":
      return {
        type: r < 0.5 ? "One-bedroom apartment" : "Studio apartment",
        size_sqm: r < 0.5 ? 45 : 30,
        bed_type: r < 0.5 ? "Queen" : "Double",
        max_guests: r < 0.5 ? 4 : 2,
        description: "Self-contained apartment with a kitchenette",
      };
    case "villa":
      return {
        type: "Three-bedroom villa",
        size_sqm: 160,
        bed_type: "King",
        max_guests: 6,
        description: "Private villa with living room and terrace",
      };
    case "resort":
      return {
        type: "Deluxe Room",
        size_sqm: 38,
        bed_type: "King",
        max_guests: 3,
        description: "Spacious room with balcony",
      };
    case "guesthouse":
      return {
        type: "Double Room",
        size_sqm: 18,
        bed_type: "Double",
        max_guests: 2,
        description: "Simple room with private bathroom",
      };
    default: {
      const s = stars ?? 3;
      if (s >= 5)
        return {
          type: "Junior Suite",
          size_sqm: 45,
          bed_type: "King",
          max_guests: 3,
          description: "Suite with separate sitting area",
        };
      if (s === 4)
        return {
          type: "Deluxe Double Room",
          size_sqm: 25,
          bed_type: "Double",
          max_guests: 2,
          description: "Modern room with city view",
        };
      return {
        type: "Standard Double Room",
        size_sqm: 17,
        bed_type: "Double",
        max_guests: 2,
        description: "Compact room with private bathroom",
      };
    }
  }
}

/** Nouns for property names, tried in order until the name is unused in the place. */
const ALT_NOUNS: Record<PropertyType, readonly string[]> = {
  hotel: ["Hotel", "Inn", "Suites", "Hotel & Residences"],
  apartment: ["Apartments", "Residences", "Flats"],
  hostel: ["Hostel", "Backpackers"],
  resort: ["Resort", "Resort & Spa"],
  guesthouse: ["Guesthouse", "B&B", "Guest Rooms"],
  villa: ["Villas", "Villa Retreat"],
};

/**
 * The sample inventory of a place (see the module comment).
 * @param place.city display name used in property names and addresses
 * @param place.center the place's centre, WGS 84 degrees
 * @param place.dailyCostUsd mid-range daily cost per person from the destination catalogue, if known
 */
export function sampleProperties(place: {
  city: string;
  country: string;
  center: { latitude: number; longitude: number };
  dailyCostUsd?: number;
}): SampleProperty[] {
  const roomBase = place.dailyCostUsd ? place.dailyCostUsd * 2 * 0.45 : DEFAULT_ROOM_USD;
  const out: SampleProperty[] = [];
  const key = `${place.city.toLowerCase()}|${place.center.latitude.toFixed(2)}|${place.center.longitude.toFixed(2)}`;
  const usedNames = new Set<string>();
  for (let i = 0; i < PROPERTIES_PER_PLACE; i++) {
    const salt = `${key}|${i}`;
    const type = TYPE_MIX[Math.floor(unitHash(`${salt}|type`) * TYPE_MIX.length)] ?? "hotel";
    const stars =
      type === "hotel"
        ? 2 + Math.floor(unitHash(`${salt}|stars`) * 4)
        : type === "resort"
          ? 4 + Math.floor(unitHash(`${salt}|stars`) * 2)
          : null;
    const km = 0.3 + unitHash(`${salt}|km`) ** 1.6 * 7.7;
    const bearing = unitHash(`${salt}|bearing`) * 360;
    const rad = (bearing * Math.PI) / 180;
    const dLat = (km / 111.32) * Math.cos(rad);
    // Degrees per km shrink with latitude; stay finite at the poles and wrap the antimeridian.
    const cosLat = Math.max(0.01, Math.cos((place.center.latitude * Math.PI) / 180));
    const dLon = (km / (111.32 * cosLat)) * Math.sin(rad);
    const lat = Math.max(-90, Math.min(90, place.center.latitude + dLat));
    const lon = ((((place.center.longitude + dLon + 180) % 360) + 360) % 360) - 180;
    const coordinates = {
      latitude: Math.round(lat * 1e4) / 1e4,
      longitude: Math.round(lon * 1e4) / 1e4,
    };
    const sector = COMPASS[Math.round(bearing / 45) % 8] as string;
    const neighborhood = km < 1.5 ? "City centre" : `${sector} ${place.city}`;
    const descriptor = km < 1.5 ? "Central" : sector;
    const nouns = ALT_NOUNS[type];
    let name = "";
    for (let n = 0; name === "" || usedNames.has(name); n++) {
      const noun = stars === 5 && n === 0 ? `Grand ${nouns[0]}` : (nouns[n % nouns.length] ?? "Hotel");
      name = `${descriptor} ${place.city} ${noun}${n >= nouns.length ? ` ${Math.floor(n / nouns.length) + 1}` : ""}`;
    }
    usedNames.add(name);
    const factor = 0.85 + unitHash(`${salt}|price`) * 0.35;
    const baseRate = roomBase * (stars ? (STAR_FACTOR[stars] ?? 1) : 1) * TYPE_FACTOR[type] * factor;
    const amenities = amenitiesFor(type, stars, salt);
    out.push({
      property_id: `acc_${hex(`${salt}|a`)}${hex(`${salt}|b`).slice(0, 4)}`,
      name,
      property_type: type,
      star_rating: stars,
      coordinates,
      neighborhood,
      address: `${neighborhood}, ${place.city}, ${place.country}`,
      distance_to_center: Math.round(km * 10) / 10,
      amenities,
      room: roomFor(type, stars, salt),
      rating: {
        score: Math.round((3.4 + ((stars ?? 3) - 2) * 0.25 + unitHash(`${salt}|score`) * 0.8) * 10) / 10,
        review_count: 20 + Math.floor(unitHash(`${salt}|reviews`) ** 2 * 2500),
      },
      cancellation:
        unitHash(`${salt}|cancel`) < 0.7
          ? "Free cancellation until 24 hours before check-in"
          : "Non-refundable",
      pets_allowed: amenities.includes("pets"),
      base_rate: baseRate,
    });
  }
  return out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The catalogue destination at `city` (and country, when given: its English name or ISO
 * alpha-2 code, any case), for its coordinates, daily cost and best months; undefined when
 * the place is not in lib/domain/suggestions/catalogue.ts.
 */
export function catalogueEntry(city: string, country?: string | null) {
  const c = city.trim().toLowerCase();
  const k = country?.trim().toLowerCase();
  return CATALOGUE.find(
    (d) =>
      d.city.toLowerCase() === c &&
      (!k || d.country.toLowerCase() === k || d.country_code.toLowerCase() === k),
  );
}

/**
 * Prices `property` for the stay in `q`: one rate per night (season and weekend factors),
 * × rooms, or × guests for hostel beds; taxes 10 % included in the total.
 * @returns the offer without `id` (the service assigns it), or null when the property cannot
 *          host `q.guests` in `q.rooms` rooms
 */
export function priceStay(
  property: SampleProperty,
  q: Pick<AccommodationQuery, "check_in" | "check_out" | "guests" | "rooms">,
  bestMonths: readonly number[],
  now: Date,
): Omit<AccommodationOffer, "id"> | null {
  const beds = property.property_type === "hostel";
  const units = beds ? q.guests : q.rooms;
  if (!beds && property.room.max_guests * q.rooms < q.guests) return null;
  const start = DateTime.fromISO(q.check_in, { zone: "UTC" });
  const nights = Math.round(DateTime.fromISO(q.check_out, { zone: "UTC" }).diff(start, "days").days);
  let roomRate = 0;
  for (let n = 0; n < nights; n++) {
    const night = start.plus({ days: n });
    const season = bestMonths.includes(night.month) ? 1.15 : 1;
    const weekend = night.weekday === 5 || night.weekday === 6 ? 1.1 : 1;
    roomRate += property.base_rate * season * weekend;
  }
  roomRate = round2(roomRate * units);
  const taxes = round2(roomRate * 0.1);
  const total = round2(roomRate + taxes);
  return {
    property_id: property.property_id,
    name: property.name,
    property_type: property.property_type,
    star_rating: property.star_rating,
    location: {
      address: property.address,
      coordinates: property.coordinates,
      neighborhood: property.neighborhood,
      distance_to_center: property.distance_to_center,
    },
    price: {
      total,
      per_night: round2(total / Math.max(1, nights)),
      currency: "USD",
      taxes_included: true,
      breakdown: { room_rate: roomRate, taxes },
    },
    room: property.room,
    amenities: property.amenities.map((a) => AMENITY_NAMES[a]),
    rating: { ...property.rating, max_score: 5, recent_reviews: [] },
    policies: {
      check_in: property.property_type === "hostel" ? "14:00" : "15:00",
      check_out: property.property_type === "villa" ? "10:00" : "11:00",
      cancellation: property.cancellation,
      pets_allowed: property.pets_allowed,
    },
    images: [],
    check_in: q.check_in,
    check_out: q.check_out,
    nights,
    guests: q.guests,
    rooms: q.rooms,
    expires_at: new Date(now.getTime() + 60 * 60_000).toISOString(),
  };
}

/** Great-circle km from `center` to a property (re-exported for filters). */
export function distanceKm(center: { latitude: number; longitude: number }, p: SampleProperty): number {
  return haversineKm(center, p.coordinates);
}
