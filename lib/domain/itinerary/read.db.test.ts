/**
 * The itinerary read builds its segments' JSON in the database (lib/domain/itinerary/service.ts):
 * every segment must read exactly as the write path and the single-segment read serialise it
 * (same fields, values, formats), in itinerary order, and only for callers with access.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
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
