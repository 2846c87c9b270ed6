/**
 * The itinerary snapshot given to the model in its system prompt. It is plain text so any
 * model reads it; `parseItineraryContext` reads it back (the offline model uses it to
 * resolve "the Louvre" to a segment id), so the two must change together.
 *
 * Format:
 *   TRIP title="…" start=2025-06-01 end=2025-06-05 days=5 destinations="Paris; Lyon" budget="3000 EUR" role=editor
 *   DAYS 1=Sun:2025-06-01 2=Mon:2025-06-02 …
 *   SEGMENT id=<uuid> day=2 block=morning pos=0 type=activity time=09:30 title="Louvre Museum"
 * (`time`, the local start time, only when the segment has one; readers skip unknown lines.)
 */
import { dateOfDay, isoWeekday } from "@/lib/domain/itinerary/dates";
export interface ContextTrip {
  title: string;
  startDate: string;
  endDate: string;
  days: number;
  destinations: string[];
  budget: string | null;
  role: string;
}

export interface ContextSegment {
  id: string;
  day: number | null;
  block: "morning" | "afternoon" | "evening" | null;
  pos: number;
  type: string;
  title: string;
  /** Local start time `HH:mm`, when set. */
  time?: string;
}

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** English weekday abbreviations by ISO 8601 weekday (1 = Monday … 7 = Sunday). */
const WEEKDAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/**
 * The `DAYS` line: each 1-based trip day with its weekday (English, 3 letters) and ISO date.
 * Dates are calendar dates (no time zone), counted from `startDate`.
 */
export function formatTripDays(startDate: string, days: number): string {
  const items = Array.from({ length: Math.max(0, days) }, (_, i) => {
    const date = dateOfDay(startDate, i + 1);
    return `${i + 1}=${WEEKDAYS[isoWeekday(date)]}:${date}`;
  });
  return `DAYS ${items.join(" ")}`;
}

/** Renders the snapshot: one line for the trip, one for its days, one per segment. */
export function formatItineraryContext(trip: ContextTrip, segments: ContextSegment[]): string {
  const lines = [
    `TRIP title=${q(trip.title)} start=${trip.startDate} end=${trip.endDate} days=${trip.days} destinations=${q(trip.destinations.join("; "))} budget=${q(trip.budget ?? "")} role=${trip.role}`,
    ...(trip.startDate ? [formatTripDays(trip.startDate, trip.days)] : []),
    ...segments.map(
      (s) =>
        `SEGMENT id=${s.id} day=${s.day ?? "none"} block=${s.block ?? "none"} pos=${s.pos} type=${s.type}${s.time ? ` time=${s.time}` : ""} title=${q(s.title)}`,
    ),
  ];
  return lines.join("\n");
}

function attrs(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (const m of line.matchAll(re)) {
    const key = m[1];
    if (key) out[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return out;
}

/** Reads a snapshot back out of any text that contains one (e.g. a whole system prompt). */
export function parseItineraryContext(text: string): {
  trip: ContextTrip | null;
  segments: ContextSegment[];
} {
  let trip: ContextTrip | null = null;
  const segments: ContextSegment[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("TRIP ")) {
      const a = attrs(line);
      trip = {
        title: a.title ?? "",
        startDate: a.start ?? "",
        endDate: a.end ?? "",
        days: Number(a.days ?? 0),
        destinations: (a.destinations ?? "")
          .split(";")
          .map((s) => s.trim())
          .filter(Boolean),
        budget: a.budget || null,
        role: a.role ?? "viewer",
      };
    } else if (line.startsWith("SEGMENT ")) {
      const a = attrs(line);
      if (!a.id) continue;
      const block =
        a.block === "morning" || a.block === "afternoon" || a.block === "evening" ? a.block : null;
      segments.push({
        id: a.id,
        day: a.day && a.day !== "none" ? Number(a.day) : null,
        block,
        pos: Number(a.pos ?? 0),
        type: a.type ?? "activity",
        title: a.title ?? "",
        ...(a.time && { time: a.time }),
      });
    }
  }
  return { trip, segments };
}
