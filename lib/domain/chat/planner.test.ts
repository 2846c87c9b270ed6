/**
 * Planner draft extraction (`/v1/ai/planner/chat`): 60 messages as people write them, each
 * scored field by field against the fields the message states. The whole table must get at
 * least 90% of the fields right; the score is printed.
 */
import { describe, expect, it } from "vitest";
import { extractDraft, type PlannerDraft, plannerChat } from "./planner";

const TODAY = "2027-01-15";

type Fields = Partial<
  Pick<PlannerDraft, "destination" | "cities" | "startDate" | "endDate" | "travelers" | "budgetTotal">
>;

const TABLE: [string, Fields][] = [
  [
    "I want to visit Paris for 5 days in April with my partner. We love museums and cafes.",
    { destination: "Paris", travelers: 2, startDate: "2027-04-01", endDate: "2027-04-05" },
  ],
  [
    "thinking about vienna in march, just me",
    { destination: "Vienna", travelers: 1, startDate: "2027-03-01", endDate: "2027-03-31" },
  ],
  ["zürich for a long weekend, budget CHF 10000", { destination: "Zurich", budgetTotal: 10000 }],
  [
    "family of four, Rome then Florence, March 3-8",
    {
      destination: "Rome",
      cities: ["Rome", "Florence"],
      travelers: 4,
      startDate: "2027-03-03",
      endDate: "2027-03-08",
    },
  ],
  [
    "me and 3 friends want to go to Lisbon from the 3rd to the 8th of May",
    { destination: "Lisbon", travelers: 4, startDate: "2027-05-03", endDate: "2027-05-08" },
  ],
  [
    "€150 per person per day, 2 of us, a week in Barcelona",
    { destination: "Barcelona", travelers: 2, budgetTotal: 2100 },
  ],
  ["we have 1500 bucks for tokyo", { destination: "Tokyo", budgetTotal: 1500 }],
  ["3.5k budget, amsterdam, 4 days", { destination: "Amsterdam", budgetTotal: 3500 }],
  [
    "2 adults and 2 kids to London in August",
    { destination: "London", travelers: 4, startDate: "2027-08-01", endDate: "2027-08-31" },
  ],
  [
    "Honeymoon in Kyoto, 10 days from June 2",
    { destination: "Kyoto", travelers: 2, startDate: "2027-06-02", endDate: "2027-06-11" },
  ],
  [
    "solo trip to berlin, 2027-09-10 to 2027-09-14",
    { destination: "Berlin", travelers: 1, startDate: "2027-09-10", endDate: "2027-09-14" },
  ],
  [
    "Planning Madrid and Seville, 6 people, $4,000 total",
    { destination: "Madrid", cities: ["Madrid", "Seville"], travelers: 6, budgetTotal: 4000 },
  ],
  [
    "prague then vienna then budapest in october",
    { destination: "Prague", cities: ["Prague", "Vienna", "Budapest"], startDate: "2027-10-01" },
  ],
  [
    "we're a group of 5 heading to Dublin, around £2000",
    { destination: "Dublin", travelers: 5, budgetTotal: 2000 },
  ],
  [
    "New York with my wife, April 10-15",
    { destination: "New York", travelers: 2, startDate: "2027-04-10", endDate: "2027-04-15" },
  ],
  ["i'd like to see athens for three days, 100 euros a day", { destination: "Athens", budgetTotal: 300 }],
  [
    "Copenhagen, just the two of us, from July 1 to July 7",
    { destination: "Copenhagen", travelers: 2, startDate: "2027-07-01", endDate: "2027-07-07" },
  ],
  [
    "Seoul for a week in november, 3 travellers",
    { destination: "Seoul", travelers: 3, startDate: "2027-11-01", endDate: "2027-11-07" },
  ],
  ["budget 2.5k for the two of us in Porto", { destination: "Porto", travelers: 2, budgetTotal: 2500 }],
  [
    "Milan then Venice, me and my sister",
    { destination: "Milan", cities: ["Milan", "Venice"], travelers: 2 },
  ],
  [
    "Bangkok and Chiang Mai, 12 days, 4 friends",
    { destination: "Bangkok", cities: ["Bangkok", "Chiang Mai"], travelers: 4 },
  ],
  [
    "we want to do edinburgh in december, budget 3000 GBP",
    { destination: "Edinburgh", budgetTotal: 3000, startDate: "2027-12-01" },
  ],
  [
    "Sydney, 2 adults 1 child, $200 per person per day for 5 days",
    { destination: "Sydney", budgetTotal: 3000 },
  ],
  [
    "trip to singapore may 20 to may 25 with my husband",
    { destination: "Singapore", travelers: 2, startDate: "2027-05-20", endDate: "2027-05-25" },
  ],
  ["Looking at Istanbul, party of 8", { destination: "Istanbul", travelers: 8 }],
  ["Marrakech for 4 nights, ¥200,000", { destination: "Marrakech", budgetTotal: 200000 }],
  [
    "munich for oktoberfest, september 18-22, 6 of us",
    { destination: "Munich", travelers: 6, startDate: "2027-09-18", endDate: "2027-09-22" },
  ],
  ["rome, 3 days, $300 per day", { destination: "Rome", budgetTotal: 900 }],
  ["Nice and Monaco in June", { destination: "Nice", startDate: "2027-06-01", endDate: "2027-06-30" }],
  [
    "budapest on my own from the 12th to the 16th of March",
    { destination: "Budapest", travelers: 1, startDate: "2027-03-12", endDate: "2027-03-16" },
  ],
  ["paris, 1200 euros, 2 people", { destination: "Paris", budgetTotal: 1200, travelers: 2 }],
  [
    "we're 3 adults going to reykjavik in february",
    { destination: "Reykjavik", travelers: 3, startDate: "2027-02-01", endDate: "2027-02-28" },
  ],
  ["Osaka then Kyoto then Tokyo, two weeks", { destination: "Osaka", cities: ["Osaka", "Kyoto", "Tokyo"] }],
  [
    "Mexico City with my girlfriend, March 20-27, $2500",
    {
      destination: "Mexico City",
      travelers: 2,
      startDate: "2027-03-20",
      endDate: "2027-03-27",
      budgetTotal: 2500,
    },
  ],
  ["going to montreal, family of 3, 5 days", { destination: "Montreal", travelers: 3 }],
  ["Krakow and Warsaw, 5 friends", { destination: "Krakow", cities: ["Krakow", "Warsaw"], travelers: 5 }],
  [
    "florence for 4 days, 80 euros per person per day, 2 people",
    { destination: "Florence", travelers: 2, budgetTotal: 640 },
  ],
  ["lisbon in april, 2 adults and 1 kid", { destination: "Lisbon", travelers: 3, startDate: "2027-04-01" }],
  [
    "Tokyo from 2027-04-05 to 2027-04-11, 2 travellers, budget 600000 JPY",
    {
      destination: "Tokyo",
      travelers: 2,
      startDate: "2027-04-05",
      endDate: "2027-04-11",
      budgetTotal: 600000,
    },
  ],
  ["I'm going solo to Hanoi", { destination: "Hanoi", travelers: 1 }],
  [
    "Barcelona then Valencia then Madrid in July, 4 of us",
    { destination: "Barcelona", cities: ["Barcelona", "Valencia", "Madrid"], travelers: 4 },
  ],
  ["amsterdam with my boyfriend, 2 grand", { destination: "Amsterdam", travelers: 2, budgetTotal: 2000 }],
  [
    "Vancouver, from August 3 to August 10",
    { destination: "Vancouver", startDate: "2027-08-03", endDate: "2027-08-10" },
  ],
  ["Stockholm for 3 days, $150 a day", { destination: "Stockholm", budgetTotal: 450 }],
  ["a week in Bali for me and 2 friends", { destination: "Bali", travelers: 3 }],
  [
    "Cape Town in January, family of five",
    { destination: "Cape Town", travelers: 5, startDate: "2028-01-01" },
  ],
  ["dubai, 4 people, aed... no, say 5000 usd", { destination: "Dubai", travelers: 4, budgetTotal: 5000 }],
  [
    "Zurich then Lucerne, 2 of us, CHF 4,000",
    { destination: "Zurich", cities: ["Zurich", "Lucerne"], travelers: 2, budgetTotal: 4000 },
  ],
  [
    "Hong Kong, June 5-9, solo",
    { destination: "Hong Kong", travelers: 1, startDate: "2027-06-05", endDate: "2027-06-09" },
  ],
  [
    "we love food. thinking naples, three of us, €900",
    { destination: "Naples", travelers: 3, budgetTotal: 900 },
  ],
  ["Oslo for five days with my partner", { destination: "Oslo", travelers: 2 }],
  [
    "los angeles then san francisco, 10 days, $6k",
    { destination: "Los Angeles", cities: ["Los Angeles", "San Francisco"], budgetTotal: 6000 },
  ],
  [
    "Berlin, 7 people, 3 days in May",
    { destination: "Berlin", travelers: 7, startDate: "2027-05-01", endDate: "2027-05-03" },
  ],
  [
    "chicago from the 1st to the 4th of July",
    { destination: "Chicago", startDate: "2027-07-01", endDate: "2027-07-04" },
  ],
  [
    "Seville, 2 people, 50 euros per person per day, 6 days",
    { destination: "Seville", travelers: 2, budgetTotal: 600 },
  ],
  ["geneva in september", { destination: "Geneva", startDate: "2027-09-01", endDate: "2027-09-30" }],
  ["Kyoto, me and my 2 kids", { destination: "Kyoto", travelers: 3 }],
  ["boston with 4 colleagues, budget $8000", { destination: "Boston", travelers: 5, budgetTotal: 8000 }],
  [
    "Rome, 2 of us, from March 10 to March 14, €1.5k",
    { destination: "Rome", travelers: 2, startDate: "2027-03-10", endDate: "2027-03-14", budgetTotal: 1500 },
  ],
  [
    "Edinburgh then Glasgow for a week, solo",
    { destination: "Edinburgh", cities: ["Edinburgh", "Glasgow"], travelers: 1 },
  ],
  // World cities beyond the guides, relative months, numeric ranges, holidays, listed companions.
  [
    "Thinking of Seville and Granada next month, the two of us",
    {
      destination: "Seville",
      cities: ["Seville", "Granada"],
      travelers: 2,
      startDate: "2027-02-01",
      endDate: "2027-02-28",
    },
  ],
  [
    "valencia 3/20-3/25, family of 3",
    { destination: "Valencia", travelers: 3, startDate: "2027-03-20", endDate: "2027-03-25" },
  ],
  [
    "Krakow over new year's eve until the 3rd, 4 people",
    { destination: "Krakow", travelers: 4, startDate: "2027-12-31", endDate: "2028-01-03" },
  ],
  [
    "Lucerne, me + my mum + my 2 sisters, 250 CHF a day for 4 days",
    { destination: "Lucerne", travelers: 4, budgetTotal: 1000 },
  ],
  [
    "Bali with my husband and our two kids from valentine's day for 10 days",
    { destination: "Bali", travelers: 4, startDate: "2027-02-14", endDate: "2027-02-23" },
  ],
  ["backpacking around portugal, 3 of us, 2 weeks", { destination: "Portugal", cities: [], travelers: 3 }],
  ["rome for a week, 1200 per person, 2 adults", { destination: "Rome", travelers: 2, budgetTotal: 2400 }],
  ["iceland road trip, $400/day, 5 days", { destination: "Iceland", budgetTotal: 2000 }],
  [
    "nara and kyoto in autumn, me and my dad",
    { destination: "Nara", cities: ["Nara", "Kyoto"], travelers: 2 },
  ],
];

