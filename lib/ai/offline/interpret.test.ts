import { describe, expect, it } from "vitest";
import { formatItineraryContext, parseItineraryContext } from "@/lib/ai/context";
import { type ToolName, toolInputSchemas } from "@/lib/ai/tool-schemas";
import { interpret } from "./interpret";

const LOUVRE = "11111111-1111-4111-8111-111111111111";
const HOTEL = "22222222-2222-4222-8222-222222222222";
const DINNER = "33333333-3333-4333-8333-333333333333";
const FLIGHT = "44444444-4444-4444-8444-444444444444";
const CAFE = "55555555-5555-4555-8555-555555555555";

function ctxFor(role = "editor") {
  return parseItineraryContext(
    formatItineraryContext(
      {
        title: "Paris",
        startDate: "2027-06-01",
        endDate: "2027-06-05",
        days: 5,
        destinations: ["Paris"],
        budget: "2000 EUR",
        role,
      },
      [
        { id: FLIGHT, day: 1, block: "morning", pos: 0, type: "flight", title: "Flight AF7 JFK → CDG" },
        { id: LOUVRE, day: 1, block: "morning", pos: 1, type: "activity", title: "Louvre Museum" },
        { id: HOTEL, day: 1, block: "evening", pos: 2, type: "hotel", title: "Hotel Lutetia" },
        { id: DINNER, day: 2, block: "evening", pos: 0, type: "meal", title: "Dinner at Le Comptoir" },
        { id: CAFE, day: 3, block: "afternoon", pos: 0, type: "meal", title: "Coffee at Café de Flore" },
      ],
    ),
  );
}

type Expect = { tool: ToolName; input: Record<string, unknown> }[];

