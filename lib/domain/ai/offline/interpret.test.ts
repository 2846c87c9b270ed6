/**
 * The offline interpreter's output for the tools that are not in this checkout's tool set
 * yet (ask_question, undo_last_change, remember_preference) and for multi-turn flows: its
 * calls are checked directly against the tool contract (lib/domain/ai/tool-schemas.ts), and the
 * model's `answer()` is driven with real AI SDK prompts (system snapshot, earlier tool calls
 * and results), as the pipeline would send them.
 */
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { type ContextSegment, formatItineraryContext, parseItineraryContext } from "@/lib/domain/ai/context";
import { type ToolName, toolInputSchemas } from "@/lib/domain/ai/tool-schemas";
import { type InterpretContext, interpret, type PlannedCall } from "./interpret";
import { answer } from "./model";

const ID = {
  ichiran: "11111111-1111-4111-8111-111111111111",
  ginza: "22222222-2222-4222-8222-222222222222",
  museum: "33333333-3333-4333-8333-333333333333",
  karaoke: "44444444-4444-4444-8444-444444444444",
  edo: "55555555-5555-4555-8555-555555555555",
};
const TRIP = {
  title: "Tokyo",
  startDate: "2030-04-01",
  endDate: "2030-04-07",
  days: 7,
  destinations: ["Tokyo"],
  budget: "3000 USD",
  role: "owner",
};
const SEGMENTS: ContextSegment[] = [
  { id: ID.ichiran, day: 2, block: "evening", pos: 0, type: "meal", title: "Dinner at Ichiran" },
  { id: ID.museum, day: 3, block: "morning", pos: 0, type: "activity", title: "Mori Art Museum" },
  { id: ID.edo, day: 3, block: "afternoon", pos: 1, type: "activity", title: "Edo-Tokyo Museum" },
  { id: ID.ginza, day: 3, block: "evening", pos: 2, type: "meal", title: "Sushi dinner in Ginza" },
  { id: ID.karaoke, day: 4, block: "evening", pos: 0, type: "activity", title: "Karaoke in Shinjuku" },
];
const SYSTEM = `Today is 2026-12-01.\n${formatItineraryContext(TRIP, SEGMENTS)}`;
const ctx = (extra: Partial<InterpretContext> = {}): InterpretContext => ({
  ...parseItineraryContext(SYSTEM),
  today: "2026-12-01",
  ...extra,
});

function valid(calls: PlannedCall[]) {
  for (const c of calls) toolInputSchemas[c.toolName].parse(c.input);
  return calls;
}
const names = (calls: PlannedCall[]) => calls.map((c) => c.toolName);
/** The ask_question input of the interpretation of `message` (fails the test when there is none). */
function askOf(message: string): { pending: never } {
  const call = interpret(message, ctx()).calls.find((c) => c.toolName === "ask_question");
  if (!call) throw new Error(`no question for “${message}”`);
  return call.input as { pending: never };
}
const ALL_TOOLS = Object.keys(toolInputSchemas) as ToolName[];

describe("durable preferences, undo", () => {
  const rows: [string, { category: string; value: string }[]][] = [
    ["I'm vegetarian", [{ category: "dietary_restrictions", value: "vegetarian" }]],
    ["my wife is vegan btw", [{ category: "dietary_restrictions", value: "vegan" }]],
    ["we don't eat pork", [{ category: "dietary_restrictions", value: "no pork" }]],
    ["never red-eye flights", [{ category: "avoid", value: "red-eye flights" }]],
    ["no layovers please", [{ category: "avoid", value: "layovers" }]],
    ["we like boutique hotels", [{ category: "accommodation_type", value: "boutique hotels" }]],
    [
      "we love temples and street food",
      [
        { category: "interests", value: "temples" },
        { category: "interests", value: "street food" },
      ],
    ],
  ];
  for (const [message, prefs] of rows) {
    it(message, () => {
      const r = valid(interpret(message, ctx()).calls);
      expect(r.filter((c) => c.toolName === "remember_preference").map((c) => c.input)).toEqual(prefs);
      expect(r.some((c) => ["add_segment", "delete_segment", "move_segment"].includes(c.toolName))).toBe(
        false,
      );
    });
  }
  it("undo that → undo_last_change {}", () => {
    for (const m of ["undo that", "Undo!", "please revert that", "take that back"]) {
      expect(valid(interpret(m, ctx()).calls)).toEqual([{ toolName: "undo_last_change", input: {} }]);
    }
  });
});

