/**
 * Properties of the offline interpreter, for any message (fast-check):
 *  - every write it plans passes the same validation as the TripSage REST API
 *    (lib/domain/validators/segments.ts) and the tool contract, on days inside the trip and on
 *    segment ids that exist;
 *  - a question is never combined with a write;
 *  - no segment title keeps words the parser consumed as a day, a time or a command.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ContextSegment, formatItineraryContext, parseItineraryContext } from "@/lib/domain/ai/context";
import { toolInputSchemas, WRITE_TOOLS } from "@/lib/domain/ai/tool-schemas";
import {
  segmentCreateSchema,
  segmentMoveSchema,
  segmentUpdateSchema,
} from "@/lib/domain/validators/segments";
import { type InterpretContext, interpret, type PlannedCall } from "./interpret";

const SEGMENTS: ContextSegment[] = [
  {
    id: "11111111-1111-4111-8111-111111111111",
    day: 2,
    block: "evening",
    pos: 0,
    type: "meal",
    title: "Dinner at Ichiran",
  },
  {
    id: "22222222-2222-4222-8222-222222222222",
    day: 3,
    block: "morning",
    pos: 0,
    type: "activity",
    title: "Mori Art Museum",
  },
  {
    id: "33333333-3333-4333-8333-333333333333",
    day: 3,
    block: "evening",
    pos: 1,
    type: "meal",
    title: "Sushi dinner in Ginza",
  },
  {
    id: "44444444-4444-4444-8444-444444444444",
    day: 4,
    block: "evening",
    pos: 0,
    type: "activity",
    title: "Karaoke in Shinjuku",
  },
  {
    id: "55555555-5555-4555-8555-555555555555",
    day: null,
    block: null,
    pos: 0,
    type: "hotel",
    title: "Park Hotel Tokyo",
  },
];
const DAYS = 7;
const ctx: InterpretContext = {
  ...parseItineraryContext(
    formatItineraryContext(
      {
        title: "Tokyo",
        startDate: "2030-04-01",
        endDate: "2030-04-07",
        days: DAYS,
        destinations: ["Tokyo"],
        budget: null,
        role: "owner",
      },
      SEGMENTS,
    ),
  ),
  today: "2030-04-03",
};
const IDS = new Set(SEGMENTS.map((s) => s.id));

/** Problems with the planned calls; [] when every write is valid. */
function problems(calls: PlannedCall[]): string[] {
  const out: string[] = [];
  const writes = calls.filter((c) => WRITE_TOOLS.includes(c.toolName));
  if (calls.some((c) => c.toolName === "ask_question") && writes.length)
    out.push("a question together with writes");
  for (const c of calls) {
    const tool = toolInputSchemas[c.toolName].safeParse(c.input);
    if (!tool.success) out.push(`${c.toolName} breaks the tool contract: ${tool.error.message}`);
    const { segment_id, ...rest } = c.input as { segment_id?: string } & Record<string, unknown>;
    const day = c.input.day_index;
    if (typeof day === "number" && (day < 1 || day > DAYS))
      out.push(`${c.toolName} day ${day} outside the trip`);
    if (c.toolName === "add_segment" && !segmentCreateSchema.safeParse(c.input).success)
      out.push(`add_segment fails REST validation: ${JSON.stringify(c.input)}`);
    if (c.toolName === "update_segment" && !segmentUpdateSchema.safeParse(rest).success)
      out.push(`update_segment fails REST validation: ${JSON.stringify(rest)}`);
    if (c.toolName === "move_segment" && !segmentMoveSchema.safeParse(rest).success)
      out.push(`move_segment fails REST validation: ${JSON.stringify(rest)}`);
    if (
      ["update_segment", "move_segment", "delete_segment"].includes(c.toolName) &&
      !IDS.has(String(segment_id))
    )
      out.push(`${c.toolName} on unknown segment ${segment_id}`);
  }
  return out;
}

