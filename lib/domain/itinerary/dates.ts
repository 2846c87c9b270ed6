/**
 * Calendar arithmetic on ISO 8601 dates and local (offset-free) date-times, done in UTC so
 * daylight-saving changes never shift it. Pure: shared by services, validators and the browser.
 */

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD, or the date part of a date-time) at 00:00 UTC. */
function utcMidnight(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/**
 * The ISO date `days` whole days after `date` (negative goes back):
 * ("2030-06-30", 2) → "2030-07-02".
 */
export function addDays(date: string, days: number): string {
  const d = utcMidnight(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Whole days from the calendar date of `start` to that of `end` (ISO dates or date-times;
 * only the date part counts), e.g. 2025-04-01 → 2025-04-08 is 7 (the TripSage REST API's `duration_days`).
 */
export function daysBetween(start: string, end: string): number {
  return Math.round((utcMidnight(end).getTime() - utcMidnight(start).getTime()) / 86_400_000);
}

/** ISO date of 1-based day `dayIndex` of a trip starting `startDate`: day 1 is the start date. */
export function dateOfDay(startDate: string, dayIndex: number): string {
  return addDays(startDate, dayIndex - 1);
}

/**
 * `local` moved by `days` whole days, keeping the wall-clock time:
 * ("2030-06-01T10:00", 2) → "2030-06-03T10:00". Null stays null.
 */
export function shiftLocalDateTime(local: string | null, days: number): string | null {
  if (!local || days === 0) return local;
  const d = new Date(`${local}Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, local.length);
}
