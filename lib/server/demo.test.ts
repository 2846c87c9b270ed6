/**
 * The demo trip fits its name and real opening days whatever day the database is seeded:
 * checked for every "today" over three years, across New Year, May Day and Christmas.
 */
import { describe, expect, it } from "vitest";
import { addDays, dateOfDay, daysBetween } from "@/lib/domain/itinerary/dates";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { demoItems, demoTripDates, isClosed, seasonOf } from "./demo";

describe("demo trip dates", () => {
  it("the rules match the sights' published closures", () => {
    expect(isClosed("louvre", "2027-01-01")).toBe(true); // New Year's Day (a Friday)
    expect(isClosed("louvre", "2027-01-05")).toBe(true); // a Tuesday
    expect(isClosed("louvre", "2027-01-04")).toBe(false); // a Monday
    expect(isClosed("orsay", "2027-01-04")).toBe(true); // a Monday
    expect(isClosed("versailles", "2027-05-01")).toBe(true);
    expect(isClosed("versailles", "2027-05-02")).toBe(false); // a Sunday
  });

  it("for any seeding day: upcoming, named for its season, every sight open on its day", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3 * 366; i++) {
      const today = addDays("2026-01-01", i);
      const { start, end, title } = demoTripDates(today);
      expect(daysBetween(today, start)).toBeGreaterThanOrEqual(30);
      expect(daysBetween(today, start)).toBeLessThan(30 + 21);
      expect(daysBetween(start, end)).toBe(4);
      expect(title).toBe(`Paris in ${seasonOf(start)}`);
      seen.add(title);
      for (const item of demoItems(start, end)) {
        const date = dateOfDay(start, item.day_index);
        expect(date >= start && date <= end).toBe(true);
        if ("venue" in item && item.venue) {
          expect(isClosed(item.venue, date), `${item.title} on ${date} (seeded ${today})`).toBe(false);
        }
        const { venue: _v, ...segment } = item as typeof item & { venue?: string };
        expect(segmentCreateSchema.safeParse(segment).success).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual([
      "Paris in Autumn",
      "Paris in Spring",
      "Paris in Summer",
      "Paris in Winter",
    ]);
  });

  it("seeded on 1 December 2026 it avoids the New Year closure the old demo had", () => {
    const { start, end, title } = demoTripDates("2026-12-01");
    expect(start).toBe("2027-01-06");
    expect(end).toBe("2027-01-10");
    expect(title).toBe("Paris in Winter");
  });
});
