// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * The TripSage REST API Flight Services and Accommodation Services against the real database (PGlite, and
 * Postgres when DATABASE_URL is set): the search rules (metro codes, flexible dates, budget,
 * preferred airlines, sorting, local times), offers stored for the searcher only, the stay
 * filters, and price watches (pricing, the per-user limit, re-checks that queue
 * `flight.price_changed`, expiry, trip visibility).
 *
 * Dates are computed from today so the tests never go stale. Re-checks run with a `now` weeks
 * in the past and only touch watches created with such a `now`, so they never re-price the
 * watches other test files create (they share the database under Postgres).
 */
import { and, eq } from "drizzle-orm";
import { Duration } from "luxon";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as stayOfferRoute from "@/app/api/accommodations/[accommodationId]/route";
import * as staySearchRoute from "@/app/api/accommodations/search/route";
import * as flightOfferRoute from "@/app/api/flights/[offerId]/route";
import * as flightSearchRoute from "@/app/api/flights/search/route";
import * as trackRoute from "@/app/api/flights/track/route";
import { getDb } from "@/db/client";
import { priceWatches, travelOffers, webhookDeliveries } from "@/db/schema";
import { shareTrip } from "@/lib/domain/sharing/service";
import type { FlightProvider } from "@/lib/domain/travel/types";
import { haversineKm } from "@/lib/domain/users/profile";
import {
  type AccommodationSearchInput,
  accommodationSearchSchema,
  type FlightSearchInput,
  type FlightTrackInput,
  flightSearchSchema,
  flightTrackSchema,
} from "@/lib/domain/validators/travel";
import { createWebhook } from "@/lib/domain/webhooks/service";
import { ApiError } from "@/lib/platform/errors";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";
import { getFlightOffer, searchFlights } from "./flights";
import { OFFER_RETENTION_MS, purgeExpiredOffers } from "./offers";
import { checkDuePriceWatches } from "./price-check";
import { offlineFlights } from "./providers";
import { getAccommodationOffer, searchAccommodations } from "./stays";
import type { AccommodationOffer, FlightJourney, FlightOffer } from "./types";
import {
  createPriceWatch,
  deletePriceWatch,
  getPriceWatch,
  listPriceWatches,
  MAX_ACTIVE_WATCHES,
  WATCH_INTERVAL_MS,
} from "./watches";

const DAY = 86_400_000;
type Actor = Awaited<ReturnType<typeof makeUser>>;

/** `YYYY-MM-DD`, `days` after today (UTC). */
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * The first date at least a week from today in `month` (1-12) on or after `minDay`: always
 * within the 361 days the inventories sell.
 */
function nextDateIn(month: number, minDay = 1): string {
  for (let d = 7; d <= 361; d++) {
    const date = new Date(Date.now() + d * DAY);
    if (date.getUTCMonth() + 1 === month && date.getUTCDate() >= minDay)
      return date.toISOString().slice(0, 10);
  }
  throw new Error(`no date in month ${month}`);
}

const flightQuery = (over: Record<string, unknown> = {}): FlightSearchInput =>
  flightSearchSchema.parse({
    origin: "JFK",
    destination: "LHR",
    departure_date: inDays(35),
    limit: 50,
    ...over,
  });
const stayQuery = (over: Record<string, unknown> = {}): AccommodationSearchInput =>
  accommodationSearchSchema.parse({
    location: "Tokyo, Japan",
    check_in: inDays(35),
    check_out: inDays(38),
    limit: 50,
    ...over,
  });
const trackInput = (over: Record<string, unknown> = {}): FlightTrackInput =>
  flightTrackSchema.parse({
    route: { origin: "JFK", destination: "LHR", departure_date: inDays(30), return_date: inDays(37) },
    passengers: 2,
    target_price: 900,
    ...over,
  });

const minutes = (iso: string) => Duration.fromISO(iso).as("minutes");
const localDate = (time: string) => time.slice(0, 10);
const offset = (time: string) => /([+-]\d{2}:\d{2}|Z)$/.exec(time)?.[1];
const journeyMinutes = (o: FlightOffer) =>
  minutes(o.outbound.duration) + (o.return ? minutes(o.return.duration) : 0);

/** Asserts that a journey's duration is its arrival minus its departure, and the same for every leg. */
function expectConsistentTimes(j: FlightJourney) {
  const span = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
  expect(minutes(j.duration), JSON.stringify(j)).toBe(span(j.departure.time, j.arrival.time));
  expect(j.legs.length).toBe(j.stops + 1);
  expect(j.legs[0]?.departure).toEqual(j.departure);
  expect(j.legs.at(-1)?.arrival).toEqual(j.arrival);
  for (const leg of j.legs) expect(minutes(leg.duration)).toBe(span(leg.departure.time, leg.arrival.time));
}

function expectSortedBy<T>(xs: T[], key: (x: T) => number) {
  for (let i = 1; i < xs.length; i++) {
    expect(key(xs[i] as T), `item ${i}`).toBeGreaterThanOrEqual(key(xs[i - 1] as T));
  }
}

let owner: Actor;
let other: Actor;
beforeAll(async () => {
  [owner, other] = await Promise.all([makeUser("Searcher"), makeUser("Other")]);
});

