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

describe("numbers that are not money", () => {
  it("a day of a date is not an amount", () => {
    expect(findMoney("set the budget to Kyoto on February 29", { bare: true })).toEqual([]);
    expect(findMoney("budget for the 3rd of March", { bare: true })).toEqual([]);
    expect(findMoney("budget 29 Feb 2030", { bare: true })).toEqual([]);
    expect(findMoney("budget until 2030-04-12", { bare: true })).toEqual([]);
    expect(findMoney("budget for 12/05", { bare: true })).toEqual([]);
    expect(findMoney("budget for day 3", { bare: true })).toEqual([]);
    expect(readBudget("set the budget to Kyoto on February 29", {}, true)).toBeNull();
  });

  it("money next to a date is still read", () => {
    expect(findMoney("budget 500 from May 3", { bare: true }).map((m) => m.amount)).toEqual([500]);
    expect(findMoney("€300 on March 2").map((m) => [m.amount, m.currency])).toEqual([[300, "EUR"]]);
  });
});

describe("a currency not known is never read as another", () => {
  it("an unknown code or currency word beside the amount is flagged, and gives no budget", () => {
    expect(findMoney("set the budget to 12 XYZ", { bare: true })).toMatchObject([
      { amount: 12, currency: null, unknownCurrency: "XYZ" },
    ]);
    expect(findMoney("budget QQQ 900", { bare: true })[0]?.unknownCurrency).toBe("QQQ");
    expect(findMoney("budget is 3000 pesos", { bare: true })[0]?.unknownCurrency).toBe("pesos");
    expect(readBudget("set the budget to 12 XYZ", {}, true)).toBeNull();
    expect(readBudget("budget is 3000 pesos", {}, true)).toBeNull();
  });

  it("known codes, symbols and words keep working", () => {
    const read = (t: string) => readBudget(t, {}, true);
    expect(read("set the budget to 12 EUR")).toMatchObject({ total: 12, currency: "EUR" });
    expect(read("budget €150")).toMatchObject({ total: 150, currency: "EUR" });
    expect(read("budget 2000 euros")).toMatchObject({ total: 2000, currency: "EUR" });
    expect(read("budget 90000 yen")).toMatchObject({ total: 90000, currency: "JPY" });
    expect(read("budget £400")).toMatchObject({ total: 400, currency: "GBP" });
    expect(read("budget 3000")).toMatchObject({ total: 3000, currency: null });
    expect(read("budget 3000 for Tokyo")).toMatchObject({ total: 3000, currency: null });
  });
});
