import { describe, expect, it } from "vitest";
import { findMoney, readBudget } from "./numbers";

describe("money at the end of a sentence", () => {
  it("a full stop after an amount is punctuation, not a decimal point", () => {
    expect(findMoney("Budget $2000.").map((m) => [m.amount, m.currency])).toEqual([[2000, "USD"]]);
    expect(findMoney("We have €1,500. That's it.").map((m) => m.amount)).toEqual([1500]);
    expect(findMoney("budget 1500.", { bare: true }).map((m) => m.amount)).toEqual([1500]);
  });

  it("a real decimal is still read whole", () => {
    expect(findMoney("Budget $2000.50 in total").map((m) => m.amount)).toEqual([2000.5]);
  });

  it("a per-person budget ending the sentence is multiplied out", () => {
    expect(readBudget("Budget €150 per person.", { travelers: 2 })?.total).toBe(300);
  });
});
