import { describe, expect, it } from "vitest";
import { expectedVersion } from "@/lib/http/etag";
import { ApiError } from "@/lib/platform/errors";
import { assertVersion } from "@/lib/platform/versions";
import { segmentCreateSchema, segmentUpdateSchema } from "./segments";
import { daysBetween, tripCreateSchema, tripUpdateSchema } from "./trips";

describe("trip bodies", () => {
  it("accepts the tutorial's camelCase dates and computes duration like the TripSage REST API", () => {
    const t = tripCreateSchema.parse({ title: "Japan", startDate: "2025-04-01", endDate: "2025-04-08" });
    expect(t).toMatchObject({
      start_date: "2025-04-01",
      end_date: "2025-04-08",
      destinations: [],
      status: "planning",
    });
    expect(daysBetween("2025-06-01", "2025-06-14")).toBe(13);
    expect(daysBetween("2025-03-29", "2025-03-31")).toBe(2); // across a DST change in Europe
  });
  it("refuses impossible dates, reversed ranges and bad currencies", () => {
    expect(
      tripCreateSchema.safeParse({ title: "x", start_date: "2025-02-30", end_date: "2025-03-01" }).success,
    ).toBe(false);
    const reversed = tripCreateSchema.safeParse({
      title: "x",
      start_date: "2025-03-02",
      end_date: "2025-03-01",
    });
    expect(reversed.error?.issues[0]?.path).toEqual(["end_date"]);
    const cur = tripUpdateSchema.safeParse({ preferences: { budget: { total: 10, currency: "EURO" } } });
    expect(cur.success).toBe(false);
    expect(tripUpdateSchema.parse({ preferences: { budget: { total: 10, currency: "eur" } } })).toMatchObject(
      {
        preferences: { budget: { currency: "EUR" } },
      },
    );
  });
});

describe("segment bodies", () => {
  it("validates details by segment type", () => {
    const ok = segmentCreateSchema.safeParse({
      type: "flight",
      title: "AF7",
      day_index: 1,
      details: { carrier: "Air France", flight_number: "AF7", origin: "jfk", destination: "CDG" },
    });
    expect(ok.success && ok.data.details).toMatchObject({ origin: "JFK" });
    expect(segmentCreateSchema.safeParse({ type: "flight", title: "AF7", day_index: 1 }).success).toBe(false);
    const badIata = segmentCreateSchema.safeParse({
      type: "flight",
      title: "x",
      details: { carrier: "AF", flight_number: "AF7", origin: "JFKX", destination: "CDG" },
    });
    expect(badIata.error?.issues[0]?.path).toEqual(["details", "origin"]);
    expect(segmentCreateSchema.safeParse({ type: "spaceship", title: "x" }).success).toBe(false);
  });
  it("checks IANA zones, local times and ISO 4217 codes", () => {
    const base = { type: "activity", title: "x", day_index: 1 };
    expect(segmentCreateSchema.safeParse({ ...base, timezone: "Europe/Paris" }).success).toBe(true);
    expect(segmentCreateSchema.safeParse({ ...base, timezone: "Mars/Olympus" }).success).toBe(false);
    expect(segmentCreateSchema.safeParse({ ...base, start_time: "2030-06-01T25:00" }).success).toBe(false);
    expect(segmentCreateSchema.safeParse({ ...base, price: { amount: 5, currency: "EU" } }).success).toBe(
      false,
    );
    expect(segmentUpdateSchema.safeParse({ unknown_field: 1 }).success).toBe(false);
  });
});

describe("If-Match", () => {
  const req = (v?: string) => new Request("http://x", { headers: v ? { "if-match": v } : {} });
  it("reads a list of our strong ETags and treats absence and * as unconditional", () => {
    expect(expectedVersion(req('"v7"'))).toEqual([7]);
    expect(expectedVersion(req('"v9", "v7"'))).toEqual([9, 7]);
    expect(expectedVersion(req())).toBeUndefined();
    expect(expectedVersion(req("*"))).toBeUndefined();
  });
  it("never matches weak or foreign tags, so the write gets 412", () => {
    expect(expectedVersion(req('W/"v7"'))).toEqual([]);
    expect(() => assertVersion("trip", 7, expectedVersion(req("garbage")))).toThrow(ApiError);
    expect(() => assertVersion("trip", 7, expectedVersion(req('"v3", "v7"')))).not.toThrow();
  });
});
