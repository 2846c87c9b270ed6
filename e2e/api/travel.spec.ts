/**
 * The TripSage REST API "Flight Services" and "Accommodation Services", black box: flight search, offer
 * details, price tracking, stay search and stay details — the API document's request and response
 * shapes, 401 without credentials, 422 in the API document's validation shape, 404 for another user's
 * or unknown ids, 405 for methods a path does not serve, and the `flights:read` (`flights:write` to create or delete a price watch) /
 * `accommodations:read` scopes of API keys.
 *
 * Dates are computed from today (the inventories sell up to 361 days ahead), so the specs never
 * go stale. The build answers from its offline inventories (`search_metadata.provider`).
 */
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import {
  Api,
  body,
  createTrip,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  isIsoDateTime,
  type Json,
  registerUser,
  type TestUser,
  UNKNOWN_UUID,
} from "./helpers";

/** `YYYY-MM-DD`, `days` after today (UTC). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The TripSage REST API's "Search Flights" example with dates 6 weeks ahead and a budget the route can meet. */
function flightSearch(overrides: Record<string, unknown> = {}) {
  return {
    origin: "JFK",
    destination: "NRT",
    departure_date: inDays(42),
    return_date: inDays(49),
    passengers: 2,
    cabin_class: "economy",
    budget_max: 20_000,
    preferred_airlines: ["ANA", "JAL"],
    flexible_dates: { enabled: true, days_before: 2, days_after: 2 },
    ...overrides,
  };
}

function trackBody(overrides: Record<string, unknown> = {}) {
  return {
    route: { origin: "JFK", destination: "NRT", departure_date: inDays(42), return_date: inDays(49) },
    passengers: 2,
    target_price: 1200,
    notification_email: "user@example.com",
    ...overrides,
  };
}

/** The TripSage REST API's "Search Accommodations" example, loosened so the sample inventory has matches. */
function staySearch(overrides: Record<string, unknown> = {}) {
  return {
    location: "Tokyo, Japan",
    check_in: inDays(42),
    check_out: inDays(46),
    guests: 2,
    rooms: 1,
    budget_max: 1000,
    property_types: ["hotel", "apartment"],
    amenities: ["wifi"],
    star_rating_min: 3,
    coordinates: { latitude: 35.6762, longitude: 139.6503, radius_km: 10 },
    sort_by: "price",
    ...overrides,
  };
}

const OFFSET = /([+-]\d{2}:\d{2}|Z)$/;

function expectEndpoint(e: Json, airport?: string) {
  expect(typeof e.airport).toBe("string");
  if (airport) expect(e.airport).toBe(airport);
  expect(e.terminal === null || typeof e.terminal === "string").toBe(true);
  expect(isIsoDateTime(e.time), `time ${e.time}`).toBe(true);
  expect(e.time).toMatch(OFFSET);
}

/** A journey: endpoints, ISO duration equal to arrival − departure, stops, aircraft. */
function expectJourney(j: Json) {
  expectEndpoint(j.departure);
  expectEndpoint(j.arrival);
  expect(j.duration).toMatch(/^PT(\d+H)?(\d+M)?$/);
  const [, h = "0", m = "0"] = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(j.duration) ?? [];
  const minutes = Number(h) * 60 + Number(m);
  expect(minutes).toBe((Date.parse(j.arrival.time) - Date.parse(j.departure.time)) / 60_000);
  expect(Number.isInteger(j.stops)).toBe(true);
  expect(typeof j.aircraft).toBe("string");
}

/** The TripSage REST API's flight offer shape. */
function expectFlightOffer(o: Json) {
  expect(o.id).toMatch(/^off_[0-9a-f]{20}$/);
  expect(typeof o.airline).toBe("string");
  expect(o.price).toMatchObject({ currency: "USD" });
  expect(typeof o.price.total).toBe("number");
  expect(o.price.breakdown.base_fare + o.price.breakdown.taxes).toBeCloseTo(o.price.total, 1);
  expectJourney(o.outbound);
  expect(typeof o.baggage.carry_on).toBe("string");
  expect(typeof o.baggage.checked).toBe("string");
  expect(typeof o.refundable).toBe("boolean");
  expect(typeof o.changeable).toBe("boolean");
  expect(o.change_fee === null || typeof o.change_fee === "number").toBe(true);
  expect(isIsoDateTime(o.booking_deadline)).toBe(true);
}

