/**
 * The offline trip designer's understanding of plain English about an itinerary. Pure and
 * deterministic: the same message, itinerary snapshot and conversation always give the same
 * tool calls (inputs valid for lib/domain/ai/tool-schemas.ts).
 *
 * A message is split into clauses; each clause loses its filler ("could you", "let's",
 * "please", "thanks") and is read by a small intent grammar (undo, preferences, trip
 * profile, questions, searches, picking a search result, clearing, swapping, moving,
 * deleting, updating, adding, planning). Days, times and hotel nights come from
 * lib/domain/ai/offline/dates.ts (chrono-node), segment references from references.ts (fuse.js),
 * money and travellers from numbers.ts, places from places.ts.
 *
 * It never guesses into the data: a reference matching several segments, a date outside the
 * trip, a missing required field or words it could not place become an `ask_question` call
 * (and no write); the question's `pending` carries what will be done with the answer, and
 * the next message is read against it first.
 */

import type { ContextSegment, ContextTrip } from "@/lib/domain/ai/context";
import type { ToolName } from "@/lib/domain/ai/tool-schemas";
import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import { findAirline } from "@/lib/domain/travel/airlines";
import { findAirport } from "@/lib/domain/travel/airports";
import {
  type Block,
  blockOfTime,
  dateOfTripDay,
  readWhen,
  type TripCalendar,
  todayIn,
  type WhenReading,
  weekdayOf,
} from "./dates";
import {
  CITY_GUIDES,
  extractInterests,
  findCityGuide,
  findSight,
  foldText,
  genericSights,
  type Sight,
} from "./destinations";
import {
  findDuration,
  findMoney,
  NUMBER_RE,
  ORDINAL_RE,
  parseNumber,
  parseOrdinal,
  readBudget,
  readTravelers,
} from "./numbers";
import { airportCode, findCities, searchablePlace, timeZoneOf } from "./places";
import { contentWords, resolveReference, segmentLabel } from "./references";

export interface PlannedCall {
  toolName: ToolName;
  input: Record<string, unknown>;
}

/** What a question's answer will be used for; stored in `ask_question.pending`. */
export interface Pending {
  kind: "segment" | "day" | "confirm" | "text";
  /** Calls to make once answered; "$choice" / "$day" / "$date" / "$text" are filled from the answer. */
  calls: PlannedCall[];
  /** Choice questions: the options offered (ids are segment ids or "yes"/"no"). */
  options?: { id: string; label: string }[];
  multiple?: boolean;
  /** Clock time to apply on the chosen day ("$day" calls with a start_time). */
  time?: string | null;
  /** For "text" questions: the message to re-read with the answer appended. */
  message?: string;
  /** Choice questions whose calls differ per option (e.g. each item's own shifted time): option id → calls. */
  perChoice?: Record<string, PlannedCall[]>;
}

/** How a read request is to be answered: which day, block, type, segments or the cost. */
export interface ReadScope {
  day?: number;
  block?: Block;
  type?: string;
  ids?: string[];
  cost?: boolean;
}

export interface Interpretation {
  calls: PlannedCall[];
  /** Text to say when there are no calls (answers, refusals, help), or to add after them. */
  reply: string;
  /** Clauses of the message that were not understood, quoted back to the user. */
  notUnderstood: string[];
  /** For get_segments calls: what the user asked about, so the answer is scoped to it. */
  scope?: ReadScope;
  /** Extra lines for the summary (e.g. budget arithmetic). */
  notes?: string[];
}

/** One offer from an earlier search in this conversation (as the search tool returned it). */
export interface SearchResults {
  kind: "flights" | "hotels" | "activities";
  input: Record<string, unknown>;
  items: Record<string, unknown>[];
}

export interface InterpretContext {
  trip: ContextTrip | null;
  segments: ContextSegment[];
  /** Today's ISO date (UTC) as the system prompt gives it; the trip's zone is applied here. */
  today?: string;
  /** The previous assistant turn's question, when it asked one. */
  pending?: Pending | null;
  /** The latest search results in the conversation, for "add the second one". */
  lastResults?: SearchResults | null;
  /** Earlier user messages of the conversation (oldest first), e.g. for the party size. */
  history?: string[];
  /** Segments the latest writing turn added, changed or moved: what "it" / "that" refers to. */
  lastSegmentIds?: string[];
}

export const EXAMPLES = [
  "add a day trip to Kyoto on day 3",
  "dinner at Ichiran on Friday at 7pm",
  "move the museum to the morning of day 2",
  "delete both dinners",
  "what's on tomorrow?",
  "set the budget to 3000 EUR",
];

const WRITE: ToolName[] = [
  "add_segment",
  "update_segment",
  "delete_segment",
  "move_segment",
  "update_trip_profile",
];

// ---------------------------------------------------------------------------------------
// Text helpers

function capitalise(s: string): string {
  return s ? (s[0]?.toUpperCase() ?? "") + s.slice(1) : s;
}

const LEAD_FILLER =
  /^(?:(?:hi|hey|hello|ok|okay|ok so|so|um|uh|hmm|right|alright|great|cool|also|and|then|now|actually|oh|oh and|btw|by the way|yeah|yes|yep|sure|perfect|awesome|nice|thanks|thank you|one more thing|another thing|next|lastly|finally|and also)[,!.:]?\s+)+/i;
const ASK_FILLER =
  /^(?:(?:please|pls|plz|kindly|can|could|would|will)\s+)?(?:(?:can|could|would|will)\s+(?:you|we|u|i)\s+(?:please\s+|pls\s+|maybe\s+|also\s+|just\s+)?|(?:i|we)(?:'d| would)\s+(?:like|love)\s+(?:you\s+)?to\s+|(?:i|we)\s+(?:want|need|wanna|would like|gotta|have to|should)\s+(?:you\s+)?(?:to\s+)?|(?:let'?s|lets|let us)\s+|(?:i'?m|we'?re)\s+(?:thinking|hoping|planning)\s+(?:of|to|about)\s+|maybe\s+|go ahead and\s+|help me\s+|(?:do you )?mind\s+|is it possible to\s+|how about\s+(?=\w+ing\b)|try (?:to\s+)?|just\s+|quickly\s+|also\s+|please\s+|pls\s+|plz\s+|kindly\s+)+/i;
const TRAIL_FILLER =
  /[\s,]*(?:(?:please|pls|plz|thanks|thank you|thx|ty|cheers|if you can|if possible|if you could|for me|for us|when you can|asap|too|as well|ok|okay|\?|!|\.|:\)|🙏|😊)[\s,.!?]*)+$/i;

function stripFiller(s: string): string {
  let t = s.trim();
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t.replace(LEAD_FILLER, "").replace(ASK_FILLER, "").replace(TRAIL_FILLER, "").trim();
    if (t === before) break;
  }
  return t;
}

/** Words that start a new request inside a sentence ("delete the karaoke and move …"). */
const VERBS =
  "add|book|schedule|put|plan|include|reserve|insert|pencil|squeeze|fit|delete|remove|cancel|drop|scrap|ditch|move|shift|push|pull|bring|reschedule|swap|switch|exchange|clear|empty|wipe|rename|retitle|change|set|update|make|find|search|look|show|list|undo|revert|get rid of|take out|what|whats|what's|how|when|where|remember|note";

/** Splits a message into clauses: sentences, "then", and "and"/"," before a new verb. */
function clauses(message: string): string[] {
  return message
    .split(
      new RegExp(
        `(?<=[.!?;])\\s+|\\s*\\n+\\s*|,?\\s+(?:and\\s+)?then\\s+|,?\\s+and\\s+(?:also\\s+|please\\s+)?(?=(?:${VERBS})\\b)|,\\s*(?:also\\s+|and\\s+)?(?=(?:${VERBS}|we|i)\\b)`,
        "i",
      ),
    )
    .map((s) => s.trim())
    .filter((s) => s.replace(/[^\p{L}\p{N}]/gu, "").length > 0);
}

