/**
 * Segment write rules of lib/domain/itinerary/service.ts, each a 422 on its field.
 *
 * A segment's day read from its local start time (lib/domain/itinerary/service.ts, with
 * `daysBetween` of ./dates): the start time's calendar date counted from the trip's first day,
 * across a month and a year end; a start time outside the trip is 422 OUTSIDE_TRIP_DATES on
 * `start_time`, one that disagrees with an explicit `day_index` is 422 VALIDATION_ERROR. An
 * update that leaves a flight without details, or ends before it starts, is refused likewise.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { segmentCreateSchema, segmentUpdateSchema } from "@/lib/domain/validators/segments";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { addSegment, updateSegment } from "./service";

describe("the day of a segment's start time", () => {
  let ownerId: string;
  let tripId: string;
  const add = async (input: Record<string, unknown>) =>
    addSegment(
      await getDb(),
      ownerId,
      tripId,
      segmentCreateSchema.parse({ type: "activity", title: "x", ...input }),
    );

  beforeAll(async () => {
    ownerId = (await makeUser("Days")).user.id;
    // Five days over a year end: 2030-12-30 … 2031-01-03.
    tripId = (await makeTrip(ownerId, { start_date: "2030-12-30", end_date: "2031-01-03" })).id;
  });

  it("counts the start time's date from the trip's first day, across the year end", async () => {
    expect((await add({ start_time: "2030-12-30T00:00" })).day_index).toBe(1);
    expect((await add({ start_time: "2030-12-31T23:59" })).day_index).toBe(2);
    expect((await add({ start_time: "2031-01-01T00:30" })).day_index).toBe(3);
    expect((await add({ start_time: "2031-01-03T22:00", day_index: 5 })).day_index).toBe(5);
  });

  it("refuses a start time outside the trip and one on another day than day_index", async () => {
    await expect(add({ start_time: "2030-12-29T23:00" })).rejects.toMatchObject({
      code: "OUTSIDE_TRIP_DATES",
      errors: [{ field: "start_time" }],
    });
    await expect(add({ start_time: "2031-01-04T08:00" })).rejects.toMatchObject({
      code: "OUTSIDE_TRIP_DATES",
      errors: [{ field: "start_time" }],
    });
    await expect(add({ start_time: "2031-01-01T10:00", day_index: 2 })).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      message: "Request validation failed",
      errors: [{ field: "day_index", message: "start_time falls on day 3, not day 2", type: "value_error" }],
    });
  });

  it("refuses an update that leaves a flight without details or ends before it starts", async () => {
    const db = await getDb();
    const seg = await add({ day_index: 2, start_time: "2030-12-31T10:00", end_time: "2030-12-31T12:00" });
    const update = (input: Record<string, unknown>) =>
      updateSegment(db, ownerId, tripId, seg.id, segmentUpdateSchema.parse(input));
    await expect(update({ type: "flight" })).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      message: "Request validation failed",
      errors: [{ field: "details", message: "A flight needs details", type: "value_error.missing" }],
    });
    await expect(update({ end_time: "2030-12-31T09:00" })).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      message: "Request validation failed",
      errors: [{ field: "end_time", message: "End time must be after start time", type: "value_error" }],
    });
  });
});