// =================================================================================================
describe("searchFlights", () => {
  it("fans a metro code out to its airports: TYO searches HND and NRT", async () => {
    const db = await getDb();
    const metro = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ destination: "TYO", departure_date: inDays(40) }),
    );
    const arrivals = new Set(metro.results.map((o) => o.outbound.arrival.airport));
    expect([...arrivals].sort()).toEqual(["HND", "NRT"]);

    const hnd = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ destination: "HND", departure_date: inDays(40) }),
    );
    expect(hnd.results.length).toBeGreaterThan(0);
    expect(new Set(hnd.results.map((o) => o.outbound.arrival.airport))).toEqual(new Set(["HND"]));
    expect(metro.search_metadata.total_results).toBeGreaterThan(hnd.search_metadata.total_results);
  });

  it("widens the departure dates with flexible_dates, and the return date moves with them", async () => {
    const db = await getDb();
    const dep = inDays(45);
    const exact = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ departure_date: dep, return_date: shift(dep, 7) }),
    );
    expect(exact.results.length).toBeGreaterThan(0);
    expect(new Set(exact.results.map((o) => localDate(o.outbound.departure.time)))).toEqual(new Set([dep]));

    const flex = await searchFlights(
      db,
      owner.user.id,
      flightQuery({
        departure_date: dep,
        return_date: shift(dep, 7),
        flexible_dates: { enabled: true, days_before: 2, days_after: 2 },
      }),
    );
    const window = [-2, -1, 0, 1, 2].map((d) => shift(dep, d));
    const dates = new Set(flex.results.map((o) => localDate(o.outbound.departure.time)));
    expect(dates.size).toBeGreaterThan(1);
    for (const d of dates) expect(window).toContain(d);
    expect(flex.search_metadata.total_results).toBeGreaterThan(exact.search_metadata.total_results);
    for (const o of flex.results) {
      const out = localDate(o.outbound.departure.time);
      expect(localDate(o.return?.departure.time ?? ""), o.id).toBe(shift(out, 7));
    }

    // `enabled: false` ignores the window.
    const off = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ departure_date: dep, flexible_dates: { enabled: false, days_before: 3, days_after: 3 } }),
    );
    expect(new Set(off.results.map((o) => localDate(o.outbound.departure.time)))).toEqual(new Set([dep]));
  });

  it("keeps only offers within budget_max (price.total, all passengers)", async () => {
    const db = await getDb();
    const all = await searchFlights(db, owner.user.id, flightQuery({ passengers: 2 }));
    expect(all.results).toHaveLength(all.search_metadata.total_results);
    const totals = all.results.map((o) => o.price.total).sort((a, b) => a - b);
    expect(totals.length).toBeGreaterThan(3);
    const budget = ((totals[1] as number) + (totals.at(-1) as number)) / 2;
    const capped = await searchFlights(db, owner.user.id, flightQuery({ passengers: 2, budget_max: budget }));
    expect(capped.results.length).toBeGreaterThan(0);
    for (const o of capped.results) expect(o.price.total).toBeLessThanOrEqual(budget);
    expect(capped.search_metadata.total_results).toBeLessThan(all.search_metadata.total_results);
    expect(capped.search_metadata.total_results).toBe(
      all.results.filter((o) => o.price.total <= budget).length,
    );

    const none = await searchFlights(db, owner.user.id, flightQuery({ budget_max: 1 }));
    expect(none.results).toEqual([]);
    expect(none.search_metadata.total_results).toBe(0);
  });

  it("lists preferred_airlines first (by name or designator), each group cheapest first", async () => {
    const db = await getDb();
    const plain = await searchFlights(db, owner.user.id, flightQuery());
    expectSortedBy(plain.results, (o) => o.price.total);
    // The airline of the dearest offer not sold by the cheapest airline: preferring it must move it to the top.
    const cheapestCode = plain.results[0]?.airline_code;
    const dearest = [...plain.results].reverse().find((o) => o.airline_code !== cheapestCode) as FlightOffer;
    expect(dearest).toBeDefined();
    const pref = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ preferred_airlines: [dearest.airline] }),
    );
    const flags = pref.results.map((o) => o.airline_code === dearest.airline_code);
    expect(flags[0]).toBe(true);
    const firstOther = flags.indexOf(false);
    expect(firstOther).toBeGreaterThan(0);
    expect(flags.slice(firstOther).every((f) => !f)).toBe(true);
    expectSortedBy(pref.results.slice(0, firstOther), (o) => o.price.total);
    expectSortedBy(pref.results.slice(firstOther), (o) => o.price.total);

    const byCode = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ preferred_airlines: [dearest.airline_code.toLowerCase()] }),
    );
    expect(byCode.results[0]?.airline_code).toBe(dearest.airline_code);
  });

  it("sorts by total journey duration with sort_by duration", async () => {
    const db = await getDb();
    const q = { destination: "TYO", return_date: inDays(42), sort_by: "duration" };
    const res = await searchFlights(db, owner.user.id, flightQuery(q));
    expect(res.results.length).toBeGreaterThan(3);
    expectSortedBy(res.results, journeyMinutes);
    const byPrice = await searchFlights(db, owner.user.id, flightQuery({ ...q, sort_by: "price" }));
    expectSortedBy(byPrice.results, (o) => o.price.total);
    expect(res.results.map((o) => o.price.total)).not.toEqual(byPrice.results.map((o) => o.price.total));
  });

  it("has a return journey only when return_date is given", async () => {
    const db = await getDb();
    const oneWay = await searchFlights(db, owner.user.id, flightQuery());
    expect(oneWay.results.length).toBeGreaterThan(0);
    for (const o of oneWay.results) expect(o).not.toHaveProperty("return");

    const round = await searchFlights(db, owner.user.id, flightQuery({ return_date: inDays(42) }));
    expect(round.results.length).toBeGreaterThan(0);
    for (const o of round.results) {
      expect(o.return, o.id).toBeDefined();
      expect(o.return?.departure.airport).toBe("LHR");
      expect(o.return?.arrival.airport).toBe("JFK");
      expect(localDate(o.return?.departure.time ?? "")).toBe(inDays(42));
    }
  });

  it("gives local times with the airport's UTC offset (daylight saving on the day), durations = arrival − departure", async () => {
    const db = await getDb();
    const april = nextDateIn(4, 5);
    const res = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ departure_date: april, return_date: shift(april, 7) }),
    );
    expect(res.results.length).toBeGreaterThan(0);
    for (const o of res.results) {
      expect(o.outbound.departure.airport).toBe("JFK");
      expect(offset(o.outbound.departure.time), o.outbound.departure.time).toBe("-04:00"); // EDT
      expect(o.outbound.arrival.airport).toBe("LHR");
      expect(offset(o.outbound.arrival.time), o.outbound.arrival.time).toBe("+01:00"); // BST
      expect(offset(o.return?.departure.time ?? "")).toBe("+01:00");
      expect(offset(o.return?.arrival.time ?? "")).toBe("-04:00");
      expectConsistentTimes(o.outbound);
      expectConsistentTimes(o.return as FlightJourney);
    }

    const january = nextDateIn(1, 5);
    const winter = await searchFlights(db, owner.user.id, flightQuery({ departure_date: january }));
    expect(winter.results.length).toBeGreaterThan(0);
    for (const o of winter.results) {
      expect(offset(o.outbound.departure.time), o.outbound.departure.time).toBe("-05:00"); // EST
      expect(o.outbound.arrival.time).toMatch(/(\+00:00|Z)$/); // GMT
      expectConsistentTimes(o.outbound);
    }
  });

  it("prices totals as base fare + taxes, per_passenger = total / passengers", async () => {
    const db = await getDb();
    const res = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ passengers: 3, return_date: inDays(42) }),
    );
    for (const o of res.results) {
      expect(o.passengers).toBe(3);
      expect(o.price.currency).toBe("USD");
      expect(o.price.total).toBeCloseTo(o.price.breakdown.base_fare + o.price.breakdown.taxes, 1);
      expect(o.price.per_passenger).toBeCloseTo(o.price.total / 3, 1);
      expect(Date.parse(o.booking_deadline)).toBeLessThan(Date.parse(o.outbound.departure.time));
    }
  });

  it("answers an unknown airport code with 422 on the field", async () => {
    const res = await call(flightSearchRoute.POST, {
      method: "POST",
      headers: owner.auth,
      body: { origin: "JFK", destination: "QQQ", departure_date: inDays(30) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject({ error: true, code: "VALIDATION_ERROR", type: "validation" });
    expect(res.body.errors[0]).toEqual({
      field: "destination",
      message: expect.stringContaining("QQQ"),
      type: "value_error",
    });
  });
});

// =================================================================================================
describe("flight offers by id", () => {
  it("stores the offers exactly as answered, readable only by the searcher", async () => {
    const db = await getDb();
    const res = await searchFlights(db, owner.user.id, flightQuery({ limit: 3, return_date: inDays(42) }));
    expect(res.results).toHaveLength(3);
    for (const o of res.results) {
      expect(o.id).toMatch(/^off_[0-9a-f]{20}$/);
      expect(await getFlightOffer(db, owner.user.id, o.id)).toEqual(o);
      await expect(getFlightOffer(db, other.user.id, o.id)).rejects.toMatchObject({
        status: 404,
        code: "NOT_FOUND",
      });
    }
    const first = res.results[0] as FlightOffer;
    const mine = await call(flightOfferRoute.GET, { headers: owner.auth, params: { offerId: first.id } });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(first);
    for (const [auth, offerId] of [
      [other.auth, first.id],
      [owner.auth, "off_00000000000000000000"],
      [owner.auth, first.id.toUpperCase()],
      [owner.auth, "flight_offer_123"],
    ] as const) {
      const r = await call(flightOfferRoute.GET, { headers: auth, params: { offerId } });
      expect(r.status, offerId).toBe(404);
      expect(r.body).toMatchObject({ error: true, code: "NOT_FOUND", type: "not_found" });
    }
    // A stay offer's id is not a flight offer.
    const stays = await searchAccommodations(db, owner.user.id, stayQuery({ limit: 1 }));
    await expect(getFlightOffer(db, owner.user.id, stays.results[0]?.id ?? "")).rejects.toMatchObject({
      status: 404,
    });
  });

  it("purges the searcher's offers older than 7 days on the next search", async () => {
    const db = await getDb();
    const me = await makeUser();
    const old = await searchFlights(db, me.user.id, flightQuery({ limit: 1 }), {
      now: new Date(Date.now() - OFFER_RETENTION_MS - DAY),
    });
    const id = old.results[0]?.id as string;
    const stored = () => db.select({ id: travelOffers.id }).from(travelOffers).where(eq(travelOffers.id, id));
    expect(await stored()).toHaveLength(1); // still in the table until a search purges it
    const fresh = await searchFlights(db, me.user.id, flightQuery({ limit: 1 }));
    expect(await stored()).toEqual([]); // the row itself is gone, not merely hidden
    await expect(getFlightOffer(db, me.user.id, id)).rejects.toMatchObject({ status: 404 });
    expect((await getFlightOffer(db, me.user.id, fresh.results[0]?.id as string)).id).toBe(
      fresh.results[0]?.id,
    );
  });

  it("answers 404 for an offer older than 7 days even before the next search", async () => {
    const db = await getDb();
    const me = await makeUser();
    const old = await searchFlights(db, me.user.id, flightQuery({ limit: 1 }), {
      now: new Date(Date.now() - OFFER_RETENTION_MS - DAY),
    });
    await expect(getFlightOffer(db, me.user.id, old.results[0]?.id as string)).rejects.toMatchObject({
      status: 404,
    });
  });
});

// =================================================================================================
describe("searchAccommodations", () => {
  it("names properties after the place at the coordinates when the written location disagrees", async () => {
    const db = await getDb();
    const paris = { latitude: 48.8566, longitude: 2.3522, radius_km: 10 };
    const r = await searchAccommodations(
      db,
      owner.user.id,
      stayQuery({ location: "Tokyo, Japan", coordinates: paris }),
    );
    expect(r.results.length).toBeGreaterThan(0);
    for (const o of r.results) {
      expect(o.location.address).toMatch(/Paris, France$/);
      expect(o.name).not.toMatch(/Tokyo/);
    }
    const same = await searchAccommodations(
      db,
      owner.user.id,
      stayQuery({ location: "Paris", coordinates: { ...paris, latitude: 48.86 } }),
    );
    expect(same.results[0]?.location.address).toMatch(/Paris, France$/);
  });

  it("searches a neighbourhood it cannot place city-wide and says so in search_metadata.warnings", async () => {
    const db = await getDb();
    const r = await searchAccommodations(db, owner.user.id, stayQuery({ location: "Atlantis, Tokyo" }));
    expect(r.results.length).toBeGreaterThan(0);
    for (const o of r.results) expect(o.location.address).toMatch(/Tokyo/);
    expect(r.search_metadata.warnings).toEqual([
      "'Atlantis' is not a place we can search; these stays are anywhere in Tokyo",
    ]);
    // A place it knows has no such warning.
    const known = await searchAccommodations(db, owner.user.id, stayQuery({ location: "Tokyo, Japan" }));
    expect(known.search_metadata.warnings).toBeUndefined();
  });

  it("reports an impossible date once, as a format error", () => {
    const r = flightSearchSchema.safeParse({
      origin: "JFK",
      destination: "LHR",
      departure_date: "2031-02-30",
    });
    expect(r.success).toBe(false);
    const onDate = r.error?.issues.filter((i) => i.path.join(".") === "departure_date") ?? [];
    expect(onDate).toHaveLength(1);
  });

  it("keeps stays within the radius of the centre; distance_to_center is measured from it", async () => {
    const db = await getDb();
    const center = { latitude: 35.6762, longitude: 139.6503 };
    const wide = await searchAccommodations(
      db,
      owner.user.id,
      stayQuery({ coordinates: { ...center, radius_km: 20 } }),
    );
    const near = await searchAccommodations(
      db,
      owner.user.id,
      stayQuery({ coordinates: { ...center, radius_km: 2 } }),
    );
    expect(near.results.length).toBeGreaterThan(0);
    expect(near.search_metadata.total_results).toBeLessThan(wide.search_metadata.total_results);
    for (const s of [...near.results, ...wide.results]) {
      expect(
        Math.abs(s.location.distance_to_center - haversineKm(center, s.location.coordinates)),
      ).toBeLessThanOrEqual(0.051);
    }
    for (const s of near.results) expect(s.location.distance_to_center).toBeLessThanOrEqual(2);
    expect(wide.results.some((s) => s.location.distance_to_center > 2)).toBe(true);

    const byDistance = await searchAccommodations(db, owner.user.id, stayQuery({ sort_by: "distance" }));
    expectSortedBy(byDistance.results, (s) => s.location.distance_to_center);
  });

  it("keeps only stays with every requested amenity (listed by display name)", async () => {
    const db = await getDb();
    const all = await searchAccommodations(db, owner.user.id, stayQuery());
    expect(all.results).toHaveLength(all.search_metadata.total_results);
    const some = await searchAccommodations(db, owner.user.id, stayQuery({ amenities: ["pool", "gym"] }));
    expect(some.results.length).toBeGreaterThan(0);
    expect(some.search_metadata.total_results).toBeLessThan(all.search_metadata.total_results);
    for (const s of some.results)
      expect(s.amenities).toEqual(expect.arrayContaining(["Swimming pool", "Fitness center"]));
    expect(some.search_metadata.total_results).toBe(
      all.results.filter(
        (s) => s.amenities.includes("Swimming pool") && s.amenities.includes("Fitness center"),
      ).length,
    );
  });

  it("star_rating_min keeps rated stays with enough stars and excludes unrated kinds", async () => {
    const db = await getDb();
    const all = await searchAccommodations(db, owner.user.id, stayQuery());
    expect(all.results.some((s) => s.star_rating === null)).toBe(true);
    const four = await searchAccommodations(db, owner.user.id, stayQuery({ star_rating_min: 4 }));
    expect(four.results.length).toBeGreaterThan(0);
    for (const s of four.results) {
      expect(s.star_rating).not.toBeNull();
      expect(s.star_rating as number).toBeGreaterThanOrEqual(4);
      expect(["hotel", "resort"]).toContain(s.property_type);
    }
    expect(four.search_metadata.total_results).toBe(
      all.results.filter((s) => (s.star_rating ?? 0) >= 4).length,
    );
  });

  it("keeps only rooms that hold the guests: 5 guests in 1 room excludes 2-guest rooms", async () => {
    const db = await getDb();
    const two = await searchAccommodations(db, owner.user.id, stayQuery({ guests: 2, rooms: 1 }));
    expect(two.results.some((s) => s.room.max_guests === 2)).toBe(true);
    const five = await searchAccommodations(db, owner.user.id, stayQuery({ guests: 5, rooms: 1 }));
    expect(five.results.length).toBeGreaterThan(0);
    expect(five.search_metadata.total_results).toBeLessThan(two.search_metadata.total_results);
    for (const s of five.results) {
      // Hostels sell beds, one per guest; every other stay needs a room for all five.
      if (s.property_type === "hostel") expect(s.rooms * s.room.max_guests).toBeLessThan(5);
      else expect(s.room.max_guests * s.rooms).toBeGreaterThanOrEqual(5);
      expect(s.guests).toBe(5);
    }
    // Three rooms of two take five guests again.
    const threeRooms = await searchAccommodations(db, owner.user.id, stayQuery({ guests: 5, rooms: 3 }));
    expect(threeRooms.results.some((s) => s.room.max_guests === 2 && s.property_type !== "hostel")).toBe(
      true,
    );
  });

  it("keeps stays within budget_max per night and prices the whole stay", async () => {
    const db = await getDb();
    const all = await searchAccommodations(db, owner.user.id, stayQuery());
    const nightly = all.results.map((s) => s.price.per_night).sort((a, b) => a - b);
    const budget = nightly[Math.floor(nightly.length / 2)] as number;
    const capped = await searchAccommodations(db, owner.user.id, stayQuery({ budget_max: budget }));
    expect(capped.results.length).toBeGreaterThan(0);
    expect(capped.search_metadata.total_results).toBeLessThan(all.search_metadata.total_results);
    for (const s of capped.results) {
      expect(s.price.per_night).toBeLessThanOrEqual(budget);
      expect(s.nights).toBe(3);
      expect(s.price.total).toBeCloseTo(s.price.breakdown.room_rate + s.price.breakdown.taxes, 1);
    }
    expectSortedBy(capped.results, (s) => s.price.total);
  });

  it("answers an unknown place with 422 on location; coordinates need no place name", async () => {
    const res = await call(staySearchRoute.POST, {
      method: "POST",
      headers: owner.auth,
      body: { location: "Atlantis Under The Sea", check_in: inDays(30), check_out: inDays(32) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject({ error: true, code: "VALIDATION_ERROR", type: "validation" });
    expect(res.body.errors[0]).toMatchObject({
      field: "location",
      message: expect.any(String),
      type: "value_error",
    });

    const coords = await call(staySearchRoute.POST, {
      method: "POST",
      headers: owner.auth,
      body: {
        check_in: inDays(30),
        check_out: inDays(32),
        coordinates: { latitude: 48.8566, longitude: 2.3522 },
      },
    });
    expect(coords.status, JSON.stringify(coords.body)).toBe(200);
    expect(coords.body.results.length).toBeGreaterThan(0);
  });

  it("stores stay offers for the searcher only", async () => {
    const db = await getDb();
    const res = await searchAccommodations(db, owner.user.id, stayQuery({ limit: 2 }));
    const first = res.results[0] as AccommodationOffer;
    expect(first.id).toMatch(/^stay_[0-9a-f]{20}$/);
    expect(await getAccommodationOffer(db, owner.user.id, first.id)).toEqual(first);
    await expect(getAccommodationOffer(db, other.user.id, first.id)).rejects.toMatchObject({
      status: 404,
    });
    const theirs = await call(stayOfferRoute.GET, {
      headers: other.auth,
      params: { accommodationId: first.id },
    });
    expect(theirs.status).toBe(404);
    const mine = await call(stayOfferRoute.GET, {
      headers: owner.auth,
      params: { accommodationId: first.id },
    });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(first);
  });
});

// =================================================================================================
describe("price watches", () => {
  it("prices the route now: current_price is the cheapest total a search finds", async () => {
    const db = await getDb();
    const me = await makeUser();
    const now = new Date();
    const input = trackInput();
    const w = await createPriceWatch(db, me.user.id, input, { now });
    const search = await searchFlights(
      db,
      me.user.id,
      flightQuery({ departure_date: inDays(30), return_date: inDays(37), passengers: 2, limit: 1 }),
      { now },
    );
    const cheapest = search.results[0]?.price.total;
    expect(cheapest).toBeGreaterThan(0);
    expect(w).toMatchObject({
      route: { origin: "JFK", destination: "LHR", departure_date: inDays(30), return_date: inDays(37) },
      passengers: 2,
      cabin_class: "economy",
      target_price: 900,
      currency: "USD",
      current_price: cheapest,
      lowest_price: cheapest,
      below_target: (cheapest as number) <= 900,
      status: "active",
      trip_id: null,
      last_checked_at: now.toISOString(),
      next_check_at: new Date(now.getTime() + WATCH_INTERVAL_MS).toISOString(),
      price_history: [{ checked_at: now.toISOString(), price: cheapest }],
    });
    expect(await getPriceWatch(db, me.user.id, w.id)).toEqual(w);
    expect(await listPriceWatches(db, me.user.id)).toEqual([w]);
    await expect(getPriceWatch(db, other.user.id, w.id)).rejects.toMatchObject({ status: 404 });
    await expect(deletePriceWatch(db, other.user.id, w.id)).rejects.toMatchObject({ status: 404 });
    await deletePriceWatch(db, me.user.id, w.id);
    await expect(getPriceWatch(db, me.user.id, w.id)).rejects.toMatchObject({ status: 404 });
  });

  it(`allows ${MAX_ACTIVE_WATCHES} active watches; one more is 403 LIMIT_EXCEEDED`, async () => {
    const db = await getDb();
    const me = await makeUser();
    const made = [];
    for (let i = 0; i < MAX_ACTIVE_WATCHES; i++) {
      made.push(await createPriceWatch(db, me.user.id, trackInput({ passengers: 1 + (i % 3) })));
    }
    await expect(createPriceWatch(db, me.user.id, trackInput())).rejects.toMatchObject({
      status: 403,
      code: "LIMIT_EXCEEDED",
    });
    expect(await listPriceWatches(db, me.user.id)).toHaveLength(MAX_ACTIVE_WATCHES);
    const res = await call(trackRoute.POST, { method: "POST", headers: me.auth, body: trackInput() });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: true, code: "LIMIT_EXCEEDED", type: "authorization" });

    await deletePriceWatch(db, me.user.id, made[0]?.id as string);
    await createPriceWatch(db, me.user.id, trackInput());
    // Other users are not affected by this user's count.
    const fresh = await makeUser();
    await createPriceWatch(db, fresh.user.id, trackInput());
  });

  it("re-checks a due watch a day later: the price moves and flight.price_changed is queued", async () => {
    const db = await getDb();
    const me = await makeUser();
    const hook = await createWebhook(db, me.user.id, {
      url: "https://93.184.215.14/hooks/prices",
      events: ["flight.price_changed"],
    });
    const trip = await makeTrip(me.user.id);
    // Created "20 days ago" so only this file's past-dated watches are due at the check below.
    const created = new Date(Date.now() - 20 * DAY);
    const w = await createPriceWatch(db, me.user.id, trackInput({ trip_id: trip.id }), { now: created });
    expect(w.current_price).not.toBeNull();
    const oldPrice = w.current_price as number;

    // Not due yet: nothing happens.
    expect(
      await checkDuePriceWatches(db, {
        now: new Date(created.getTime() + WATCH_INTERVAL_MS - 1000),
        userId: me.user.id,
      }),
    ).toEqual([]);

    const later = new Date(created.getTime() + DAY);
    const changes = await checkDuePriceWatches(db, { now: later, userId: me.user.id });
    const change = changes.find((c) => c.watchId === w.id);
    expect(change, "the model's demand factor changes every day, so the cheapest total moves").toBeDefined();
    const newPrice = change?.newPrice as number;
    expect(newPrice).not.toBe(oldPrice);
    expect(change).toEqual({
      watchId: w.id,
      userId: me.user.id,
      tripId: trip.id,
      origin: "JFK",
      destination: "LHR",
      oldPrice,
      newPrice,
      currency: "USD",
    });

    const after = await getPriceWatch(db, me.user.id, w.id);
    expect(after).toMatchObject({
      current_price: newPrice,
      lowest_price: Math.min(oldPrice, newPrice),
      last_checked_at: later.toISOString(),
      next_check_at: new Date(later.getTime() + WATCH_INTERVAL_MS).toISOString(),
      status: "active",
    });
    expect(after.price_history).toEqual([
      { checked_at: created.toISOString(), price: oldPrice },
      { checked_at: later.toISOString(), price: newPrice },
    ]);

    const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
    expect(rows).toHaveLength(1);
    const row = rows[0] as (typeof rows)[number];
    expect(row.eventType).toBe("flight.price_changed");
    expect(row.status).toBe("pending");
    expect(row.payload).toMatchObject({
      id: expect.stringMatching(/^evt_[0-9a-f]{24}$/),
      type: "flight.price_changed",
      data: {
        watch_id: w.id,
        trip_id: trip.id,
        route: { origin: "JFK", destination: "LHR", departure_date: inDays(30), return_date: inDays(37) },
        passengers: 2,
        cabin_class: "economy",
        old_price: oldPrice,
        new_price: newPrice,
        price_change: Math.round((newPrice - oldPrice) * 100) / 100,
        currency: "USD",
        target_price: 900,
        below_target: newPrice <= 900,
        checked_at: later.toISOString(),
      },
    });

    // Checked again at once: not due, nothing queued.
    await checkDuePriceWatches(db, { now: new Date(later.getTime() + 1000), userId: me.user.id });
    expect(
      await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)),
    ).toHaveLength(1);
  });

  it("expires a watch whose departure date has passed", async () => {
    const db = await getDb();
    const me = await makeUser();
    // A watch made "40 days ago" for a flight "35 days ago" (the service is called directly, so
    // the request validator's "today or later" does not apply).
    const created = new Date(Date.now() - 40 * DAY);
    const departure = inDays(-35);
    const input: FlightTrackInput = {
      route: { origin: "JFK", destination: "LHR", departure_date: departure },
      passengers: 1,
      cabin_class: "economy",
    };
    const w = await createPriceWatch(db, me.user.id, input, { now: created });
    expect(w.status).toBe("active");
    expect(w.current_price).not.toBeNull();

    const changes = await checkDuePriceWatches(db, {
      now: new Date(Date.now() - 30 * DAY),
      userId: me.user.id,
    });
    expect(changes.find((c) => c.watchId === w.id)).toBeUndefined();
    const after = await getPriceWatch(db, me.user.id, w.id);
    expect(after.status).toBe("expired");
    expect(after.next_check_at).toBeNull();
    expect(after.price_history).toHaveLength(1);
    const [row] = await db
      .select({ status: priceWatches.status })
      .from(priceWatches)
      .where(and(eq(priceWatches.id, w.id), eq(priceWatches.userId, me.user.id)));
    expect(row?.status).toBe("expired");
  });

  it("links a trip the caller can see; another user's trip is 404 and nothing is stored", async () => {
    const db = await getDb();
    const me = await makeUser();
    const stranger = await makeUser();
    const trip = await makeTrip(me.user.id);
    await expect(
      createPriceWatch(db, stranger.user.id, trackInput({ trip_id: trip.id })),
    ).rejects.toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    expect(await listPriceWatches(db, stranger.user.id)).toEqual([]);
    const res = await call(trackRoute.POST, {
      method: "POST",
      headers: stranger.auth,
      body: trackInput({ trip_id: trip.id }),
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: true, code: "NOT_FOUND" });

    // A viewer of the trip may link it.
    await shareTrip(db, me.user.id, trip.id, {
      user_emails: [stranger.user.email],
      permission_level: "viewer",
    });
    const linked = await createPriceWatch(db, stranger.user.id, trackInput({ trip_id: trip.id }));
    expect(linked.trip_id).toBe(trip.id);
  });
});

