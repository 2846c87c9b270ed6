import { describe, expect, it } from "vitest";
import type { PlannerDraft } from "@/lib/domain/chat/planner";
import { type DraftField, EMPTY_DRAFT, mergeDraft, plannerContextOf, toCreateBody } from "./draft";

const answer: PlannerDraft = {
  destination: "Rome",
  country: "Italy",
  cities: ["Rome", "Florence"],
  startDate: "2027-05-12",
  endDate: "2027-05-15",
  travelers: 2,
  budgetTotal: 2400,
  currency: "EUR",
  activities: ["Pantheon"],
  itinerary: [{ dayIndex: 1, title: "Pantheon", timeBlock: "afternoon", category: "activities", notes: "n" }],
};

describe("planner page draft", () => {
  it("fills every field the user has not edited, and keeps the ones they did", () => {
    const edited = new Set<DraftField>(["travelers", "destination"]);
    const form = { ...EMPTY_DRAFT, travelers: "3", destination: "Roma" };
    const next = mergeDraft(form, answer, edited);
    expect(next).toMatchObject({
      destination: "Roma",
      travelers: "3",
      country: "Italy",
      cities: "Rome, Florence",
      startDate: "2027-05-12",
      budgetTotal: "2400",
      currency: "EUR",
    });
    expect(next.itinerary.map((i) => [i.dayIndex, i.title])).toEqual([["1", "Pantheon"]]);
    // An empty answer field does not wipe what is there.
    expect(mergeDraft(next, { ...answer, startDate: "", travelers: 0 }, new Set()).startDate).toBe(
      "2027-05-12",
    );
    expect(mergeDraft(next, null, new Set())).toBe(next);
  });

  it("sends edited fields back as plannerContext and builds the create body", () => {
    const form = mergeDraft(EMPTY_DRAFT, { ...answer, currency: "JPY" }, new Set());
    expect(plannerContextOf({ ...form, travelers: "3" }, new Set(["travelers"]))).toEqual({ travelers: 3 });
    expect(toCreateBody(form)).toMatchObject({
      destination: "Rome",
      cities: ["Rome", "Florence"],
      start_date: "2027-05-12",
      end_date: "2027-05-15",
      travelers: 2,
      budget: { total: 2400, currency: "JPY" },
      itinerary: [{ dayIndex: 1, title: "Pantheon", timeBlock: "afternoon", category: "activities" }],
    });
  });

  it("takes the draft's currency with its budget, keeps an edited one, and the default without one", () => {
    expect(mergeDraft(EMPTY_DRAFT, { ...answer, currency: "GBP" }, new Set()).currency).toBe("GBP");
    expect(mergeDraft({ ...EMPTY_DRAFT, currency: "CHF" }, answer, new Set(["currency"])).currency).toBe(
      "CHF",
    );
    expect(mergeDraft(EMPTY_DRAFT, { ...answer, currency: null }, new Set()).currency).toBe("USD");
    // A currency without a budget does not change the picker.
    expect(mergeDraft(EMPTY_DRAFT, { ...answer, budgetTotal: 0, currency: "EUR" }, new Set()).currency).toBe(
      "USD",
    );
  });
});