describe("planner draft extraction table", () => {
  it(`gets at least 90% of ${TABLE.length} messages' fields right`, () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
    let right = 0;
    let total = 0;
    const wrong: string[] = [];
    for (const [message, want] of TABLE) {
      const draft = extractDraft({ messages: [{ role: "user", content: message }] }, TODAY);
      for (const [field, value] of Object.entries(want)) {
        total += 1;
        const got = draft?.[field as keyof PlannerDraft];
        if (JSON.stringify(got) === JSON.stringify(value)) right += 1;
        else wrong.push(`${message} → ${field}: ${JSON.stringify(got)} (expected ${JSON.stringify(value)})`);
      }
    }
    const score = right / total;
    console.log(
      `planner extraction: ${right}/${total} fields right (${(score * 100).toFixed(1)}%)\n${wrong.join("\n")}`,
    );
    expect(score).toBeGreaterThanOrEqual(0.9);
  });

  it("lets the planner context win over the messages and returns null for small talk", () => {
    const d = extractDraft(
      {
        messages: [{ role: "user", content: "rome for 3 days" }],
        plannerContext: { destination: "Paris", travelers: 2 },
      },
      TODAY,
    );
    expect(d).toMatchObject({ destination: "Paris", travelers: 2 });
    expect(extractDraft({ messages: [{ role: "user", content: "hello there" }] }, TODAY)).toBeNull();
  });
});