function expectSearchMetadata(m: Json, results: Json[]) {
  expect(m.currency).toBe("USD");
  expect(typeof m.search_id).toBe("string");
  expect(isIsoDateTime(m.searched_at)).toBe(true);
  expect(Number.isInteger(m.total_results)).toBe(true);
  expect(m.total_results).toBeGreaterThanOrEqual(results.length);
}

async function expectNotAllowed(res: APIResponse, allowed: string[]) {
  const b = await expectTripSageError(res, 405, { code: "METHOD_NOT_ALLOWED" });
  expect(typeof b.message).toBe("string");
  // `Allow` lists the served methods, plus HEAD with GET, plus OPTIONS.
  const allow = (res.headers().allow ?? "").split(",").map((s) => s.trim());
  expect(allow.filter((m) => m !== "HEAD" && m !== "OPTIONS").sort()).toEqual([...allowed].sort());
  expect(allow).toContain("OPTIONS");
}

/** An API key of `user` holding exactly `permissions`, as a client. */
async function keyClient(request: APIRequestContext, user: TestUser, permissions: string[]) {
  const res = await user.api.post("/api/user/keys", { name: `scopes ${permissions.join(" ")}`, permissions });
  await expectStatus(res, 201);
  return new Api(request, (await body(res)).key);
}