// Each row: what a person types → the tool calls (name + the inputs that matter).
const table: [string, Expect][] = [
  [
    "add a day trip to Kyoto on day 3",
    [{ tool: "add_segment", input: { type: "activity", title: "Day trip to Kyoto", day_index: 3 } }],
  ],
  [
    "Add a day trip to Versailles on day 4",
    [{ tool: "add_segment", input: { title: "Day trip to Versailles", day_index: 4 } }],
  ],
  [
    "add dinner at Le Jules Verne on day 2 evening",
    [
      {
        tool: "add_segment",
        input: { type: "meal", title: "Dinner at Le Jules Verne", day_index: 2, time_block: "evening" },
      },
    ],
  ],
  [
    "add lunch at a café on day 1 afternoon",
    [
      {
        tool: "add_segment",
        input: { type: "meal", title: "Lunch at a café", day_index: 1, time_block: "afternoon" },
      },
    ],
  ],
  [
    "add breakfast at the hotel on day 2",
    [{ tool: "add_segment", input: { type: "meal", day_index: 2, time_block: "morning" } }],
  ],
  [
    "book a hotel Hôtel Plaza Athénée for day 2",
    [{ tool: "add_segment", input: { type: "hotel", title: "Hôtel Plaza Athénée", day_index: 2 } }],
  ],
  [
    "add a flight AF123 from JFK to CDG on day 1",
    [
      {
        tool: "add_segment",
        input: {
          type: "flight",
          day_index: 1,
          details: { carrier: "Air France", flight_number: "AF123", origin: "JFK", destination: "CDG" },
        },
      },
    ],
  ],
  [
    "add flight BA 304 from London to Paris on day 5",
    [
      {
        tool: "add_segment",
        input: {
          type: "flight",
          day_index: 5,
          details: { carrier: "British Airways", flight_number: "BA304", origin: "LHR", destination: "CDG" },
        },
      },
    ],
  ],
  [
    "add a train from Paris to Lyon on day 4",
    [
      {
        tool: "add_segment",
        input: {
          type: "transfer",
          title: "Train from Paris to Lyon",
          day_index: 4,
          details: { mode: "train", from: "Paris", to: "Lyon" },
        },
      },
    ],
  ],
  [
    "add a taxi to the airport on day 5 morning",
    [{ tool: "add_segment", input: { type: "transfer", day_index: 5, time_block: "morning" } }],
  ],
  [
    "add a note: bring passports",
    [{ tool: "add_segment", input: { type: "note", title: "Bring passports" } }],
  ],
  [
    "schedule a meeting with Anna on day 2 at 10:00",
    [
      {
        tool: "add_segment",
        input: {
          type: "meeting",
          title: "Meeting with Anna",
          day_index: 2,
          start_time: "2027-06-02T10:00",
          time_block: "morning",
        },
      },
    ],
  ],
  [
    "add the Eiffel Tower to the evening of day 3",
    [
      {
        tool: "add_segment",
        input: { type: "activity", title: "Eiffel Tower", day_index: 3, time_block: "evening" },
      },
    ],
  ],
  [
    "add the Musée d'Orsay to the morning of day 2",
    [{ tool: "add_segment", input: { title: "Musée d'Orsay", day_index: 2, time_block: "morning" } }],
  ],
  [
    "visit Montmartre on day 4 afternoon",
    [{ tool: "add_segment", input: { day_index: 4, time_block: "afternoon" } }],
  ],
  [
    "add a boat tour at 7pm on day 2",
    [
      {
        tool: "add_segment",
        input: {
          type: "activity",
          title: "Boat tour",
          day_index: 2,
          start_time: "2027-06-02T19:00",
          time_block: "evening",
        },
      },
    ],
  ],
  [
    "add a cooking class and a wine tasting on day 3",
    [
      { tool: "add_segment", input: { title: "Cooking class", day_index: 3 } },
      { tool: "add_segment", input: { title: "Wine tasting", day_index: 3 } },
    ],
  ],
  [
    "add the Louvre on the first day",
    [{ tool: "add_segment", input: { title: "Louvre Museum", day_index: 1 } }],
  ],
  [
    "plan 5 days in Paris, we love museums and cafes",
    [{ tool: "update_trip_profile", input: { destinations: ["Paris"], interests: ["museums", "cafes"] } }],
  ],
  ["plan 2 days in Tokyo", [{ tool: "update_trip_profile", input: { destinations: ["Paris", "Tokyo"] } }]],
  [
    "move the Louvre to the morning of day 2",
    [{ tool: "move_segment", input: { segment_id: LOUVRE, day_index: 2, time_block: "morning" } }],
  ],
  ["move dinner to day 3", [{ tool: "move_segment", input: { segment_id: DINNER, day_index: 3 } }]],
  ["move the hotel to day 2", [{ tool: "move_segment", input: { segment_id: HOTEL, day_index: 2 } }]],
  [
    "Move the Louvre to the start of day 4",
    [{ tool: "move_segment", input: { segment_id: LOUVRE, day_index: 4, position: 0 } }],
  ],
  [
    "reschedule the coffee at Café de Flore to day 5 evening",
    [{ tool: "move_segment", input: { segment_id: CAFE, day_index: 5, time_block: "evening" } }],
  ],
  [
    "change the Louvre to the afternoon",
    [{ tool: "move_segment", input: { segment_id: LOUVRE, day_index: 1, time_block: "afternoon" } }],
  ],
  ["delete the hotel", [{ tool: "delete_segment", input: { segment_id: HOTEL } }]],
  ["remove the Louvre", [{ tool: "delete_segment", input: { segment_id: LOUVRE } }]],
  ["cancel the flight", [{ tool: "delete_segment", input: { segment_id: FLIGHT } }]],
  ["please delete dinner at le comptoir", [{ tool: "delete_segment", input: { segment_id: DINNER } }]],
  [
    "delete everything on day 1",
    [
      { tool: "delete_segment", input: { segment_id: FLIGHT } },
      { tool: "delete_segment", input: { segment_id: LOUVRE } },
      { tool: "delete_segment", input: { segment_id: HOTEL } },
    ],
  ],
  [
    "rename the Louvre to Louvre Museum tour",
    [{ tool: "update_segment", input: { segment_id: LOUVRE, title: "Louvre Museum tour" } }],
  ],
  [
    "change the hotel's price to 200 EUR",
    [{ tool: "update_segment", input: { segment_id: HOTEL, price: { amount: 200, currency: "EUR" } } }],
  ],
  [
    "set the price of the Louvre to $22",
    [{ tool: "update_segment", input: { segment_id: LOUVRE, price: { amount: 22, currency: "USD" } } }],
  ],
  [
    "set the notes of the Louvre to 'buy tickets online'",
    [{ tool: "update_segment", input: { segment_id: LOUVRE, notes: "buy tickets online" } }],
  ],
  ["what's on day 4?", [{ tool: "get_segments", input: { day_index: 4 } }]],
  ["show me day 2", [{ tool: "get_segments", input: { day_index: 2 } }]],
  ["What do we have planned?", [{ tool: "get_segments", input: {} }]],
  ["what is on the first day?", [{ tool: "get_segments", input: { day_index: 1 } }]],
  [
    "set the budget to 3000 EUR",
    [{ tool: "update_trip_profile", input: { budget: { total: 3000, currency: "EUR" } } }],
  ],
  [
    "our budget is $2500",
    [{ tool: "update_trip_profile", input: { budget: { total: 2500, currency: "USD" } } }],
  ],
  ["budget 2k euros", [{ tool: "update_trip_profile", input: { budget: { total: 2000, currency: "EUR" } } }]],
  ["we are 2 travelers", [{ tool: "update_trip_profile", input: { travelers: 2 } }]],
  ["there are four of us", [{ tool: "update_trip_profile", input: { travelers: 4 } }]],
  [
    "rename the trip to Honeymoon in Paris",
    [{ tool: "update_trip_profile", input: { title: "Honeymoon in Paris" } }],
  ],
  ["we love food and history", [{ tool: "update_trip_profile", input: { interests: ["food", "history"] } }]],
  [
    "add the Louvre to day 2. Then delete the hotel",
    [
      { tool: "add_segment", input: { title: "Louvre Museum", day_index: 2 } },
      { tool: "delete_segment", input: { segment_id: HOTEL } },
    ],
  ],
  [
    "find flights from JFK to CDG",
    [
      {
        tool: "search_flights",
        input: { origin: "JFK", destination: "CDG", departure_date: "2027-06-01", return_date: "2027-06-05" },
      },
    ],
  ],
  [
    "search flights from nyc to par on 2027-05-30",
    [{ tool: "search_flights", input: { origin: "NYC", destination: "PAR", departure_date: "2027-05-30" } }],
  ],
  [
    "Help me find flights from New York to Tokyo",
    [{ tool: "search_flights", input: { origin: "NYC", destination: "TYO", departure_date: "2027-06-01" } }],
  ],
  [
    "Hey, we'd like to find flights from Lisbon to Rome on 2027-06-03",
    [{ tool: "search_flights", input: { origin: "LIS", destination: "ROM", departure_date: "2027-06-03" } }],
  ],
  [
    "find hotels in Lyon",
    [{ tool: "search_hotels", input: { location: "Lyon", check_in: "2027-06-01", check_out: "2027-06-05" } }],
  ],
  ["show me places to stay", [{ tool: "search_hotels", input: { location: "Paris" } }]],
  ["things to do in Rome", [{ tool: "search_activities", input: { location: "Rome" } }]],
  ["what are some things to do in Kyoto?", [{ tool: "search_activities", input: { location: "Kyoto" } }]],
];

