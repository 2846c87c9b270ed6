/**
 * The offline assistant's understanding of plain English about an itinerary. Pure and
 * deterministic: the same message and itinerary snapshot always give the same tool calls.
 * It covers the everyday requests (add, plan, move, rename, re-price, delete, read a day,
 * set budget, travellers, interests) and says plainly what it did not understand.
 */

import type { ContextSegment, ContextTrip } from "@/lib/ai/context";
import type { ToolName } from "@/lib/ai/tool-schemas";
import { dateOfDay } from "@/lib/itinerary/dates";
import { searchCodeFor } from "@/lib/travel/airports";
import {
  AIRLINES,
  type Block,
  CITY_AIRPORTS,
  extractInterests,
  findCityGuide,
  findSight,
  foldText,
  genericSights,
  type Sight,
} from "./destinations";

export interface PlannedCall {
  toolName: ToolName;
  input: Record<string, unknown>;
}

export interface Interpretation {
  calls: PlannedCall[];
  /** Text to say when there are no calls (answers, refusals, help). */
  reply: string;
  /** Clauses of the message that were not understood, quoted back to the user. */
  notUnderstood: string[];
}

export interface InterpretContext {
  trip: ContextTrip | null;
  segments: ContextSegment[];
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  a: 1,
  an: 1,
};

const CURRENCY_WORDS: Record<string, string> = {
  $: "USD",
  usd: "USD",
  dollar: "USD",
  dollars: "USD",
  "€": "EUR",
  eur: "EUR",
  euro: "EUR",
  euros: "EUR",
  "£": "GBP",
  gbp: "GBP",
  pound: "GBP",
  pounds: "GBP",
  "¥": "JPY",
  jpy: "JPY",
  yen: "JPY",
  chf: "CHF",
  aud: "AUD",
  cad: "CAD",
};

export const EXAMPLES = [
  "add a day trip to Kyoto on day 3",
  "plan 5 days in Paris, we love museums and cafes",
  "move the Louvre to the morning of day 2",
  "delete the hotel",
  "what's on day 4?",
  "set the budget to 3000 EUR",
];

const WRITE: ToolName[] = [
  "add_segment",
  "update_segment",
  "delete_segment",
  "move_segment",
  "update_trip_profile",
];

/** Parses "3", "three", "a" into a number; null when it is not one. */
function toNumber(word: string | undefined): number | null {
  if (!word) return null;
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
}

function capitalise(s: string): string {
  return s ? s[0]?.toUpperCase() + s.slice(1) : s;
}