// =================================================================================================
test.describe("flight search", () => {
  test("the TripSage REST API's request answers offers in the API document's shape, within budget, preferred airlines first", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/flights/search", flightSearch());
    await expectStatus(res, 200);
    const b = await body(res);
    expect(Array.isArray(b.results)).toBe(true);
    expect(b.results.length).toBeGreaterThan(0);
    expectSearchMetadata(b.search_metadata, b.results);
    const dates = [-2, -1, 0, 1, 2].map((d) => inDays(42 + d));
    for (const o of b.results) {
      expectFlightOffer(o);
      expect(o.price.total).toBeLessThanOrEqual(20_000);
      expect(o.outbound.departure.airport).toBe("JFK");
      expect(o.outbound.arrival.airport).toBe("NRT");
      expect(o.outbound.arrival.time).toMatch(/\+09:00$/); // Tokyo has no daylight saving
      expect(o.outbound.departure.time).toMatch(/-0[45]:00$/); // New York, EDT or EST
      expect(dates).toContain(o.outbound.departure.time.slice(0, 10));
      expectJourney(o.return);
      expect(o.return.departure.airport).toBe("NRT");
      expect(o.return.arrival.airport).toBe("JFK");
    }
    // ANA (NH) and JAL (JL) fly JFK-NRT non-stop: listed before everyone else.
    const preferred = b.results.map((o: Json) => ["NH", "JL"].includes(o.airline_code));
    expect(preferred[0]).toBe(true);
    const firstOther = preferred.indexOf(false);
    if (firstOther > 0) expect(preferred.slice(firstOther).includes(true)).toBe(false);
  });

  test("a metro code searches every airport of the city; one way has no return journey", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/flights/search", {
      origin: "JFK",
      destination: "TYO",
      departure_date: inDays(30),
      limit: 50,
    });
    await expectStatus(res, 200);
    const b = await body(res);
    const arrivals = new Set(b.results.map((o: Json) => o.outbound.arrival.airport));
    expect([...arrivals].sort()).toEqual(["HND", "NRT"]);
    for (const o of b.results) expect(o).not.toHaveProperty("return");
  });

  test("GET /api/flights/{flight_offer_id}: the searcher's offer; another user's or unknown ids are 404", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const other = await registerUser(request);
    const found = await body(await user.api.post("/api/flights/search", flightSearch({ limit: 3 })));
    const offer = found.results[0];
    const res = await user.api.get(`/api/flights/${offer.id}`);
    await expectStatus(res, 200);
    expect(await body(res)).toEqual(offer);

    await expectTripSageError(await other.api.get(`/api/flights/${offer.id}`), 404, {
      code: "NOT_FOUND",
      type: "not_found",
    });
    for (const id of ["off_00000000000000000000", "flight_offer_123", UNKNOWN_UUID]) {
      await expectTripSageError(await user.api.get(`/api/flights/${id}`), 404, { code: "NOT_FOUND" });
    }
  });

  test("bad input is 422 in the TripSage REST API's validation shape; malformed JSON is 400", async ({
    request,
  }) => {
    const user = await registerUser(request);
    await expectValidationError(await user.api.post("/api/flights/search", {}), [
      "origin",
      "destination",
      "departure_date",
    ]);
    await expectValidationError(
      await user.api.post("/api/flights/search", flightSearch({ destination: "JFK" })),
      ["destination"],
    );
    await expectValidationError(
      await user.api.post("/api/flights/search", flightSearch({ departure_date: "2025-02-30" })),
      ["departure_date"],
    );
    await expectValidationError(
      await user.api.post("/api/flights/search", flightSearch({ return_date: inDays(40) })),
      ["return_date"],
    );
    await expectValidationError(
      await user.api.post("/api/flights/search", flightSearch({ cabin_class: "cargo", passengers: 0 })),
      ["cabin_class", "passengers"],
    );
    await expectValidationError(
      await user.api.post("/api/flights/search", flightSearch({ preferred_airlines: ["Oceanic Airlines"] })),
      ["preferred_airlines.0"],
    );
    await expectValidationError(
      await user.api.post(
        "/api/flights/search",
        flightSearch({ flexible_dates: { enabled: true, days_before: 9 } }),
      ),
      ["flexible_dates.days_before"],
    );
    const unknown = await expectValidationError(
      await user.api.post("/api/flights/search", flightSearch({ origin: "QQQ" })),
      ["origin"],
    );
    expect(unknown.errors[0]).toMatchObject({ field: "origin", type: "value_error" });
    await expectTripSageError(
      await user.api.post("/api/flights/search", undefined, {
        body: "{not json",
        headers: { "Content-Type": "application/json" },
      }),
      400,
      { code: "INVALID_JSON" },
    );
  });
});

