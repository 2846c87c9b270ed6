/**
 * Month names in the planner's date reading (lib/domain/ai/offline/dates.ts): "this month" and
 * "next month" become the English month name (MONTH_NAMES of the suggestions catalogue, from
 * luxon) that chrono-node then reads, December rolling over to January.
 */
import { describe, expect, it } from "vitest";
import { MONTH_NAMES } from "@/lib/domain/suggestions/catalogue";
import { readDateRange, readWhen } from "./dates";

describe("month names", () => {
  it("are the English names, January first (luxon, locale en)", () => {
    expect(MONTH_NAMES).toEqual([
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December",
    ]);
  });

  it("'next month' in December is January of the next year; 'this month' is the current one", () => {
    expect(readDateRange("the 10th to the 14th of next month", "2030-12-05")).toMatchObject({
      startDate: "2031-01-10",
      endDate: "2031-01-14",
    });
    expect(readDateRange("the 20th to the 24th of this month", "2030-06-05")).toMatchObject({
      startDate: "2030-06-20",
      endDate: "2030-06-24",
    });
  });
});

describe("a day number that is not whole", () => {
  const cal = { startDate: "2030-04-01", days: 7, today: "2030-03-01" };
  it("is not read as a day (it is reported, so nothing is written on a wrong day)", () => {
    for (const t of ["to day 7.5", "on day 2.5 in the evening", "the morning of day 4.25", "night 3.5"]) {
      const w = readWhen(t, cal);
      expect(w.day, t).toBeNull();
      expect(w.outside, t).not.toBeNull();
    }
  });
  it("a full stop after a day number is punctuation", () => {
    expect(readWhen("to day 5.", cal).day).toBe(5);
    expect(readWhen("to day 5. Then lunch", cal).day).toBe(5);
  });
});