describe("offline assistant phrase table", () => {
  it("has at least 40 phrasings", () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table)("%s", (message, expected) => {
    const r = interpret(message, ctxFor());
    const got = r.calls.slice(0, expected.length);
    expect(got.map((c) => c.toolName)).toEqual(expected.map((e) => e.tool));
    for (const [i, e] of expected.entries()) expect(got[i]?.input).toMatchObject(e.input);
    for (const c of r.calls) expect(toolInputSchemas[c.toolName].safeParse(c.input).success).toBe(true);
    expect(r.notUnderstood).toEqual([]);
  });

  it("plans a sensible day-by-day itinerary that favours the stated interests", () => {
    const r = interpret("plan 5 days in Paris, we love museums and cafes", ctxFor());
    const adds = r.calls.filter((c) => c.toolName === "add_segment").map((c) => c.input);
    expect(adds.length).toBeGreaterThanOrEqual(10);
    expect(new Set(adds.map((a) => a.day_index))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(new Set(adds.map((a) => a.title)).size).toBe(adds.length);
    expect(adds.slice(0, 3).map((a) => a.title)).toContain("Louvre Museum");
    expect(adds.some((a) => a.type === "meal")).toBe(true);
  });

  it("plans no more days than the trip has and says so", () => {
    const r = interpret("plan 9 days in Rome", ctxFor());
    const days = new Set(r.calls.filter((c) => c.toolName === "add_segment").map((c) => c.input.day_index));
    expect(Math.max(...(days as Set<number>))).toBe(5);
    expect(r.reply).toContain("5 days");
  });

  it("says it is the offline assistant and quotes what it did not understand", () => {
    const r = interpret("what is the meaning of life", ctxFor());
    const r2 = interpret("asdf qwerty", ctxFor());
    expect(r2.calls).toEqual([]);
    expect(r2.reply).toMatch(/offline assistant/);
    expect(r2.reply).toContain("“asdf qwerty”");
    expect(r.calls.every((c) => c.toolName === "get_segments") || r.calls.length === 0).toBe(true);
  });

  it("reports a segment it cannot find, listing what exists, and calls nothing", () => {
    const r = interpret("delete the zoo", ctxFor());
    expect(r.calls).toEqual([]);
    expect(r.reply).toMatch(/no segment matches “the zoo”/i);
    expect(r.reply).toContain("Louvre Museum");
  });

  it("asks for the missing pieces of a flight instead of inventing them", () => {
    const r = interpret("add a flight to Rome on day 2", ctxFor());
    expect(r.calls).toEqual([]);
    expect(r.reply).toContain("flight number");
  });

  it("passes an out-of-range day through so the service refuses it and the reply explains", () => {
    const r = interpret("add a picnic on day 40", ctxFor());
    expect(r.calls).toEqual([{ toolName: "add_segment", input: expect.objectContaining({ day_index: 40 }) }]);
  });

  it("never plans writes for a viewer, but still answers reads", () => {
    const w = interpret("delete the hotel", ctxFor("viewer"));
    expect(w.calls).toEqual([]);
    expect(w.reply).toMatch(/only view/);
    const r = interpret("what's on day 1?", ctxFor("viewer"));
    expect(r.calls.map((c) => c.toolName)).toEqual(["get_segments"]);
  });

  it("keeps a partial success and notes the part it did not understand", () => {
    const r = interpret("add the Louvre to day 2. Blorp the frobnicator", ctxFor());
    expect(r.calls.map((c) => c.toolName)).toEqual(["add_segment"]);
    expect(r.notUnderstood).toEqual(["Blorp the frobnicator"]);
  });
});

describe("search requests need a search verb at the start", () => {
  it.each(["delete all activities", "move the flight to day 2", "we get there by flight on day 1"])(
    "%s is not a search",
    (message) => {
      const r = interpret(message, ctxFor());
      expect(r.calls.map((c) => c.toolName)).not.toContain("search_flights");
      expect(r.calls.map((c) => c.toolName)).not.toContain("search_activities");
      expect(r.calls.map((c) => c.toolName)).not.toContain("search_hotels");
    },
  );
});