// =================================================================================================
test.describe("flight price tracking", () => {
  test("track (201 priced now), list, read, another user's 404, stop (204)", async ({ request }) => {
    const user = await registerUser(request);
    const other = await registerUser(request);
    const trip = await createTrip(user.api);
    const res = await user.api.post("/api/flights/track", trackBody({ trip_id: trip.id }));
    await expectStatus(res, 201);
    const w = await body(res);
    expect(res.headers().location).toBe(`/api/flights/track/${w.id}`);
    expect(w).toMatchObject({
      trip_id: trip.id,
      route: { origin: "JFK", destination: "NRT", departure_date: inDays(42), return_date: inDays(49) },
      passengers: 2,
      cabin_class: "economy",
      target_price: 1200,
      currency: "USD",
      notification_email: "user@example.com",
      status: "active",
    });
    expect(w.current_price).toBeGreaterThan(0);
    expect(w.lowest_price).toBe(w.current_price);
    expect(w.below_target).toBe(w.current_price <= 1200);
    expect(w.price_history).toHaveLength(1);
    expect(w.price_history[0].price).toBe(w.current_price);
    expect(isIsoDateTime(w.next_check_at)).toBe(true);
    expect(isIsoDateTime(w.created_at)).toBe(true);

    // The watch's price is the cheapest total a search of the same route finds.
    const search = await body(
      await user.api.post("/api/flights/search", {
        origin: "JFK",
        destination: "NRT",
        departure_date: inDays(42),
        return_date: inDays(49),
        passengers: 2,
        limit: 1,
      }),
    );
    expect(search.results[0].price.total).toBe(w.current_price);

    const list = await user.api.get("/api/flights/track");
    await expectStatus(list, 200);
    const lb = await body(list);
    expect(lb.total).toBe(1);
    expect(lb.watches).toEqual([w]);
    const one = await user.api.get(`/api/flights/track/${w.id}`);
    await expectStatus(one, 200);
    expect(await body(one)).toEqual(w);

    await expectTripSageError(await other.api.get(`/api/flights/track/${w.id}`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await other.api.delete(`/api/flights/track/${w.id}`), 404, {
      code: "NOT_FOUND",
    });
    expect((await body(await other.api.get("/api/flights/track"))).total).toBe(0);
    await expectTripSageError(await user.api.get(`/api/flights/track/${UNKNOWN_UUID}`), 404);
    await expectTripSageError(await user.api.get("/api/flights/track/not-a-uuid"), 404);

    const del = await user.api.delete(`/api/flights/track/${w.id}`);
    expect(del.status()).toBe(204);
    expect((await del.body()).length).toBe(0);
    await expectTripSageError(await user.api.get(`/api/flights/track/${w.id}`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await user.api.delete(`/api/flights/track/${w.id}`), 404);
    expect(await body(await user.api.get("/api/flights/track"))).toEqual({ watches: [], total: 0 });
  });

  test("a trip_id the caller cannot see is 404 and nothing is tracked; bad bodies are 422", async ({
    request,
  }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    await expectTripSageError(
      await stranger.api.post("/api/flights/track", trackBody({ trip_id: trip.id })),
      404,
      {
        code: "NOT_FOUND",
      },
    );
    await expectTripSageError(
      await stranger.api.post("/api/flights/track", trackBody({ trip_id: UNKNOWN_UUID })),
      404,
    );
    expect((await body(await stranger.api.get("/api/flights/track"))).total).toBe(0);

    await expectValidationError(await stranger.api.post("/api/flights/track", {}), ["route"]);
    await expectValidationError(
      await stranger.api.post(
        "/api/flights/track",
        trackBody({ route: { origin: "JFK", destination: "NRT" } }),
      ),
      ["route.departure_date"],
    );
    await expectValidationError(
      await stranger.api.post(
        "/api/flights/track",
        trackBody({ target_price: -5, notification_email: "nope" }),
      ),
      ["target_price", "notification_email"],
    );
    await expectValidationError(
      await stranger.api.post(
        "/api/flights/track",
        trackBody({ route: { origin: "QQQ", destination: "NRT", departure_date: inDays(30) } }),
      ),
      ["route.origin"],
    );
    await expectValidationError(
      await stranger.api.post("/api/flights/track", trackBody({ trip_id: "trip_123" })),
      ["trip_id"],
    );
    expect((await body(await stranger.api.get("/api/flights/track"))).total).toBe(0);
  });
});

// =================================================================================================
test.describe("accommodation search", () => {
  test("the TripSage REST API's request answers stays in the API document's shape, honouring every filter", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/accommodations/search", staySearch());
    await expectStatus(res, 200);
    const b = await body(res);
    expect(b.results.length).toBeGreaterThan(0);
    expectSearchMetadata(b.search_metadata, b.results);
    let previous = 0;
    for (const s of b.results) {
      expect(s.id).toMatch(/^stay_[0-9a-f]{20}$/);
      expect(typeof s.name).toBe("string");
      // star_rating_min excludes unrated kinds (apartments), so only hotels remain of the two types.
      expect(s.property_type).toBe("hotel");
      expect(s.star_rating).toBeGreaterThanOrEqual(3);
      expect(s.amenities).toContain("Free WiFi");
      expect(s.location.distance_to_center).toBeLessThanOrEqual(10);
      expect(typeof s.location.address).toBe("string");
      expect(typeof s.location.coordinates.latitude).toBe("number");
      expect(s.price).toMatchObject({ currency: "USD", taxes_included: true });
      expect(s.price.per_night).toBeLessThanOrEqual(1000);
      expect(s.price.total).toBeGreaterThanOrEqual(previous); // sort_by price
      previous = s.price.total;
      expect(s.room.max_guests).toBeGreaterThanOrEqual(2);
      expect(s.rating).toMatchObject({ max_score: 5 });
      expect(Array.isArray(s.rating.recent_reviews)).toBe(true);
      expect(typeof s.policies.check_in).toBe("string");
      expect(typeof s.policies.pets_allowed).toBe("boolean");
      expect(Array.isArray(s.images)).toBe(true);
    }

    // Five guests in one room: no stay whose rooms hold fewer (hostels sell a bed per guest).
    const five = await body(
      await user.api.post("/api/accommodations/search", {
        location: "Tokyo, Japan",
        check_in: inDays(42),
        check_out: inDays(44),
        guests: 5,
        rooms: 1,
        limit: 50,
      }),
    );
    expect(five.results.length).toBeGreaterThan(0);
    for (const s of five.results) {
      if (s.property_type !== "hostel") expect(s.room.max_guests).toBeGreaterThanOrEqual(5);
    }
  });

  test("GET /api/accommodations/{accommodation_id}: the searcher's stay; other or unknown ids are 404", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const other = await registerUser(request);
    const found = await body(await user.api.post("/api/accommodations/search", staySearch({ limit: 2 })));
    const stay = found.results[0];
    const res = await user.api.get(`/api/accommodations/${stay.id}`);
    await expectStatus(res, 200);
    expect(await body(res)).toEqual(stay);
    await expectTripSageError(await other.api.get(`/api/accommodations/${stay.id}`), 404, {
      code: "NOT_FOUND",
    });
    for (const id of ["stay_00000000000000000000", "hotel_123", UNKNOWN_UUID]) {
      await expectTripSageError(await user.api.get(`/api/accommodations/${id}`), 404, { code: "NOT_FOUND" });
    }
    // A flight offer id is not a stay.
    const flights = await body(
      await user.api.post("/api/flights/search", {
        origin: "LHR",
        destination: "CDG",
        departure_date: inDays(20),
      }),
    );
    await expectTripSageError(await user.api.get(`/api/accommodations/${flights.results[0].id}`), 404);
  });

  test("bad input is 422 in the TripSage REST API's validation shape", async ({ request }) => {
    const user = await registerUser(request);
    const unknown = await expectValidationError(
      await user.api.post(
        "/api/accommodations/search",
        staySearch({ location: "Atlantis Under The Sea", coordinates: undefined }),
      ),
      ["location"],
    );
    expect(unknown.errors[0].field).toBe("location");
    await expectValidationError(await user.api.post("/api/accommodations/search", { check_in: inDays(10) }), [
      "check_out",
    ]);
    await expectValidationError(
      await user.api.post("/api/accommodations/search", {
        check_in: inDays(10),
        check_out: inDays(12),
      }),
      ["location"],
    );
    await expectValidationError(
      await user.api.post("/api/accommodations/search", staySearch({ check_out: inDays(40) })),
      ["check_out"],
    );
    await expectValidationError(
      await user.api.post("/api/accommodations/search", staySearch({ guests: 1, rooms: 2 })),
      ["rooms"],
    );
    await expectValidationError(
      await user.api.post(
        "/api/accommodations/search",
        staySearch({ amenities: ["helipad"], property_types: ["castle"], star_rating_min: 6 }),
      ),
      ["amenities.0", "property_types.0", "star_rating_min"],
    );
    await expectValidationError(
      await user.api.post(
        "/api/accommodations/search",
        staySearch({ coordinates: { latitude: 95, longitude: 139.65, radius_km: 500 } }),
      ),
      ["coordinates.latitude", "coordinates.radius_km"],
    );
  });
});