describe("planner draft currency (ISO 4217, null when none was named)", () => {
  const CURRENCY_TABLE: [string, { budgetTotal: number; currency: string | null }][] = [
    ["a week in Lisbon for 2, budget 3000 euros", { budgetTotal: 3000, currency: "EUR" }],
    ["Lisbon for a week, €2500", { budgetTotal: 2500, currency: "EUR" }],
    ["Porto, 4 days, budget 1800 EUR", { budgetTotal: 1800, currency: "EUR" }],
    ["rome, 3 days, $300 per day", { budgetTotal: 900, currency: "USD" }],
    ["boston, budget 8000 USD", { budgetTotal: 8000, currency: "USD" }],
    ["we have 1500 bucks for tokyo", { budgetTotal: 1500, currency: "USD" }],
    ["kyoto for 5 days, 300000 yen", { budgetTotal: 300000, currency: "JPY" }],
    ["Marrakech for 4 nights, ¥200,000", { budgetTotal: 200000, currency: "JPY" }],
    ["edinburgh in december, £900 total", { budgetTotal: 900, currency: "GBP" }],
    ["zürich for a long weekend, budget CHF 10000", { budgetTotal: 10000, currency: "CHF" }],
    ["florence for 4 days, 80 euros per person per day, 2 people", { budgetTotal: 640, currency: "EUR" }],
    ["3.5k budget, amsterdam, 4 days", { budgetTotal: 3500, currency: null }],
    ["a week in Lisbon for 2", { budgetTotal: 0, currency: null }],
    // A date's day is not money; an amount in a currency we don't know is no budget (not USD).
    ["lisbon, budget to be decided on February 29", { budgetTotal: 0, currency: null }],
    ["lisbon for a week, budget 12 XYZ", { budgetTotal: 0, currency: null }],
    ["lisbon for a week, budget 900 pesos", { budgetTotal: 0, currency: null }],
  ];
  it.each(CURRENCY_TABLE)("%s", (message, want) => {
    const d = extractDraft({ messages: [{ role: "user", content: message }] }, TODAY);
    expect(d).not.toBeNull();
    expect({ budgetTotal: d?.budgetTotal, currency: d?.currency }).toEqual(want);
  });
  it("keeps the currency the user named when the budget comes from the planner context", () => {
    const d = extractDraft(
      {
        messages: [{ role: "user", content: "Lisbon, we said 3000 euros" }],
        plannerContext: { budgetTotal: 2500 },
      },
      TODAY,
    );
    expect(d).toMatchObject({ budgetTotal: 2500, currency: "EUR" });
  });
  it("the offline answer states the budget in its currency", async () => {
    const r = await plannerChat(
      {
        messages: [{ role: "user", content: "a week in Lisbon for 2, budget 3000 euros" }],
        refresh: false,
      },
      new Date("2027-01-15T10:00:00Z"),
    );
    expect(r.plannerDraft).toMatchObject({
      destination: "Lisbon",
      travelers: 2,
      budgetTotal: 3000,
      currency: "EUR",
    });
    expect(r.answer).toContain("budget of about 3000 EUR");
  });
});

