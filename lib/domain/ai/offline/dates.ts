/**
 * Dates and times as people type them, resolved against a trip: "day 3", "on Friday
 * morning", "the 8th", "April 9", "tomorrow", "the second evening", "the last day",
 * "Saturday 7pm", "nights 3 and 4", "the first three nights", "from day 1 to day 6".
 * Calendar phrases go through chrono-node with an explicit reference date and
 * `forwardDate` (without one, "May 20" reads as a day in some other year); every result is
 * then checked against the trip's dates. Also the planner's date ranges ("in April",
 * "March 3-8", "from the 3rd to the 8th of May") relative to today. Pure functions.
 */
import * as chrono from "chrono-node";
import { addDays, daysBetween } from "@/lib/domain/itinerary/dates";
import { MONTH_NAMES } from "@/lib/domain/suggestions/catalogue";
import { NUMBER_RE, ORDINAL_RE, parseNumber, parseOrdinal } from "./numbers";

export type Block = "morning" | "afternoon" | "evening";

/** The trip as the date resolver sees it. */
export interface TripCalendar {
  /** ISO date of day 1. */
  startDate: string;
  /** Number of days (day indexes are 1..days). */
  days: number;
  /** Today's ISO date in the trip's time zone. */
  today: string;
}

/** What a phrase said about when, with the character spans it used up. */
export interface WhenReading {
  /** 1-based trip day, when one was named and is inside the trip. */
  day: number | null;
  /** Several days ("every morning", "days 2 and 3"). */
  days: number[] | null;
  block: Block | null;
  /** Local clock time HH:mm. */
  time: string | null;
  /** End of a time range ("from 1pm to 5pm" → "17:00"), local HH:mm, after `time`. */
  endTime?: string | null;
  /** Hotel span: first night's day and the number of nights. */
  nights: { from: number; count: number } | null;
  /** A date was named but lies outside the trip (ISO date, or "day N"). */
  outside: string | null;
  /** 0 = first in its day/block, "end" = last. */
  position: 0 | "end" | null;
  /** The text with every consumed span blanked out. */
  rest: string;
  /** The consumed words, lower-cased. */
  consumed: string[];
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Weekday name of an ISO date ("Friday"). */
export function weekdayOf(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`).getUTCDay();
  const w = WEEKDAYS[d] ?? "";
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** The trip day of an ISO date, or null when the date is outside the trip. */
export function dayOfDate(cal: TripCalendar, iso: string): number | null {
  const n = daysBetween(cal.startDate, iso) + 1;
  return n >= 1 && n <= cal.days ? n : null;
}

/** ISO date of trip day `n` (1-based). */
export function dateOfTripDay(cal: TripCalendar, n: number): string {
  return addDays(cal.startDate, n - 1);
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Clock time of day → block: before 12:00 morning, before 17:00 afternoon, else evening. */
export function blockOfTime(time: string): Block {
  const h = Number(time.slice(0, 2));
  return h < 12 ? "morning" : h < 17 ? "afternoon" : "evening";
}

const BLOCK_WORDS: Record<string, Block> = {
  morning: "morning",
  mornings: "morning",
  am: "morning",
  breakfast: "morning",
  afternoon: "afternoon",
  afternoons: "afternoon",
  midday: "afternoon",
  lunchtime: "afternoon",
  evening: "evening",
  evenings: "evening",
  night: "evening",
  nights: "evening",
  tonight: "evening",
  dinnertime: "evening",
};

/**
 * Block words that are part of a name ("a morning run", "night market", "afternoon tea"):
 * glued with a no-break space so they stay in the title and are not read as the time block.
 */
const COMPOUND =
  /\b(morning|evening|afternoon|night|sunset|sunrise)\s+(run|walk|jog|stroll|tea|market|cruise|swim|yoga|coffee|show|tour|view|views|hike|bus|train|flight|drinks|bath|onsen|snack|lights|out)\b/gi;

/** The trip's reference date for weekdays and calendar dates: today while under way, else day 1. */
function referenceDate(cal: TripCalendar): string {
  return dayOfDate(cal, cal.today) ? cal.today : cal.startDate;
}

/**
 * Reads the when-part of a phrase against the trip. Own patterns first (trip days,
 * ordinals, nights, relative days), then chrono-node for weekdays, calendar dates and clock
 * times. Spans used are blanked out of `rest` so a title never keeps them.
 * @param hint "evening" when the thing is an evening thing (dinner): "at 7" then means 19:00
 */
export function readWhen(text: string, cal: TripCalendar | null, hint: Block | null = null): WhenReading {
  // "day trip" names a thing, not a day: glue it so no pattern (nor chrono) reads it as one.
  let rest = text.replace(/\b([Dd])ay[ -]trip/g, "$1aytrip").replace(COMPOUND, "$1\u00a0$2");
  const consumed: string[] = [];
  const r: WhenReading = {
    day: null,
    days: null,
    block: null,
    time: null,
    nights: null,
    outside: null,
    position: null,
    rest: "",
    consumed,
  };
  const take = (re: RegExp, fn: (m: RegExpExecArray) => boolean | undefined) => {
    for (;;) {
      const m = re.exec(rest);
      if (!m) return;
      if (fn(m) === false) return;
      consumed.push(m[0].trim().toLowerCase());
      rest = `${rest.slice(0, m.index)} ${" ".repeat(Math.max(0, m[0].length - 1))}${rest.slice(m.index + m[0].length)}`;
      if (!re.global) return;
    }
  };
  const days = cal?.days ?? 0;
  const setDay = (n: number | null, label: string) => {
    if (n === null) return;
    if (cal && (n < 1 || n > days)) r.outside ??= label;
    else r.day ??= n;
  };
  const setDate = (d: string) => {
    if (!cal) return;
    const n = dayOfDate(cal, d);
    if (n === null) r.outside ??= d;
    else r.day ??= n;
  };
  const N = NUMBER_RE;
  const O = ORDINAL_RE;
  const P = "(?:\\b(?:on|for|to|in|into|at|during|over|by|from)\\s+)?(?:the\\s+)?";

  // "day 7.5", "night 3.5": not a trip day. Reported as a day outside the trip (so the caller
  // asks), never cut to "day 7" by the patterns below.
  take(/\b(?:on\s+|for\s+|to\s+|into\s+)?(?:the\s+)?(days?|nights?)\s+(\d+\.\d+)(?!\d)/i, (m) => {
    r.outside ??= `${(m[1] ?? "day").toLowerCase()} ${m[2]}`;
    return true;
  });
  // Hotel spans: "nights 3 and 4", "nights 2-4", "the first three nights", "for 2 nights from day 3",
  // "from day 1 to day 6", "days 1-3", "for the whole trip".
  take(new RegExp(`${P}nights?\\s+(${N})\\s*(?:and|&|-|–|to|through|thru)\\s*(${N})\\b`, "i"), (m) => {
    const a = parseNumber(m[1]);
    const b = parseNumber(m[2]);
    if (!a || !b || b < a) return false;
    r.nights = { from: a, count: b - a + 1 };
    return true;
  });
  take(new RegExp(`${P}(first|last)\\s+(${N})\\s+nights?\\b`, "i"), (m) => {
    const c = parseNumber(m[2]);
    if (!c) return false;
    r.nights = { from: m[1]?.toLowerCase() === "first" ? 1 : Math.max(1, days - c), count: c };
    return true;
  });
  take(new RegExp(`${P}(?:(${O})\\s+)?night\\b(?:\\s+(${N})\\b)?`, "i"), (m) => {
    const n = parseOrdinal(m[1]) ?? parseNumber(m[2]);
    if (!n) return false;
    r.nights = { from: n, count: 1 };
    return true;
  });
  take(
    new RegExp(
      `\\b(?:from|between)\\s+(?:the\\s+)?day\\s+(${N})\\s+(?:to|until|till|through|thru|and|-)\\s+(?:the\\s+)?(?:day\\s+)?(${N})\\b`,
      "i",
    ),
    (m) => {
      const a = parseNumber(m[1]);
      const b = parseNumber(m[2]);
      if (!a || !b || b <= a) return false;
      r.nights = { from: a, count: b - a };
      return true;
    },
  );
  take(
    new RegExp(
      `\\b(?:for\\s+(${N})\\s+nights?|(?<!\\bday\\s)(${N})\\s+nights|(?<=\\ba\\s)(${N})[- ]nights?)\\b`,
      "i",
    ),
    (m) => {
      const c = parseNumber(m[1] ?? m[2] ?? m[3]);
      if (!c) return false;
      r.nights = { from: r.nights?.from ?? 0, count: c };
      return true;
    },
  );
  take(/\b(?:for\s+)?(?:the\s+)?(?:whole|entire|full)\s+(?:trip|stay|week|time)\b|\ball\s+week\b/i, () => {
    r.nights = { from: 1, count: Math.max(1, days - 1) };
    return true;
  });

  // Repeats: "every morning", "each evening", "every day".
  take(/\b(?:every|each)\s+(day|morning|afternoon|evening|night)\b|\bdaily\b/i, (m) => {
    r.days = Array.from({ length: days }, (_, i) => i + 1);
    const b = m[1] ? BLOCK_WORDS[m[1].toLowerCase()] : undefined;
    if (b) r.block = b;
    return true;
  });
  take(new RegExp(`${P}days?\\s+(${N})\\s*(?:and|&|,)\\s*(?:day\\s+)?(${N})\\b`, "i"), (m) => {
    const a = parseNumber(m[1]);
    const b = parseNumber(m[2]);
    if (!a || !b) return false;
    r.days = [a, b];
    return true;
  });

  take(
    /\b(?:to|at|for)?\s*the\s+(?:very\s+)?(start|beginning|top|end)\s+of\s+(?=(?:the\s+)?(?:day|\w+day|tomorrow|today|the\s+\w+\s+day)\b)/i,
    (m) => {
      r.position = /end/i.test(m[1] ?? "") ? "end" : 0;
      return true;
    },
  );
  // "the morning of day 2", "day 2 morning", "day three", "the 3rd day", "the last day".
  take(
    new RegExp(
      `${P}(morning|afternoon|evening|night)\\s+of\\s+(?:the\\s+)?(?:day\\s+(${N})|(${O}|last)\\s+day)\\b`,
      "i",
    ),
    (m) => {
      r.block ??= BLOCK_WORDS[(m[1] ?? "").toLowerCase()] ?? null;
      const n = m[2] ? parseNumber(m[2]) : m[3]?.toLowerCase() === "last" ? days : parseOrdinal(m[3]);
      setDay(n, `day ${n}`);
      return true;
    },
  );
  take(new RegExp(`${P}day\\s+(${N})\\b`, "i"), (m) => {
    const n = parseNumber(m[1]);
    setDay(n, `day ${n}`);
    return true;
  });
  take(
    new RegExp(
      `${P}(${O}|last|final|penultimate|next to last)\\s+(day|morning|afternoon|evening|night)\\b`,
      "i",
    ),
    (m) => {
      const w = (m[1] ?? "").toLowerCase();
      const n =
        w === "last" || w === "final"
          ? days
          : w === "penultimate" || w === "next to last"
            ? days - 1
            : parseOrdinal(w);
      const unit = (m[2] ?? "").toLowerCase();
      if (unit !== "day") r.block ??= BLOCK_WORDS[unit] ?? null;
      setDay(n, `day ${n}`);
      return true;
    },
  );
  take(/\b(?:on\s+|for\s+)?(?:the\s+)?(?:arrival|first)\s+day\b/i, () => {
    setDay(1, "day 1");
    return true;
  });

  // Relative to today: "the day after tomorrow", "tomorrow", "today", "tonight".
  const today = cal?.today;
  take(/\b(?:on\s+)?(?:the\s+)?day\s+after\s+tomorrow\b/i, () => {
    if (today) setDate(addDays(today, 2));
    return true;
  });
  take(
    /\b(?:for\s+)?(?:tomorrow|tmrw|tmr|tomorow|tommorow)(?:\s+(morning|afternoon|evening|night))?\b/i,
    (m) => {
      if (today) setDate(addDays(today, 1));
      if (m[1]) r.block ??= BLOCK_WORDS[m[1].toLowerCase()] ?? null;
      return true;
    },
  );
  take(/\b(?:for\s+)?(?:today|tonight|this\s+(morning|afternoon|evening))\b/i, (m) => {
    if (today) setDate(today);
    if (/tonight/i.test(m[0])) r.block ??= "evening";
    if (m[1]) r.block ??= BLOCK_WORDS[m[1].toLowerCase()] ?? null;
    return true;
  });

  // "the 8th" (a day of the month), resolved forward from the trip's reference date.
  take(new RegExp(`${P}(\\d{1,2}(?:st|nd|rd|th))\\b(?!\\s+(?:day|night|of\\s+[a-z]))`, "i"), (m) => {
    const dom = parseOrdinal(m[1]);
    if (!cal || !dom || dom > 31) return false;
    const ref = referenceDate(cal);
    let [y, mo] = ref.split("-").map(Number) as [number, number];
    if (dom < Number(ref.slice(8, 10))) mo += 1;
    if (mo > 12) {
      mo = 1;
      y += 1;
    }
    setDate(iso(y, mo, dom));
    return true;
  });

  // Blocks: "in the morning", "Friday evening", "at night", "after lunch".
  take(/\b(?:after|post)[\s-](?:lunch)\b/i, () => {
    r.block ??= "afternoon";
    return true;
  });
  take(/\b(?:before|pre)[\s-]lunch\b|\bfirst thing\b/i, () => {
    r.block ??= "morning";
    return true;
  });
  take(/\b(?:after\s+dinner|late\s+night)\b/i, () => {
    r.block ??= "evening";
    return true;
  });

  // chrono-node for weekdays, calendar dates and clock times.
  if (cal || /\d|noon|midnight/i.test(rest)) {
    const ref = cal ? referenceDate(cal) : "2000-01-01";
    const results = chrono.parse(
      rest,
      { instant: new Date(`${ref}T00:00:00Z`), timezone: "UTC" },
      { forwardDate: true },
    );
    for (const res of results) {
      if (/^\s*\d+\s*(?:hours?|hrs?|h|mins?|minutes?)\b/i.test(res.text)) continue; // a duration
      if (/^\s*(?:in\s+)?(?:an?\s+)?(?:hour|minute)/i.test(res.text)) continue;
      // "karaoke is at Kan now": "now" says the change is current, not when anything happens.
      if (/^\s*(?:right\s+)?now\s*$/i.test(res.text)) continue;
      const s = res.start;
      const hasDate = s.isCertain("day") || s.isCertain("weekday");
      const hasTime = s.isCertain("hour");
      if (!hasDate && !hasTime) continue;
      if (hasDate && cal) {
        let d = iso(s.get("year") ?? 2000, s.get("month") ?? 1, s.get("day") ?? 1);
        // "March 31" for an April trip is the day before it, not next year's: a calendar date
        // without a year takes the year that puts it nearest the trip.
        if (s.isCertain("month") && !s.isCertain("year")) {
          const y = Number(cal.startDate.slice(0, 4));
          const mid = Date.parse(`${dateOfTripDay(cal, Math.ceil(cal.days / 2))}T00:00:00Z`);
          d = [y - 1, y, y + 1]
            .map((yy) => iso(yy, s.get("month") ?? 1, s.get("day") ?? 1))
            .sort(
              (a, b) =>
                Math.abs(Date.parse(`${a}T00:00:00Z`) - mid) - Math.abs(Date.parse(`${b}T00:00:00Z`) - mid),
            )[0] as string;
        }
        setDate(d);
      }
      if (hasTime) {
        let h = s.get("hour") ?? 0;
        const min = s.get("minute") ?? 0;
        if (!s.isCertain("meridiem") && h >= 1 && h <= 11) {
          if (hint === "evening" || hint === "afternoon" || h <= 6) h += 12;
        }
        r.time = `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
        const e = res.end;
        if (e?.isCertain("hour")) {
          let eh = e.get("hour") ?? 0;
          if (
            !e.isCertain("meridiem") &&
            eh >= 1 &&
            eh <= 11 &&
            (eh + 12) * 60 > h * 60 + min &&
            eh * 60 <= h * 60 + min
          )
            eh += 12;
          const end = `${String(eh).padStart(2, "0")}:${String(e.get("minute") ?? 0).padStart(2, "0")}`;
          if (end > r.time) r.endTime = end;
        }
      }
      consumed.push(res.text.toLowerCase());
      rest = `${rest.slice(0, res.index)}${" ".repeat(res.text.length)}${rest.slice(res.index + res.text.length)}`;
      // chrono leaves a time-of-day word it used ("Friday morning") implied: read it back.
      const blk = /\b(morning|afternoon|evening|night|tonight)\b/i.exec(res.text);
      if (blk?.[1]) r.block ??= BLOCK_WORDS[blk[1].toLowerCase()] ?? null;
      else if (/\bnoon\b/i.test(res.text)) r.block ??= "afternoon";
    }
  }
  take(
    /\b(?:in|on|for|during|at)?\s*(?:the\s+)?(morning|afternoon|evening|night|tonight)s?\b(?!\u00a0)/i,
    (m) => {
      r.block ??= BLOCK_WORDS[(m[1] ?? "").toLowerCase()] ?? null;
      return true;
    },
  );
  take(
    /\b(?:as\s+)?(?:the\s+)?(?:very\s+)?first\s+(?:thing|item|stop)\b|\bat\s+the\s+(?:start|beginning)\b/i,
    () => {
      r.position = 0;
      return true;
    },
  );
  take(/\b(?:as\s+)?(?:the\s+)?last\s+(?:thing|item|stop)\b|\bat\s+the\s+end\b/i, () => {
    r.position = "end";
    return true;
  });
  if (r.time) r.block ??= blockOfTime(r.time);
  if (r.nights && r.nights.from === 0) r.nights.from = r.day ?? 0;
  if (r.nights && r.nights.from > 0) {
    r.day ??= r.nights.from;
    if (cal && (r.nights.from < 1 || r.nights.from + r.nights.count - 1 > days)) {
      r.outside ??= `night ${r.nights.from + r.nights.count - 1}`;
    }
  }
  r.rest = rest
    .replace(/\s+/g, " ")
    .replace(/\b([Dd])aytrip/g, "$1ay trip")
    .replace(/\u00a0/g, " ")
    .trim();
  return r;
}

