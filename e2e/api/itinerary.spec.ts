/**
 * Itinerary extension (README "REST API"): the itinerary by day, segments CRUD, move,
 * If-Match on segments, trip-date checks, and the Trip Designer API's SSE stream of itinerary events.
 */
import { expect, test } from "@playwright/test";
import {
  body,
  createTrip,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  futureDate,
  type Json,
  openSse,
  registerUser,
  UNKNOWN_UUID,
} from "./helpers";

test.describe("itinerary and segments", () => {
  test("segments: add, list, filter by day, read, update, move, delete", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api); // 8 days: start_date .. start_date + 7
    const base = `/api/itineraries/${trip.id}`;

    const empty = await user.api.get(base);
    await expectStatus(empty, 200);
    const it0 = await body(empty);
    expect(it0).toMatchObject({ id: trip.id, title: trip.title, start_date: trip.start_date });
    expect(it0.days).toHaveLength(8);
    expect(it0.days[0]).toMatchObject({ day_index: 1, date: trip.start_date, segments: [] });
    expect(it0.days[7].day_index).toBe(8);
    expect(it0.unscheduled).toEqual([]);

    const a = await user.api.post(`${base}/segments`, {
      type: "activity",
      title: "Senso-ji Temple",
      day_index: 1,
      time_block: "morning",
      notes: "Go early",
    });
    await expectStatus(a, 201);
    const segA = await body(a);
    expect(segA).toMatchObject({
      trip_id: trip.id,
      type: "activity",
      title: "Senso-ji Temple",
      day_index: 1,
      date: trip.start_date,
      time_block: "morning",
      notes: "Go early",
      position: 0,
    });
    expect(typeof segA.id).toBe("string");

    const segB = await body(
      await user.api.post(`${base}/segments`, { type: "meal", title: "Sushi dinner", day_index: 1 }),
    );
    const segC = await body(
      await user.api.post(`${base}/segments`, { type: "note", title: "Buy a Suica card" }),
    );
    expect(segC.day_index).toBeNull(); // unscheduled

    const list = await body(await user.api.get(`${base}/segments`));
    expect(list.total).toBe(3);
    expect(list.segments.map((s: Json) => s.id)).toEqual(expect.arrayContaining([segA.id, segB.id, segC.id]));
    const day1 = await body(await user.api.get(`${base}/segments`, { params: { day_index: 1 } }));
    expect(day1.total).toBe(2);
    expect(day1.segments.map((s: Json) => s.id)).toEqual([segA.id, segB.id]);

    const it1 = await body(await user.api.get(base));
    expect(it1.days[0].segments.map((s: Json) => s.id)).toEqual([segA.id, segB.id]);
    expect(it1.unscheduled.map((s: Json) => s.id)).toEqual([segC.id]);

    const one = await user.api.get(`${base}/segments/${segA.id}`);
    await expectStatus(one, 200);
    expect((await body(one)).title).toBe("Senso-ji Temple");
    const etag = one.headers().etag;
    expect(etag).toBeTruthy();

    const upd = await user.api.put(
      `${base}/segments/${segA.id}`,
      { title: "Senso-ji & Nakamise" },
      { headers: { "If-Match": etag } },
    );
    await expectStatus(upd, 200);
    expect(await body(upd)).toMatchObject({ id: segA.id, title: "Senso-ji & Nakamise", notes: "Go early" });
    expect(upd.headers().etag).not.toBe(etag);
    // Stale If-Match → 412.
    await expectTripSageError(
      await user.api.put(`${base}/segments/${segA.id}`, { title: "Lost" }, { headers: { "If-Match": etag } }),
      412,
    );

    // Move segment A to day 2, position 0.
    const mv = await user.api.post(`${base}/segments/${segA.id}/move`, { day_index: 2, position: 0 });
    await expectStatus(mv, 200);
    const moved = await body(mv);
    expect(moved).toMatchObject({ id: segA.id, day_index: 2, position: 0 });
    expect(moved.date).toBe(it0.days[1].date);
    const it2 = await body(await user.api.get(base));
    expect(it2.days[0].segments.map((s: Json) => s.id)).toEqual([segB.id]);
    expect(it2.days[1].segments.map((s: Json) => s.id)).toEqual([segA.id]);

    // Move B before A on day 2.
    await expectStatus(
      await user.api.post(`${base}/segments/${segB.id}/move`, { day_index: 2, position: 0 }),
      200,
    );
    const it3 = await body(await user.api.get(base));
    expect(it3.days[1].segments.map((s: Json) => s.id)).toEqual([segB.id, segA.id]);

    // Unschedule C stays unscheduled; move it onto day 3.
    await expectStatus(await user.api.post(`${base}/segments/${segC.id}/move`, { day_index: 3 }), 200);
    const it4 = await body(await user.api.get(base));
    expect(it4.unscheduled).toEqual([]);
    expect(it4.days[2].segments.map((s: Json) => s.id)).toEqual([segC.id]);

    const del = await user.api.delete(`${base}/segments/${segC.id}`);
    expect(del.status()).toBe(204);
    await expectTripSageError(await user.api.get(`${base}/segments/${segC.id}`), 404, { code: "NOT_FOUND" });
    expect((await body(await user.api.get(`${base}/segments`))).total).toBe(2);
  });

  test("segments outside the trip's days answer 422 OUTSIDE_TRIP_DATES and write nothing", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const base = `/api/itineraries/${trip.id}`;
    const res = await user.api.post(`${base}/segments`, {
      type: "activity",
      title: "Too late",
      day_index: 30,
    });
    await expectTripSageError(res, 422, { code: "OUTSIDE_TRIP_DATES", type: "validation" });
    const seg = await body(
      await user.api.post(`${base}/segments`, { type: "activity", title: "OK", day_index: 2 }),
    );
    await expectTripSageError(await user.api.post(`${base}/segments/${seg.id}/move`, { day_index: 9 }), 422, {
      code: "OUTSIDE_TRIP_DATES",
    });
    expect((await body(await user.api.get(`${base}/segments`))).total).toBe(1);
  });

  test("README trip-date rules: start_time outside the trip, shortening, moving keeps times", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api); // start_date .. start_date + 7
    const base = `/api/itineraries/${trip.id}`;
    const it = await body(await user.api.get(base));
    const day1 = it.days[0].date as string;
    const day6 = it.days[5].date as string;

    // A start_time outside the trip's dates is refused.
    await expectTripSageError(
      await user.api.post(`${base}/segments`, {
        type: "activity",
        title: "Way after",
        start_time: "2099-01-01T10:00",
      }),
      422,
      { code: "OUTSIDE_TRIP_DATES" },
    );

    // A timed segment on day 6.
    const late = await body(
      await user.api.post(`${base}/segments`, {
        type: "activity",
        title: "Late activity",
        day_index: 6,
        start_time: `${day6}T10:00`,
        end_time: `${day6}T12:00`,
      }),
    );
    expect(late.start_time).toMatch(new RegExp(`^${day6}T10:00`));

    // Shortening the trip to 3 days would strand it: refused, nothing changes.
    const shorten = await user.api.put(`/api/trips/${trip.id}`, { end_date: it.days[2].date });
    const refused = await expectTripSageError(shorten, 422, { type: "validation" });
    // README: "refused the same way" as a segment outside the trip, i.e. 422 OUTSIDE_TRIP_DATES.
    expect.soft(refused.code, JSON.stringify(refused)).toBe("OUTSIDE_TRIP_DATES");
    expect((await body(await user.api.get(`/api/trips/${trip.id}`))).end_date).toBe(trip.end_date);

    // Moving it to another day keeps its wall-clock times on the new day.
    const moved = await body(await user.api.post(`${base}/segments/${late.id}/move`, { day_index: 1 }));
    expect(moved).toMatchObject({ day_index: 1, date: day1 });
    expect(moved.start_time).toMatch(new RegExp(`^${day1}T10:00`));
    expect(moved.end_time).toMatch(new RegExp(`^${day1}T12:00`));

    // Now nothing is stranded past day 3, so shortening works.
    const ok = await user.api.put(`/api/trips/${trip.id}`, { end_date: it.days[2].date });
    await expectStatus(ok, 200);
    expect((await body(ok)).duration_days).toBe(2);
  });

  test("moving the whole trip shifts every segment's times with it (README)", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api, { start_date: futureDate(0), end_date: futureDate(7) });
    const base = `/api/itineraries/${trip.id}`;
    const seg = await body(
      await user.api.post(`${base}/segments`, {
        type: "activity",
        title: "Morning walk",
        day_index: 2,
        start_time: `${futureDate(1)}T09:00`,
      }),
    );
    const upd = await user.api.put(`/api/trips/${trip.id}`, {
      start_date: futureDate(10),
      end_date: futureDate(17),
    });
    await expectStatus(upd, 200);
    const after = await body(await user.api.get(`${base}/segments/${seg.id}`));
    expect(after).toMatchObject({ day_index: 2, date: futureDate(11) });
    expect(after.start_time).toMatch(new RegExp(`^${futureDate(11)}T09:00`));
  });

  test("invalid segment bodies answer 422 with errors[]", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const base = `/api/itineraries/${trip.id}`;
    await expectValidationError(await user.api.post(`${base}/segments`, { type: "spaceship", title: "x" }), [
      "type",
    ]);
    await expectValidationError(await user.api.post(`${base}/segments`, { type: "activity", title: "" }), [
      "title",
    ]);
    await expectValidationError(await user.api.post(`${base}/segments`, { type: "flight", title: "JL 5" }), [
      "details",
    ]);
    const seg = await body(
      await user.api.post(`${base}/segments`, { type: "activity", title: "x", day_index: 1 }),
    );
    await expectValidationError(await user.api.post(`${base}/segments/${seg.id}/move`, { position: 0 }), [
      "day_index",
    ]);
  });

  test("a stranger gets 404 for another user's itinerary and segments", async ({ request }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    const base = `/api/itineraries/${trip.id}`;
    const seg = await body(
      await owner.api.post(`${base}/segments`, { type: "activity", title: "Private", day_index: 1 }),
    );
    await expectTripSageError(await stranger.api.get(base), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await stranger.api.get(`${base}/segments`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await stranger.api.post(`${base}/segments`, { type: "note", title: "x" }), 404);
    await expectTripSageError(await stranger.api.get(`${base}/segments/${seg.id}`), 404);
    await expectTripSageError(await stranger.api.put(`${base}/segments/${seg.id}`, { title: "x" }), 404);
    await expectTripSageError(
      await stranger.api.post(`${base}/segments/${seg.id}/move`, { day_index: 2 }),
      404,
    );
    await expectTripSageError(await stranger.api.delete(`${base}/segments/${seg.id}`), 404);
    await expectTripSageError(await owner.api.get(`/api/itineraries/${UNKNOWN_UUID}`), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await owner.api.get(`${base}/segments/${UNKNOWN_UUID}`), 404, {
      code: "NOT_FOUND",
    });
  });
});