/** Removes the words a title must not keep: command words, filler, dangling prepositions. */
function cleanTitle(s: string): string {
  let t = s
    .replace(/["“”‘’']/g, (c) => (c === "'" || c === "’" ? "'" : ""))
    .replace(/\s+/g, " ")
    .trim();
  for (let i = 0; i < 4; i++) {
    t = t
      .replace(/^(?:(?:a|an|the|some|us|me|them|our|my|another|one more|new|quick|little)\s+)+/i, "")
      // What is left of "a day in Kamakura" once "a day" was read as a when: "Kamakura".
      .replace(/^(?:in|on|at|to|for|from|and)\s+(?=\S)/i, "")
      .replace(
        /\s+(?:to|into|onto|on|in|for|at|of|from|and|with|by|around|during|the|then|instead|too|also|as well|again|please|in there|there)$/i,
        "",
      )
      .replace(
        /\s+(?:to|into|on|in)\s+(?:the|my|our)\s+(?:itinerary|trip|plan|schedule|calendar|list|agenda)$/i,
        "",
      )
      .replace(/\s+for\s+(?:us|me|the\s+(?:two|both|family|group|kids)\s*(?:of\s+us)?)$/i, "")
      .replace(/\s+(?:for|on|at|in)?\s*(?:our|my|your|their|that|this|the same)$/i, "")
      .replace(/\s+there$/i, "")
      .replace(/[,;:.!?-]+$/g, "")
      .trim();
  }
  return capitalise(t);
}

// ---------------------------------------------------------------------------------------
// Clause results

interface Ask {
  question: {
    id: string;
    type: "single_choice" | "multiple_choice" | "text" | "date" | "date_range";
    question: string;
    options?: { id: string; label: string }[];
  };
  reason: string;
  pending: Pending;
}

interface ClauseResult {
  calls: PlannedCall[];
  ask?: Ask;
  reply?: string;
  scope?: ReadScope;
  notes?: string[];
}

const done = (calls: PlannedCall[], extra: Partial<ClauseResult> = {}): ClauseResult => ({ calls, ...extra });
const say = (reply: string): ClauseResult => ({ calls: [], reply });

interface Env {
  ctx: InterpretContext;
  cal: TripCalendar | null;
  tz: string | null;
  /** Calls already planned by earlier clauses (for duplicate checks). */
  planned: PlannedCall[];
  /** The clause being read ended with a question mark (filler stripping removes it). */
  asked?: boolean;
  message: string;
}

function calendarOf(ctx: InterpretContext): { cal: TripCalendar | null; tz: string | null } {
  const t = ctx.trip;
  const tz = t?.destinations.map((d) => timeZoneOf(d)).find(Boolean) ?? null;
  if (!t?.startDate || !t.days) return { cal: null, tz };
  // The prompt's "today" is the UTC date. When it is the current one, "today" is read in the
  // destination's zone instead (in Tokyo it is already tomorrow from 15:00 UTC); a prompt
  // from another day (a replayed conversation, a test) keeps its own date.
  const now = new Date();
  const today = !ctx.today || ctx.today === now.toISOString().slice(0, 10) ? todayIn(tz, now) : ctx.today;
  return { cal: { startDate: t.startDate, days: t.days, today }, tz };
}

function dayLabel(env: Env, day: number): string {
  if (!env.cal) return `day ${day}`;
  const d = dateOfTripDay(env.cal, day);
  return `day ${day} (${weekdayOf(d)} ${d})`;
}

function outsideAsk(env: Env, what: string, outside: string, pending: Pending): Ask {
  const c = env.cal;
  const range = c ? `${c.startDate} – ${dateOfTripDay(c, c.days)} (days 1–${c.days})` : "the trip's dates";
  return {
    question: {
      id: "which_day",
      type: "date",
      question: `${capitalise(outside)} is outside the trip (${range}). Which day should ${what} be on?`,
    },
    reason: `${outside} is outside the trip`,
    pending,
  };
}

function chooseAsk(
  what: string,
  matches: ContextSegment[],
  pending: Omit<Pending, "kind" | "options">,
  multiple = false,
): Ask {
  const options = matches.slice(0, 12).map((s) => ({ id: s.id, label: segmentLabel(s) }));
  return {
    question: {
      id: "which_segment",
      type: multiple ? "multiple_choice" : "single_choice",
      question: multiple ? `Which of these do you mean by “${what}”?` : `Which one do you mean by “${what}”?`,
      options,
    },
    reason: `${matches.length} items match “${what}”`,
    pending: { kind: "segment", options, multiple, ...pending },
  };
}

function confirmAsk(question: string, reason: string, calls: PlannedCall[]): Ask {
  const options = [
    { id: "yes", label: "Yes, go ahead" },
    { id: "no", label: "No" },
  ];
  return {
    question: { id: "confirm", type: "single_choice", question, options },
    reason,
    pending: { kind: "confirm", calls, options },
  };
}

function textAsk(question: string, reason: string, message: string): Ask {
  return {
    question: { id: "details", type: "text", question },
    reason,
    pending: { kind: "text", calls: [], message },
  };
}

// ---------------------------------------------------------------------------------------
// References

/** Splits "the dinner on day 3" into the reference and its when-part, and narrows the pool. */
function findRef(
  env: Env,
  phrase: string,
): {
  phrase: string;
  matches: ContextSegment[];
  plural: number | "all" | null;
  unknown: string[];
  outside: string | null;
} {
  // "it", "that", "this one": the item(s) the previous turn wrote, never a guess.
  if (/^(?:it|that|this|that one|this one|them|those|these)$/i.test(phrase.trim())) {
    const last = new Set(env.ctx.lastSegmentIds ?? []);
    return {
      phrase: phrase.trim(),
      matches: env.ctx.segments.filter((s) => last.has(s.id)),
      plural: null,
      unknown: [],
      outside: null,
    };
  }
  const w = readWhen(phrase.replace(/(\w)'s\b/g, "$1"), env.cal);
  let pool = env.ctx.segments;
  if (w.day !== null) pool = pool.filter((s) => s.day === w.day);
  else if (w.days) pool = pool.filter((s) => s.day !== null && w.days?.includes(s.day));
  if (w.block) pool = pool.filter((s) => s.block === w.block);
  let core = w.day !== null || w.days || w.block ? w.rest : phrase;
  // "the second dinner", "the last activity on day 3": the n-th match in itinerary order.
  const ord = new RegExp(`^(?:the\\s+)?(${ORDINAL_RE}|last)\\s+(?=[a-z])`, "i").exec(core.trim());
  if (ord?.[1]) core = core.trim().slice(ord[0].length);
  const r = resolveReference(core || "everything", pool);
  if (ord?.[1] && r.matches.length > 1) {
    const sorted = [...r.matches].sort((a, b) => (a.day ?? 999) - (b.day ?? 999) || a.pos - b.pos);
    const n = ord[1].toLowerCase() === "last" ? sorted.length : (parseOrdinal(ord[1]) ?? 0);
    const pick = sorted[n - 1];
    r.matches = pick ? [pick] : [];
    r.plural = null;
  }
  return {
    phrase: core.trim() || phrase,
    matches: r.matches,
    plural: r.plural,
    unknown: r.unknown,
    outside: w.outside,
  };
}

function notFound(env: Env, phrase: string): ClauseResult {
  const segs = env.ctx.segments;
  if (!segs.length) return say(`There is nothing in the itinerary yet, so I couldn't find “${phrase}”.`);
  const names = segs.slice(0, 8).map((s) => `“${s.title}”`);
  return say(
    `I couldn't find “${phrase}” in the itinerary (I can see ${names.join(", ")}${segs.length > 8 ? ", …" : ""}).`,
  );
}

/** Resolves a reference to exactly one segment, or to a question / refusal. */
function oneRef(
  env: Env,
  phrase: string,
  pendingFor: (id: string) => PlannedCall[],
): { seg: ContextSegment } | { result: ClauseResult } {
  const r = findRef(env, phrase);
  if (r.outside)
    return {
      result: say(`${capitalise(r.outside)} is outside the trip, so nothing there matches “${phrase}”.`),
    };
  if (!r.matches.length) return { result: notFound(env, r.phrase) };
  if (r.matches.length > 1) {
    return { result: { calls: [], ask: chooseAsk(r.phrase, r.matches, { calls: pendingFor("$choice") }) } };
  }
  return { seg: r.matches[0] as ContextSegment };
}

// ---------------------------------------------------------------------------------------
// Intents

const UNDO =
  /^(?:undo|revert|roll ?back|reverse|take (?:that|it) back|put (?:it|that|everything) back|cancel (?:that|the last change|my last change|what you just did)|go back)\b/i;

function undoIntent(c: string): ClauseResult | null {
  if (UNDO.test(c) && c.split(/\s+/).length <= 8) return done([{ toolName: "undo_last_change", input: {} }]);
  return null;
}

const DIETS: [RegExp, string][] = [
  [/\bvegetarians?\b|\bveggie\b/, "vegetarian"],
  [/\bvegans?\b/, "vegan"],
  [/\bpescatarians?\b|\bpescetarians?\b/, "pescatarian"],
  [/\bgluten[- ]?free\b|\bco?eliac\b|\bceliac\b|\bno gluten\b/, "gluten-free"],
  [/\blactose[- ]intolerant\b|\bdairy[- ]free\b|\bno dairy\b/, "dairy-free"],
  [/\bhalal\b/, "halal"],
  [/\bkosher\b/, "kosher"],
  [
    /\b(?:allergic to|allergy to|allergies to|can'?t eat|cannot eat|don'?t eat|do not eat|no)\s+(nuts|peanuts|tree nuts|shellfish|pork|seafood|fish|beef|eggs|raw fish|meat|alcohol|sesame|soy)\b/,
    "$1",
  ],
];

const AVOIDS: [RegExp, string][] = [
  [/\bred[- ]?eyes?\b|\bovernight flights?\b/, "red-eye flights"],
  [/\blay ?overs?\b|\bstop ?overs?\b|\bconnecting flights?\b|\bconnections\b/, "layovers"],
  [/\bearly (?:morning )?flights?\b/, "early flights"],
  [/\bhostels?\b/, "hostels"],
  [/\b(?:night )?bus(?:es)?\b/, "buses"],
  [/\bbudget airlines?\b|\blow[- ]cost airlines?\b/, "budget airlines"],
  [/\bcrowds?\b|\bcrowded places\b/, "crowds"],
  [/\bearly mornings?\b|\bearly starts?\b/, "early mornings"],
  [/\bstairs\b|\blong walks\b/, "long walks"],
];

function preferenceIntent(c: string, env: Env): ClauseResult | null {
  const l = c.toLowerCase().replace(/[’`]/g, "'");
  // Dietary needs: "I'm vegetarian", "my wife is vegan", "we don't eat pork".
  if (
    /\b(?:i'?m|i am|we'?re|we are|is|are|eat|eats|diet|dietary|allergic|allergy|allergies|can'?t eat|cannot eat|don'?t eat|do not eat|no\s)\b/.test(
      l,
    ) &&
    !/\b(?:add|book|find|search)\b/.test(l)
  ) {
    const found: string[] = [];
    for (const [re, v] of DIETS) {
      const m = re.exec(l);
      if (m) found.push(v.startsWith("$") ? `no ${m[1]}` : v);
    }
    if (
      found.length &&
      /\b(?:i|we|my|our|she|he|they|partner|wife|husband|kids?|son|daughter|everyone|all|diet|dietary|allerg)/.test(
        l,
      )
    ) {
      return done([
        ...found.map((value) => ({
          toolName: "remember_preference" as const,
          input: { category: "dietary_restrictions", value },
        })),
        { toolName: "update_trip_profile", input: { dietary_restrictions: found } },
      ]);
    }
  }
  // Things never to offer: "never red-eye flights", "no layovers please", "we hate hostels".
  if (
    /^(?:never|no more|no|avoid|don'?t (?:ever )?(?:book|give|offer|suggest|want|like)|do not (?:book|offer|suggest)|we (?:hate|don'?t like|can'?t stand|dislike)|i (?:hate|don'?t like|can'?t stand|dislike)|nothing with|please no|absolutely no)\b/.test(
      l,
    )
  ) {
    for (const [re, v] of AVOIDS) {
      if (re.test(l))
        return done([{ toolName: "remember_preference", input: { category: "avoid", value: v } }]);
    }
  }
  // Stays: "we like boutique hotels", "we prefer ryokans".
  const stay =
    /\b(?:we|i)\s+(?:really\s+)?(?:like|love|prefer|enjoy|want)\s+(boutique hotels?|ryokans?|hostels?|luxury hotels?|apartments?|airbnbs?|capsule hotels?|small hotels?|design hotels?|business hotels?)\b/.exec(
      l,
    );
  if (stay?.[1] && !/\b(?:book|add|find)\b/.test(l)) {
    return done([
      { toolName: "remember_preference", input: { category: "accommodation_type", value: stay[1] } },
    ]);
  }
  // Interests: "we love food and temples", "I'm into anime", "we're big on hiking".
  const like =
    /^(?:we|i|my (?:wife|husband|partner|kids?)|the kids)\s+(?:really\s+|absolutely\s+|both\s+|all\s+)?(?:love|loves|like|likes|enjoy|enjoys|adore|are into|am into|'re into|'m into|are big on|are interested in|am interested in|are fans of|am a fan of|dig|are (?:huge |big )?fans of)\s+(.+)$/i.exec(
      c.replace(/[’`]/g, "'"),
    );
  if (like?.[1]) {
    const items = like[1]
      .split(/\s*(?:,|\band\b|&|\bplus\b|\bas well as\b)\s*/i)
      .map((s) =>
        s
          .replace(/^(?:a lot of|lots of|good|great|local|the|all kinds of|anything with|any)\s+/i, "")
          .replace(/[.!?]+$/, "")
          .trim()
          .toLowerCase(),
      )
      .filter(
        (s) => s && s.split(" ").length <= 3 && !contentWords(s).every((x) => VAGUE.has(x) || x === "them"),
      );
    if (items.length) {
      return done([
        ...items.map((value) => ({
          toolName: "remember_preference" as const,
          input: { category: "interests", value },
        })),
        { toolName: "update_trip_profile", input: { interests: items } },
      ]);
    }
  }
  void env;
  return null;
}

function partySize(env: Env, text: string): number | null {
  const here = readTravelers(text);
  if (here) return here;
  for (const h of [...(env.ctx.history ?? [])].reverse()) {
    const n = readTravelers(h);
    if (n) return n;
  }
  return null;
}

function profileIntent(c: string, env: Env): ClauseResult | null {
  const l = c.toLowerCase();
  const calls: PlannedCall[] = [];
  const notes: string[] = [];
  const hasBudget = /\b(?:budget|spend|spending|afford|max(?:imum)?|total|allowance)\b/.test(l);
  if (
    /^(?:add|book|schedule|move|delete|remove|find|search)\b/.test(l) &&
    !/^(?:set|change|update|make)\b/.test(l)
  )
    return null;
  const partyWords =
    /\b(?:solo|alone|by myself|on my own|just me|family of|party of|group of|adults?|kids|children|of us|people|persons|travell?ers|travell?ing with|friends|couples?|honeymoon|my (?:wife|husband|partner|girlfriend|boyfriend)|(?:going|coming|travell?ing) with|we are \w+$|we're \w+$|guests|pax)\b/;
  let travelers: number | null = null;
  if (
    partyWords.test(l) ||
    /^(?:make it|change it to|it's|it is|now) \w+$/.test(l) ||
    /^(?:we are|we're) \w+,/.test(l)
  ) {
    travelers = readTravelers(c);
    if (travelers && travelers >= 1 && travelers <= 50)
      calls.push({ toolName: "update_trip_profile", input: { travelers } });
  }
  if (
    hasBudget ||
    (/(?:[$€£¥]|\b(?:usd|eur|gbp|jpy|chf|bucks|dollars|euros|pounds|yen)\b)/i.test(l) &&
      /\b(?:we have|i have|we've got|we got|our|my)\b/.test(l))
  ) {
    const days = env.ctx.trip?.days ?? null;
    const b = readBudget(c, { travelers: travelers ?? partySize(env, c), days }, hasBudget);
    if (!b) {
      // "12 XYZ": an amount in a currency we don't know is asked about, never written as USD.
      const odd = findMoney(c, { bare: hasBudget }).find((m) => m.unknownCurrency)?.unknownCurrency;
      if (odd)
        return {
          calls: [],
          ask: textAsk(
            `I don't know the currency “${odd}”. Which currency is the budget in (e.g. USD, EUR, GBP, JPY)?`,
            `The budget's currency “${odd}” is not one I know`,
            c,
          ),
        };
      if (/\bper (?:person|head)\b|\beach\b/.test(l) && !partySize(env, c)) {
        return {
          calls: [],
          ask: textAsk(
            "How many travellers is the per-person budget for?",
            "The budget is per person and I don't know the party size",
            c,
          ),
        };
      }
      if (!calls.length)
        return hasBudget && /\b(?:set|change|update|make|our|my|the|is)\b/.test(l)
          ? say(`I couldn't find the amount in “${c}”, e.g. "set the budget to 3000 EUR".`)
          : null;
    } else {
      const currency = b.currency ?? env.ctx.trip?.budget?.split(" ")[1] ?? "USD";
      calls.push({ toolName: "update_trip_profile", input: { budget: { total: b.total, currency } } });
      const stated = b.perPerson && travelers === null ? readTravelers(c) : null;
      if (stated) calls.push({ toolName: "update_trip_profile", input: { travelers: stated } });
      if (b.arithmetic) notes.push(`Budget: ${b.arithmetic} ${currency}.`);
    }
  }
  const rename =
    /^(?:rename|call|retitle|name)\s+(?:the|this|our|my)\s+trip\s+(?:to\s+|as\s+)?["“']?(.+?)["”']?$/i.exec(
      c,
    ) ??
    /^(?:set|change|update|make)\s+(?:the\s+)?trip(?:'s)?\s+(?:title|name)\s+(?:to\s+)?["“']?(.+?)["”']?$/i.exec(
      c,
    );
  if (rename?.[1]) calls.push({ toolName: "update_trip_profile", input: { title: rename[1].trim() } });
  if (!calls.length) return null;
  const merged: Record<string, unknown> = {};
  for (const call of calls) Object.assign(merged, call.input);
  return done([{ toolName: "update_trip_profile", input: merged }], { notes });
}

const QUESTION_START =
  /^(?:what(?:'s| is| are| do| did| have| else)?|whats|wats|wat|when(?:'s| is| are| do)?|where(?:'s| is| are| do)?|which|how (?:much|many|long|late|early)|do we have|have we got|is there|are there|is anything|anything|show(?: me)?|list|tell me|give me|remind me|what time|any plans|are we|am i|do i have|got anything|what's happening|read|check|how does|how's|how is)\b/i;

function readIntent(c: string, env: Env): ClauseResult | null {
  const l = c.toLowerCase();
  const isQ =
    QUESTION_START.test(c) ||
    ((env.asked || /\?\s*$/.test(c)) &&
      !/^(?:add|book|move|delete|remove|can|could|put|schedule)\b/i.test(c));
  if (!isQ) return null;
  if (
    /\bwhat (?:can|should|could) (?:we|i|you) (?:do|see|visit)\b|\b(?:recommend|suggest)\b/.test(l) &&
    / in [A-Za-z]/.test(c)
  )
    return null;
  if (
    /\b(?:flights?|hotels?|stays?|things to do|activities|places to stay|accommodation)\b/.test(l) &&
    /\b(?:find|search|look|show me|any|available|options|deals|cheap)\b/.test(l) &&
    !/\b(?:our|my|the)\s+(?:flight|hotel)\b/.test(l)
  )
    return null;
  const scope: ReadScope = {};
  if (/\b(?:cost|costs|price|prices|spend|spent|budget|how much|expensive|total)\b/.test(l))
    scope.cost = true;
  const w = readWhen(c, env.cal);
  if (w.outside)
    return say(
      `${capitalise(w.outside)} is outside the trip (days 1–${env.cal?.days ?? "?"}), so nothing is planned then.`,
    );
  if (w.day !== null) scope.day = w.day;
  if (w.block && !/\b(?:what time|when)\b/.test(l)) scope.block = w.block;
  // "when is the sushi class?", "what time is dinner?"
  const about =
    /^(?:when(?:'s| is| are| do we (?:have|do))?|what time(?:'s| is| are| do we have)?|where(?:'s| is| are)?|is|are|do we have|have we got)\s+(?:the\s+|our\s+|my\s+)?(.+?)\??$/i.exec(
      w.rest,
    );
  if (about?.[1] && !/^(?:on|planned|happening|there|anything|the plan|everything)\b/i.test(about[1])) {
    const ref = about[1]
      .replace(/\b(?:booked|planned|scheduled|on|happening|again|today|tomorrow)\b/gi, "")
      .trim();
    if (ref && contentWords(ref).length) {
      const r = findRef(env, ref);
      if (r.matches.length) scope.ids = r.matches.map((s) => s.id);
      else if (!/\b(?:free|empty|nothing|something|anything)\b/.test(l)) return notFound(env, ref);
    }
  }
  if (!scope.ids) {
    for (const [re, t] of [
      [/\bflights?\b/, "flight"],
      [/\b(?:hotels?|stays?|ryokan|accommodation|sleeping|staying)\b/, "hotel"],
      [/\b(?:dinners?|lunch(?:es)?|breakfasts?|meals?|eat|eating|food|restaurants?)\b/, "meal"],
      [/\b(?:transfers?|taxis?|trains?|transport)\b/, "transfer"],
    ] as [RegExp, string][]) {
      if (re.test(l)) {
        scope.type = t;
        break;
      }
    }
  }
  return done([{ toolName: "get_segments", input: scope.day ? { day_index: scope.day } : {} }], { scope });
}

const SEARCH_VERB =
  /^(?:find|search|look(?:ing)? (?:for|up|at)|show(?: me)?|get(?: me| us)?|any|what are|are there|check|compare|need|i need|we need|browse|see)\b/i;

function searchIntent(c: string, env: Env): ClauseResult | null {
  const l = c.toLowerCase();
  const suggest =
    /\bwhat (?:can|should|could) (?:we|i|you) (?:do|see|visit)\b|\b(?:recommend|suggest)\b/i.test(c);
  if (
    !SEARCH_VERB.test(c) &&
    !suggest &&
    !/^(?:things to do|activities|what to do|sights|attractions|places to (?:see|visit|go))\b/i.test(c) &&
    !/\b(?:options|deals|available|availability|cheapest|cheap)\b/.test(l) &&
    !/^(?:flights?|hotels?|stays?)\s+(?:from|to|in)\b/.test(l)
  )
    return null;
  const trip = env.ctx.trip;
  const w = readWhen(c, env.cal);
  const dateOf = (d: number | null) => (d !== null && env.cal ? dateOfTripDay(env.cal, d) : null);
  const passengers = readTravelers(c) ?? undefined;
  if (/\bflights?\b|\bfly(?:ing)?\b|\bplane tickets?\b/.test(l)) {
    const route =
      /\bfrom\s+(.+?)\s+(?:back\s+)?(?:to|->|→)\s+(.+?)(?=\s+(?:on|for|in|departing|leaving|returning|and|around|at|next|this|under|below|with|day)\b|[,?!.]|\s+\d|$)/i.exec(
        w.rest,
      ) ??
      /\bfrom\s+(.+?)\s+(?:back\s+)?(?:to|->|→)\s+(.+?)(?=\s+(?:on|for|in|departing|leaving|returning|and|around|at|next|this|under|below|with|day)\b|[,?!.]|\s+\d|$)/i.exec(
        c,
      );
    let from = route?.[1] ? airportCode(route[1]) : null;
    let to = route?.[2] ? airportCode(route[2]) : null;
    if (!route) {
      const toOnly = /\bto\s+([A-Za-zÀ-ÿ .]+?)(?=\s+(?:on|for|in|from|and|around|at|day)\b|[,?!.]|$)/i.exec(
        c,
      );
      const fromOnly = /\bfrom\s+([A-Za-zÀ-ÿ .]+?)(?=\s+(?:on|for|in|to|and|around|at|day)\b|[,?!.]|$)/i.exec(
        c,
      );
      to = toOnly?.[1] ? airportCode(toOnly[1]) : null;
      from = fromOnly?.[1] ? airportCode(fromOnly[1]) : null;
      if (!to && from && trip?.destinations[0]) to = airportCode(trip.destinations[0]);
      // "flights to Sapporo" during a Tokyo trip leave from the trip's destination.
      if (!from && to && trip?.destinations[0]) {
        const here = airportCode(trip.destinations[0]);
        if (here !== to) from = here;
      }
    }
    if (!from || !to) {
      return {
        calls: [],
        ask: textAsk(
          "Which airports or cities should I search between (e.g. “from JFK to Tokyo”)?",
          "The route is missing",
          c,
        ),
      };
    }
    // A flight may well leave before the trip starts: a calendar date outside it is searched as given.
    const isoOutside = w.outside && /^\d{4}-\d{2}-\d{2}$/.test(w.outside) ? w.outside : null;
    if (w.outside && !isoOutside)
      return say(
        `${capitalise(w.outside)} is outside the trip, so I didn't search. Which day do you want to fly?`,
      );
    const departure = isoOutside ?? dateOf(w.day) ?? trip?.startDate;
    if (!departure) return { calls: [], ask: textAsk("On which date?", "The departure date is missing", c) };
    const ret = /\b(?:return(?:ing)?|coming back|flying back|back on|round[- ]trip)\b(.*)$/i.exec(c);
    const retWhen = ret?.[1] && env.cal ? readWhen(ret[1], env.cal) : null;
    const retIso = retWhen?.outside && /^\d{4}-\d{2}-\d{2}$/.test(retWhen.outside) ? retWhen.outside : null;
    // No date at all: the trip's own dates, there and back (the TripSage REST API's example).
    const back = ret
      ? (retIso ??
        (retWhen?.day != null ? dateOf(retWhen.day) : null) ??
        (w.day === null ? trip?.endDate : undefined))
      : !isoOutside && w.day === null
        ? trip?.endDate
        : undefined;
    const cabin = /\bbusiness\b/.test(l)
      ? "business"
      : /\bfirst class\b/.test(l)
        ? "first"
        : /\bpremium\b/.test(l)
          ? "premium_economy"
          : undefined;
    return done([
      {
        toolName: "search_flights",
        input: {
          origin: from,
          destination: to,
          departure_date: departure,
          ...(back && { return_date: back }),
          ...(passengers && passengers <= 9 && { passengers }),
          ...(cabin && { cabin_class: cabin }),
        },
      },
    ]);
  }
  if (
    /\b(?:hotels?|stays?|accommodations?|places? to stay|ryokans?|hostels?|airbnbs?|somewhere to (?:stay|sleep)|rooms?)\b/.test(
      l,
    )
  ) {
    if (!trip) return say("Open a trip first so I know the dates to search.");
    const place =
      /\b(?:in|near|around|at|close to)\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]*?)(?=\s+(?:on|for|from|and|under|below|with|during|night|nights|day)\b|[,?!.]|$)/i.exec(
        w.rest,
      );
    const named =
      place?.[1]?.trim() &&
      !/^(?:the\s+)?(?:evening|morning|afternoon|area|city|centre|center)$/i.test(place[1].trim())
        ? place[1].trim()
        : undefined;
    // A neighbourhood ("shinjuku") is searched as "Shinjuku, Tokyo": around the trip's city.
    const city = trip.destinations[0];
    const location =
      named && city && !searchablePlace(named) ? `${capitalise(named)}, ${city}` : (named ?? city);
    if (!location)
      return {
        calls: [],
        ask: textAsk("Where should I look for a place to stay?", "The location is missing", c),
      };
    if (w.outside) return say(`${capitalise(w.outside)} is outside the trip, so I didn't search.`);
    const n = w.nights;
    const from = n && n.from >= 1 ? n.from : (w.day ?? 1);
    const count = n?.count ?? (w.day !== null ? 1 : Math.max(1, (env.cal?.days ?? 2) - from));
    const checkIn = dateOf(from) ?? trip.startDate;
    const checkOut = env.cal ? dateOfTripDay(env.cal, from + count) : trip.endDate;
    const budget = readBudget(c, { travelers: 1, days: 1 });
    return done([
      {
        toolName: "search_hotels",
        input: {
          location,
          check_in: checkIn,
          check_out: checkOut,
          ...(passengers && passengers <= 16 && { guests: passengers }),
          ...(budget && /\b(?:under|below|less than|max|up to)\b/.test(l) && { budget_max: budget.total }),
        },
      },
    ]);
  }
  if (
    /\b(?:things to do|activities|what to do|what to see|sights|attractions|ideas|suggestions|tours?|(?:can|should|could) (?:we|i|you) (?:do|see|visit)|recommend|suggest)\b/.test(
      l,
    )
  ) {
    const place =
      /\b(?:in|around|near)\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]*?)(?=\s+(?:on|for|and|during|day)\b|[,?!.]|$)/i.exec(
        w.rest,
      );
    let loc = place?.[1]?.trim();
    // A neighbourhood the catalogue does not know ("harajuku") is searched within the trip's city.
    const trip = env.ctx.trip;
    const city = trip?.destinations[0];
    if (loc && city && !CATALOGUE.some((d) => foldText(d.city) === foldText(loc as string)))
      loc = `${capitalise(loc)}, ${city}`;
    return done([{ toolName: "search_activities", input: loc ? { location: loc } : {} }]);
  }
  return null;
}

function pickIntent(c: string, env: Env): ClauseResult | null {
  const l = c.toLowerCase();
  const m = new RegExp(
    `^(?:(?:add|book|take|choose|pick|select|grab|reserve|go (?:with|for)|i'?ll take|we'?ll take|let'?s do|save)\\s+)?(?:the\\s+)?(${ORDINAL_RE}|last|cheapest|top|#?\\d)\\s*(?:one|option|offer|result|flight|hotel|stay|place|choice)?s?\\b(.*)$`,
    "i",
  ).exec(l);
  if (!m?.[1]) return null;
  if (
    !/^(?:add|book|take|choose|pick|select|grab|reserve|go|i'?ll|we'?ll|let'?s|save|the)\b/.test(l) &&
    !/\b(?:one|option|offer)\b/.test(l)
  )
    return null;
  if (/\bday\b|\bnight\b|\bmorning\b|\bevening\b|\bafternoon\b/.test(m[1] + (m[2] ?? "").slice(0, 6)))
    return null;
  const res = env.ctx.lastResults;
  if (!res?.items.length)
    return say("I have no recent search results to pick from — ask me to search first.");
  const w = m[1].replace("#", "");
  const idx =
    w === "last"
      ? res.items.length - 1
      : w === "cheapest" || w === "top"
        ? 0
        : (parseOrdinal(w) ?? parseNumber(w) ?? 0) - 1;
  const item = res.items[idx];
  if (!item)
    return say(
      `There ${res.items.length === 1 ? "is only one result" : `are only ${res.items.length} results`} in the last search.`,
    );
  const cal = env.cal;
  if (res.kind === "flights") {
    const f = item as {
      airline?: string;
      flight_numbers?: string[];
      departure?: { airport: string; time: string };
      arrival?: { airport: string; time: string };
      price?: { total: number; currency: string };
    };
    const num = f.flight_numbers?.[0] ?? "";
    const depDate = f.departure?.time.slice(0, 10) ?? "";
    const day = cal ? dayOfTrip(cal, depDate) : null;
    return done([
      {
        toolName: "add_segment",
        input: {
          type: "flight",
          title: `Flight ${num} ${f.departure?.airport} → ${f.arrival?.airport}`,
          ...(day !== null && { day_index: day }),
          ...(f.departure?.time && { start_time: f.departure.time.slice(0, 16) }),
          ...(f.arrival?.time && { end_time: f.arrival.time.slice(0, 16) }),
          location: { iata_code: f.arrival?.airport },
          ...(f.price && { price: { amount: f.price.total, currency: f.price.currency } }),
          details: {
            carrier: f.airline ?? num.slice(0, 2),
            flight_number: num,
            origin: f.departure?.airport,
            destination: f.arrival?.airport,
            ...(f.departure?.time && { departure_local: f.departure.time.slice(0, 16) }),
            ...(f.arrival?.time && { arrival_local: f.arrival.time.slice(0, 16) }),
          },
        },
      },
    ]);
  }
  if (res.kind === "activities") {
    // The day: said now ("add the second one on day 4"), else the one the search named.
    const now = readWhen(m[2] ?? "", cal);
    const asked = readWhen(String(res.input.message ?? ""), cal);
    if (now.outside) return say(`${capitalise(now.outside)} is outside the trip, so I added nothing.`);
    const day = now.day ?? asked.day;
    const title = String((item as { name?: string }).name ?? "");
    if (!title) return say("That result has no name I could add.");
    const dup = env.ctx.segments.find((s) => s.day === day && foldText(s.title) === foldText(title));
    if (dup && day !== null) return say(`“${dup.title}” is already on ${dayLabel(env, day)}.`);
    return done([
      {
        toolName: "add_segment",
        input: {
          type: "activity",
          title,
          ...(day !== null && { day_index: day }),
          ...((now.block ?? asked.block) && { time_block: now.block ?? asked.block }),
        },
      },
    ]);
  }
  const h = item as { name?: string; neighborhood?: string; price?: { total: number; currency: string } };
  const checkIn = String(res.input.check_in ?? "");
  const checkOut = String(res.input.check_out ?? "");
  const day = cal ? dayOfTrip(cal, checkIn) : null;
  return done([
    {
      toolName: "add_segment",
      input: {
        type: "hotel",
        title: h.name ?? "Hotel",
        ...(day !== null && { day_index: day, time_block: "evening" }),
        ...(h.neighborhood && { location: { name: h.neighborhood } }),
        ...(h.price && { price: { amount: h.price.total, currency: h.price.currency } }),
        details: { ...(checkIn && { check_in: checkIn }), ...(checkOut && { check_out: checkOut }) },
      },
    },
  ]);
}

function dayOfTrip(cal: TripCalendar, iso: string): number | null {
  const n =
    Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${cal.startDate}T00:00:00Z`)) / 86_400_000) + 1;
  return n >= 1 && n <= cal.days ? n : null;
}

/** Reads a phrase that should be only a day/block ("day 3", "friday", "the evening"). */
function onlyWhen(phrase: string, env: Env): WhenReading | null {
  const w = readWhen(phrase, env.cal);
  const leftover = contentWords(
    w.rest.replace(/\b(?:instead|please|again|then|same|next|that|over|back)\b/gi, ""),
  );
  if (leftover.length) return null;
  if (w.day === null && !w.block && !w.time && !w.outside && w.position === null && !w.days) return null;
  return w;
}

function clearIntent(c: string, env: Env): ClauseResult | null {
  const m =
    /^(?:clear|empty|wipe|free up|clean)\s+(?:out\s+|up\s+)?(?:everything (?:on|from)\s+)?(.+)$/i.exec(c) ??
    /^(?:delete|remove|cancel|drop|scrap|get rid of|take out|ditch)\s+(?:everything|all(?: the)? (?:stuff|plans|things|items|activities|segments)|all of it|all|the whole day)\s+(?:on|from|for|in|of)\s+(.+)$/i.exec(
      c,
    ) ??
    /^(?:delete|remove|cancel|drop|clear)\s+(?:all of\s+)?(day\s+\w+|tomorrow|today)$/i.exec(c);
  if (!m?.[1]) return null;
  const w = onlyWhen(m[1].replace(/^(?:the\s+)?(?:schedule|plan|plans)\s+(?:for|on)\s+/i, ""), env);
  if (!w) return null;
  if (w.outside) return say(`${capitalise(w.outside)} is outside the trip, so there is nothing to clear.`);
  if (w.day === null) return null;
  const segs = env.ctx.segments.filter((s) => s.day === w.day && (!w.block || s.block === w.block));
  if (!segs.length)
    return say(`There is nothing on ${dayLabel(env, w.day)}${w.block ? ` in the ${w.block}` : ""} to clear.`);
  return done(segs.map((s) => ({ toolName: "delete_segment" as const, input: { segment_id: s.id } })));
}

function moveAllIntent(c: string, env: Env): ClauseResult | null {
  const m =
    /^(?:move|shift|push|bring|put)\s+(?:everything|all(?: the)? (?:stuff|plans|things|items|activities|segments)?|all of it|all|the whole day)\s+(?:from|on|of)\s+(.+?)\s+(?:to|onto|into|over to)\s+(.+)$/i.exec(
      c,
    ) ??
    /^(?:move|shift|push)\s+(day\s+\w+|tomorrow|today|\w+day)(?:'s (?:plans|stuff|activities))?\s+(?:to|onto)\s+(.+)$/i.exec(
      c,
    );
  if (!m?.[1] || !m[2]) return null;
  const a = onlyWhen(m[1], env);
  const b = onlyWhen(m[2], env);
  if (!a || !b) return null;
  if (a.outside || b.outside)
    return say(`${capitalise((a.outside ?? b.outside) as string)} is outside the trip, so I moved nothing.`);
  if (a.day === null || b.day === null) return null;
  const segs = env.ctx.segments
    .filter((s) => s.day === a.day && (!a.block || s.block === a.block))
    .sort((x, y) => x.pos - y.pos);
  if (!segs.length) return say(`There is nothing on ${dayLabel(env, a.day)} to move.`);
  return done(
    segs.map((s) => ({
      toolName: "move_segment" as const,
      input: {
        segment_id: s.id,
        day_index: b.day,
        ...(b.block ? { time_block: b.block } : s.block ? { time_block: s.block } : {}),
      },
    })),
  );
}

function swapIntent(c: string, env: Env): ClauseResult | null {
  const m =
    /^(?:swap|switch|exchange|flip|trade|interchange)\s+(?:around\s+)?(.+?)\s+(?:and|with|&|for)\s+(.+?)(?:\s+around)?$/i.exec(
      c,
    );
  if (!m?.[1] || !m[2]) return null;
  let left = m[1];
  let right = m[2];
  if (/^days?\s+\w+$/i.test(left) && /^\w+$/.test(right) && parseNumber(right)) right = `day ${right}`;
  left = left.replace(/^days\s+/i, "day ");
  const a = onlyWhen(left, env);
  const b = onlyWhen(right, env);
  if (a && b) {
    if (a.outside || b.outside)
      return say(
        `${capitalise((a.outside ?? b.outside) as string)} is outside the trip, so I swapped nothing.`,
      );
    if (a.day === null || b.day === null || a.day === b.day) return null;
    const da = env.ctx.segments.filter((s) => s.day === a.day).sort((x, y) => x.pos - y.pos);
    const db = env.ctx.segments.filter((s) => s.day === b.day).sort((x, y) => x.pos - y.pos);
    if (!da.length && !db.length) return say(`Days ${a.day} and ${b.day} are both empty.`);
    const mv = (s: ContextSegment, day: number) => ({
      toolName: "move_segment" as const,
      input: { segment_id: s.id, day_index: day, ...(s.block ? { time_block: s.block } : {}) },
    });
    return done([...da.map((s) => mv(s, b.day as number)), ...db.map((s) => mv(s, a.day as number))]);
  }
  // Two segments trade places: "swap the museum and the dinner".
  const ra = findRef(env, left);
  const rb = findRef(env, right);
  if (ra.matches.length === 1 && rb.matches.length === 1) {
    const x = ra.matches[0] as ContextSegment;
    const y = rb.matches[0] as ContextSegment;
    if (x.id === y.id) return null;
    return done([
      {
        toolName: "move_segment",
        input: {
          segment_id: x.id,
          day_index: y.day,
          position: y.pos,
          ...(y.block && { time_block: y.block }),
        },
      },
      {
        toolName: "move_segment",
        input: {
          segment_id: y.id,
          day_index: x.day,
          position: x.pos,
          ...(x.block && { time_block: x.block }),
        },
      },
    ]);
  }
  if (ra.matches.length > 1 || rb.matches.length > 1) {
    const which = ra.matches.length > 1 ? ra : rb;
    return {
      calls: [],
      reply: `More than one item matches “${which.phrase}”: ${which.matches.map(segmentLabel).join("; ")}. Which do you mean?`,
    };
  }
  return null;
}

const DELETE =
  /^(?:delete|remove|cancel|drop|scrap|ditch|nix|axe|cut|skip|forget(?: about)?|get rid of|take (?:out|off)|lose|kill|erase|unbook|scratch)\s+(.+?)(?:\s+(?:from|off)\s+(?:the\s+|my\s+|our\s+)?(?:itinerary|trip|plan|plans|schedule|list|calendar))?$/i;

function deleteIntent(c: string, env: Env): ClauseResult | null {
  let target: string | undefined =
    DELETE.exec(c)?.[1] ??
    /^(?:take|knock|cross|strike|scratch)\s+(.+?)\s+(?:off|out)(?:\s+(?:of\s+)?(?:the|my|our)\s+(?:itinerary|plan|plans|list|schedule|trip))?$/i.exec(
      c,
    )?.[1];
  if (!target) {
    const m =
      /^(?:i|we)\s+(?:don'?t|do not|no longer|won'?t)\s+(?:want|wanna|need|plan|have time)\s+(?:to\s+)?(?:do|go to|visit|see|have|go)\s+(?:to\s+)?(.+?)(?:\s+(?:anymore|any more|after all))?$/i.exec(
        c,
      ) ??
      /^(?:we'?re|we are|i'?m|i am)\s+(?:skipping|dropping|cancell?ing)\s+(.+)$/i.exec(c) ??
      /^(?:we'?re|we are|i'?m|i am)\s+(?:not|no longer)\s+(?:doing|going to|going|having|visiting)\s+(?:to\s+)?(.+?)(?:\s+(?:anymore|any more|after all))?$/i.exec(
        c,
      ) ??
      /^(?:no more|no)\s+(.+?)(?:\s+(?:anymore|any more|please))?$/i.exec(c) ??
      /^(.+?)\s+(?:is|was|got|has been)\s+(?:cancelled|canceled|off|called off)$/i.exec(c);
    target = m?.[1];
    if (!target) return null;
    if (/^(?:red|lay|hostel|bus|early)/i.test(target)) return null;
  }
  target = target.replace(/\s+(?:anymore|any more|after all|instead|now)$/i, "").trim();
  const r = findRef(env, target);
  if (r.outside)
    return say(`${capitalise(r.outside)} is outside the trip, so nothing there matches “${target}”.`);
  const del = (id: string) => ({ toolName: "delete_segment" as const, input: { segment_id: id } });
  // "the karaoke, the museum and the temple": each part must name exactly one item.
  const parts = target.split(/\s*,\s*(?:and\s+)?|\s+(?:and|&|plus)\s+/i).filter(Boolean);
  if (!r.matches.length && parts.length > 1) {
    const ids: string[] = [];
    for (const part of parts) {
      const pr = findRef(env, part);
      if (pr.outside || !pr.matches.length) return notFound(env, pr.phrase);
      if (pr.matches.length > 1 && pr.plural === null) {
        return { calls: [], ask: chooseAsk(pr.phrase, pr.matches, { calls: [del("$choice")] }) };
      }
      ids.push(...pr.matches.map((s) => s.id));
    }
    return done([...new Set(ids)].map(del));
  }
  if (!r.matches.length) return notFound(env, r.phrase);
  if (
    /^(?:everything|all|it all|all of it|the whole (?:trip|itinerary|plan)|all segments)$/i.test(
      r.phrase.trim(),
    )
  ) {
    return {
      calls: [],
      ask: confirmAsk(
        `Delete all ${r.matches.length} items of the itinerary?`,
        "Deleting everything is not undone lightly",
        r.matches.map((s) => del(s.id)),
      ),
    };
  }
  if (r.plural === "all" || (r.plural === 2 && r.matches.length === 2))
    return done(r.matches.map((s) => del(s.id)));
  if (typeof r.plural === "number" && r.matches.length !== r.plural) {
    return { calls: [], ask: chooseAsk(r.phrase, r.matches, { calls: [del("$choice")] }, true) };
  }
  if (r.matches.length > 1)
    return { calls: [], ask: chooseAsk(r.phrase, r.matches, { calls: [del("$choice")] }) };
  return done([del((r.matches[0] as ContextSegment).id)]);
}

/** Tries each " to/on/before/after " split: left = a reference, right = a when or a neighbour. */
function moveIntent(c: string, env: Env): ClauseResult | null {
  const verb =
    /^(?:move|shift|push|pull|bring|reschedule|put|switch|change|do|have|make|relocate|postpone|slide|bump)\s+(.+)$/i.exec(
      c,
    );
  // "put", "do", "have", "make" also add new things: a reference that matches nothing is left to adding.
  const ambiguous = /^(?:put|do|have|make|switch|change)\b/i.test(c);
  let body = verb?.[1]
    ?.replace(/\s+(?:forward|forwards|back|ahead|over|along|up)(?=\s+(?:to|on|into|onto|until|till)\b)/i, "")
    .replace(/\s+to\s+(?:right\s+|just\s+)?(before|after)\s+/i, " $1 ");
  let forceMove = false;
  if (!body) {
    const should = /^(.+?)\s+(?:should|needs to|has to|must|can|will)\s+(?:be|go|happen|move)\s+(.+)$/i.exec(
      c,
    );
    if (!should?.[1] || !should[2]) return null;
    body = `${should[1]} ${/^(?:on|to|in|at|before|after)\b/i.test(should[2]) ? "" : "to "}${should[2]}`;
    forceMove = true;
  }
  // "move the karaoke one day later", "push the museum to the next day".
  const shift =
    /^(.+?)\s+(?:by\s+)?(one|a|two|three|\d+)\s+days?\s+(later|earlier|forward|back|ahead|sooner)$/i.exec(
      body,
    ) ?? /^(.+?)\s+(?:to\s+)?the\s+(next|following|previous|prior)\s+day$/i.exec(body);
  if (shift?.[1] && shift[2]) {
    const later = shift[3] ? /later|ahead|forward/i.test(shift[3]) : /next|following/i.test(shift[2]);
    const n = shift[3] ? (parseNumber(shift[2]) ?? 1) : 1;
    const target = oneRef(env, shift[1], (id) => [
      { toolName: "move_segment", input: { segment_id: id, day_index: null } },
    ]);
    if ("result" in target)
      return target.result.ask
        ? say(`More than one item matches “${shift[1]}”; tell me which one to move.`)
        : target.result;
    const from = target.seg.day;
    if (from === null)
      return say(`“${target.seg.title}” isn't on a day yet; tell me which day it should go to.`);
    const to = from + (later ? n : -n);
    if (!env.cal || to < 1 || to > env.cal.days)
      return say(
        `Day ${to} is outside the trip (days 1–${env.cal?.days ?? "?"}), so I didn't move “${target.seg.title}”.`,
      );
    const b = target.seg.block;
    return done([
      {
        toolName: "move_segment",
        input: { segment_id: target.seg.id, day_index: to, ...(b && { time_block: b }) },
      },
    ]);
  }
  const splitter = /\s+(to|on|into|onto|for|until|till|before|after|in|at|over to|back to|up to)\s+/gi;
  for (const m of body.matchAll(splitter)) {
    const left = body.slice(0, m.index).trim();
    const prep = (m[1] ?? "").toLowerCase();
    const right = body.slice((m.index ?? 0) + m[0].length).trim();
    if (!left || !right || !contentWords(left).length) continue;
    if (prep === "before" || prep === "after") {
      const other = findRef(env, right);
      if (other.matches.length !== 1) {
        if (other.matches.length > 1)
          return say(
            `More than one item matches “${other.phrase}”: ${other.matches.map(segmentLabel).join("; ")}. Which one do you mean?`,
          );
        continue;
      }
      const o = other.matches[0] as ContextSegment;
      if (o.day === null)
        return say(`“${o.title}” isn't on a day yet, so I can't place something ${prep} it.`);
      const target = oneRef(env, left, (id) => [
        { toolName: "move_segment", input: { segment_id: id, day_index: o.day, position: o.pos } },
      ]);
      if ("result" in target) return target.result;
      const s = target.seg;
      if (s.id === o.id) return null;
      let position = prep === "before" ? o.pos : o.pos + 1;
      if (s.day === o.day && s.pos < o.pos) position -= 1;
      return done([
        {
          toolName: "move_segment",
          input: {
            segment_id: s.id,
            day_index: o.day,
            position: Math.max(0, position),
            ...(o.block && { time_block: o.block }),
          },
        },
      ]);
    }
    const same = /^(?:the\s+)?same\s+day\s+as\s+(.+)$/i.exec(right);
    if (same?.[1]) {
      const other = findRef(env, same[1]);
      const day = other.matches.length === 1 ? (other.matches[0]?.day ?? null) : null;
      if (day === null) continue;
      const target = oneRef(env, left, (id) => [
        { toolName: "move_segment", input: { segment_id: id, day_index: day } },
      ]);
      if ("result" in target) return target.result;
      const b = target.seg.block;
      return done([
        {
          toolName: "move_segment",
          input: { segment_id: target.seg.id, day_index: day, ...(b && { time_block: b }) },
        },
      ]);
    }
    const hint = /\b(?:dinner|drinks|bar|izakaya|nightlife|karaoke)\b/i.test(left)
      ? "evening"
      : /\blunch\b/i.test(left)
        ? "afternoon"
        : null;
    const w = readWhen(`${prep} ${right}`, env.cal, hint);
    const leftover = contentWords(
      w.rest.replace(
        /\b(?:instead|please|again|then|same|that|over|back|rather|than|earlier|later|one|it)\b/gi,
        "",
      ),
    );
    if (leftover.length) continue;
    if (w.day === null && !w.block && !w.time && !w.outside && w.position === null) continue;
    const buildCalls = (
      id: string,
      seg: ContextSegment | null,
      day: number | "$day" | null,
    ): PlannedCall[] => {
      const calls: PlannedCall[] = [];
      const targetDay = day ?? seg?.day ?? null;
      const block = w.block ?? (w.time ? null : (seg?.block ?? null));
      const changesPlace = day !== null || w.block || w.position !== null;
      if (changesPlace || !w.time) {
        calls.push({
          toolName: "move_segment",
          input: {
            segment_id: id,
            day_index: targetDay,
            ...(block && { time_block: block }),
            ...(w.position === 0 && { position: 0 }),
          },
        });
      }
      if (w.time) {
        const start =
          typeof targetDay === "number" && env.cal ? `${dateOfTripDay(env.cal, targetDay)}T${w.time}` : null;
        calls.push({
          toolName: "update_segment",
          input: {
            segment_id: id,
            ...(start ? { start_time: start } : {}),
            time_block: w.block ?? "morning",
          },
        });
      }
      return calls;
    };
    const target = oneRef(env, left, (id) => buildCalls(id, null, w.outside ? "$day" : w.day));
    if ("result" in target) {
      if (ambiguous && target.result.reply && !target.result.ask) return null;
      if (forceMove || verb) return target.result;
      continue;
    }
    const seg = target.seg;
    if (w.outside) {
      return {
        calls: [],
        ask: outsideAsk(env, `“${seg.title}”`, w.outside, {
          kind: "day",
          calls: buildCalls(seg.id, seg, "$day"),
          time: w.time,
        }),
      };
    }
    const calls = buildCalls(seg.id, seg, w.day);
    if (calls.length && calls[0]?.toolName === "move_segment" && calls[0].input.day_index === null) {
      return {
        calls: [],
        ask: {
          question: { id: "which_day", type: "date", question: `Which day should “${seg.title}” go to?` },
          reason: "The day is missing",
          pending: { kind: "day", calls: buildCalls(seg.id, seg, "$day"), time: w.time },
        },
      };
    }
    return done(calls);
  }
  return null;
}

const TYPE_NAMES: Record<string, string> = {
  meal: "meal",
  restaurant: "meal",
  dinner: "meal",
  lunch: "meal",
  activity: "activity",
  tour: "activity",
  hotel: "hotel",
  stay: "hotel",
  transfer: "transfer",
  taxi: "transfer",
  train: "transfer",
  meeting: "meeting",
  note: "note",
};

const SHIFT_LATER = /\b(?:later|back|delay(?:ed)?|postpone[ds]?|push(?:ed)?\s+(?:it\s+|them\s+)?back)\b/i;
const SHIFT_EARLIER = /\b(?:earlier|sooner|forward|ahead)\b/i;
const SHIFT_VERB =
  /^(?:move|push|shift|bump|make|have|put|set|start|begin|delay|postpone|bring|pull|change|reschedule|let)\b\s*/i;

/**
 * Relative time changes: "move dinner one hour later", "push it back 30 minutes", "the museum
 * an hour earlier", "delay the karaoke by half an hour", "bring lunch forward 15 min". The
 * item keeps its day; its start time moves by the amount and its time block follows. An item
 * without a start time, or a shift past midnight, is refused with the reason (nothing written).
 */
function shiftIntent(c: string, env: Env): ClauseResult | null {
  const d = findDuration(c);
  if (!d) return null;
  const rest = `${c.slice(0, d.index)} ${c.slice(d.index + d.text.length)}`;
  const later = SHIFT_LATER.test(rest) || /^(?:delay|postpone)\b/i.test(c);
  const earlier = SHIFT_EARLIER.test(rest) || /^(?:move|bring|bump|pull)\b.*\bup\b/i.test(rest);
  if (later === earlier) return null;
  // A clause that names a day or a clock time is a move or a time change, not a shift.
  const ref = rest
    .replace(SHIFT_VERB, "")
    .replace(/\b(?:by|later|earlier|sooner|forward|ahead|back|up|delayed|postponed|pushed)\b/gi, " ")
    .replace(
      /\b(?:(?:the\s+)?(?:start(?:ing)?\s+)?time\s+(?:of|for)|start(?:s|ing)?|begins?|should|to|be|is)\b/gi,
      " ",
    )
    .replace(/(?:'s|’s)\s+(?:start\s+)?time\b/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!ref || readWhen(ref, env.cal).consumed.length) return null;
  const shift = (later ? 1 : -1) * d.minutes;
  const t = oneRef(env, ref, () => []);
  if ("result" in t) {
    // Several matches: ask which, then shift that one (the answer fills $choice).
    const r = findRef(env, ref);
    if (r.matches.length > 1) {
      const calls = r.matches.map((m) => shiftCall(env, m, shift)).filter((x) => "call" in x);
      if (calls.length === r.matches.length) {
        return {
          calls: [],
          ask: chooseAsk(r.phrase, r.matches, {
            calls: [],
            perChoice: Object.fromEntries(
              r.matches.map((m, i) => [m.id, [(calls[i] as { call: PlannedCall }).call]]),
            ),
          }),
        };
      }
    }
    return t.result;
  }
  const one = shiftCall(env, t.seg, shift);
  return "call" in one ? done([one.call]) : say(one.refusal);
}

/** "1 hour", "30 minutes", "1 h 30 min". */
function lengthText(minutes: number): string {
  const m = Math.abs(minutes);
  if (m % 60 === 0) return `${m / 60} hour${m === 60 ? "" : "s"}`;
  if (m < 60) return `${m} minutes`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The update_segment call that moves `seg`'s start by `minutes`, or why it cannot. */
function shiftCall(
  env: Env,
  seg: ContextSegment,
  minutes: number,
): { call: PlannedCall } | { refusal: string } {
  if (!seg.time)
    return {
      refusal: `“${seg.title}” has no start time yet, so I can't move it ${lengthText(minutes)} ${minutes > 0 ? "later" : "earlier"}. Tell me the time it should start (e.g. “${seg.title} at 8pm”).`,
    };
  if (seg.day === null || !env.cal)
    return {
      refusal: `“${seg.title}” is not on a day of the trip yet; tell me the day and time it should start.`,
    };
  const [h, m] = seg.time.split(":").map(Number);
  const total = (h ?? 0) * 60 + (m ?? 0) + minutes;
  if (total < 0 || total >= 24 * 60)
    return {
      refusal: `Moving “${seg.title}” ${lengthText(minutes)} ${minutes > 0 ? "later" : "earlier"} would leave its day, so I changed nothing; move it to another day instead.`,
    };
  const time = `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
  return {
    call: {
      toolName: "update_segment",
      input: {
        segment_id: seg.id,
        start_time: `${dateOfTripDay(env.cal, seg.day)}T${time}`,
        time_block: blockOfTime(time),
      },
    },
  };
}

function updateIntent(c: string, env: Env): ClauseResult | null {
  const unq = (s: string) =>
    s
      .trim()
      .replace(/^["“'‘]|["”'’]$/g, "")
      .trim();
  // Rename: "rename the dinner to Sushi night", "call the museum 'Mori Art Museum'".
  const rename =
    /^(?:rename|retitle|relabel)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i.exec(c) ??
    /^(?:change|set|update)\s+(?:the\s+)?(?:name|title)\s+of\s+(.+?)\s+to\s+(.+)$/i.exec(c) ??
    /^(?:change|set|update)\s+(.+?)(?:'s|’s)\s+(?:name|title)\s+to\s+(.+)$/i.exec(c) ??
    /^call\s+(.+?)\s+["“'‘](.+)["”'’]$/i.exec(c);
  if (rename?.[1] && rename[2]) {
    const title = unq(rename[2]);
    const t = oneRef(env, rename[1], (id) => [
      { toolName: "update_segment", input: { segment_id: id, title } },
    ]);
    if ("result" in t) return t.result;
    return done([{ toolName: "update_segment", input: { segment_id: t.seg.id, title } }]);
  }
  // Notes: "add a note to the dinner: bring cash", "note on the hotel: late check-in".
  const note =
    /^(?:change|set|update)\s+(?:the\s+)?(.+?)(?:'s)?\s+notes?\s+to\s+(.+)$/i.exec(c) ??
    /^(?:add|put|attach|leave|write)\s+(?:a\s+|some\s+)?notes?\s+(?:to|on|for)\s+(.+?)\s*(?::|-|–|saying|that says|that)\s*(.+)$/i.exec(
      c,
    ) ??
    /^(?:set|change|update)\s+(?:the\s+)?notes?\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i.exec(c) ??
    /^notes?\s+(?:on|for)\s+(.+?)\s*:\s*(.+)$/i.exec(c);
  // "add a note for day 4: buy a suica card" is a note on the day, not on an item of it.
  const dayOnly = (ref: string) => {
    const r = readWhen(ref, env.cal);
    return (r.day !== null || r.outside !== null) && !contentWords(r.rest).length;
  };
  if (note?.[1] && note[2] && !dayOnly(note[1])) {
    // "… to say meet at the shrine": the words after "say" are the note.
    const notes = unq(
      unq(note[2]).replace(/^(?:to\s+)?(?:say|says|read|reads|saying)\s*(?::\s*)?(?:that\s+)?/i, ""),
    );
    const t = oneRef(env, note[1], (id) => [
      { toolName: "update_segment", input: { segment_id: id, notes } },
    ]);
    if ("result" in t) return t.result;
    return done([{ toolName: "update_segment", input: { segment_id: t.seg.id, notes } }]);
  }
  // Price: "the dinner costs ¥8000", "set the price of the tour to $120".
  const price =
    /^(?:set|change|update|make)\s+(?:the\s+)?(?:price|cost)\s+(?:of|for)\s+(.+?)\s+(?:to|at)\s+(.+)$/i.exec(
      c,
    ) ??
    /^(?:set|change|update)\s+(.+?)(?:'s|’s)?\s+(?:price|cost)\s+(?:to|at)\s+(.+)$/i.exec(c) ??
    /^(.+?)\s+(?:costs?|is|was|will be)\s+((?:[$€£¥]|\d).+?)(?:\s+(?:per person|each|total|in total))?$/i.exec(
      c,
    );
  if (price?.[1] && price[2]) {
    const b = readBudget(price[2], { travelers: null, days: null }, true);
    if (b && !/\b(?:am|pm|o'?clock)\b|:\d\d/i.test(price[2])) {
      const currency = b.currency ?? env.ctx.trip?.budget?.split(" ")[1] ?? "USD";
      const p = { amount: b.stated, currency };
      const t = oneRef(env, price[1], (id) => [
        { toolName: "update_segment", input: { segment_id: id, price: p } },
      ]);
      if ("result" in t) return t.result;
      return done([{ toolName: "update_segment", input: { segment_id: t.seg.id, price: p } }]);
    }
  }
  // Location: "the dinner is at Sukiyabashi Jiro", "set the location of the hotel to Shinjuku".
  const loc =
    /^(?:set|change|update)\s+(?:the\s+)?(?:location|address|place|venue)\s+(?:of|for)\s+(.+?)\s+to\s+(.+)$/i.exec(
      c,
    ) ??
    /^(?:set|change|update)\s+(.+?)(?:'s|’s)\s+(?:location|address|venue)\s+to\s+(.+)$/i.exec(c) ??
    /^(.+?)\s+(?:is|will be|has moved|moved)\s+(?:actually\s+|now\s+)?(?:at|in|to)\s+(?!\d)(.+?)(?:\s+(?:now|instead|actually))?$/i.exec(
      c,
    );
  if (loc?.[1] && loc[2] && !readWhen(loc[2], env.cal).consumed.length) {
    const name = capitalise(unq(loc[2]));
    const t = oneRef(env, loc[1], (id) => [
      { toolName: "update_segment", input: { segment_id: id, location: { name } } },
    ]);
    if ("result" in t)
      return /^(?:set|change|update)\b/i.test(c) || findRef(env, loc[1]).matches.length > 1 ? t.result : null;
    return done([{ toolName: "update_segment", input: { segment_id: t.seg.id, location: { name } } }]);
  }
  // Type: "make the karaoke a meal", "change the ramen to a meal", "the tour is actually a transfer",
  // "make the sushi class a meal instead of an activity".
  const typed = c.replace(
    /\s+(?:instead(?:\s+of\s+(?:an?\s+)?[\w ]+?)?|rather than\s+(?:an?\s+)?[\w ]+?|not an?\s+\w+)$/i,
    "",
  );
  const type =
    /^(?:change|set)\s+the\s+type\s+of\s+(.+?)\s+to\s+(?:an?\s+)?(meal|restaurant|activity|tour|hotel|stay|transfer|meeting|note)$/i.exec(
      typed,
    ) ??
    /^(?:make|change|turn|mark|set)\s+(.+?)\s+(?:to|into|as)?\s*(?:an?\s+)(meal|restaurant|activity|tour|hotel|stay|transfer|meeting|note)\b$/i.exec(
      typed,
    ) ??
    /^(.+?)\s+is\s+(?:actually\s+|really\s+)?an?\s+(meal|activity|hotel|transfer|meeting|note)$/i.exec(typed);
  if (type?.[1] && type[2]) {
    const newType = TYPE_NAMES[type[2].toLowerCase()] ?? "activity";
    const t = oneRef(env, type[1], (id) => [
      { toolName: "update_segment", input: { segment_id: id, type: newType } },
    ]);
    if ("result" in t) return t.result;
    return done([{ toolName: "update_segment", input: { segment_id: t.seg.id, type: newType } }]);
  }
  // Time: "change the dinner to 8pm", "the sushi class starts at 10", "make lunch 12:30".
  const time =
    /^(?:make|have|let)\s+(.+?)\s+(?:start|begin|be)\s+(?:at\s+)?(.+)$/i.exec(c) ??
    /^(?:change|set|make|update|move|push|shift|bump)\s+(?:the\s+)?(?:(?:start\s+)?time\s+of\s+|start\s+of\s+)?(.+?)\s+(?:to|at|for)?\s*((?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?|noon|midday|midnight)(?:\s+instead)?)$/i.exec(
      c,
    ) ??
    /^(.+?)\s+(?:starts?|begins?|is|will be|should start|should be|now starts)\s+(?:now\s+)?(?:at\s+)(.+)$/i.exec(
      c,
    );
  if (time?.[1] && time[2] && !/\b(?:day|night|days|nights)\s+\d+$/i.test(c)) {
    const hint = /\b(?:dinner|drinks|bar|izakaya|karaoke)\b/i.test(time[1]) ? "evening" : null;
    const w = readWhen(`at ${time[2].replace(/\s+instead$/i, "")}`, env.cal, hint);
    if (w.time && !contentWords(w.rest).length) {
      const mk = (id: string, seg: ContextSegment | null): PlannedCall[] => {
        const day = w.day ?? seg?.day ?? null;
        const start = day && env.cal ? `${dateOfTripDay(env.cal, day)}T${w.time}` : null;
        return [
          {
            toolName: "update_segment",
            input: { segment_id: id, ...(start && { start_time: start }), time_block: w.block ?? "morning" },
          },
        ];
      };
      // "move X to day 5 at 7pm" is a move; "the dinner on saturday" only names the item.
      if (
        readWhen(time[1], env.cal).day !== null &&
        /\b(?:to|onto|into|until|till)\s+(?:the\s+)?(?:day|\d|\w+day\b|tomorrow|next|last|first|final|\w+(?:st|nd|rd|th)\b)/i.test(
          time[1],
        )
      )
        return null;
      const t = oneRef(env, time[1], (id) => mk(id, null));
      if ("result" in t) return t.result;
      if (t.seg.day === null && w.day === null) {
        return {
          calls: [],
          ask: {
            question: {
              id: "which_day",
              type: "date",
              question: `Which day is “${t.seg.title}” at ${w.time}?`,
            },
            reason: "The item has no day yet",
            pending: {
              kind: "day",
              calls: [
                {
                  toolName: "move_segment",
                  input: { segment_id: t.seg.id, day_index: "$day", time_block: w.block },
                },
                {
                  toolName: "update_segment",
                  input: { segment_id: t.seg.id, start_time: "$date", time_block: w.block },
                },
              ],
              time: w.time,
            },
          },
        };
      }
      return done(mk(t.seg.id, t.seg));
    }
  }
  // "change the hotel to Hotel Gracery": a new name (capitalised, not a day, time, type or price).
  const renameTo =
    /^(?:change|switch|replace|swap)\s+(.+?)\s+(?:to|with|for)\s+(?:the\s+)?([A-Z0-9].*)$/.exec(c);
  if (
    renameTo?.[1] &&
    renameTo[2] &&
    !readWhen(renameTo[2], env.cal).consumed.length &&
    !findMoney(renameTo[2]).length
  ) {
    const title = unq(renameTo[2]);
    const t = oneRef(env, renameTo[1], (id) => [
      { toolName: "update_segment", input: { segment_id: id, title } },
    ]);
    if ("result" in t) return t.result;
    return done([{ toolName: "update_segment", input: { segment_id: t.seg.id, title } }]);
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Adding

const ADD_VERB =
  /^(?:add|book|schedule|put|pencil in|squeeze in|fit in|slot in|include|insert|reserve|arrange|organi[sz]e|set up|throw in|plan|get|grab|have|do|visit|see|go to|go|head to|check out|try|eat at|stop by|drop by|pop into|take|catch|hit|explore|need|want|i want|we want|add in)\b\s*/i;

const HOTEL_WORDS =
  /\b(hotel|ryokan|hostel|airbnb|guest ?house|capsule hotel|inn|apartment|accommodation|lodging|stay(?:ing)? (?:at|in)|check[- ]in at|a room|love hotel|minshuku|hyatt|hilton|marriott|sheraton|westin|ritz[- ]carlton|four seasons|mandarin oriental|aman|peninsula|okura|apa|toyoko|dormy inn|hoshinoya|conrad|intercontinental|prince|onsen resort|resort)\b/i;
const MEAL_WORDS =
  /\b(table (?:at|for)|dinner|lunch|breakfast|brunch|supper|meal|restaurant|izakaya|ramen|sushi|yakitori|tempura|omakase|kaiseki|okonomiyaki|tonkatsu|udon|soba|coffee|caf[eé]|drinks|bbq|barbecue|street food|food tour|bento|teppanyaki|wagyu|dessert|tea|picnic|eat|eating|feast)\b/i;
const ACTIVITY_OVERRIDE =
  /\b(class|classes|workshop|lesson|tour|course|experience|making|tasting tour|show|ceremony|museum|market|visit|walk|hike|cruise)\b/i;
const TRANSFER_WORDS =
  /\b(taxi|cab|uber|train|shinkansen|bullet train|bus|coach|ferry|shuttle|transfer|subway|metro|limousine bus|car|ride|pick-?up|drop-?off|narita express|n'?ex|monorail|skyliner|rental car)\b/i;
/** A flight number: "JL5", "NH 10", "jl5" (lower case only when written together). */
const FLIGHT_NO = /\b(?:([A-Z][A-Z0-9]|[0-9][A-Z])\s?|([a-z][a-z0-9]))(\d{1,4})\b/;

function transferMode(word: string): string {
  const w = word.toLowerCase();
  if (/taxi|cab|uber/.test(w)) return "taxi";
  if (/train|shinkansen|express|n'?ex|monorail|skyliner/.test(w)) return "train";
  if (/bus|coach|limousine/.test(w)) return "bus";
  if (/ferry/.test(w)) return "ferry";
  if (/subway|metro/.test(w)) return "subway";
  if (/car|ride|pick|drop/.test(w)) return "car";
  return "other";
}

/** Words that name nothing in particular ("something fun", "the thing with the stuff"). */
const VAGUE = new Set([
  "thing",
  "stuff",
  "something",
  "anything",
  "everything",
  "fun",
  "cool",
  "nice",
  "interesting",
  "whatever",
  "it",
  "that",
  "this",
  "sth",
  "idea",
  "more",
  "else",
]);

interface AddOutcome {
  calls: PlannedCall[];
  ask?: Ask;
  reply?: string;
}

function timeFields(
  env: Env,
  day: number | null,
  time: string | null,
  endTime?: string | null,
): Record<string, unknown> {
  if (!time || day === null || !env.cal) return {};
  const date = dateOfTripDay(env.cal, day);
  return {
    start_time: `${date}T${time}`,
    ...(endTime && endTime > time && { end_time: `${date}T${endTime}` }),
    ...(env.tz && { timezone: env.tz }),
  };
}

function flightAdd(c: string, w: WhenReading, env: Env): AddOutcome | null {
  const l = c.toLowerCase();
  const num = [...c.matchAll(new RegExp(FLIGHT_NO.source, "g"))]
    .map((m) => [m[0], (m[1] ?? m[2] ?? "").toUpperCase(), m[3]] as const)
    .find((m) => findAirline(m[1]) && !/^(?:AM|PM|AT|ON|IN|TO|BY|OR|NO|IS|BE|DO|GO|UP|US|WE|MY)$/.test(m[1]));
  const isFlight =
    /\b(?:flight|flights|fly|flying|flies|land|landing|lands|arrive by plane|plane|depart(?:ing)? (?:from|at) [A-Z]{3}|take ?off)\b/i.test(
      c,
    ) || Boolean(num);
  if (!isFlight || (/\b(?:taxi|train|bus|transfer|shuttle|hotel)\b/i.test(l) && !num)) return null;
  if (!num && !/\bflight\b/i.test(c) && !/\b(?:land|landing|lands|fly|flying)\b/i.test(c)) return null;
  const code = num?.[1]?.toUpperCase() ?? "";
  const flightNumber = num ? `${code}${num[2]}` : "";
  const airline = code ? findAirline(code) : undefined;
  const iata = (s: string | undefined) => (s ? airportCode(s, true) : null);
  const route =
    /\bfrom\s+([A-Za-zÀ-ÿ .]+?)\s+(?:to|->|→|into)\s+([A-Za-zÀ-ÿ .]+?)(?=\s+(?:on|at|in|for|and|day|arriving|landing|departing|leaving)\b|[,.!?]|$)/i.exec(
      w.rest,
    ) ?? /\b([A-Z]{3})\s*(?:to|->|→|-|–)\s*([A-Z]{3})\b/.exec(w.rest);
  let origin = iata(route?.[1]);
  let destination = iata(route?.[2]);
  if (!route) {
    const land =
      /\b(?:land(?:s|ing)?|arriv(?:e|es|ing)|get(?:ting)? in|touch(?:ing)? down)\s+(?:at|in|into)\s+([A-Za-zÀ-ÿ]+(?:\s+[A-Za-zÀ-ÿ]+)?)/i.exec(
        w.rest,
      ) ?? /\b(?:to|into)\s+([A-Z]{3})\b/.exec(w.rest);
    const dep =
      /\b(?:from|leav(?:e|es|ing)|depart(?:s|ing)?(?: from)?)\s+([A-Za-zÀ-ÿ]+(?:\s+[A-Za-zÀ-ÿ]+)?)/i.exec(
        w.rest,
      );
    destination = iata(land?.[1]?.replace(/\s+(?:on|at|with)$/i, "")) ?? iata(land?.[1]?.split(" ")[0]);
    origin = iata(dep?.[1]?.replace(/\s+(?:on|at|with)$/i, "")) ?? iata(dep?.[1]?.split(" ")[0]);
  }
  const arriving = /\b(?:land|lands|landing|arrive|arrives|arriving|get in|touch down)\b/i.test(c);
  const missing: string[] = [];
  if (!flightNumber) missing.push("the flight number");
  // An arrival ("we land at NRT at 7am on JL5") is recorded without its origin: the REST
  // model allows it, and no route table says where a flight number comes from.
  if (!origin && !(arriving && destination)) missing.push("where it departs from");
  if (!destination) missing.push("where it lands");
  if (missing.length) {
    return {
      calls: [],
      ask: textAsk(
        `To add the flight I need ${missing.join(", ")} (IATA codes or cities), e.g. “flight JL5 from JFK to NRT on day 1 at 11am”.`,
        `A flight needs ${missing.join(", ")}`,
        c,
      ),
    };
  }
  if (w.outside)
    return {
      calls: [],
      ask: outsideAsk(env, `flight ${flightNumber}`, w.outside, {
        kind: "day",
        calls: [],
        message: c,
      } as Pending),
    };
  const day = w.day ?? (arriving && !w.outside ? 1 : null);
  const local = w.time && day !== null && env.cal ? `${dateOfTripDay(env.cal, day)}T${w.time}` : undefined;
  const tz = findAirport(arriving ? (destination as string) : (origin as string))?.time_zone;
  return {
    calls: [
      {
        toolName: "add_segment",
        input: {
          type: "flight",
          title: origin
            ? `Flight ${flightNumber} ${origin} → ${destination}`
            : `Flight ${flightNumber} to ${destination}`,
          ...(day !== null && { day_index: day }),
          ...(w.block && { time_block: w.block }),
          ...(local && { start_time: local }),
          ...(local && tz && { timezone: tz }),
          location: { iata_code: destination },
          details: {
            carrier: airline?.name ?? code,
            flight_number: flightNumber,
            ...(origin && { origin }),
            destination,
            ...(local && (arriving ? { arrival_local: local } : { departure_local: local })),
          },
        },
      },
    ],
  };
}

/** Builds add_segment calls for one thing to add (already stripped of its verb). */
function buildAdd(phrase: string, env: Env, original: string): AddOutcome {
  const mealHint = /\b(?:dinner|drinks|izakaya|bar|karaoke|supper)\b/i.test(phrase)
    ? "evening"
    : /\blunch\b/i.test(phrase)
      ? "afternoon"
      : null;
  // A note keeps its text whole.
  const noteM =
    /^(?:a\s+)?(?:note|reminder)\b\s*(?::|-|–|that|saying|to)?\s*(.+)$/i.exec(phrase) ??
    /^remind (?:me|us) to\s+(.+)$/i.exec(phrase);
  const lead = noteM?.[1]
    ? /^(?:for|on)\s+(.+?)\s*[:\-–,]\s*(.+)$/i.exec(
        noteM[1].replace(/^(?:to|on|for)\s+(?=(?:to|on|for)\s)/i, ""),
      )
    : null;
  if (lead?.[1] && lead[2]) {
    const w = readWhen(lead[1], env.cal);
    if (!contentWords(w.rest).length && (w.day !== null || w.outside)) {
      if (w.outside)
        return { calls: [], reply: `${capitalise(w.outside)} is outside the trip, so I added nothing.` };
      return {
        calls: [
          { toolName: "add_segment", input: { type: "note", title: cleanTitle(lead[2]), day_index: w.day } },
        ],
      };
    }
  }
  if (noteM?.[1]) {
    const w = readWhen(noteM[1], env.cal);
    const trailing = /\s+(?:on|for)\s+(?:day\s+\w+|\w+day|tomorrow|today)\s*$/i.exec(noteM[1]);
    const title = cleanTitle(trailing ? noteM[1].slice(0, trailing.index) : noteM[1]);
    if (w.outside && trailing)
      return { calls: [], reply: `${capitalise(w.outside)} is outside the trip, so I added nothing.` };
    return {
      calls: [
        {
          toolName: "add_segment",
          input: { type: "note", title, ...(trailing && w.day !== null && { day_index: w.day }) },
        },
      ],
    };
  }
  // "a walk through Yoyogi park before the temple": on the day and in the block of that item.
  const near = /\s+(?:right\s+|just\s+)?(before|after)\s+(.+)$/i.exec(phrase);
  if (
    near?.[2] &&
    !/^(?:lunch|dinner|breakfast|brunch|noon|midday|\d)/i.test(near[2]) &&
    !/\bday$/i.test(phrase.slice(0, near.index)) &&
    !readWhen(near[2], env.cal).consumed.length
  ) {
    const nr = findRef(env, near[2]);
    if (nr.matches.length > 1) {
      return {
        calls: [],
        reply: `More than one item matches “${nr.phrase}”: ${nr.matches.map(segmentLabel).join("; ")}. Which one should it go ${near[1]}?`,
      };
    }
    const found = nr.matches[0];
    if (found?.day != null) {
      phrase = `${phrase.slice(0, near.index)} on day ${found.day}${found.block ? ` ${found.block}` : ""}`;
    }
  }
  const w = readWhen(phrase, env.cal, mealHint);
  const flight = flightAdd(phrase, w, env);
  if (flight) return flight;
  let rest = w.rest;
  let type: string = "activity";
  const details: Record<string, unknown> = {};
  let block: Block | null = w.block;
  const hotel = HOTEL_WORDS.exec(rest);
  const transfer = TRANSFER_WORDS.exec(rest);
  const meal = MEAL_WORDS.exec(rest);
  const firstAt = (m: RegExpExecArray | null) => (m ? m.index : 1e9);
  if (/^(?:day\s*trip|trip|excursion|side trip)\b/i.test(rest)) type = "activity";
  else if (/\b(?:meeting|meet(?:ing)? up with|meet with|meet|call with)\b/i.test(rest)) type = "meeting";
  else if (
    transfer &&
    firstAt(transfer) <= Math.min(firstAt(hotel), firstAt(meal)) &&
    /\b(?:from|to|at|back|into|airport)\b/i.test(rest) &&
    !ACTIVITY_OVERRIDE.test(rest.slice(0, transfer.index))
  )
    type = "transfer";
  else if ((hotel && firstAt(hotel) <= firstAt(meal)) || (w.nights && !meal && !transfer)) type = "hotel";
  else if (
    meal &&
    (!ACTIVITY_OVERRIDE.test(rest) ||
      (/^(?:dinner|lunch|breakfast|brunch|supper)$/i.test(meal[1] ?? "") &&
        firstAt(meal) < firstAt(ACTIVITY_OVERRIDE.exec(rest))))
  )
    type = "meal";
  else if (transfer && /\b(?:from|to)\b/i.test(rest) && !ACTIVITY_OVERRIDE.test(rest)) type = "transfer";
  if (type === "transfer" && transfer?.[1]) {
    details.mode = transferMode(transfer[1]);
    const from = /\bfrom\s+(?:the\s+)?(.+?)(?=\s+(?:to|into)\s+|$)/i.exec(rest);
    const to = /\b(?:to|into)\s+(?:the\s+)?(.+)$/i.exec(rest);
    if (from?.[1]) details.from = capitalise(from[1].trim());
    if (to?.[1]) details.to = capitalise(to[1].trim());
  }
  if (type === "meal" && !block) {
    const mw =
      /\b(dinner|supper|lunch|breakfast|brunch)\b/i.exec(rest)?.[1]?.toLowerCase() ??
      meal?.[1]?.toLowerCase() ??
      "";
    block = /dinner|supper|drinks|izakaya|yakitori/.test(mw)
      ? "evening"
      : /breakfast|brunch|coffee/.test(mw)
        ? "morning"
        : /lunch/.test(mw)
          ? "afternoon"
          : null;
  }
  rest = rest
    .replace(
      /^(?:(?:a|an|the|our)\s+)?(?:hotel|stay|flight|note|meal|activity|restaurant|transfer)\s*:\s*/i,
      "",
    )
    .replace(
      /^(?:(?:a|an|the)\s+)?(?:hotel|ryokan|hostel|stay|room)\s+(?:called\s+|named\s+)?(?=[A-ZÀ-Ý])(?=.*\b(?:H[oô]tel|Ryokan|Inn|Hyatt|Hilton|[A-ZÀ-Ý][a-zà-ÿ]+)\b)/,
      "",
    )
    .replace(/^(?:us|me|them)\s+/i, "")
    .replace(/\b(?:for|at)\s+(?:us|me)\b/gi, " ");
  // Known sights keep their proper names ("the Louvre" → "Louvre Museum").
  // Only a name the user capitalised: "izakaya" stays generic, "the Louvre" is the museum.
  const sight = /[A-Z]/.test(rest) ? findSight(rest, env.ctx.trip?.destinations ?? []) : null;
  let title = sight
    ? sight.sight.title
    : cleanTitle(
        rest.replace(
          /^(?:visit(?:ing)?|see(?:ing)?|do(?:ing)?|go(?:ing)? to|check(?:ing)? out|stay(?:ing)? (?:at|in)|a stay (?:at|in)|eat(?:ing)? at)\s+/i,
          "",
        ),
      );
  if (type === "hotel") {
    const named = /^(?:a\s+|the\s+)?(?:hotel|stay|room|accommodation)\s+(?:at|called|named)\s+(.+)$/i.exec(
      title,
    );
    if (named?.[1]) title = cleanTitle(named[1]);
  }
  if (/^day\s*trip\s+to\s+/i.test(title))
    title = title.replace(/^day\s*trip\s+to\s+(.)/i, (_, ch: string) => `Day trip to ${ch.toUpperCase()}`);
  if (title && contentWords(title).every((x) => VAGUE.has(x))) {
    return {
      calls: [],
      ask: textAsk("What exactly should I add?", "The request does not name anything to add", original),
    };
  }
  if (!title || contentWords(title).length === 0) {
    if (type === "activity")
      return {
        calls: [],
        ask: textAsk(
          `What should I add${w.day ? ` on day ${w.day}` : ""}?`,
          "I couldn't tell what to add",
          original,
        ),
      };
    title = capitalise(meal?.[1] ?? hotel?.[1] ?? transfer?.[1] ?? type);
  }
  if (type === "hotel") {
    const n = w.nights;
    const from = n && n.from >= 1 ? n.from : w.day;
    if (from !== null && env.cal) {
      const count = n?.count ?? 1;
      details.check_in = dateOfTripDay(env.cal, from);
      details.check_out = dateOfTripDay(env.cal, from + count);
    }
  }
  const days = w.days ?? (w.day !== null ? [w.day] : [null]);
  const base = (day: number | null): Record<string, unknown> => ({
    type,
    title: title.slice(0, 200),
    ...(day !== null && {
      day_index: type === "hotel" && w.nights && w.nights.from >= 1 ? w.nights.from : day,
    }),
    ...(block && { time_block: block }),
    ...timeFields(env, day, w.time, w.endTime),
    ...(type === "hotel" && !block && day !== null && { time_block: "evening" }),
    ...(Object.keys(details).length && { details }),
    ...(type === "meal" && sight === null && /\b(?:at|in)\s+[A-Z]/.test(phrase) ? {} : {}),
  });
  if (w.outside) {
    const pending: Pending = {
      kind: "day",
      calls: [{ toolName: "add_segment", input: { ...base(null), day_index: "$day" } }],
      time: w.time,
    };
    return { calls: [], ask: outsideAsk(env, `“${title}”`, w.outside, pending) };
  }
  // A clock time without a day ("add dinner at 7pm"): ask which day rather than leave it unscheduled.
  if (w.time && days.length === 1 && days[0] === null && env.cal && type !== "note") {
    const pending: Pending = {
      kind: "day",
      calls: [{ toolName: "add_segment", input: { ...base(null), day_index: "$day" } }],
      time: w.time,
    };
    return {
      calls: [],
      ask: {
        question: {
          id: "which_day",
          type: "date",
          question: `Which day should “${title}” at ${w.time} be on?`,
        },
        reason: "The request gives a time but no day",
        pending,
      },
    };
  }
  // Words after the item that ask for something else ("… and figure out the jr pass stuff"):
  // offer the part understood and say what was not, rather than write it into the title.
  const tail =
    /\s+(?:and|then|also|plus|&)\s+(?:(?:i|we)\s+(?:need|have|want)\s+to\s+|(?:need|have|want)\s+to\s+|also\s+)?((?:figure|sort|work|think|look|check|find|get|buy|book|decide|plan|organi[sz]e|arrange|handle|deal|research|ask|call|remember|make|do|see|try|pick|choose|tell|help|let|send|print|pay|confirm|cancel|change|fix)\b.*)$/i.exec(
      title,
    );
  if (tail?.[1] && tail.index > 0) {
    const kept = cleanTitle(title.slice(0, tail.index));
    if (kept && contentWords(kept).length) {
      const one = { ...base(days[0] ?? null), title: kept.slice(0, 200) };
      return {
        calls: [],
        ask: confirmAsk(
          `I can add “${kept}”${days[0] ? ` on ${dayLabel(env, days[0])}` : ""}${w.time ? ` at ${w.time}` : ""}, but I didn't understand “${tail[1].trim()}”. Add “${kept}” now?`,
          "Part of the request was not understood",
          [{ toolName: "add_segment", input: one }],
        ),
      };
    }
  }
  const calls: PlannedCall[] = [];
  for (const day of days) {
    const existing = env.ctx.segments.find((s) => s.day === day && foldText(s.title) === foldText(title));
    if (existing && day !== null)
      return {
        calls: [],
        reply: `“${existing.title}” is already on ${dayLabel(env, day)}, so I didn't add it twice.`,
      };
    calls.push({ toolName: "add_segment", input: base(day) });
  }
  return { calls };
}

/** Splits "a cooking class and a wine tasting" into items unless it reads as one name. */
function splitItems(rest: string): string[] {
  // A flight or a transfer is one thing however many commas it has.
  if (FLIGHT_NO.test(rest) || /\b(?:flight|flying|land|landing|lands|taxi|train|transfer|from)\b/i.test(rest))
    return [rest.trim()];
  const parts = rest
    .split(
      /\s*,\s*(?:and\s+)?|\s+(?:and|plus|&)\s+(?=(?:a|an|the|some|dinner|lunch|breakfast|brunch|drinks|visit|another)\b)/i,
    )
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length > 1 && parts.every((x) => contentWords(x).length > 0) ? parts : [rest.trim()];
}

function addIntent(c: string, env: Env): ClauseResult | null {
  if (/\b(?:delete|remove|cancel|move|swap|clear|undo|rename|reschedule)\b/i.test(c)) return null;
  if (/^(?:change|update|set|edit|modify|replace|switch|make)\b/i.test(c)) return null;
  // Opinions and questions are not requests: "I think dinner on day 3 is too late", "do you think …".
  if (
    /^(?:do|does|did|have|has|is|are|was|were|should|would)\s+(?:you|we|i|they|it|the|this|that)\b/i.test(c)
  )
    return null;
  if (
    /\b(?:think|thinking|feel|sure|worth|wonder|worried|excited|hope|guess|seems?|looks?|too (?:late|early|long|much)|not)\b/i.test(
      c,
    ) &&
    !/^(?:add|book|schedule|put|plan|include|reserve)\b/i.test(c)
  )
    return null;
  const verb = ADD_VERB.exec(c);
  let body: string;
  if (verb) body = c.slice(verb[0].length);
  else {
    // No verb: "dinner at Ichiran on Friday at 7pm", "we land at NRT at 7am on JL5", "taxi from Haneda".
    const l = c.toLowerCase();
    const typed =
      MEAL_WORDS.test(l) ||
      HOTEL_WORDS.test(l) ||
      TRANSFER_WORDS.test(l) ||
      FLIGHT_NO.test(c) ||
      /\b(?:land|landing|flight|flying)\b/.test(l) ||
      /\bday\s*trip\b/.test(l);
    const w = readWhen(c, env.cal);
    // A bare word ("dinner", "hotel") is not a request: it needs a when, a place or a flight number.
    if (!w.consumed.length && !FLIGHT_NO.test(c) && !/\b(?:at|in|from|to|near)\s+\S/i.test(c)) return null;
    // A thing with both a day and a clock time reads as an entry to add ("imperial palace
    // east gardens on the last day at 10am") unless it names an item already planned.
    const scheduled =
      w.day !== null &&
      Boolean(w.time) &&
      /\d|\bnoon\b|\bmidday\b|\bmidnight\b/i.test(w.consumed.join(" ")) &&
      !/\b(?:now|right now|currently)\b/i.test(c) &&
      contentWords(w.rest).length > 0 &&
      !/^(?:what|when|where|how|which|why|who|is|are|do|does|can|could)\b/i.test(c) &&
      !findRef(env, w.rest).matches.length;
    // Naming an item already planned ("the national museum on day 5 at 2pm") is not an add.
    if (contentWords(w.rest).length && findRef(env, w.rest).matches.length) return null;
    if (
      !typed &&
      !scheduled &&
      !(
        w.consumed.length &&
        /^(?:a |an |the )?[a-z]/i.test(w.rest) &&
        /\b(?:class|tour|visit|museum|temple|shrine|park|market|show|trip)\b/i.test(l)
      )
    )
      return null;
    body = c
      .replace(/^(\w+(?:\s+\w+)?)\s+(?:is|will be)\s+(?=(?:at|in)\s)/i, "$1 ")
      .replace(
        /^(?:we(?:'re| are| will| 'll)?|i(?:'m| am| will|'ll)?|our|my)\s+(?:(?:going to|gonna|planning to|want to|wanna|would like to)\s+)?(?:have|having|do|doing|take|taking|grab|get|go for|going for|visit|visiting|see|seeing|are|is|be|will)?\s*/i,
        "",
      );
    if (/^(?:what|when|where|how|which|why|who)\b/i.test(body)) return null;
  }
  body = body.replace(/^(?:in|on)\s+(?=\w)/i, (m) => (/^(?:in|on)\s+$/i.test(m) ? "" : m)).trim();
  if (!body) return null;
  const calls: PlannedCall[] = [];
  // A part that is only when-words ("…, morning") belongs to the item before it.
  const items: string[] = [];
  for (const part of splitItems(body)) {
    if (items.length && !contentWords(readWhen(part, env.cal).rest).length)
      items[items.length - 1] += ` ${part}`;
    else items.push(part);
  }
  for (const item of items) {
    // Shared when-words ("a cooking class and a wine tasting on day 3") apply to every item.
    const shared = splitItems(body).length > 1 ? readWhen(body, env.cal) : null;
    let phrase = item;
    if (shared && readWhen(item, env.cal).consumed.length === 0) {
      const tail = body.slice(body.lastIndexOf(splitItems(body).at(-1) as string));
      const wTail = readWhen(tail, env.cal);
      if (wTail.consumed.length) phrase = `${item} ${wTail.consumed.join(" ")}`;
    }
    // "…and a ryokan there for that night": the day of the item before.
    const prevDay = calls.at(-1)?.input.day_index;
    if (typeof prevDay === "number") {
      phrase = phrase
        .replace(/\b(?:for\s+)?(?:that|the same)\s+night\b/i, `for night ${prevDay}`)
        .replace(/\b(?:on\s+)?(?:that|the same)\s+(?:day|evening|morning|afternoon)\b/i, (m) =>
          /evening|morning|afternoon/i.test(m)
            ? `on day ${prevDay} ${m.split(/\s+/).at(-1)}`
            : `on day ${prevDay}`,
        );
    }
    const r = buildAdd(phrase, env, c);
    if (r.ask) return { calls: [], ask: r.ask };
    if (r.reply) return { calls, reply: r.reply };
    calls.push(...r.calls);
  }
  return done(calls);
}

// ---------------------------------------------------------------------------------------
// Planning

function planIntent(c: string, env: Env): ClauseResult | null {
  const days = new RegExp(`\\bplan\\b.*?\\b(${NUMBER_RE}|a|an)[- ](?:days?|nights?)\\b`, "i").exec(c);
  const rest =
    /\b(?:plan|fill(?: in| up)?|suggest|sort out|organi[sz]e)\s+(?:out\s+)?(?:the\s+)?(?:rest of (?:the|our|my) (?:trip|week|days)|remaining days|empty days|free days|whole trip|entire trip|trip|itinerary|week|days)\b/i.test(
      c,
    );
  const planDay =
    /^(?:plan|fill(?: in| up)?|suggest something for|suggest stuff for)\s+(?:out\s+)?(.+)$/i.exec(c);
  const w = planDay?.[1] && !rest && !days ? onlyWhen(planDay[1], env) : null;
  if (!days && !rest && !w) return null;
  const trip = env.ctx.trip;
  const guide = findCityGuide(c) ?? (trip ? findCityGuide(trip.destinations.join(" ")) : null);
  const cityName = guide?.name ?? findCities(c)[0]?.name ?? trip?.destinations[0];
  if (!cityName)
    return { calls: [], ask: textAsk("Which city should I plan?", "The destination is missing", c) };
  if (w?.outside) return say(`${capitalise(w.outside)} is outside the trip, so I planned nothing.`);
  const interests = extractInterests(env.message);
  const sights: Sight[] = guide?.sights ?? genericSights(cityName);
  const score = (s: Sight) => s.tags.filter((t) => interests.includes(t)).length;
  const ranked = sights.map((s, i) => ({ s, i })).sort((x, y) => score(y.s) - score(x.s) || x.i - y.i);
  const existing = new Set(env.ctx.segments.map((s) => foldText(s.title)));
  const used = new Set<Sight>(sights.filter((s) => existing.has(foldText(s.title))));
  const total = trip?.days ?? (parseNumber(days?.[1]) || 3);
  let targetDays: number[];
  if (w?.day) targetDays = [w.day];
  else if (rest) {
    const busy = new Set(env.ctx.segments.map((s) => s.day));
    const from =
      env.cal && dayOfTrip(env.cal, env.cal.today) ? (dayOfTrip(env.cal, env.cal.today) as number) : 1;
    targetDays = Array.from({ length: total }, (_, i) => i + 1).filter((d) => d >= from && !busy.has(d));
    if (!targetDays.length) return say("Every remaining day already has plans; tell me which day to add to.");
  } else {
    const asked = parseNumber(days?.[1]) ?? total;
    targetDays = Array.from({ length: Math.max(1, Math.min(asked, total)) }, (_, i) => i + 1);
  }
  const calls: PlannedCall[] = [];
  if (days || (guide && !trip?.destinations.some((d) => foldText(d) === foldText(cityName)))) {
    const destinations = [...new Set([...(trip?.destinations ?? []), cityName])];
    calls.push({
      toolName: "update_trip_profile",
      input: { destinations, ...(interests.length ? { interests } : {}) },
    });
  }
  for (const day of targetDays) {
    for (const block of ["morning", "afternoon", "evening"] as Block[]) {
      if (env.ctx.segments.some((s) => s.day === day && s.block === block)) continue;
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
  const asked = parseNumber(days?.[1]);
  if (asked && asked > total) notes.push(`Your trip has ${total} days, so I planned ${total}.`);
  return done(calls, { notes });
}

// ---------------------------------------------------------------------------------------
// Answers to a pending question

function fillPlaceholders(calls: PlannedCall[], values: Record<string, unknown>): PlannedCall[] {
  const fill = (v: unknown): unknown => {
    if (typeof v === "string" && v in values) return values[v];
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return calls.map((c) => ({ toolName: c.toolName, input: fill(c.input) as Record<string, unknown> }));
}

/** Reads the user's answer to the previous question; null when the message is something else. */
function answerPending(message: string, env: Env): Interpretation | null {
  const p = env.ctx.pending;
  if (!p) return null;
  const text = stripFiller(message)
    .replace(/[.!?]+$/, "")
    .trim();
  const l = foldText(text);
  if (
    /^(?:no|nope|cancel|never ?mind|nevermind|forget it|neither|none|stop|don t)\b/.test(l) &&
    l.split(" ").length <= 4
  ) {
    return { calls: [], reply: "OK, I left the itinerary as it is.", notUnderstood: [] };
  }
  if (p.kind === "confirm") {
    if (/^(?:yes|yeah|yep|sure|ok|okay|go ahead|do it|please do|confirm|correct|right)\b/.test(l))
      return { calls: p.calls, reply: "", notUnderstood: [] };
    return null;
  }
  if (p.kind === "segment") {
    const opts = p.options ?? [];
    const chosen: string[] = [];
    if (/^(?:both|all|all of them|both of them|every one|each)\b/.test(l))
      chosen.push(...opts.map((o) => o.id));
    for (const o of opts) {
      if (text.toLowerCase() === o.id.toLowerCase() || l === foldText(o.label)) chosen.push(o.id);
    }
    if (!chosen.length) {
      const ord = new RegExp(`^(?:the\\s+)?(${ORDINAL_RE}|last|\\d+)(?:\\s+one)?$`, "i").exec(text);
      if (ord?.[1]) {
        const i = ord[1].toLowerCase() === "last" ? opts.length - 1 : (parseOrdinal(ord[1]) ?? 0) - 1;
        const o = opts[i];
        if (o) chosen.push(o.id);
      }
    }
    if (!chosen.length) {
      const pool = env.ctx.segments.filter((s) => opts.some((o) => o.id === s.id));
      const r = findRef(env, text);
      const hits = r.matches.filter((s) => pool.some((x) => x.id === s.id));
      if (hits.length === 1 || (p.multiple && hits.length)) chosen.push(...hits.map((s) => s.id));
      else if (hits.length > 1)
        return {
          calls: [],
          reply: `That still matches ${hits.length} items: ${hits.map(segmentLabel).join("; ")}.`,
          notUnderstood: [],
        };
    }
    const ids = [...new Set(chosen)];
    if (!ids.length) return null;
    if (!p.multiple && ids.length > 1 && !/^(?:both|all)/.test(l)) return null;
    return {
      calls: ids.flatMap((id) => p.perChoice?.[id] ?? fillPlaceholders(p.calls, { $choice: id })),
      reply: "",
      notUnderstood: [],
    };
  }
  if (p.kind === "day") {
    const w = readWhen(text, env.cal);
    if (w.outside)
      return {
        calls: [],
        reply: `${capitalise(w.outside)} is outside the trip too (days 1–${env.cal?.days ?? "?"}).`,
        notUnderstood: [],
      };
    const day = w.day ?? (/^\d+$/.test(text) ? Number(text) : null);
    if (day === null || !env.cal || day < 1 || day > env.cal.days) return null;
    const time = w.time ?? p.time ?? null;
    const date = `${dateOfTripDay(env.cal, day)}${time ? `T${time}` : ""}`;
    let calls = fillPlaceholders(p.calls, { $day: day, $date: date });
    if (p.message && !calls.length)
      return interpret(`${p.message.replace(/\b(?:on|for)\s+\S+\s*$/i, "")} on day ${day}`, {
        ...env.ctx,
        pending: null,
      });
    if (time) {
      calls = calls.map((c) =>
        c.toolName === "add_segment"
          ? {
              ...c,
              input: { ...c.input, start_time: `${dateOfTripDay(env.cal as TripCalendar, day)}T${time}` },
            }
          : c,
      );
    }
    return { calls, reply: "", notUnderstood: [] };
  }
  if (p.kind === "text" && p.message) {
    const combined = interpret(`${p.message} ${text}`, { ...env.ctx, pending: null });
    if (combined.calls.length && !combined.calls.some((c) => c.toolName === "ask_question")) return combined;
    return null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------

function interpretClause(raw: string, env: Env): ClauseResult | null {
  const wish =
    /^(?:(?:i|we)(?:'d| would)?\s+(?:like|love|want|need|wanna|fancy)|how about|what about|maybe|(?:i|we)(?:'re| are) (?:up for|keen on))\s+(?=(?:a|an|some|one more|another)\s)/i;
  // "I'd like the museum on day 6 instead": "put" moves it when it exists, else adds it.
  const prefer =
    /^(?:(?:i|we)(?:'d| would)\s+(?:like|love|prefer|rather have)|(?:i|we)\s+(?:want|prefer))\s+(?=(?:the|our|my)\s)/i;
  // "can we squeeze in …?" is a request, not a question about the plan.
  env.asked =
    /\?\s*$/.test(raw) &&
    !/^(?:please\s+)?(?:can|could|would|will|shall)\s+(?:you|we|u|i)\b|^(?:how|what) about\b|^why don'?t we\b/i.test(
      raw.replace(LEAD_FILLER, "").trim(),
    );
  // "I need a flight from Osaka to Tokyo on Friday" asks for a search, not a booking.
  const need =
    /^(?:(?:i|we)\s+(?:need|want|'d like|would like)|(?:i'?m|we'?re)\s+looking for)\s+(?=(?:a|an|some)?\s*(?:flights?|hotels?|places? to stay|stays?|rooms?)\b)/i;
  const c = stripFiller(raw.replace(need, "find ").replace(wish, "add ").replace(prefer, "put "))
    .replace(/[.!]+$/, "")
    .trim();
  if (!c) return done([]);
  for (const intent of [undoIntent]) {
    const r = intent(c);
    if (r) return r;
  }
  for (const intent of [
    preferenceIntent,
    searchIntent,
    readIntent,
    planIntent,
    pickIntent,
    profileIntent,
    clearIntent,
    moveAllIntent,
    swapIntent,
    deleteIntent,
    shiftIntent,
    updateIntent,
    moveIntent,
    addIntent,
  ]) {
    const r = intent(c, env);
    if (r) return r;
  }
  return null;
}

function askCall(a: Ask): PlannedCall {
  return {
    toolName: "ask_question",
    input: { questions: [a.question], reason: a.reason.slice(0, 300), pending: a.pending },
  };
}

/**
 * Interprets the user's latest message against the itinerary snapshot.
 * @param message what the user typed
 * @param ctx trip and segments parsed from the system prompt (lib/domain/ai/context.ts), today's
 *            date, the previous turn's pending question and the latest search results
 * @returns tool calls to make (inputs valid for lib/domain/ai/tool-schemas.ts; at most one
 *          `ask_question`, and then no write), a reply for when there is nothing to call,
 *          and the clauses it did not understand
 */
export function interpret(message: string, ctx: InterpretContext): Interpretation {
  const text = message.trim().replace(/[’`]/g, "'").replace(/\s+/g, " ");
  const { cal, tz } = calendarOf(ctx);
  const env: Env = { ctx, cal, tz, planned: [], message: text };
  const answered = answerPending(text, env);
  if (answered) return guardRole(answered, ctx);
  if (
    /^(?:hi|hello|hey|help|what can you do|\?+)\W*$/i.test(text) ||
    /^(?:hi|hello|hey)\W*(?:there)?\W*$/i.test(text)
  ) {
    return {
      calls: [],
      reply: `Hi! I'm the offline trip designer (no AI provider is configured). Try: ${EXAMPLES.map((e) => `"${e}"`).join(", ")}.`,
      notUnderstood: [],
    };
  }
  const calls: PlannedCall[] = [];
  const replies: string[] = [];
  const notes: string[] = [];
  const notUnderstood: string[] = [];
  let ask: Ask | undefined;
  let scope: ReadScope | undefined;
  for (const c of clauses(text)) {
    const r = interpretClause(c, env);
    if (!r) {
      notUnderstood.push(c.replace(/[.!?]+$/, ""));
      continue;
    }
    calls.push(...r.calls);
    env.planned.push(...r.calls);
    if (r.reply) replies.push(r.reply);
    if (r.notes) notes.push(...r.notes);
    if (r.scope) scope = r.scope;
    if (r.ask && !ask) ask = r.ask;
  }
  // Never guess: a question, or words not understood beside writes, stop every write.
  const writes = calls.filter((c) => WRITE.includes(c.toolName) || c.toolName === "remember_preference");
  if (ask) {
    const extra = calls.filter((c) => WRITE.includes(c.toolName));
    if (extra.length) ask = { ...ask, pending: { ...ask.pending, calls: [...extra, ...ask.pending.calls] } };
    return guardRole({ calls: [askCall(ask)], reply: replies.join(" "), notUnderstood, notes }, ctx);
  }
  if (notUnderstood.length && writes.length) {
    const q = confirmAsk(
      `I didn't understand “${notUnderstood.join("”, “")}”. Should I go ahead with the rest (${writes.length} change${writes.length === 1 ? "" : "s"})?`,
      "Part of the message was not understood",
      writes,
    );
    return guardRole({ calls: [askCall(q)], reply: "", notUnderstood, notes }, ctx);
  }
  mergeProfileCalls(calls);
  let reply = replies.join(" ");
  if (notUnderstood.length && !calls.length && !replies.length) {
    reply = `I'm the offline assistant (no AI provider is configured), and I didn't understand: ${notUnderstood
      .map((n) => `“${n}”`)
      .join(", ")}. Try things like: ${EXAMPLES.map((e) => `"${e}"`).join(", ")}.`;
  }
  return guardRole({ calls, reply, notUnderstood, ...(scope && { scope }), notes }, ctx);
}

/** Folds several update_trip_profile calls of one message into the first (in place). */
function mergeProfileCalls(calls: PlannedCall[]): void {
  const first = calls.find((c) => c.toolName === "update_trip_profile");
  if (!first) return;
  for (let i = calls.length - 1; i >= 0; i--) {
    const c = calls[i] as PlannedCall;
    if (c !== first && c.toolName === "update_trip_profile") {
      first.input = { ...first.input, ...c.input };
      calls.splice(i, 1);
    }
  }
}

/**
 * A move to another time block ("move the museum to the afternoon") of an item whose start
 * time lies outside that block also clears its times, unless the same turn sets a new start:
 * a 10:00 start in the afternoon would contradict itself, and a new time would be a guess.
 */
function keepTimesInBlock(calls: PlannedCall[], ctx: InterpretContext): PlannedCall[] {
  const out: PlannedCall[] = [];
  for (const c of calls) {
    out.push(c);
    if (c.toolName !== "move_segment" || typeof c.input.time_block !== "string") continue;
    const id = c.input.segment_id;
    const seg = ctx.segments.find((s) => s.id === id);
    if (!seg?.time || blockOfTime(seg.time) === c.input.time_block) continue;
    const retimed = calls.some(
      (x) => x.toolName === "update_segment" && x.input.segment_id === id && x.input.start_time !== undefined,
    );
    if (!retimed)
      out.push({ toolName: "update_segment", input: { segment_id: id, start_time: null, end_time: null } });
  }
  return out;
}

function guardRole(r: Interpretation, ctx: InterpretContext): Interpretation {
  r = { ...r, calls: keepTimesInBlock(r.calls, ctx) };
  if (
    ctx.trip?.role === "viewer" &&
    r.calls.some(
      (c) => WRITE.includes(c.toolName) || c.toolName === "ask_question" || c.toolName === "undo_last_change",
    )
  ) {
    return {
      calls: r.calls.filter(
        (c) =>
          !WRITE.includes(c.toolName) && c.toolName !== "ask_question" && c.toolName !== "undo_last_change",
      ),
      reply: "You can only view this trip, so I can't change it. Ask the trip's owner to make you an editor.",
      notUnderstood: r.notUnderstood,
    };
  }
  return r;
}

export { CITY_GUIDES };