const FILLER = ["", "please ", "can you ", "could you please ", "let's ", "I want to ", "hey, ", "ok so "];
const VERBS = ["add", "book", "schedule", "put", "pencil in", "include"];
const THINGS = [
  "a tea ceremony",
  "ramen",
  "a sushi making class",
  "the Meiji Shrine",
  "a bike tour of Yanaka",
  "an izakaya crawl",
  "a hotel in Shibuya",
  "a ryokan",
  "kaiseki dinner",
  "a visit to teamLab Planets",
  "a taxi from Haneda",
  "a day trip to Nikko",
  "a meeting with Yuki",
];
/** When-phrases and the words that must not end up in a title because of them. */
const WHEN: [string, string[]][] = [
  ["", []],
  ["on day 3", ["day", "3"]],
  ["on day 12", ["day", "12"]],
  ["on friday", ["friday"]],
  ["on Saturday at 7pm", ["saturday", "7pm"]],
  ["tomorrow", ["tomorrow"]],
  ["tonight", ["tonight"]],
  ["at 10:30", ["10", "30"]],
  ["on the 5th", ["5th"]],
  ["in the evening", ["evening"]],
  ["on the last day", ["last", "day"]],
  ["for nights 2 and 3", ["nights", "2", "3"]],
  ["for the first three nights", ["first", "three", "nights"]],
  ["every morning", ["every", "morning"]],
  ["on May 20", ["may", "20"]],
  ["the day after tomorrow", ["after", "tomorrow"]],
  ["on the second afternoon", ["second", "afternoon"]],
];
const POLITE = ["", " please", " thanks!", ", thank you", " pls", "?"];
const COMMAND_WORDS = [
  "add",
  "book",
  "schedule",
  "pencil",
  "include",
  "please",
  "can",
  "could",
  "let's",
  "want",
  "thanks",
  "pls",
];

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter(Boolean);

describe("offline interpreter properties", () => {
  it("adds: writes pass REST validation and titles keep no consumed day, time or command words", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILLER),
        fc.constantFrom(...VERBS),
        fc.constantFrom(...THINGS),
        fc.constantFrom(...WHEN),
        fc.constantFrom(...POLITE),
        (filler, verb, thing, [when, consumed], polite) => {
          const message = `${filler}${verb} ${thing}${when ? ` ${when}` : ""}${polite}`;
          const calls = interpret(message, ctx).calls;
          expect(problems(calls), message).toEqual([]);
          const thingWords = new Set(words(thing));
          for (const c of calls.filter((x) => x.toolName === "add_segment")) {
            const title = words(String(c.input.title));
            const leaked = title.filter(
              (w) => !thingWords.has(w) && (consumed.includes(w) || COMMAND_WORDS.includes(w)),
            );
            expect(leaked, `${message} → “${c.input.title}”`).toEqual([]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("edits of existing items: every planned write is valid, on ids that exist", () => {
    const refs = [
      "the dinner",
      "the museum",
      "the musuem",
      "karaoke",
      "the hotel",
      "both dinners",
      "the sushi",
      "the opera",
    ];
    const edits = [
      (r: string, w: string) => `move ${r} to ${w || "day 5"}`,
      (r: string) => `delete ${r}`,
      (r: string, w: string) => `can we do ${r} ${w || "on thursday"} instead?`,
      (r: string) => `rename ${r} to Something new`,
      (r: string) => `${r} costs ¥5000`,
      (r: string, w: string) => `change ${r} to 8pm ${w}`,
      (r: string) => `put ${r} before the karaoke`,
      (_: string, w: string) => `clear ${w || "day 3"}`,
      (_: string, w: string) => `swap day 2 and ${w || "day 4"}`,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...refs),
        fc.constantFrom(...WHEN.map(([w]) => w)),
        fc.constantFrom(...edits),
        (ref, when, edit) => {
          const message = edit(ref, when);
          expect(problems(interpret(message, ctx).calls), message).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any text at all: writes stay valid and questions never come with writes", () => {
    const vocab = fc.constantFrom(
      "add",
      "move",
      "delete",
      "day",
      "3",
      "friday",
      "the",
      "dinner",
      "museum",
      "and",
      "to",
      "at",
      "7pm",
      "budget",
      "$200",
      "per",
      "person",
      "we",
      "are",
      "family",
      "of",
      "four",
      "swap",
      "clear",
      "every",
      "morning",
      "hotel",
      "nights",
      "2",
      "flight",
      "JL5",
      "from",
      "NRT",
      "tomorrow",
      "undo",
      "find",
      "please",
      ",",
      ".",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(vocab, { minLength: 1, maxLength: 12 }).map((w) => w.join(" ")),
          fc.string({ maxLength: 80 }),
        ),
        (message) => {
          expect(problems(interpret(message, ctx).calls), message).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