// =================================================================================================
describe("review fixes", () => {
  it("a round trip's return always leaves at least 2 h after the outbound lands, even the next day", async () => {
    const db = await getDb();
    for (const [origin, destination, gap] of [
      ["JFK", "NRT", 1],
      ["LHR", "CDG", 0],
    ] as const) {
      const r = await searchFlights(
        db,
        owner.user.id,
        flightQuery({ origin, destination, departure_date: inDays(40), return_date: inDays(40 + gap) }),
      );
      for (const o of r.results) {
        const back = o.return as FlightJourney;
        expect(back, `${origin}-${destination} offers are round trips`).toBeDefined();
        expect(Date.parse(back.departure.time) - Date.parse(o.outbound.arrival.time)).toBeGreaterThanOrEqual(
          2 * 3_600_000,
        );
      }
    }
  });

  it("refuses a destination that shares an airport with the origin, and flies nothing between one city's airports", async () => {
    const db = await getDb();
    await expect(
      searchFlights(db, owner.user.id, flightQuery({ origin: "NYC", destination: "JFK" })),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR", errors: [{ field: "destination" }] });
    const r = await searchFlights(db, owner.user.id, flightQuery({ origin: "LGA", destination: "JFK" }));
    expect(r.results).toEqual([]);
  });

  it("keeps the schedule's wall-clock times on a daylight-saving day", async () => {
    const db = await getDb();
    // The second Sunday of March in the next year with one inside the sale window.
    const march = nextDateIn(3, 8);
    const d = new Date(`${march}T00:00:00Z`);
    while (d.getUTCDay() !== 0) d.setUTCDate(d.getUTCDate() + 1);
    const springForward = d.toISOString().slice(0, 10);
    const r = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ origin: "JFK", destination: "LAX", departure_date: springForward, limit: 50 }),
    );
    expect(r.results.length).toBeGreaterThan(0);
    for (const o of r.results) {
      const hour = Number(o.outbound.departure.time.slice(11, 13));
      expect(hour).toBeGreaterThanOrEqual(6);
      expect(hour).toBeLessThanOrEqual(23);
      expect(offset(o.outbound.departure.time)).toBe("-04:00");
    }
  });

  it("places stays near the antimeridian and the poles inside the coordinate ranges", async () => {
    const db = await getDb();
    for (const center of [
      { latitude: -17.8, longitude: 179.99 },
      { latitude: 89.999, longitude: 0 },
    ]) {
      const r = await searchAccommodations(
        db,
        owner.user.id,
        stayQuery({ location: undefined, coordinates: { ...center, radius_km: 50 } }),
      );
      expect(r.results.length).toBeGreaterThan(0);
      for (const o of r.results) {
        expect(Math.abs(o.location.coordinates.latitude)).toBeLessThanOrEqual(90);
        expect(Math.abs(o.location.coordinates.longitude)).toBeLessThanOrEqual(180);
      }
    }
  });

  it("a date that is still today somewhere (UTC yesterday) is searched, not refused", async () => {
    const db = await getDb();
    const r = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ departure_date: inDays(-1), return_date: undefined }),
    );
    expect(r.search_metadata.warnings).toBeUndefined();
    const older = await searchFlights(
      db,
      owner.user.id,
      flightQuery({ departure_date: inDays(-2), return_date: undefined }),
    );
    expect(older.search_metadata.warnings?.[0]).toMatch(/is in the past/);
  });

  it("one watch whose pricing fails does not stop the others in the batch", async () => {
    const db = await getDb();
    const me = await makeUser();
    const created = new Date(Date.now() - 30 * DAY);
    const good = await createPriceWatch(db, me.user.id, trackInput(), { now: created });
    const bad = await createPriceWatch(
      db,
      me.user.id,
      trackInput({ route: { origin: "LHR", destination: "CDG", departure_date: inDays(30) } }),
      { now: created },
    );
    const flaky: FlightProvider = {
      name: "flaky",
      async search(from, to, q, now) {
        if (from.iata === "LHR") throw new ApiError("SERVICE_UNAVAILABLE", "upstream down");
        return offlineFlights.search(from, to, q, now);
      },
    };
    const later = new Date(created.getTime() + DAY);
    await checkDuePriceWatches(db, { now: later, userId: me.user.id, provider: flaky });
    expect((await getPriceWatch(db, me.user.id, good.id)).last_checked_at).toBe(later.toISOString());
    const failed = await getPriceWatch(db, me.user.id, bad.id);
    expect(failed.last_checked_at).toBe(created.toISOString());
    expect(failed.status).toBe("active");
  });

  it("purges every user's offers past the retention, and only those", async () => {
    const db = await getDb();
    const me = await makeUser();
    const old = await searchFlights(db, me.user.id, flightQuery({ limit: 1 }), {
      now: new Date(Date.now() - OFFER_RETENTION_MS - DAY),
    });
    const fresh = await searchFlights(db, me.user.id, flightQuery({ limit: 1 }));
    expect(await purgeExpiredOffers(db)).toBeGreaterThanOrEqual(1);
    const rows = await db
      .select({ id: travelOffers.id })
      .from(travelOffers)
      .where(eq(travelOffers.userId, me.user.id));
    expect(rows.map((r) => r.id)).toEqual([fresh.results[0]?.id]);
    expect(old.results[0]?.id).not.toBe(fresh.results[0]?.id);
  });
});

