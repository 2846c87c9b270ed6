/**
 * The TripSage REST API trip management: create, read, list with paging, partial update with
 * ETag/If-Match, delete, validation errors, strangers, and trip suggestions.
 */
import { expect, test } from "@playwright/test";
import {
  body,
  createTrip,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  futureDate,
  isIsoDateTime,
  type Json,
  registerUser,
  tripBody,
  UNKNOWN_UUID,
} from "./helpers";

test.describe("trips CRUD", () => {
  test("POST /api/trips answers 201 with the API document's Trip Object, Location and ETag", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const input = tripBody();
    const res = await user.api.post("/api/trips", input);
    await expectStatus(res, 201);
    const trip = await body(res);
    expect(trip).toMatchObject({
      user_id: user.id,
      title: input.title,
      description: input.description,
      start_date: input.start_date,
      end_date: input.end_date,
      duration_days: 7,
      status: "planning",
      preferences: { budget: { total: 3000, currency: "USD" }, accommodation_type: "hotel" },
    });
    expect(typeof trip.id).toBe("string");
    expect(trip.destinations).toHaveLength(1);
    expect(trip.destinations[0]).toMatchObject({
      name: "Tokyo",
      country: "Japan",
      city: "Tokyo",
      coordinates: { latitude: 35.6762, longitude: 139.6503 },
    });
    expect(trip.preferences.interests).toEqual(["culture", "nature", "photography"]);
    expect(isIsoDateTime(trip.created_at)).toBe(true);
    expect(isIsoDateTime(trip.updated_at)).toBe(true);
    expect(res.headers().location).toBe(`/api/trips/${trip.id}`);
    expect(res.headers().etag).toMatch(/^"[^"]+"$/);

    const get = await user.api.get(`/api/trips/${trip.id}`);
    await expectStatus(get, 200);
    expect(await body(get)).toMatchObject({ id: trip.id, title: input.title, duration_days: 7 });
    expect(get.headers().etag).toBe(res.headers().etag);
  });

  test("the tutorial's camelCase startDate/endDate are accepted", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/trips", {
      title: "Japan Adventure",
      startDate: "2030-04-01",
      endDate: "2030-04-08",
      destinations: [{ name: "Tokyo", country: "Japan" }],
      preferences: { budget: { total: 3000, currency: "USD" }, interests: ["culture", "food"] },
    });
    await expectStatus(res, 201);
    expect(await body(res)).toMatchObject({
      start_date: "2030-04-01",
      end_date: "2030-04-08",
      duration_days: 7,
    });
  });

  test("GET /api/trips pages with skip/limit and answers {items, total, skip, limit}", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createTrip(user.api, { title: `Paged trip ${i}` })).id);

    const def = await body(await user.api.get("/api/trips"));
    expect(def).toMatchObject({ total: 3, skip: 0, limit: 10 });
    expect(def.items).toHaveLength(3);
    expect(def.items.map((t: Json) => t.id).sort()).toEqual([...ids].sort());
    const item = def.items[0];
    for (const k of [
      "id",
      "title",
      "start_date",
      "end_date",
      "duration_days",
      "destinations",
      "status",
      "created_at",
    ]) {
      expect(item, `list item field ${k}`).toHaveProperty(k);
    }
    // The TripSage REST API lists destinations by name in the list view.
    expect(item.destinations).toEqual(["Tokyo"]);

    const p1 = await body(await user.api.get("/api/trips", { params: { skip: 0, limit: 2 } }));
    expect(p1).toMatchObject({ total: 3, skip: 0, limit: 2 });
    expect(p1.items).toHaveLength(2);
    const p2 = await body(await user.api.get("/api/trips", { params: { skip: 2, limit: 2 } }));
    expect(p2).toMatchObject({ total: 3, skip: 2, limit: 2 });
    expect(p2.items).toHaveLength(1);
    const seen = [...p1.items, ...p2.items].map((t: Json) => t.id);
    expect(new Set(seen).size).toBe(3);

    const beyond = await body(await user.api.get("/api/trips", { params: { skip: 10, limit: 5 } }));
    expect(beyond).toMatchObject({ items: [], total: 3, skip: 10, limit: 5 });

    const max = await user.api.get("/api/trips", { params: { limit: 100 } });
    await expectStatus(max, 200);
  });

  test("paging parameters out of range answer 422 with errors[]", async ({ request }) => {
    const user = await registerUser(request);
    await expectValidationError(await user.api.get("/api/trips", { params: { limit: 101 } }), ["limit"]);
    await expectValidationError(await user.api.get("/api/trips", { params: { limit: 0 } }), ["limit"]);
    await expectValidationError(await user.api.get("/api/trips", { params: { skip: -1 } }), ["skip"]);
    await expectValidationError(await user.api.get("/api/trips", { params: { limit: "ten" } }), ["limit"]);
  });

  test("invalid trip bodies answer 422 VALIDATION_ERROR listing each field", async ({ request }) => {
    const user = await registerUser(request);
    const missing = await expectValidationError(await user.api.post("/api/trips", {}), [
      "title",
      "start_date",
      "end_date",
    ]);
    expect(missing).toMatchObject({ code: "VALIDATION_ERROR", message: expect.any(String) });
    await expectValidationError(
      await user.api.post("/api/trips", tripBody({ start_date: "2030-05-10", end_date: "2030-05-01" })),
      ["end_date"],
    );
    await expectValidationError(await user.api.post("/api/trips", tripBody({ start_date: "10/05/2030" })), [
      "start_date",
    ]);
    await expectValidationError(await user.api.post("/api/trips", tripBody({ title: "" })), ["title"]);
    await expectValidationError(await user.api.post("/api/trips", tripBody({ status: "dreaming" })), [
      "status",
    ]);
  });

  test("PUT is a partial update; ETag changes; a stale If-Match answers 412", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const first = await user.api.get(`/api/trips/${trip.id}`);
    const etag1 = first.headers().etag;
    expect(etag1).toBeTruthy();

    const upd = await user.api.put(
      `/api/trips/${trip.id}`,
      {
        title: "Updated Trip Title",
        end_date: futureDate(9),
        preferences: { budget: { total: 3500, currency: "USD" } },
      },
      { headers: { "If-Match": etag1 } },
    );
    await expectStatus(upd, 200);
    const u = await body(upd);
    expect(u).toMatchObject({
      id: trip.id,
      title: "Updated Trip Title",
      description: trip.description, // untouched
      start_date: trip.start_date,
      duration_days: 9,
      preferences: { budget: { total: 3500, currency: "USD" }, accommodation_type: "hotel" },
    });
    const etag2 = upd.headers().etag;
    expect(etag2).toBeTruthy();
    expect(etag2).not.toBe(etag1);

    // Writing with the old ETag is refused with the TripSage REST API's error shape.
    const stale = await user.api.put(
      `/api/trips/${trip.id}`,
      { title: "Lost update" },
      { headers: { "If-Match": etag1 } },
    );
    await expectTripSageError(stale, 412);
    const still = await body(await user.api.get(`/api/trips/${trip.id}`));
    expect(still.title).toBe("Updated Trip Title");

    // The current ETag works; PATCH behaves like PUT.
    const ok = await user.api.patch(
      `/api/trips/${trip.id}`,
      { status: "booked" },
      { headers: { "If-Match": etag2 } },
    );
    await expectStatus(ok, 200);
    expect((await body(ok)).status).toBe("booked");

    // Invalid update bodies are 422.
    await expectValidationError(
      await user.api.put(`/api/trips/${trip.id}`, { start_date: "2099-01-10", end_date: "2099-01-01" }),
      ["end_date"],
    );
  });

  test("concurrent writes with the same If-Match: exactly one wins, the other gets 412", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const etag = (await user.api.get(`/api/trips/${trip.id}`)).headers().etag;
    const results = await Promise.all(
      ["Writer A", "Writer B", "Writer C"].map((title) =>
        user.api.put(`/api/trips/${trip.id}`, { title }, { headers: { "If-Match": etag } }),
      ),
    );
    const statuses = results.map((r) => r.status()).sort();
    expect(statuses).toEqual([200, 412, 412]);
    for (const r of results.filter((x) => x.status() === 412)) {
      await expectTripSageError(r, 412);
    }
    const winner = await body(results.find((r) => r.status() === 200) as (typeof results)[number]);
    expect((await body(await user.api.get(`/api/trips/${trip.id}`))).title).toBe(winner.title);
  });

  test("more than max_destinations_per_trip destinations answers 422", async ({ request }) => {
    const user = await registerUser(request);
    const limits = (await body(await user.api.get("/api/config"))).limits;
    const n = limits.max_destinations_per_trip + 1;
    const destinations = Array.from({ length: n }, (_, i) => ({ name: `City ${i}`, country: "Japan" }));
    await expectValidationError(await user.api.post("/api/trips", tripBody({ destinations })), [
      "destinations",
    ]);
  });

  test("DELETE answers 204, then the trip is 404", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const del = await user.api.delete(`/api/trips/${trip.id}`);
    expect(del.status()).toBe(204);
    expect(await del.text()).toBe("");
    await expectTripSageError(await user.api.get(`/api/trips/${trip.id}`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await user.api.delete(`/api/trips/${trip.id}`), 404, { code: "NOT_FOUND" });
    const list = await body(await user.api.get("/api/trips"));
    expect(list.total).toBe(0);
  });

  test("a stranger gets 404 for someone else's trip (read, update, delete)", async ({ request }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    await expectTripSageError(await stranger.api.get(`/api/trips/${trip.id}`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await stranger.api.put(`/api/trips/${trip.id}`, { title: "Mine now" }), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await stranger.api.delete(`/api/trips/${trip.id}`), 404, { code: "NOT_FOUND" });
    // Indistinguishable from a trip that does not exist.
    const unknown = await expectTripSageError(await stranger.api.get(`/api/trips/${UNKNOWN_UUID}`), 404);
    const hidden = await expectTripSageError(await stranger.api.get(`/api/trips/${trip.id}`), 404);
    expect(hidden).toEqual(unknown);
    // The stranger's list does not include it; the owner's trip is unchanged.
    expect((await body(await stranger.api.get("/api/trips"))).total).toBe(0);
    expect((await body(await owner.api.get(`/api/trips/${trip.id}`))).title).toBe(trip.title);
  });

  test("a malformed trip id is a 404 too", async ({ request }) => {
    const user = await registerUser(request);
    await expectTripSageError(await user.api.get("/api/trips/trip_789xyz"), 404, { code: "NOT_FOUND" });
  });
});

