import { describe, expect, it } from "vitest";
import { formatItineraryContext, parseItineraryContext } from "./context";
import { costUsd } from "./pricing";

describe("itinerary snapshot", () => {
  it("reads back exactly what it wrote, including quotes and unscheduled segments", () => {
    const trip = {
      title: 'The "Grand" Tour',
      startDate: "2030-06-01",
      endDate: "2030-06-05",
      days: 5,
      destinations: ["Paris", "Lyon"],
      budget: "3000 EUR",
      role: "editor",
    };
    const segments = [
      { id: "a1", day: 2, block: "morning" as const, pos: 0, type: "activity", title: 'Louvre "Denon" wing' },
      { id: "b2", day: null, block: null, pos: 0, type: "note", title: "Passports\\visas" },
    ];
    const text = `preamble\n${formatItineraryContext(trip, segments)}\ntrailer`;
    expect(parseItineraryContext(text)).toEqual({ trip, segments });
  });
});

describe("model pricing", () => {
  it("prices per million tokens and ignores a provider prefix", () => {
    expect(costUsd("gpt-4o-mini", 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
    expect(costUsd("openai/gpt-4o", 2000, 1000)).toBeCloseTo((2000 * 2.5 + 1000 * 10) / 1e6, 12);
  });
  it("costs the offline model at zero and an unknown model at AI_DEFAULT_PRICE (5,15), never zero", () => {
    expect(costUsd("tripsage-offline", 5000, 5000)).toBe(0);
    expect(costUsd("llama3.1", 1_000_000, 1_000_000)).toBeCloseTo(20, 10);
  });
});
