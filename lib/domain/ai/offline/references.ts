/**
 * Loose references to itinerary segments: "the museum", "both dinners", "the sushi class",
 * typos ("musuem"), "the hotel", "everything on day 3", "tuesday's lunch". Word-by-word
 * fuzzy matching with fuse.js (Bitap) against segment titles, plus segment-type words.
 * Returns every candidate so the caller can ask when more than one matches.
 */
import Fuse from "fuse.js";
import type { ContextSegment } from "@/lib/domain/ai/context";
import { foldText } from "./destinations";

/** What a reference resolved to. */
export interface Reference {
  matches: ContextSegment[];
  /** The reference asked for several ("both", "all", a plural): how many, or "all". */
  plural: number | "all" | null;
  /** Words of the reference that matched nothing (the reference is then unresolved). */
  unknown: string[];
}

const DETERMINERS =
  /^(?:(?:the|a|an|my|our|that|this|those|these|its|it's|their|your|both(?: of)?(?: the)?|all(?: of)?(?: the)?|every|each|any|some|whole|entire)\s+)+/;

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
  "one",
  "ones",
  "thing",
  "things",
  "item",
  "items",
  "segment",
  "segments",
  "plan",
  "plans",
  "booking",
  "bookings",
  "reservation",
  "we",
  "us",
  "that",
  "this",
  "there",
  "planned",
  "booked",
  "scheduled",
  "itinerary",
  "trip's",
  "from",
]);

/** Words naming a segment type (or a kind of meal), matched against type and title. */
const TYPE_WORDS: Record<string, { type: string; word?: string }> = {
  hotel: { type: "hotel" },
  hotels: { type: "hotel" },
  stay: { type: "hotel" },
  ryokan: { type: "hotel" },
  accommodation: { type: "hotel" },
  hostel: { type: "hotel" },
  airbnb: { type: "hotel" },
  lodging: { type: "hotel" },
  flight: { type: "flight" },
  flights: { type: "flight" },
  plane: { type: "flight" },
  transfer: { type: "transfer" },
  transfers: { type: "transfer" },
  taxi: { type: "transfer", word: "taxi" },
  train: { type: "transfer", word: "train" },
  bus: { type: "transfer", word: "bus" },
  cab: { type: "transfer", word: "taxi" },
  ride: { type: "transfer" },
  shuttle: { type: "transfer" },
  ferry: { type: "transfer", word: "ferry" },
  meal: { type: "meal" },
  meals: { type: "meal" },
  restaurant: { type: "meal" },
  restaurants: { type: "meal" },
  dinner: { type: "meal", word: "dinner" },
  dinners: { type: "meal", word: "dinner" },
  lunch: { type: "meal", word: "lunch" },
  lunches: { type: "meal", word: "lunch" },
  breakfast: { type: "meal", word: "breakfast" },
  breakfasts: { type: "meal", word: "breakfast" },
  brunch: { type: "meal", word: "brunch" },
  meeting: { type: "meeting" },
  meetings: { type: "meeting" },
  note: { type: "note" },
  notes: { type: "note" },
  activity: { type: "activity" },
  activities: { type: "activity" },
};
const MEAL_BLOCK: Record<string, string> = {
  dinner: "evening",
  lunch: "afternoon",
  breakfast: "morning",
  brunch: "morning",
};

function singular(w: string): string {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && /(?:ch|sh|ss|x)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) return w.slice(0, -1);
  return w;
}

/** Content words of a reference: folded, singular, without stop words. */
export function contentWords(s: string): string[] {
  return foldText(s)
    .split(" ")
    .filter((t) => t.length > 1 && !STOP.has(t))
    .map(singular);
}

function titleWords(seg: ContextSegment): string[] {
  return foldText(seg.title).split(" ").filter(Boolean).map(singular);
}

