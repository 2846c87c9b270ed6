/**
 * Calendar arithmetic on ISO 8601 dates and local (offset-free) date-times, with luxon (the
 * date library of the whole app, see lib/domain/travel for IANA zones) in UTC so daylight-saving
 * changes never shift it. Pure: shared by services, validators and the browser.
 */
import { DateTime } from "luxon";

const UTC = { zone: "utc" } as const;

/**
 * `date` (YYYY-MM-DD, or the date part of a date-time) at 00:00 UTC.
 * @throws RangeError when it is not a calendar date
 */
function utcDay(date: string): DateTime<true> {
  const d = DateTime.fromISO(date.slice(0, 10), UTC);
  if (!d.isValid) throw new RangeError(`Not an ISO 8601 date: ${date}`);
  return d;
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return DateTime.fromJSDate(now, UTC).toISODate() ?? now.toISOString().slice(0, 10);
}

/**
 * The ISO date `days` whole days after `date` (negative goes back):
 * ("2030-06-30", 2) → "2030-07-02".
 * @throws RangeError when `date` is not a calendar date
 */
export function addDays(date: string, days: number): string {
  return utcDay(date).plus({ days }).toISODate();
}

/**
 * Whole days from the calendar date of `start` to that of `end` (ISO dates or date-times;
 * only the date part counts), e.g. 2025-04-01 → 2025-04-08 is 7 (the TripSage REST API's
 * `duration_days`). NaN when either is not a date.
 */
export function daysBetween(start: string, end: string): number {
  const a = DateTime.fromISO(start.slice(0, 10), UTC);
  const b = DateTime.fromISO(end.slice(0, 10), UTC);
  return Math.round(b.diff(a, "days").days);
}

/** ISO date of 1-based day `dayIndex` of a trip starting `startDate`: day 1 is the start date. */
export function dateOfDay(startDate: string, dayIndex: number): string {
  return addDays(startDate, dayIndex - 1);
}

/**
 * ISO 8601 weekday of a calendar date: 1 = Monday … 7 = Sunday.
 * @throws RangeError when `date` is not a calendar date
 */
export function isoWeekday(date: string): number {
  return utcDay(date).weekday;
}

/**
 * `local` moved by `days` whole days, keeping the wall-clock time:
 * ("2030-06-01T10:00", 2) → "2030-06-03T10:00", in the precision it came in. Null stays null.
 * @throws RangeError when `local` is not an ISO 8601 local date-time
 */
export function shiftLocalDateTime(local: string | null, days: number): string | null {
  if (!local || days === 0) return local;
  const d = DateTime.fromISO(local, UTC);
  if (!d.isValid) throw new RangeError(`Not an ISO 8601 local date-time: ${local}`);
  return d.plus({ days }).toISO({ includeOffset: false }).slice(0, local.length);
}