// =================================================================================================
test.describe("dates outside the sale window", () => {
  test("the TripSage REST API's example bodies (dates now past) answer 200 with no results and say why; track records them expired", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const flights = await user.api.post("/api/flights/search", {
      origin: "JFK",
      destination: "NRT",
      departure_date: "2025-04-01",
      return_date: "2025-04-08",
      passengers: 2,
      cabin_class: "economy",
      budget_max: 1500,
      preferred_airlines: ["ANA", "JAL"],
      flexible_dates: { enabled: true, days_before: 2, days_after: 2 },
    });
    expect(flights.status()).toBe(200);
    const fb = await flights.json();
    expect(fb.results).toEqual([]);
    expect(fb.search_metadata).toMatchObject({ total_results: 0, currency: "USD" });
    expect(fb.search_metadata.warnings[0]).toMatch(/departure_date 2025-04-01 is in the past/);

    const far = await user.api.post(
      "/api/flights/search",
      flightSearch({ departure_date: inDays(400), return_date: undefined }),
    );
    expect(far.status()).toBe(200);
    expect((await far.json()).search_metadata.warnings[0]).toMatch(/more than 361 days ahead/);

    const stays = await user.api.post("/api/accommodations/search", {
      location: "Tokyo, Japan",
      check_in: "2025-04-01",
      check_out: "2025-04-08",
      guests: 2,
      rooms: 1,
    });
    expect(stays.status()).toBe(200);
    const sb = await stays.json();
    expect(sb.results).toEqual([]);
    expect(sb.search_metadata.warnings[0]).toMatch(/check_in 2025-04-01 is in the past/);

    const track = await user.api.post("/api/flights/track", {
      route: { origin: "JFK", destination: "NRT", departure_date: "2025-04-01", return_date: "2025-04-08" },
      passengers: 2,
      target_price: 1200,
      notification_email: "user@example.com",
    });
    expect(track.status()).toBe(201);
    expect(await track.json()).toMatchObject({ status: "expired", current_price: null, next_check_at: null });
  });
});