describe("second review fixes", () => {
  it("a watch re-baselines when the provider quotes another currency, without an alert", async () => {
    const db = await getDb();
    const me = await makeUser();
    const created = new Date(Date.now() - 30 * DAY);
    const w = await createPriceWatch(db, me.user.id, trackInput(), { now: created });
    expect(w.currency).toBe("USD");
    const euros: FlightProvider = {
      name: "euros",
      async search(from, to, q, now) {
        const offers = await offlineFlights.search(from, to, q, now);
        return offers.map((o) => ({ ...o, price: { ...o.price, currency: "EUR" } }));
      },
    };
    const later = new Date(created.getTime() + DAY);
    const changes = await checkDuePriceWatches(db, { now: later, userId: me.user.id, provider: euros });
    expect(changes).toEqual([]);
    const after = await getPriceWatch(db, me.user.id, w.id);
    expect(after.currency).toBe("EUR");
    expect(after.current_price).not.toBeNull();
    expect(after.lowest_price).toBe(after.current_price);
  });

  it("a watch whose route can no longer be searched is expired, not retried forever", async () => {
    const db = await getDb();
    const me = await makeUser();
    const created = new Date(Date.now() - 30 * DAY);
    const w = await createPriceWatch(db, me.user.id, trackInput(), { now: created });
    await db.update(priceWatches).set({ origin: "NYC", destination: "JFK" }).where(eq(priceWatches.id, w.id));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await checkDuePriceWatches(db, { now: new Date(created.getTime() + DAY), userId: me.user.id });
    warn.mockRestore();
    expect((await getPriceWatch(db, me.user.id, w.id)).status).toBe("expired");
  });

  it("refuses a search that would need too many provider calls", async () => {
    const db = await getDb();
    await expect(
      searchFlights(
        db,
        owner.user.id,
        flightQuery({
          origin: "LON",
          destination: "NYC",
          flexible_dates: { enabled: true, days_before: 3, days_after: 3 },
        }),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR", errors: [{ field: "flexible_dates" }] });
  });
});