describe("never guessing: questions instead of writes", () => {
  const asks: [string, string][] = [
    ["remove the dinner", "single_choice"],
    ["move the museum to day 5", "single_choice"],
    ["add a picnic on May 20", "date"],
    ["add a walk tomorrow", "date"],
    ["we fly JL5 on day 1 at 11am", "text"],
    ["add drinks at 9pm", "date"],
    ["do a sake tasting on day 2 at 5pm and sort out the rail passes", "single_choice"],
    ["delete the museum", "single_choice"],
  ];
  for (const [message, type] of asks) {
    it(`${message} → one ${type} question and no write`, () => {
      const calls = valid(interpret(message, ctx()).calls);
      expect(names(calls)).toEqual(["ask_question"]);
      const questions = calls[0]?.input.questions as { type: string }[] | undefined;
      expect(questions?.[0]?.type).toBe(type);
    });
  }

  it("offers the candidate segments with their ids", () => {
    const q = interpret("remove the dinner", ctx()).calls[0]?.input as {
      questions: { options: { id: string; label: string }[] }[];
      pending: unknown;
    };
    expect(q.questions[0]?.options.map((o) => o.id)).toEqual([ID.ichiran, ID.ginza]);
    expect(q.questions[0]?.options[0]?.label).toBe("Dinner at Ichiran (day 2, evening)");
    expect(q.pending).toMatchObject({ kind: "segment", calls: [{ toolName: "delete_segment" }] });
  });

  it("carries out the pending action with the answer: label, id, ordinal or words", () => {
    const pending = askOf("remove the dinner").pending;
    for (const reply of ["Dinner at Ichiran (day 2, evening)", ID.ichiran, "the first one", "ichiran"]) {
      expect(interpret(reply, ctx({ pending })).calls).toEqual([
        { toolName: "delete_segment", input: { segment_id: ID.ichiran } },
      ]);
    }
    expect(interpret("both", ctx({ pending })).calls).toHaveLength(2);
    expect(interpret("never mind", ctx({ pending })).calls).toEqual([]);
  });

  it("a date question is answered with a day of the trip, keeping the time", () => {
    const pending = askOf("add a picnic on May 20 at 1pm").pending;
    const calls = valid(interpret("day 4", ctx({ pending })).calls);
    expect(calls).toEqual([
      {
        toolName: "add_segment",
        input: expect.objectContaining({ title: "Picnic", day_index: 4, start_time: "2030-04-04T13:00" }),
      },
    ]);
    expect(interpret("May 30", ctx({ pending })).calls).toEqual([]);
  });
});

describe("the model reads the conversation", () => {
  const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

  it("answers the previous turn's question from the prompt history", () => {
    const first = answer([{ role: "system", content: SYSTEM }, user("remove the dinner")], ALL_TOOLS);
    const ask = first.calls[0];
    expect(ask?.toolName).toBe("ask_question");
    const prompt: LanguageModelV3Prompt = [
      { role: "system", content: SYSTEM },
      user("remove the dinner"),
      {
        role: "assistant",
        content: [
          {
            type: "tool-call",
            toolCallId: "q1",
            toolName: "ask_question",
            input: JSON.stringify(ask?.input),
          },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "q1",
            toolName: "ask_question",
            output: { type: "json", value: { asked: true } },
          },
        ],
      },
      { role: "assistant", content: [{ type: "text", text: "Which one do you mean?" }] },
      user("Sushi dinner in Ginza (day 3, evening)"),
    ];
    expect(answer(prompt, ALL_TOOLS).calls).toEqual([
      { toolName: "delete_segment", input: { segment_id: ID.ginza } },
    ]);
  });

  it("adds the second result of the last search", () => {
    const offers = [1, 2, 3].map((n) => ({
      airline: "Japan Airlines",
      flight_numbers: [`JL${n}`],
      departure: { airport: "JFK", time: "2030-04-01T11:00:00-04:00" },
      arrival: { airport: "HND", time: "2030-04-02T14:00:00+09:00" },
      stops: 0,
      price: { total: 1000 + n, currency: "USD" },
    }));
    const prompt: LanguageModelV3Prompt = [
      { role: "system", content: SYSTEM },
      user("find flights from JFK to Tokyo on April 1"),
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "s1", toolName: "search_flights", input: "{}" }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "s1",
            toolName: "search_flights",
            output: { type: "json", value: { offers } },
          },
        ],
      },
      { role: "assistant", content: [{ type: "text", text: "Here are 3 flights." }] },
      user("add the second one"),
    ];
    const calls = valid(answer(prompt, ALL_TOOLS).calls as PlannedCall[]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toMatchObject({
      type: "flight",
      day_index: 1,
      details: { flight_number: "JL2", origin: "JFK", destination: "HND" },
      price: { amount: 1002, currency: "USD" },
    });
  });

  it("without the question tool the question is the reply and nothing is called", () => {
    const a = answer([{ role: "system", content: SYSTEM }, user("remove the dinner")], ["delete_segment"]);
    expect(a.calls).toEqual([]);
    expect(a.text).toMatch(/Which one do you mean by “the dinner”\?\n• Dinner at Ichiran/);
  });

  it("answers a question scoped to what was asked, with the budget arithmetic on a profile change", () => {
    const q = interpret("what's on the evening of day 3?", ctx());
    expect(q.calls).toEqual([{ toolName: "get_segments", input: { day_index: 3 } }]);
    expect(q.scope).toMatchObject({ day: 3, block: "evening" });
    const b = interpret("we're 2, budget €150 per person per day", ctx());
    expect(b.calls).toEqual([
      { toolName: "update_trip_profile", input: { travelers: 2, budget: { total: 2100, currency: "EUR" } } },
    ]);
    expect(b.notes).toEqual(["Budget: 150 × 2 travellers × 7 days = 2100 EUR."]);
  });
});

describe("numbers that are not what they look like are never written", () => {
  const writes = (m: string) =>
    interpret(m, ctx())
      .calls.map((c) => c.toolName)
      .filter((n) => n !== "ask_question" && !n.startsWith("get_"));
  it.each([
    "set the budget to Kyoto on February 29",
    "make the budget the 3rd of March",
    "move the museum to day 7.5",
    "put the dinner on day 2.5",
    "set the budget to 12 XYZ",
    "our budget is 3000 pesos",
  ])("%s: nothing written", (m) => {
    expect(writes(m)).toEqual([]);
  });
  it("an unknown currency is asked about", () => {
    expect(JSON.stringify(askOf("set the budget to 12 XYZ"))).toMatch(/currency “XYZ”/);
  });
  it("a known currency word beside the amount is written", () => {
    const call = interpret("set the budget to 12 EUR", ctx()).calls.find(
      (c) => c.toolName === "update_trip_profile",
    );
    expect(call?.input).toMatchObject({ budget: { total: 12, currency: "EUR" } });
  });
});