test.describe("authentication, methods and scopes", () => {
  test("every travel endpoint answers 401 without credentials", async ({ request }) => {
    const anon = new Api(request);
    const calls: [string, string, unknown?][] = [
      ["POST", "/api/flights/search", flightSearch()],
      ["GET", "/api/flights/off_00000000000000000000"],
      ["GET", "/api/flights/track"],
      ["POST", "/api/flights/track", trackBody()],
      ["GET", `/api/flights/track/${UNKNOWN_UUID}`],
      ["DELETE", `/api/flights/track/${UNKNOWN_UUID}`],
      ["POST", "/api/accommodations/search", staySearch()],
      ["GET", "/api/accommodations/stay_00000000000000000000"],
    ];
    for (const [method, path, data] of calls) {
      // A fresh client address per request keeps clear of the 10/min anonymous limit.
      const res = await anon.fresh().fetch(method, path, data === undefined ? {} : { data });
      const b = await expectTripSageError(res, 401, { code: "UNAUTHORIZED", type: "authentication" });
      expect(b.message.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(res.headers()["www-authenticate"] ?? "", `${method} ${path}`).toContain("Bearer");
    }
    const garbage = new Api(request, "garbage-token");
    await expectTripSageError(await garbage.post("/api/flights/search", flightSearch()), 401);
  });

  test("methods a path does not serve answer 405 with Allow", async ({ request }) => {
    const user = await registerUser(request);
    // 405s count against the client address's anonymous bucket (10/min): a new address per call.
    const api = {
      get: (path: string) => user.api.fresh().get(path),
      post: (path: string, data: unknown) => user.api.fresh().post(path, data),
      put: (path: string, data: unknown) => user.api.fresh().put(path, data),
      patch: (path: string, data: unknown) => user.api.fresh().patch(path, data),
      delete: (path: string) => user.api.fresh().delete(path),
    };
    await expectNotAllowed(await api.get("/api/flights/search"), ["POST"]);
    await expectNotAllowed(await api.put("/api/flights/search", flightSearch()), ["POST"]);
    await expectNotAllowed(await api.delete("/api/flights/off_00000000000000000000"), ["GET"]);
    await expectNotAllowed(await api.post("/api/flights/off_00000000000000000000", {}), ["GET"]);
    await expectNotAllowed(await api.delete("/api/flights/track"), ["GET", "POST"]);
    await expectNotAllowed(await api.patch("/api/flights/track", trackBody()), ["GET", "POST"]);
    await expectNotAllowed(await api.post(`/api/flights/track/${UNKNOWN_UUID}`, {}), ["GET", "DELETE"]);
    await expectNotAllowed(await api.put(`/api/flights/track/${UNKNOWN_UUID}`, {}), ["GET", "DELETE"]);
    await expectNotAllowed(await api.get("/api/accommodations/search"), ["POST"]);
    await expectNotAllowed(await api.delete("/api/accommodations/stay_00000000000000000000"), ["GET"]);
  });

  test("an API key without flights:read gets 403 on every flight endpoint; accommodations:read works", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const stays = await keyClient(request, user, ["trips:read", "accommodations:read"]);
    const forbidden: [string, string, unknown?][] = [
      ["POST", "/api/flights/search", flightSearch()],
      ["GET", "/api/flights/off_00000000000000000000"],
      ["GET", "/api/flights/track"],
      ["POST", "/api/flights/track", trackBody()],
      ["GET", `/api/flights/track/${UNKNOWN_UUID}`],
      ["DELETE", `/api/flights/track/${UNKNOWN_UUID}`],
    ];
    for (const [method, path, data] of forbidden) {
      const res = await stays.fetch(method, path, data === undefined ? {} : { data });
      await expectTripSageError(res, 403, { code: "INSUFFICIENT_PERMISSIONS", type: "authorization" });
    }
    expect((await body(await user.api.get("/api/flights/track"))).total).toBe(0);
    const ok = await stays.post("/api/accommodations/search", staySearch({ limit: 1 }));
    await expectStatus(ok, 200);
    const stay = (await body(ok)).results[0];
    await expectStatus(await stays.get(`/api/accommodations/${stay.id}`), 200);

    const flightsOnly = await keyClient(request, user, ["flights:read"]);
    await expectStatus(await flightsOnly.post("/api/flights/search", flightSearch({ limit: 1 })), 200);
    await expectStatus(await flightsOnly.get("/api/flights/track"), 200);
    // Creating and deleting a price watch is a write: flights:read alone is not enough.
    for (const [method, path, data] of [
      ["POST", "/api/flights/track", trackBody()],
      ["DELETE", `/api/flights/track/${UNKNOWN_UUID}`],
    ] as [string, string, unknown?][]) {
      const res = await flightsOnly.fetch(method, path, data === undefined ? {} : { data });
      await expectTripSageError(res, 403, { code: "INSUFFICIENT_PERMISSIONS" });
    }
    await expectTripSageError(await flightsOnly.post("/api/accommodations/search", staySearch()), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
    await expectTripSageError(await flightsOnly.get(`/api/accommodations/${stay.id}`), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
  });

  test("GET /api/openapi.json documents the travel operations with their scopes", async ({ request }) => {
    const doc = await body(await new Api(request).get("/api/openapi.json"));
    const ops: [string, string, string][] = [
      ["/api/flights/search", "post", "flights:read"],
      ["/api/flights/{flight_offer_id}", "get", "flights:read"],
      ["/api/flights/track", "get", "flights:read"],
      ["/api/flights/track", "post", "flights:write"],
      ["/api/flights/track/{watch_id}", "get", "flights:read"],
      ["/api/flights/track/{watch_id}", "delete", "flights:write"],
      ["/api/accommodations/search", "post", "accommodations:read"],
      ["/api/accommodations/{accommodation_id}", "get", "accommodations:read"],
    ];
    for (const [path, method, scope] of ops) {
      const op = doc.paths?.[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path}`).toBeTruthy();
      expect(op["x-required-scope"]).toBe(scope);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403", "429"]));
    }
  });
});
