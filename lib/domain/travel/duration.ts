/** ISO 8601 durations as the travel API writes them. */
import { Duration } from "luxon";

/**
 * `minutes` (rounded, never negative) as an ISO 8601 duration in hours and minutes:
 * 134 → "PT2H14M", 1560 → "PT26H" (no day part, so durations compare and add simply).
 */
export function isoMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  return Duration.fromObject({ hours: Math.floor(m / 60), minutes: m % 60 }).toISO() ?? "PT0M";
}