function cleanTitle(s: string): string {
  return capitalise(
    s
      .replace(/^["'“‘]|["'”’]$/g, "")
      .replace(/^(?:(?:a|an|the|some)\s+)/i, "")
      .replace(/\s+(?:to|on|in|for|at|of)\s*$/i, "")
      .replace(/\s+to (?:the|my|our) (?:itinerary|trip|plan)$/i, "")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** Money like "3000 EUR", "$2500", "€1,200", "2k euros". */
function parseMoney(text: string, fallbackCurrency = "USD"): { amount: number; currency: string } | null {
  const pre = /([$€£¥])\s?(\d[\d,]*(?:\.\d+)?)\s*(k)?\b/i.exec(text);
  if (pre?.[1] && pre[2]) {
    const amount = Number(pre[2].replace(/,/g, "")) * (pre[3] ? 1000 : 1);
    return { amount, currency: CURRENCY_WORDS[pre[1]] ?? fallbackCurrency };
  }
  const post =
    /(\d[\d,]*(?:\.\d+)?)\s*(k)?\s*(usd|dollars?|eur|euros?|gbp|pounds?|jpy|yen|chf|aud|cad)\b/i.exec(text);
  if (post?.[1] && post[3]) {
    const amount = Number(post[1].replace(/,/g, "")) * (post[2] ? 1000 : 1);
    return { amount, currency: CURRENCY_WORDS[post[3].toLowerCase()] ?? fallbackCurrency };
  }
  const bare = /\b(?:to|is|of|at|around|about)\s+(\d[\d,]*(?:\.\d+)?)\s*(k)?\b/i.exec(text);
  if (bare?.[1])
    return { amount: Number(bare[1].replace(/,/g, "")) * (bare[2] ? 1000 : 1), currency: fallbackCurrency };
  return null;
}

interface When {
  day: number | null;
  block: Block | null;
  time: string | null;
  position: number | undefined;
  rest: string;
}

/** Pulls "on day 3", "the morning of day 2", "in the evening", "at 10:00", "first" out of a phrase. */
function extractWhen(phrase: string, ctx: InterpretContext): When {
  let rest = ` ${phrase} `;
  let day: number | null = null;
  let block: Block | null = null;
  let time: string | null = null;
  let position: number | undefined;
  const take = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    const m = re.exec(rest);
    if (m) {
      fn(m);
      rest = `${rest.slice(0, m.index)} ${rest.slice(m.index + m[0].length)}`;
    }
  };
  take(/\b(?:to|for|on|in|at)?\s*(?:the\s+)?(?:start|beginning)\s+of\s+/i, () => {
    position = 0;
  });
  take(
    /\b(?:to|for|on|in)?\s*(?:the\s+)?(morning|afternoon|evening|night)\s+of\s+day\s+(\d+|\w+)\b/i,
    (m) => {
      block = normaliseBlock(m[1]);
      day = toNumber(m[2]);
    },
  );
  take(/\b(?:on|for|to|in)?\s*(?:the\s+)?(first|last)\s+day\b/i, (m) => {
    day = m[1]?.toLowerCase() === "first" ? 1 : (ctx.trip?.days ?? null);
  });
  take(
    /\b(?:on|for|to|in|during)?\s*day\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/i,
    (m) => {
      day = toNumber(m[1]);
    },
  );
  take(/\b(?:in|for|on)?\s*(?:the\s+)?(morning|afternoon|evening|night|tonight)\b/i, (m) => {
    block = normaliseBlock(m[1]);
  });
  take(/\bat\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/i, (m) => {
    let h = Number(m[1]);
    const min = m[2] ?? "00";
    const ampm = m[3]?.toLowerCase();
    if (ampm === "pm" && h < 12) h += 12;
    if (ampm === "am" && h === 12) h = 0;
    if (h <= 23 && Number(min) <= 59) {
      time = `${String(h).padStart(2, "0")}:${min}`;
      block ??= h < 12 ? "morning" : h < 17 ? "afternoon" : "evening";
    }
  });
  take(/\b(?:as\s+)?(?:the\s+)?first(?:\s+thing)?\b/i, () => {
    position = 0;
  });
  return { day, block, time, position, rest: rest.replace(/\s+/g, " ").trim() };
}

function normaliseBlock(b: string | undefined): Block | null {
  const x = b?.toLowerCase();
  if (x === "morning" || x === "afternoon" || x === "evening") return x;
  if (x === "night" || x === "tonight") return "evening";
  return null;
}

const STOP = new Set([
  "the",
  "a",
  "an",
  "to",
  "at",
  "of",
  "in",
  "on",
  "and",
  "for",
  "my",
  "our",
  "with",
  "segment",
  "activity",
]);

function tokens(s: string): string[] {
  return foldText(s)
    .split(" ")
    .filter((t) => t.length > 1 && !STOP.has(t));
}

const TYPE_WORDS: [RegExp, string][] = [
  [/\b(hotel|stay|accommodation|hostel|airbnb|lodging)\b/, "hotel"],
  [/\b(flight|plane|flights)\b/, "flight"],
  [/\b(train|bus|taxi|transfer|ferry|shuttle|car)\b/, "transfer"],
  [/\b(meeting)\b/, "meeting"],
  [/\b(note|notes)\b/, "note"],
];

/**
 * Finds the segment a phrase refers to ("the Louvre", "the hotel", "dinner"): best token
 * overlap with titles, then the segment type; ties go to the earliest in the itinerary.
 */
export function findSegment(phrase: string, segments: ContextSegment[]): ContextSegment | null {
  const folded = foldText(phrase).replace(/^(the|a|an|my|our)\s+/, "");
  const known = findSight(folded);
  const want = tokens(folded);
  let best: { seg: ContextSegment; score: number } | null = null;
  for (const seg of segments) {
    const have = new Set(tokens(seg.title));
    let score = want.length ? want.filter((t) => have.has(t)).length / want.length : 0;
    if (known && foldText(seg.title) === foldText(known.sight.title)) score = Math.max(score, 1);
    for (const [re, type] of TYPE_WORDS)
      if (re.test(folded) && seg.type === type) score = Math.max(score, 0.9);
    if (score > 0 && (!best || score > best.score)) best = { seg, score };
  }
  return best && best.score >= 0.5 ? best.seg : null;
}

function describeExisting(segments: ContextSegment[]): string {
  if (!segments.length) return "The itinerary is empty so far.";
  const names = segments.slice(0, 8).map((s) => `“${s.title}”${s.day ? ` (day ${s.day})` : ""}`);
  return `I can see ${names.join(", ")}${segments.length > 8 ? ", …" : ""}.`;
}

function airportFor(word: string): string | null {
  const w = word.trim();
  if (/^[A-Z]{3}$/.test(w)) return w;
  const f = foldText(w);
  return CITY_AIRPORTS[f] ?? (f === "new york" ? "JFK" : null);
}

/** Builds one add_segment input from a phrase such as "dinner at Le Comptoir". */
function segmentFromPhrase(
  phrase: string,
  when: When,
  ctx: InterpretContext,
): { input: Record<string, unknown> } | { problem: string } {
  const p = phrase.trim();
  const lower = p.toLowerCase();
  const base: Record<string, unknown> = {};
  if (when.day !== null) base.day_index = when.day;
  if (when.block) base.time_block = when.block;
  if (when.time && when.day !== null && ctx.trip?.startDate) {
    base.start_time = `${dateOfDay(ctx.trip.startDate, when.day)}T${when.time}`;
  }
  if (when.position !== undefined) base.position = when.position;

  const note = /^(?:a\s+)?note\s*[:\-–]?\s*(.+)$/i.exec(p);
  if (note?.[1]) return { input: { type: "note", title: capitalise(note[1].trim()), ...base } };

  const flightNo = /\b([A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(\d{1,4})\b/.exec(p);
  if (/\bflight\b/i.test(p) || (flightNo && /\bfrom\b.+\bto\b/i.test(p))) {
    const route = /\bfrom\s+([A-Za-z .]+?)\s+to\s+([A-Za-z .]+?)(?:\s|$)/i.exec(p);
    const origin = route?.[1] ? airportFor(route[1]) : null;
    const destination = route?.[2] ? airportFor(route[2]) : null;
    if (!flightNo?.[1] || !origin || !destination) {
      return {
        problem: `“${p}”: for a flight I need the flight number and where it goes, e.g. "add flight AF123 from JFK to CDG on day 1"`,
      };
    }
    const code = flightNo[1].toUpperCase();
    const number = `${code}${flightNo[2]}`;
    return {
      input: {
        type: "flight",
        title: `Flight ${number} ${origin} → ${destination}`,
        ...base,
        location: { iata_code: destination },
        details: { carrier: AIRLINES[code] ?? code, flight_number: number, origin, destination },
      },
    };
  }

  const transfer = /\b(train|bus|taxi|ferry|shuttle|car|metro|subway|transfer)\b/i.exec(p);
  const mealFirst = /^(?:a\s+|an\s+)?(breakfast|brunch|lunch|dinner|coffee|drinks|picnic)\b/i.test(p);
  if (transfer?.[1] && !mealFirst) {
    const mode = transfer[1].toLowerCase();
    const details: Record<string, unknown> = {
      mode: mode === "metro" ? "subway" : mode === "shuttle" || mode === "transfer" ? "other" : mode,
    };
    const from = /\bfrom\s+(.+?)(?:\s+to\s+|$)/i.exec(p);
    const to = /\bto\s+(?:the\s+)?(.+)$/i.exec(p);
    if (from?.[1]) details.from = capitalise(from[1].trim());
    if (to?.[1]) details.to = capitalise(to[1].trim());
    return { input: { type: "transfer", title: cleanTitle(p), ...base, details } };
  }

  const hotel = /\b(?:hotel|hostel|stay|accommodation|airbnb)\b/i.exec(p);
  if (hotel && !mealFirst) {
    const named = /^(?:a\s+)?(?:hotel|hostel|stay|accommodation)\s+(?:at\s+|called\s+|named\s+)?(.+)$/i.exec(
      p,
    );
    const title = named?.[1] && /[A-Z]/.test(named[1]) ? named[1] : p;
    return { input: { type: "hotel", title: cleanTitle(title), ...base } };
  }

  if (/\b(meeting|meet)\b/i.test(p)) {
    const who = /\b(?:meeting|meet)\s+(?:with\s+)?(.+)$/i.exec(p);
    return {
      input: { type: "meeting", title: who?.[1] ? `Meeting with ${who[1].trim()}` : cleanTitle(p), ...base },
    };
  }

  const meal = /\b(dinner|lunch|breakfast|brunch|meal|restaurant|caf[eé]|coffee|drinks|picnic)\b/i.exec(
    lower,
  );
  if (meal) {
    if (!base.time_block) {
      const m = meal[1];
      base.time_block =
        m === "dinner" || m === "drinks"
          ? "evening"
          : m === "breakfast" || m === "brunch"
            ? "morning"
            : m === "lunch"
              ? "afternoon"
              : undefined;
      if (!base.time_block) delete base.time_block;
    }
    return { input: { type: "meal", title: cleanTitle(p), ...base } };
  }

  const dayTrip = /^(?:a\s+)?day\s*trip\s+to\s+(.+)$/i.exec(p);
  if (dayTrip?.[1])
    return { input: { type: "activity", title: `Day trip to ${capitalise(dayTrip[1].trim())}`, ...base } };

  const known = findSight(p, ctx.trip?.destinations ?? []);
  const title = known ? known.sight.title : cleanTitle(p.replace(/^(?:visit(?:ing)?|see|do|go to)\s+/i, ""));
  if (!title || title.length < 2) return { problem: `“${p}”: I couldn't tell what to add` };
  return { input: { type: known?.sight.type ?? "activity", title, ...base } };
}

/** Splits "X and Y" into items unless it reads as one name ("fish and chips"). */
function splitItems(rest: string): string[] {
  const parts = rest
    .split(/\s*(?:,\s*(?:and\s+)?|\s+and\s+(?=(?:a|an|the|dinner|lunch|breakfast|visit|[A-Z])\b))\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length > 1 && parts.every((x) => tokens(x).length > 0) ? parts : [rest.trim()];
}

/** "plan 5 days in Paris, we love museums and cafes" → profile update plus a day-by-day plan. */
function planTrip(text: string, ctx: InterpretContext): Interpretation | null {
  const m =
    /\bplan\b.*?\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)[- ](?:days?|nights?)\b(?:\s+(?:in|to|around|of)\s+([A-Za-zÀ-ÿ .'-]+?))?(?:[,.!;]|\s+(?:we|with|for|and|focusing|focused)\b|$)/i.exec(
      text,
    ) ??
    /\bplan\b\s+(?:a\s+)?(?:trip|visit)\s+(?:to|in)\s+()([A-Za-zÀ-ÿ .'-]+?)(?:[,.!;]|\s+(?:we|with|for|and)\b|$)/i.exec(
      text,
    );
  if (!m) return null;
  const guide = findCityGuide(text);
  const cityName = guide?.name ?? (m[2] ? capitalise(m[2].trim()) : ctx.trip?.destinations[0]);
  if (!cityName) return null;
  const asked = toNumber(m[1]) ?? ctx.trip?.days ?? 3;
  const tripDays = ctx.trip?.days ?? asked;
  const days = Math.max(1, Math.min(asked, tripDays));
  const interests = extractInterests(text);
  const sights: Sight[] = guide?.sights ?? genericSights(cityName);
  const score = (s: Sight) => s.tags.filter((t) => interests.includes(t)).length;
  const ranked = sights.map((s, i) => ({ s, i })).sort((x, y) => score(y.s) - score(x.s) || x.i - y.i);
  const used = new Set<Sight>();
  const calls: PlannedCall[] = [];
  const destinations = [...new Set([...(ctx.trip?.destinations ?? []), cityName])];
  calls.push({
    toolName: "update_trip_profile",
    input: { destinations, ...(interests.length ? { interests } : {}) },
  });
  for (let day = 1; day <= days; day++) {
    for (const block of ["morning", "afternoon", "evening"] as Block[]) {
      const pick = ranked.find(({ s }) => !used.has(s) && s.blocks.includes(block));
      if (!pick) continue;
      used.add(pick.s);
      calls.push({
        toolName: "add_segment",
        input: { type: pick.s.type, title: pick.s.title, day_index: day, time_block: block },
      });
    }
  }
  const notes: string[] = [];
  if (asked > tripDays) notes.push(`your trip has ${tripDays} days, so I planned ${tripDays}`);
  return { calls, reply: notes.join("; "), notUnderstood: [] };
}

function readRequest(text: string): PlannedCall | null {
  if (
    !/^(?:what(?:'s| is| do we have| have we got| are we doing)?|whats|show(?: me)?|list|tell me|give me)\b/i.test(
      text,
    ) &&
    !/\b(?:planned|itinerary|schedule)\s*\??$/i.test(text)
  ) {
    return null;
  }
  const day = /\bday\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/i.exec(text);
  const first = /\bfirst day\b/i.test(text) ? 1 : null;
  const n = toNumber(day?.[1]) ?? first;
  return { toolName: "get_segments", input: n ? { day_index: n } : {} };
}

/** A clause that asks to search: it starts with a search verb ("find", "search for", "show me", …). */
const SEARCH_VERB =
  /^(?:(?:hi|hey|hello|ok|okay|so|now)[,!]?\s+)?(?:(?:please|can you|could you|help me|(?:i|we)(?:'d| would) like to|(?:i|we) (?:need|want) to)\s+)*(?:find|search(?: for)?|look(?: for| up)?|show(?: me)?|get(?: me)?|any)\b/i;

/** An IATA airport or metro code for "JFK", "nyc", "New York" or "Tokyo, Japan"; null when unknown. */
function codeForPlace(place: string): string | null {
  const p = place.trim().replace(/^the\s+/i, "");
  return searchCodeFor(p) ?? (/^[A-Za-z]{3}$/.test(p) ? p.toUpperCase() : null);
}

/**
 * Search requests: "find flights from JFK to NRT [on 2027-04-01] [returning 2027-04-08]"
 * (dates default to the trip's), "find hotels [in Tokyo]" (the trip's first destination and
 * dates), "things to do [in Kyoto]" / "what activities ...".
 */
function searchRequest(
  text: string,
  ctx: InterpretContext,
): { calls: PlannedCall[]; problems: string[] } | null {
  const trip = ctx.trip;
  if (SEARCH_VERB.test(text) && /\bflights?\b/i.test(text)) {
    const route =
      /\bfrom\s+(.+?)\s+to\s+(.+?)(?=\s+(?:on|for|in|departing|leaving|returning|and)\b|[,?!]|\s+\d{4}-|$)/i.exec(
        text,
      );
    const from = route?.[1] ? codeForPlace(route[1]) : null;
    const to = route?.[2] ? codeForPlace(route[2]) : null;
    if (!from || !to) {
      return { calls: [], problems: ['tell me the airports or cities, e.g. "find flights from JFK to NRT"'] };
    }
    const dates = [...text.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((m) => m[1] as string);
    const departure = dates[0] ?? trip?.startDate;
    if (!departure)
      return { calls: [], problems: ['tell me the date, e.g. "find flights from JFK to NRT on 2027-04-01"'] };
    const back = dates[1] ?? (dates[0] ? undefined : trip?.endDate);
    return {
      calls: [
        {
          toolName: "search_flights",
          input: {
            origin: from,
            destination: to,
            departure_date: departure,
            ...(back && { return_date: back }),
          },
        },
      ],
      problems: [],
    };
  }
  const stay =
    SEARCH_VERB.test(text) &&
    /\b(?:hotels?|stays?|accommodations?|places? to stay)\b(?:\s+(?:in|near|around)\s+(.+))?$/i.exec(text);
  if (stay) {
    const location = stay[1]?.trim() ?? trip?.destinations[0];
    if (!location || !trip) return { calls: [], problems: ['tell me where, e.g. "find hotels in Tokyo"'] };
    return {
      calls: [
        { toolName: "search_hotels", input: { location, check_in: trip.startDate, check_out: trip.endDate } },
      ],
      problems: [],
    };
  }
  const things =
    /^(?:(?:please|can you|could you|help me|suggest|show me|find|any|what are (?:some|the)|what(?:'s| is) there)\s+)*(?:things to do|activities|what to do|what to see|sights)\b(?:\s+(?:in|around)\s+(.+?))?\??$/i.exec(
      text,
    );
  if (things) {
    const location = things[1]?.trim();
    return { calls: [{ toolName: "search_activities", input: location ? { location } : {} }], problems: [] };
  }
  return null;
}

/** Interprets one clause; returns null when nothing in it was understood. */
function interpretClause(
  clause: string,
  ctx: InterpretContext,
): { calls: PlannedCall[]; problems: string[] } | null {
  const text = clause.trim().replace(/[.!]+$/, "");
  const currency = ctx.trip?.budget?.split(" ")[1] ?? "USD";

  const search = searchRequest(text, ctx);
  if (search) return search;

  const read = readRequest(text);
  if (read) return { calls: [read], problems: [] };

  const plan = planTrip(text, ctx);
  if (plan) return { calls: plan.calls, problems: plan.reply ? [plan.reply] : [] };

  if (/\bbudget\b/i.test(text)) {
    const money = parseMoney(text, currency);
    if (money)
      return {
        calls: [
          {
            toolName: "update_trip_profile",
            input: { budget: { total: money.amount, currency: money.currency } },
          },
        ],
        problems: [],
      };
    return {
      calls: [],
      problems: [`“${text}”: I couldn't find the amount, e.g. "set the budget to 3000 EUR"`],
    };
  }

  const travelers =
    /\b(?:we are|we're|there are|there will be|for|party of|group of)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s*(?:travell?ers|people|persons|adults|of us|guests)?\b/i.exec(
      text,
    );
  if (
    travelers &&
    /\b(travell?ers|people|persons|adults|of us|guests|we are|we're|party|group)\b/i.test(text)
  ) {
    const n = toNumber(travelers[1]);
    if (n) return { calls: [{ toolName: "update_trip_profile", input: { travelers: n } }], problems: [] };
  }

  const renameTrip =
    /^(?:rename|call|retitle)\s+(?:the|this|our|my)\s+trip\s+(?:to\s+)?["“']?(.+?)["”']?$/i.exec(text) ??
    /^(?:set|change)\s+(?:the\s+)?trip(?:'s)?\s+(?:title|name)\s+to\s+["“']?(.+?)["”']?$/i.exec(text);
  if (renameTrip?.[1])
    return {
      calls: [{ toolName: "update_trip_profile", input: { title: renameTrip[1].trim() } }],
      problems: [],
    };

  const interestsOnly = /^(?:we|i)\s+(?:really\s+)?(?:love|like|enjoy|are into|am into)\s+(.+)$/i.exec(text);
  if (interestsOnly) {
    const interests = extractInterests(text);
    if (interests.length)
      return { calls: [{ toolName: "update_trip_profile", input: { interests } }], problems: [] };
  }

  const del = /^(?:please\s+)?(?:delete|remove|cancel|drop|get rid of|scrap)\s+(.+)$/i.exec(text);
  if (del?.[1]) {
    const target = del[1].trim();
    const all =
      /^(?:everything|all(?:\s+segments)?|all the activities)\s+(?:on|from|for)\s+day\s+(\d+)/i.exec(target);
    if (all?.[1]) {
      const day = Number(all[1]);
      const onDay = ctx.segments.filter((s) => s.day === day);
      if (!onDay.length) return { calls: [], problems: [`there is nothing on day ${day} to delete`] };
      return {
        calls: onDay.map((s) => ({ toolName: "delete_segment" as const, input: { segment_id: s.id } })),
        problems: [],
      };
    }
    const seg = findSegment(
      target.replace(/\s+from\s+(?:the\s+)?(?:itinerary|trip|plan)$/i, ""),
      ctx.segments,
    );
    if (!seg)
      return { calls: [], problems: [`no segment matches “${target}”. ${describeExisting(ctx.segments)}`] };
    return { calls: [{ toolName: "delete_segment", input: { segment_id: seg.id } }], problems: [] };
  }

  const move = /^(?:please\s+)?(?:move|shift|reschedule|push|put)\s+(.+?)\s+(to|on|into)\s+(.+)$/i.exec(text);
  if (
    move?.[1] &&
    move[3] &&
    /\b(day|morning|afternoon|evening|night|start|beginning|first|end)\b/i.test(move[3])
  ) {
    const seg = findSegment(move[1], ctx.segments);
    if (!seg)
      return { calls: [], problems: [`no segment matches “${move[1]}”. ${describeExisting(ctx.segments)}`] };
    const when = extractWhen(`${move[2]} ${move[3]}`, ctx);
    const day = when.day ?? seg.day;
    if (day === null) return { calls: [], problems: [`“${text}”: which day should “${seg.title}” go to?`] };
    const input: Record<string, unknown> = { segment_id: seg.id, day_index: day };
    if (when.block) input.time_block = when.block;
    if (when.position !== undefined) input.position = when.position;
    return { calls: [{ toolName: "move_segment", input }], problems: [] };
  }

  const rename = /^(?:rename|retitle)\s+(.+?)\s+(?:to|as)\s+["“']?(.+?)["”']?$/i.exec(text);
  if (rename?.[1] && rename[2]) {
    const seg = findSegment(rename[1], ctx.segments);
    if (!seg)
      return {
        calls: [],
        problems: [`no segment matches “${rename[1]}”. ${describeExisting(ctx.segments)}`],
      };
    return {
      calls: [{ toolName: "update_segment", input: { segment_id: seg.id, title: rename[2].trim() } }],
      problems: [],
    };
  }

  const price =
    /^(?:set|change|update|make)\s+(?:the\s+)?(?:price\s+of\s+(.+?)|(.+?)(?:'s|’s)?\s+(?:price|cost))\s+(?:to|at)\s+(.+)$/i.exec(
      text,
    );
  if (price && (price[1] || price[2]) && price[3]) {
    const seg = findSegment((price[1] ?? price[2]) as string, ctx.segments);
    const money = parseMoney(`to ${price[3]}`, currency);
    if (!seg)
      return {
        calls: [],
        problems: [`no segment matches “${price[1] ?? price[2]}”. ${describeExisting(ctx.segments)}`],
      };
    if (!money) return { calls: [], problems: [`“${text}”: I couldn't read the price`] };
    return {
      calls: [{ toolName: "update_segment", input: { segment_id: seg.id, price: money } }],
      problems: [],
    };
  }

  const notes =
    /^(?:set|change|update)\s+(?:the\s+)?notes?\s+(?:of|for|on)\s+(.+?)\s+to\s+["“']?(.+?)["”']?$/i.exec(
      text,
    ) ?? /^add\s+(?:a\s+)?note\s+(?:to|on|for)\s+(.+?)\s*[:\-–]\s*["“']?(.+?)["”']?$/i.exec(text);
  if (notes?.[1] && notes[2]) {
    const seg = findSegment(notes[1], ctx.segments);
    if (!seg)
      return { calls: [], problems: [`no segment matches “${notes[1]}”. ${describeExisting(ctx.segments)}`] };
    return {
      calls: [{ toolName: "update_segment", input: { segment_id: seg.id, notes: notes[2].trim() } }],
      problems: [],
    };
  }

  const timeChange =
    /^(?:change|set|make)\s+(.+?)\s+(?:to|for)\s+(?:the\s+)?(morning|afternoon|evening)$/i.exec(text);
  if (timeChange?.[1]) {
    const seg = findSegment(timeChange[1], ctx.segments);
    if (seg) {
      return {
        calls: [
          {
            toolName: "move_segment",
            input: { segment_id: seg.id, day_index: seg.day, time_block: normaliseBlock(timeChange[2]) },
          },
        ],
        problems: [],
      };
    }
  }

  const add =
    /^(?:please\s+)?(?:can you\s+|could you\s+)?(?:add|book|schedule|include|insert|plan|put|reserve|let'?s (?:do|add|visit|see)|i want to (?:visit|see|do)|we want to (?:visit|see|do)|visit|see)\s+(.+)$/i.exec(
      text,
    );
  if (add?.[1]) {
    const when = extractWhen(add[1], ctx);
    if (/^(?:a\s+)?note\b/i.test(when.rest)) {
      // "add a note: …" keeps its text whole, including any "day"/"at" words in it.
      const r = segmentFromPhrase(
        add[1].replace(/\s+(?:on|for)\s+day\s+\d+\s*$/i, ""),
        { ...when, time: null },
        ctx,
      );
      return "input" in r
        ? { calls: [{ toolName: "add_segment", input: r.input }], problems: [] }
        : { calls: [], problems: [r.problem] };
    }
    const calls: PlannedCall[] = [];
    const problems: string[] = [];
    for (const item of splitItems(when.rest)) {
      const r = segmentFromPhrase(item, when, ctx);
      if ("input" in r) calls.push({ toolName: "add_segment", input: r.input });
      else problems.push(r.problem);
    }
    return { calls, problems };
  }
  return null;
}

/** Splits a message into clauses: sentences, and "… then …". */
function clauses(message: string): string[] {
  return message
    .split(/(?<=[.!?;])\s+|\s+(?:and\s+)?then\s+/i)
    .map((s) => s.trim().replace(/^(?:then|and|also|please)\s+/i, ""))
    .filter((s) => s.replace(/[^\p{L}\p{N}]/gu, "").length > 0);
}

/**
 * Interprets the user's latest message against the itinerary snapshot.
 * @param message what the user typed
 * @param ctx trip and segments parsed from the system prompt (lib/ai/context.ts)
 * @returns tool calls to make (inputs valid for lib/ai/tool-schemas.ts), a reply for when
 *          there is nothing to call, and the clauses it did not understand
 */
export function interpret(message: string, ctx: InterpretContext): Interpretation {
  const text = message.trim();
  if (/^(hi|hello|hey|help|what can you do)\b/i.test(text) && text.split(/\s+/).length <= 5) {
    return {
      calls: [],
      reply: `Hi! I'm the offline trip designer (no AI provider is configured). Try: ${EXAMPLES.map((e) => `"${e}"`).join(", ")}.`,
      notUnderstood: [],
    };
  }
  const calls: PlannedCall[] = [];
  const problems: string[] = [];
  const notUnderstood: string[] = [];
  for (const c of clauses(text)) {
    const r = interpretClause(c, ctx);
    if (!r) notUnderstood.push(c);
    else {
      calls.push(...r.calls);
      problems.push(...r.problems);
    }
  }
  if (ctx.trip?.role === "viewer" && calls.some((c) => WRITE.includes(c.toolName))) {
    const reads = calls.filter((c) => !WRITE.includes(c.toolName));
    return {
      calls: reads,
      reply: "You can only view this trip, so I can't change it. Ask the trip's owner to make you an editor.",
      notUnderstood,
    };
  }
  let reply = "";
  if (problems.length) reply = `${capitalise(problems.join(". "))}.`;
  if (notUnderstood.length && !calls.length && !problems.length) {
    reply = `I'm the offline assistant (no AI provider is configured), and I didn't understand: ${notUnderstood
      .map((n) => `“${n}”`)
      .join(", ")}. Try things like: ${EXAMPLES.map((e) => `"${e}"`).join(", ")}.`;
  }
  return { calls, reply, notUnderstood };
}
