/**
 * The planner with a real model: the model's reply is analysed for the draft as the
 * `/v1/ai` assistant API documents. The model is the local OpenAI-compatible server; the
 * rest (@ai-sdk/openai, generateText, extraction, merge) runs for real.
 */
import { describe, expect, it } from "vitest";
import { serveScriptedModel } from "@/lib/testing/scripted-model";
import { plannerChat, plannerChatSchema } from "./planner";

let reply = "";

const model = serveScriptedModel(() => ({ text: reply, usage: [300, 120] }));

const turn = (content: string, plannerContext?: Record<string, unknown>) =>
  plannerChat(plannerChatSchema.parse({ messages: [{ role: "user", content }], plannerContext }));

describe("planner reply analysis with a real model", () => {
  it("places the reply's day-by-day outline on its days, keeping what the user said", async () => {
    reply =
      "Here is a plan for Rome. Day 1: the Colosseum and Roman Forum, then dinner in Trastevere. Day 2: the Vatican Museums and St. Peter's Basilica. Day 3: Galleria Borghese and the Spanish Steps. Budget about €200 per day. Shall I add more?";
    const r = await turn("Rome for 3 days with my partner, we'd love to see the Pantheon. Budget $2000.");
    expect(r.answer).toBe(reply);
    const d = r.plannerDraft;
    // The user's budget keeps the user's currency, not the reply's "€200 per day".
    expect(d).toMatchObject({
      destination: "Rome",
      country: "Italy",
      travelers: 2,
      budgetTotal: 2000,
      currency: "USD",
    });
    const onDay = (n: number) => d?.itinerary.filter((i) => i.dayIndex === n).map((i) => i.title);
    expect(onDay(1)).toEqual(expect.arrayContaining(["Colosseum and Roman Forum", "Dinner in Trastevere"]));
    expect(onDay(2)).toEqual(
      expect.arrayContaining(["Vatican Museums and Sistine Chapel", "St. Peter's Basilica"]),
    );
    expect(onDay(3)).toEqual(expect.arrayContaining(["Galleria Borghese", "Gelato and the Spanish Steps"]));
    // The user's own must-do stays, on a day of its own the outline left it.
    expect(d?.activities[0]).toBe("Pantheon");
    expect(d?.itinerary.map((i) => i.title)).toContain("Pantheon");
    // The model was told what had been extracted so far.
    const system = JSON.stringify((model.requests.at(-1)?.messages as unknown[] | undefined)?.[0]);
    expect(system).toMatch(/Extracted so far/);
  });

  it("fills only what the user left empty from the reply", async () => {
    reply = "Lisbon is a great choice for a long weekend: start at Belém Tower, and end with fado in Alfama.";
    const r = await turn("somewhere sunny for 4 people, any ideas?");
    expect(r.plannerDraft).toMatchObject({ destination: "Lisbon", country: "Portugal", travelers: 4 });
    expect(r.plannerDraft?.cities).toEqual(["Lisbon"]);
  });

  it("takes the budget and its currency from the reply when the user gave none", async () => {
    reply = "For Kyoto over 5 days, a budget of ¥250,000 covers a ryokan, temples and food.";
    const r = await turn("kyoto for 5 days with my wife");
    expect(r.plannerDraft).toMatchObject({ destination: "Kyoto", budgetTotal: 250000, currency: "JPY" });
  });

  it("the planner context still wins over the reply", async () => {
    reply = "Paris is lovely, but have you considered Rome? Day 1: the Colosseum and Roman Forum.";
    const r = await turn("a city break", { destination: "Paris", travelers: 3 });
    expect(r.plannerDraft).toMatchObject({ destination: "Paris", travelers: 3 });
  });

  it("stays null when neither the user nor the reply says anything trip-like", async () => {
    reply = "Hello! Where would you like to go?";
    const r = await turn("hi there");
    expect(r.plannerDraft).toBeNull();
  });
});
