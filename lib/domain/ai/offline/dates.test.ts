/**
 * Month names in the planner's date reading (lib/domain/ai/offline/dates.ts): "this month" and
 * "next month" become the English month name (MONTH_NAMES of the suggestions catalogue, from
 * luxon) that chrono-node then reads, December rolling over to January.
 */
import { describe, expect, it } from "vitest";
import { MONTH_NAMES } from "@/lib/domain/suggestions/catalogue";
import { readDateRange } from "./dates";

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
