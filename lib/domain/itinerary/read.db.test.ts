/**
 * The itinerary read builds its segments' JSON in the database (lib/domain/itinerary/service.ts):
 * every segment must read exactly as the write path and the single-segment read serialise it
 * (same fields, values, formats), in itinerary order, and only for callers with access.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { shareTrip } from "@/lib/domain/sharing/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { readItineraryJson } from "./read";
import { addSegment, getItinerary, getSegment, listSegments, type SegmentResponse } from "./service";

describe("itinerary read (segments serialised by the database)", () => {
  let ownerId: string;
  let tripId: string;
  const written: SegmentResponse[] = [];

  beforeAll(async () => {
    const db = await getDb();
    ownerId = (await makeUser("Reader")).user.id;
    tripId = (await makeTrip(ownerId, { start_date: "2030-12-30", end_date: "2031-01-02" })).id;
    const inputs = [
      {
        type: "flight",
        title: 'Flight "AF 1234" → Tōkyō \\ night',
        notes: "Line one\nline two\t✈",
        day_index: 1,
        time_block: "evening",
        start_time: "2030-12-30T21:05",
        end_time: "2030-12-30T23:40",
        timezone: "Europe/Paris",
        location: { name: "CDG", coordinates: { latitude: 49.0097, longitude: 2.5479 }, iata_code: "CDG" },
        price: { amount: 129.5, currency: "EUR" },
        details: { carrier: "Air France", flight_number: "AF1234", origin: "CDG", destination: "HND" },
      },
      { type: "note", title: "Unscheduled idea", day_index: null },
      {
        type: "activity",
        title: "Morning walk",
        day_index: 3,
        time_block: "morning",
        price: { amount: 0, currency: "JPY" },
      },
      { type: "meal", title: "Dinner", day_index: 3, details: { cuisine: "kaiseki" } },
      { type: "activity", title: "First of the day", day_index: 3, position: 0 },
    ];
    for (const input of inputs) {
      written.push(await addSegment(db, ownerId, tripId, segmentCreateSchema.parse(input)));
    }
  });

  it("reads every segment exactly as the single-segment read serialises it, in order", async () => {
    const db = await getDb();
    const it = await getItinerary(db, ownerId, tripId);
    expect(it.segment_count).toBe(written.length);
    expect(it.days.map((d) => d.date)).toEqual(["2030-12-30", "2030-12-31", "2031-01-01", "2031-01-02"]);
    const all = [...it.days.flatMap((d) => d.segments), ...it.unscheduled];
    for (const seg of all) {
      // Same keys in the same order, same values (dates, timestamps, numbers, JSON columns).
      const single = await getSegment(db, ownerId, tripId, seg.id);
      expect(JSON.stringify(seg)).toBe(JSON.stringify(single));
    }
    expect(it.days[0]?.segments[0]).toMatchObject({
      title: 'Flight "AF 1234" → Tōkyō \\ night',
      date: "2030-12-30",
      price: { amount: 129.5, currency: "EUR" },
      created_at: written[0]?.created_at,
    });
    expect(it.days[2]?.segments.map((s) => [s.title, s.position, s.date])).toEqual([
      ["First of the day", 0, "2031-01-01"],
      ["Morning walk", 1, "2031-01-01"],
      ["Dinner", 2, "2031-01-01"],
    ]);
    expect(it.unscheduled.map((s) => [s.title, s.date])).toEqual([["Unscheduled idea", null]]);
    expect((await listSegments(db, ownerId, tripId, { dayIndex: 3 })).map((s) => s.title)).toEqual([
      "First of the day",
      "Morning walk",
      "Dinner",
    ]);
  });

  it("an empty trip has its days and no segments; a stranger gets 404, not the segments", async () => {
    const db = await getDb();
    const empty = await makeTrip(ownerId);
    const it = await getItinerary(db, ownerId, empty.id);
    expect(it.segment_count).toBe(0);
    expect(it.days.every((d) => d.segments.length === 0)).toBe(true);
    const stranger = (await makeUser("Stranger")).user.id;
    await expect(getItinerary(db, stranger, tripId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("itinerary read as response bytes (body text built by the database)", () => {
  let ownerId: string;
  let editorId: string;
  let tripId: string;

  beforeAll(async () => {
    const db = await getDb();
    ownerId = (await makeUser("Bytes owner")).user.id;
    const editor = await makeUser("Bytes editor");
    editorId = editor.user.id;
    tripId = (
      await makeTrip(ownerId, {
        title: 'Tōkyō "spring" \\ trip, days: 4',
        description: "Line one\nline two\t\u0001 ✈ \u2028 end",
        start_date: "2031-03-29",
        end_date: "2031-04-01",
        destinations: [
          { name: "Tokyo, Japan: east", country: "Japan" },
          { name: 'Kyoto "old" \\ capital', country: "Japan" },
        ],
        preferences: {
          budget: { total: 2500.75, currency: "EUR", breakdown: { food: 300, "stay, hotel": 1200.5 } },
          interests: ["temples", "a, b: c", 'quote " and \\'],
        },
      })
    ).id;
    await shareTrip(db, ownerId, tripId, { user_emails: [editor.user.email], permission_level: "editor" });
    const inputs = [
      {
        type: "flight",
        title: 'Flight "NH 206" → \\ overnight',
        notes: "Gate: 34, seat: 12A\r\n\u001f",
        day_index: 1,
        time_block: "evening",
        start_time: "2031-03-29T21:05",
        end_time: "2031-03-29T23:40",
        timezone: "Asia/Tokyo",
        location: { name: "HND, Tokyo: T3", coordinates: { latitude: 35.5494, longitude: 139.7798 } },
        price: { amount: 1299.9, currency: "JPY" },
        details: { carrier: "ANA", flight_number: "NH206", origin: "CDG", destination: "HND" },
      },
      { type: "note", title: "Unscheduled", notes: null, day_index: null },
      { type: "note", title: "Second unscheduled", day_index: null, price: { amount: 10, currency: "USD" } },
      { type: "activity", title: "Free", day_index: 2, price: { amount: 0, currency: "EUR" } },
      {
        type: "meal",
        title: "Ramen",
        day_index: 4,
        time_block: "afternoon",
        details: { cuisine: "ramen, spicy" },
      },
      { type: "activity", title: "Early", day_index: 4, position: 0, location: { name: "Park" } },
    ];
    for (const input of inputs) await addSegment(db, ownerId, tripId, segmentCreateSchema.parse(input));
  });

  it("is byte for byte JSON.stringify of the shaped itinerary, for the owner and an editor", async () => {
    const db = await getDb();
    for (const userId of [ownerId, editorId]) {
      const r = await readItineraryJson(db, userId, tripId);
      expect(r).toMatchObject({ changed: true, builtBy: "database" });
      if (!r.changed) throw new Error("unreachable");
      expect(r.body).toBe(JSON.stringify(await getItinerary(db, userId, tripId)));
      expect(JSON.parse(r.body).role).toBe(userId === ownerId ? "owner" : "editor");
    }
    const empty = await makeTrip(ownerId, { description: null, destinations: [] });
    const r = await readItineraryJson(db, ownerId, empty.id);
    if (!r.changed) throw new Error("expected a body");
    expect(r.body).toBe(JSON.stringify(await getItinerary(db, ownerId, empty.id)));
  });

  it("answers only the version when the client holds it, and a body for any other version", async () => {
    const db = await getDb();
    const it = await getItinerary(db, ownerId, tripId);
    expect(await readItineraryJson(db, ownerId, tripId, [it.version - 1, it.version])).toEqual({
      changed: false,
      version: it.version,
    });
    const stale = await readItineraryJson(db, ownerId, tripId, [it.version - 1]);
    expect(stale).toMatchObject({ changed: true, version: it.version });
  });

  it("falls back to Node's JSON for numbers Postgres prints differently, still byte-identical", async () => {
    const db = await getDb();
    const trip = await makeTrip(ownerId, { start_date: "2031-05-01", end_date: "2031-05-02" });
    // JavaScript writes 1e-7 in exponent form; jsonb stores and prints 0.0000001.
    await addSegment(
      db,
      ownerId,
      trip.id,
      segmentCreateSchema.parse({
        type: "activity",
        title: "Tiny latitude",
        day_index: 1,
        location: { name: "Null Island", coordinates: { latitude: 1e-7, longitude: 0 } },
      }),
    );
    const r = await readItineraryJson(db, ownerId, trip.id);
    expect(r).toMatchObject({ changed: true, builtBy: "node" });
    if (!r.changed) throw new Error("unreachable");
    expect(r.body).toBe(JSON.stringify(await getItinerary(db, ownerId, trip.id)));
    expect(r.body).toContain('"latitude":1e-7');
  });

  it("falls back for index-like keys, which a JavaScript object lists first", async () => {
    const db = await getDb();
    // jsonb orders keys by length ("b", "10", "2024"); JavaScript puts "10" and "2024" first.
    const trip = await makeTrip(ownerId, {
      preferences: { budget: { total: 100, currency: "EUR", breakdown: { b: 1, "2024": 2, "10": 3 } } },
    });
    const r = await readItineraryJson(db, ownerId, trip.id);
    expect(r).toMatchObject({ changed: true, builtBy: "node" });
    if (!r.changed) throw new Error("unreachable");
    expect(r.body).toBe(JSON.stringify(await getItinerary(db, ownerId, trip.id)));
    expect(r.body).toContain('"breakdown":{"10":3,"2024":2,"b":1}');
  });

  it("a stranger gets 404 whether or not they send a version", async () => {
    const db = await getDb();
    const stranger = (await makeUser("Bytes stranger")).user.id;
    await expect(readItineraryJson(db, stranger, tripId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(readItineraryJson(db, stranger, tripId, [1, 2, 3])).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(readItineraryJson(db, ownerId, crypto.randomUUID())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
