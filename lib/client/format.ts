/**
 * Display formatting shared by server and client components. Dates are ISO calendar dates
 * (`YYYY-MM-DD`) with no time zone, so they are formatted in UTC with a fixed locale: the
 * server render and the browser's hydration always agree.
 */

const LOCALE = "en-GB";

/** Currencies offered first in budget and price pickers (any ISO 4217 code is accepted by the API). */
export { SUPPORTED_CURRENCIES as CURRENCIES } from "@/lib/domain/config/limits";

const dayFmt = new Intl.DateTimeFormat(LOCALE, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const shortFmt = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", timeZone: "UTC" });
const longFmt = new Intl.DateTimeFormat(LOCALE, {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

function utc(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/** "Tue 2 Jun 2026" (Intl's en-GB adds a comma after the weekday; we drop it). */
export function formatDayDate(date: string): string {
  return dayFmt.format(utc(date)).replace(",", "");
}

/** "1 – 5 Jun 2026", "28 May – 3 Jun 2026" or "28 Dec 2026 – 3 Jan 2027". */
export function formatDateRange(start: string, end: string): string {
  const s = utc(start);
  const e = utc(end);
  if (start === end) return longFmt.format(s);
  if (s.getUTCFullYear() !== e.getUTCFullYear()) return `${longFmt.format(s)} – ${longFmt.format(e)}`;
  if (s.getUTCMonth() === e.getUTCMonth()) return `${s.getUTCDate()} – ${longFmt.format(e)}`;
  return `${shortFmt.format(s)} – ${longFmt.format(e)}`;
}

/** Trip length in days, start and end inclusive, e.g. "5 days". */
export function formatDuration(durationDays: number): string {
  const days = durationDays + 1;
  return days === 1 ? "1 day" : `${days} days`;
}

/** "€1,200" / "US$85.50" — a price in its own currency; falls back to "85.5 XYZ". */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(LOCALE, {
      style: "currency",
      currency,
      maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "09:30" from a local ISO date-time "2026-06-02T09:30". */
export function formatClock(localDateTime: string | null | undefined): string | null {
  if (!localDateTime) return null;
  const m = /T(\d{2}:\d{2})/.exec(localDateTime);
  return m?.[1] ?? null;
}

export const STATUS_LABEL: Record<string, string> = {
  planning: "Planning",
  booked: "Booked",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const STATUS_STYLE: Record<string, string> = {
  planning: "bg-sky-50 text-sky-700 ring-sky-600/20",
  booked: "bg-brand-50 text-brand-700 ring-brand-600/20",
  in_progress: "bg-amber-50 text-amber-700 ring-amber-600/20",
  completed: "bg-slate-100 text-slate-600 ring-slate-500/20",
  cancelled: "bg-red-50 text-red-700 ring-red-600/20",
};

export const TIME_BLOCK_LABEL: Record<string, string> = {
  morning: "Morning",
  afternoon: "Afternoon",
  evening: "Evening",
};

/** ISO date `days` after `date` (see lib/domain/itinerary/dates.ts). */
export { addDays } from "@/lib/domain/itinerary/dates";

/** Today's date as YYYY-MM-DD in the browser's (or server's) local zone. */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