/** A date range read for a trip draft. */
export interface DateRange {
  startDate: string;
  endDate: string;
}

const HOLIDAYS: [RegExp, string][] = [
  [/\bchristmas\s+eve\b/gi, "December 24"],
  [/\b(?:christmas|xmas)(?:\s+day)?\b/gi, "December 25"],
  [/\bboxing\s+day\b/gi, "December 26"],
  [/\bnew\s+year'?s\s+eve\b|\bnye\b/gi, "December 31"],
  [/\bnew\s+year'?s(?:\s+day)?\b/gi, "January 1"],
  [/\bvalentine'?s(?:\s+day)?\b/gi, "February 14"],
  [/\bhalloween\b/gi, "October 31"],
];

/**
 * Rewrites day names chrono-node does not know into calendar dates: fixed-date holidays
 * ("christmas eve" → "December 24"), "this/next month" relative to `today` ("the 10th of next
 * month" → "the 10th of January"), and US numeric ranges ("12/15-12/20" → "12/15 to 12/20").
 */
function namedDays(text: string, today: string): string {
  let t = text;
  for (const [re, date] of HOLIDAYS) t = t.replace(re, date);
  const month = Number(today.slice(5, 7)) - 1;
  t = t.replace(/\b(this|next)\s+month\b/gi, (_, which: string) => {
    const m = (month + (which.toLowerCase() === "next" ? 1 : 0)) % 12;
    return `in ${MONTH_NAMES[m]}`;
  });
  t = t.replace(/\bof\s+in\s+/gi, "of ");
  t = t.replace(/\b(\d{1,2}\/\d{1,2})\s*[-–]\s*(\d{1,2}\/\d{1,2})\b/g, "$1 to $2");
  return t;
}

/**
 * A trip's date range from a planner message, relative to `today` (ISO): ISO dates,
 * "March 3-8", "from the 3rd to the 8th of May", "May 3 to May 8", "in April" (the whole
 * month, from the next April), "next week", "next month", fixed holidays ("christmas eve"), US numeric ranges
 * ("12/15-12/20"). Dates in the past roll forward a year. A start
 * with a day count ("5 days from June 2") gets its end from `days`.
 * @returns "" for a part it could not read
 */
export function readDateRange(text: string, today: string, days = 0): DateRange {
  const isoDates = [...text.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((m) => m[1] as string).sort();
  if (isoDates.length >= 2) return { startDate: isoDates[0] ?? "", endDate: isoDates.at(-1) ?? "" };
  const withDays = (start: string, end: string) => ({
    startDate: start,
    endDate: end || (start && days ? addDays(start, days - 1) : ""),
  });
  if (isoDates[0]) return withDays(isoDates[0], "");
  const ref = { instant: new Date(`${today}T00:00:00Z`), timezone: "UTC" };
  text = namedDays(text, today);
  // "from the 3rd to the 8th of May": chrono reads only the second; borrow its month for the first.
  const ordRange =
    /\b(?:from\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:to|until|till|-|–|through|thru)\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\b/i.exec(
      text,
    );
  if (ordRange?.[1] && ordRange[2] && ordRange[3]) {
    const r = chrono.parse(`${ordRange[3]} ${ordRange[1]}`, ref, { forwardDate: true })[0];
    if (r?.start.isCertain("month")) {
      const y = r.start.get("year") ?? 2000;
      const mo = r.start.get("month") ?? 1;
      const a = Number(ordRange[1]);
      const b = Number(ordRange[2]);
      return withDays(iso(y, mo, a), b >= a ? iso(y, mo, b) : iso(mo === 12 ? y + 1 : y, (mo % 12) + 1, b));
    }
  }
  // "in april, 2 adults": the comma ends the date; "5 days" is a length, not "in 5 days".
  const cleaned = text.replace(/,\s*(?=\d)/g, "; ");
  const found = chrono
    .parse(cleaned, ref, { forwardDate: true })
    .filter((r) => r.start.isCertain("month") || r.start.isCertain("day") || r.start.isCertain("weekday"))
    .filter(
      (r) =>
        !/\b(?:days?|weeks?|nights?|months?|hours?)\b/i.test(r.text) ||
        /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d/i.test(r.text),
    )
    // "a (long) weekend" is a length, like "5 days"; "this weekend" / "next weekend" are dates.
    .filter(
      (r) =>
        !/^(?:long\s+)?weekend$/i.test(r.text.trim()) ||
        !/\b(?:a|one|another)\s+(?:long\s+)?$/i.test(cleaned.slice(0, r.index)),
    );
  const first = found[0];
  if (!first) {
    if (/\bnext week\b/i.test(text)) {
      const d = new Date(`${today}T12:00:00Z`).getUTCDay();
      const monday = addDays(today, (8 - d) % 7 || 7);
      return withDays(monday, days ? "" : addDays(monday, 6));
    }
    return { startDate: "", endDate: "" };
  }
  const dateOf = (c: chrono.ParsedComponents) =>
    iso(c.get("year") ?? 2000, c.get("month") ?? 1, c.get("day") ?? 1);
  const start = first.start;
  if (!start.isCertain("day") && !start.isCertain("weekday") && start.isCertain("month")) {
    // A month alone: "in April" → the 1st to the last of that month, unless a length was given.
    const y = start.get("year") ?? 2000;
    const mo = start.get("month") ?? 1;
    const s = iso(y, mo, 1);
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return days ? withDays(s, "") : { startDate: s, endDate: iso(y, mo, last) };
  }
  const startDate = dateOf(start);
  if (first.end) return withDays(startDate, dateOf(first.end));
  const second = found[1];
  if (second && (second.start.isCertain("day") || second.start.isCertain("weekday"))) {
    let end = dateOf(second.start);
    if (end < startDate)
      end = dateOf(second.start).replace(/^\d{4}/, String(Number(startDate.slice(0, 4)) + 1));
    return withDays(startDate, end);
  }
  // "from December 24 until the 28th": a bare ordinal after the start is a day of its month.
  const tail = /\b(?:until|till|to|through|thru|[-–])\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/i.exec(
    cleaned.slice(first.index + first.text.length),
  );
  if (tail?.[1] && !days) {
    const d = Number(tail[1]);
    const y = Number(startDate.slice(0, 4));
    const mo = Number(startDate.slice(5, 7));
    const end =
      d >= Number(startDate.slice(8, 10)) ? iso(y, mo, d) : iso(mo === 12 ? y + 1 : y, (mo % 12) + 1, d);
    if (d >= 1 && d <= 31) return withDays(startDate, end);
  }
  return withDays(startDate, "");
}

/** Today's ISO date in an IANA time zone (falls back to UTC for an unknown zone). */
export function todayIn(timeZone: string | null | undefined, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone ?? "UTC",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export { WEEKDAYS };