test.describe("trip suggestions", () => {
  const FIELDS = [
    "id",
    "title",
    "destination",
    "description",
    "estimated_price",
    "currency",
    "duration",
    "rating",
    "category",
    "best_time_to_visit",
    "highlights",
    "trending",
    "seasonal",
    "difficulty",
  ];

  test("GET /api/trips/suggestions answers an array of the TripSage REST API suggestions", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const res = await user.api.get("/api/trips/suggestions", {
      params: { limit: 4, budget_max: 5000, category: "culture" },
    });
    await expectStatus(res, 200);
    const list = await body(res);
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(4);
    for (const s of list) {
      for (const f of FIELDS) expect(s, `suggestion field ${f}`).toHaveProperty(f);
      expect(typeof s.id).toBe("string");
      expect(typeof s.title).toBe("string");
      expect(typeof s.destination).toBe("string");
      expect(typeof s.estimated_price).toBe("number");
      expect(s.estimated_price).toBeLessThanOrEqual(5000);
      expect(typeof s.currency).toBe("string");
      expect(typeof s.duration).toBe("number");
      expect(typeof s.rating).toBe("number");
      expect(s.category).toBe("culture");
      expect(Array.isArray(s.highlights)).toBe(true);
      expect(typeof s.trending).toBe("boolean");
      expect(typeof s.seasonal).toBe("boolean");
      expect(typeof s.difficulty).toBe("string");
    }
    expect(new Set(list.map((s: Json) => s.id)).size).toBe(list.length);
  });

  test("default limit is 4 and the upper bound is 20", async ({ request }) => {
    const user = await registerUser(request);
    const def = await body(await user.api.get("/api/trips/suggestions"));
    expect(def).toHaveLength(4);
    const one = await body(await user.api.get("/api/trips/suggestions", { params: { limit: 1 } }));
    expect(one).toHaveLength(1);
    const twenty = await user.api.get("/api/trips/suggestions", { params: { limit: 20 } });
    await expectStatus(twenty, 200);
    expect((await body(twenty)).length).toBeLessThanOrEqual(20);
  });

  test("limit outside 1-20 and unknown categories answer 422", async ({ request }) => {
    const user = await registerUser(request);
    await expectValidationError(await user.api.get("/api/trips/suggestions", { params: { limit: 0 } }), [
      "limit",
    ]);
    await expectValidationError(await user.api.get("/api/trips/suggestions", { params: { limit: 21 } }), [
      "limit",
    ]);
    await expectValidationError(
      await user.api.get("/api/trips/suggestions", { params: { category: "space-tourism" } }),
      ["category"],
    );
    await expectValidationError(
      await user.api.get("/api/trips/suggestions", { params: { budget_max: -5 } }),
      ["budget_max"],
    );
  });

  test("suggestions need authentication", async ({ request }) => {
    const user = await registerUser(request);
    await expectTripSageError(await user.api.as(null).get("/api/trips/suggestions"), 401, {
      type: "authentication",
    });
  });
});
