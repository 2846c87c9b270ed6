/** Calendar arithmetic on local (offset-free) ISO 8601 date-times, done in UTC so DST never shifts it. */

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