test.describe("itinerary events (SSE, the Trip Designer API)", () => {
  test("GET /api/itineraries/{id}/events streams `connected` first, then segment and itinerary events", async ({
    request,
    baseURL,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const sse = await openSse(baseURL ?? "", `/api/itineraries/${trip.id}/events`, user.api);
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get("content-type") ?? "").toContain("text/event-stream");
      expect(sse.headers.get("cache-control") ?? "").toContain("no-cache");
      const first = await sse.next();
      expect(first).toEqual({ type: "connected", itineraryId: trip.id, userId: user.id });
      // Then who has the trip open: the caller, alone.
      expect(await sse.next()).toEqual({
        type: "presence",
        itineraryId: trip.id,
        users: [{ id: user.id, name: user.name }],
      });

      const seg = await body(
        await user.api.post(`/api/itineraries/${trip.id}/segments`, {
          type: "activity",
          title: "Live update",
          day_index: 1,
        }),
      );
      expect(await sse.next()).toMatchObject({
        type: "segment_added",
        segmentId: seg.id,
        itineraryId: trip.id,
      });

      await expectStatus(
        await user.api.post(`/api/itineraries/${trip.id}/segments/${seg.id}/move`, { day_index: 2 }),
        200,
      );
      expect(await sse.next()).toMatchObject({
        type: "segment_modified",
        segmentId: seg.id,
        itineraryId: trip.id,
      });

      await expectStatus(
        await user.api.put(`/api/trips/${trip.id}`, { title: "Renamed while watching" }),
        200,
      );
      expect(await sse.next()).toMatchObject({ type: "itinerary_updated", itineraryId: trip.id });

      expect((await user.api.delete(`/api/itineraries/${trip.id}/segments/${seg.id}`)).status()).toBe(204);
      expect(await sse.next()).toMatchObject({
        type: "segment_deleted",
        segmentId: seg.id,
        itineraryId: trip.id,
      });
    } finally {
      sse.close();
    }
  });

  test("the event stream needs access: 401 anonymous, 404 for a stranger or an unknown itinerary", async ({
    request,
    baseURL,
  }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    for (const [api, status] of [
      [owner.api.as(null), 401],
      [stranger.api, 404],
    ] as const) {
      const res = await api.get(`/api/itineraries/${trip.id}/events`);
      await expectTripSageError(res, status);
    }
    await expectTripSageError(await owner.api.get(`/api/itineraries/${UNKNOWN_UUID}/events`), 404, {
      code: "NOT_FOUND",
    });
    expect(baseURL).toBeTruthy();
  });
});