/**
 * Does `word` fuzzily equal one of `words`? fuse.js (Bitap) with a threshold of 0.34 (two
 * typos in six letters: "musuem" → "museum"), the same first letter (typos rarely hit it,
 * and it keeps "louvre" from matching "flore") and at most two letters' length difference.
 */
function fuzzyHas(words: string[], word: string): boolean {
  if (words.includes(word)) return true;
  if (word.length < 4) return false;
  const limit = word.length >= 6 ? 0.34 : 0.26;
  const fuse = new Fuse(words, { includeScore: true, threshold: limit, ignoreLocation: true });
  return fuse
    .search(word)
    .some(
      (r) => (r.score ?? 1) <= limit && r.item[0] === word[0] && Math.abs(r.item.length - word.length) <= 2,
    );
}

/**
 * Resolves a reference phrase to segments.
 * @param phrase e.g. "the museum", "both dinners", "the Kyoto trip"
 * @param pool segments to search (already narrowed to a day or block by the caller)
 */
export function resolveReference(phrase: string, pool: ContextSegment[]): Reference {
  const raw = foldText(phrase);
  const plural: number | "all" | null = /^(?:both)\b/.test(raw)
    ? 2
    : /^(?:all|every|each)\b/.test(raw) || /\b(?:all|everything)\b/.test(raw)
      ? "all"
      : null;
  const folded = raw.replace(DETERMINERS, "");
  const words = contentWords(folded);
  const isPlural = folded.split(" ").some((w) => w !== singular(w) && TYPE_WORDS[w] !== undefined);
  if (!words.length || /^(?:everything|it all|all|anything)$/.test(folded)) {
    return {
      matches: /^(?:everything|all|it all)$/.test(folded) || plural === "all" ? pool : [],
      plural: "all",
      unknown: [],
    };
  }
  const typeHints = words.map((w) => TYPE_WORDS[w]).filter(Boolean) as { type: string; word?: string }[];
  const scored: { seg: ContextSegment; hits: number }[] = [];
  const unknownAll = new Set(words);
  for (const seg of pool) {
    const tw = titleWords(seg);
    let hits = 0;
    let miss = 0;
    for (const w of words) {
      const t = TYPE_WORDS[w];
      const ok =
        fuzzyHas(tw, w) ||
        (t !== undefined &&
          seg.type === t.type &&
          (!t.word ||
            tw.includes(t.word) ||
            (t.word in MEAL_BLOCK &&
              seg.block === MEAL_BLOCK[t.word] &&
              !Object.keys(MEAL_BLOCK).some((k) => tw.includes(k)))));
      if (ok) {
        hits++;
        unknownAll.delete(w);
      } else if (!GENERIC.has(w)) miss++;
    }
    if (hits > 0 && miss === 0) scored.push({ seg, hits });
  }
  if (!scored.length)
    return { matches: [], plural: plural ?? (isPlural ? "all" : null), unknown: [...unknownAll] };
  const best = Math.max(...scored.map((s) => s.hits));
  // A type word alone ("the dinner") matches every segment of that type equally.
  const matches = scored.filter((s) => s.hits === best || typeHints.length > 0).map((s) => s.seg);
  return { matches: dedupe(matches), plural: plural ?? (isPlural ? "all" : null), unknown: [] };
}

const GENERIC = new Set([
  "check",
  "checkin",
  "checkout",
  "booking",
  "trip",
  "visit",
  "tour",
  "place",
  "stop",
  "spot",
  "event",
  "excursion",
  "outing",
  "time",
  "session",
  "stuff",
  "thingy",
]);

function dedupe(a: ContextSegment[]): ContextSegment[] {
  return [...new Map(a.map((s) => [s.id, s])).values()];
}

/** One-line label of a segment for a question's options: "Dinner at Ichiran (day 3, evening)". */
export function segmentLabel(s: ContextSegment): string {
  const where = s.day ? `day ${s.day}${s.block ? `, ${s.block}` : ""}` : "unscheduled";
  return `${s.title} (${where})`.slice(0, 200);
}