describe("a weekend as a length or as a date", () => {
  const draft = (text: string) => extractDraft({ messages: [{ role: "user", content: text }] }, "2026-12-01");
  it("'a long weekend' is how long, not when: the dates stay open for the user", () => {
    expect(draft("A long weekend in Lisbon for two of us")).toMatchObject({ startDate: "", endDate: "" });
    expect(draft("zürich for a weekend")).toMatchObject({ startDate: "", endDate: "" });
  });
  it("'this weekend' and 'next weekend' are dates", () => {
    expect(draft("Lisbon this weekend")).toMatchObject({ startDate: "2026-12-05", endDate: "2026-12-06" });
    expect(draft("Lisbon next weekend for 2")).toMatchObject({
      startDate: "2026-12-12",
      endDate: "2026-12-13",
    });
  });
});

describe("planner sources and degraded (offline planner)", () => {
  const run = (content: string, plannerContext?: Record<string, unknown>) =>
    plannerChat(
      { messages: [{ role: "user", content }], plannerContext, refresh: false },
      new Date("2027-01-15T10:00:00Z"),
    );
  it("names the context fields used and the guide the plan came from", async () => {
    const r = await run("5 days in Paris, we love museums", { destination: "Paris", travelers: 2 });
    expect(r.degraded).toBe(false);
    expect(r.sources[0]).toMatchObject({
      name: "planner_context",
      status: "ok",
      detail: "Used destination, travelers from plannerContext",
    });
    expect(r.sources).toContainEqual(expect.objectContaining({ name: "destination_guide", status: "ok" }));
    for (const s of r.sources) expect(s.detail).not.toBe("");
  });
  it("is degraded when no guide knows the destination, and says the context was skipped", async () => {
    const r = await run("4 days in Seville for two");
    expect(r.plannerDraft?.destination).toBe("Seville");
    expect(r.degraded).toBe(true);
    expect(r.sources[0]).toMatchObject({ name: "planner_context", status: "skipped" });
    expect(r.sources).toContainEqual(
      expect.objectContaining({
        name: "destination_guide",
        status: "unavailable",
        detail: expect.stringContaining("Seville"),
      }),
    );
  });
});
