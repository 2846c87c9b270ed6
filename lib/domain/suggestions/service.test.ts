/**
 * Unit tests of the pure parts of the suggestion ranking: seasonal/trending, price, interest
 * mapping, profile building and ordering. The database-backed path is in service.db.test.ts.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUE, type CatalogueDestination } from "./catalogue";
import {
  buildProfile,
  destinationTier,
  estimatedPrice,
  interestKeys,
  isSeasonal,
  isTrending,
  rankDestinations,
  type SuggestionProfile,
  suggestionsQuerySchema,
  toSuggestion,
} from "./service";

const byId = (id: string) => CATALOGUE.find((d) => d.id === id) as CatalogueDestination;
const empty = (): SuggestionProfile => ({ interests: new Map(), visitedCities: new Set() });
const APRIL = new Date("2027-04-10T12:00:00Z");
const OCTOBER = new Date("2027-10-10T12:00:00Z");

describe("seasonal and trending", () => {
  it("is seasonal exactly in the best months (UTC month)", () => {
    const ams = byId("amsterdam");
    expect(ams.best_months).toContain(4);
    expect(ams.best_months).not.toContain(10);
    expect(isSeasonal(ams, APRIL)).toBe(true);
    expect(isSeasonal(ams, OCTOBER)).toBe(false);
    // The month is taken in UTC: 00:30Z on 1 June is June even where it is still 31 May.
    expect(isSeasonal(byId("kyoto"), new Date("2027-06-01T00:30:00Z"))).toBe(false);
    expect(isSeasonal(byId("kyoto"), new Date("2027-05-31T23:30:00Z"))).toBe(true);
  });

  it("trends when popular and in season now or within two months", () => {
    const tokyo = byId("tokyo"); // popularity 97, March-May and October-November
    expect(isTrending(tokyo, APRIL)).toBe(true);
    expect(isTrending(tokyo, new Date("2027-08-15T00:00:00Z"))).toBe(true); // October is two months away
    expect(isTrending(tokyo, new Date("2027-07-15T00:00:00Z"))).toBe(false);
    const elChalten = byId("el-chalten"); // popularity 64: never trending
    for (let m = 0; m < 12; m++) expect(isTrending(elChalten, new Date(Date.UTC(2027, m, 15)))).toBe(false);
    const tromso = byId("tromso"); // 74 + 20 < 100
    expect(isTrending(tromso, new Date("2027-12-15T00:00:00Z"))).toBe(false);
    // Wraps over the new year: Queenstown (84, December-March) trends from October.
    expect(isTrending(byId("queenstown"), new Date("2027-10-01T00:00:00Z"))).toBe(true);
    expect(isTrending(byId("queenstown"), new Date("2027-09-30T00:00:00Z"))).toBe(false);
  });
});

describe("suggestion shape", () => {
  it("renders the TripSage REST API's item with price = daily × days rounded to 10", () => {
    const s = toSuggestion(byId("tokyo"), APRIL);
    expect(s).toEqual({
      id: "suggestion-tokyo",
      title: "Tokyo Cherry Blossom Adventure",
      destination: "Tokyo, Japan",
      description: byId("tokyo").description,
      estimated_price: 1400,
      currency: "USD",
      duration: 7,
      rating: 4.8,
      category: "culture",
      best_time_to_visit: "March - May, October - November",
      highlights: [...byId("tokyo").highlights],
      trending: true,
      seasonal: true,
      difficulty: "easy",
    });
    for (const d of CATALOGUE) {
      expect(estimatedPrice(d) % 10).toBe(0);
      expect(Math.abs(estimatedPrice(d) - d.daily_cost_usd * d.duration_days)).toBeLessThanOrEqual(5);
    }
    expect(toSuggestion(byId("barcelona"), APRIL, "relaxation").category).toBe("relaxation");
  });
});

describe("interests and profile", () => {
  it("maps free-text interests onto categories and tags", () => {
    expect(interestKeys("Beaches")).toEqual(["beaches"]);
    expect(interestKeys("beach")).toEqual(["beaches"]);
    expect(interestKeys("street_food")).toEqual(["food"]);
    expect(interestKeys("museums")).toEqual(["art"]);
    expect(interestKeys("adventure_seeker")).toEqual(["adventure"]);
    expect(interestKeys("Hot springs")).toEqual(["wellness"]);
    expect(interestKeys("immersive_local")).toEqual([]);
    expect(interestKeys("")).toEqual([]);
  });

  it("reads interests, tier and visited cities from memory and trips", () => {
    const p = buildProfile(
      { interests: ["history", "food"], budget_tier: "Mid-Range", travel_style: "relaxed" },
      [
        {
          destinations: [{ name: "Kyoto, Japan" }, { name: "Somewhere", city: "Québec City" }],
          preferences: { interests: ["diving", "food"] },
          startDate: "2030-01-01",
          endDate: "2030-01-05",
        },
      ],
    );
    expect(Object.fromEntries(p.interests)).toEqual({ history: 1, food: 1, relaxation: 0.5, diving: 0.5 });
    expect(p.budgetTier).toBe("mid-range");
    expect([...p.visitedCities].sort()).toEqual(["kyoto", "quebec city", "somewhere"]);
  });

  it("falls back to accommodation type, then to a USD trip budget per day", () => {
    expect(buildProfile({ accommodation_type: "luxury_resorts" }, []).budgetTier).toBe("luxury");
    expect(buildProfile({ accommodation_preference: "hostels" }, []).budgetTier).toBe("budget");
    const trip = (total: number, currency = "USD") => ({
      destinations: [],
      preferences: { budget: { total, currency } },
      startDate: "2030-01-01",
      endDate: "2030-01-10", // 10 days
    });
    expect(buildProfile({}, [trip(800)]).budgetTier).toBe("budget");
    expect(buildProfile({}, [trip(2000)]).budgetTier).toBe("mid-range");
    expect(buildProfile({}, [trip(5000)]).budgetTier).toBe("luxury");
    expect(buildProfile({}, [trip(800, "EUR")]).budgetTier).toBeUndefined();
    expect(buildProfile(undefined, []).budgetTier).toBeUndefined();
  });
});

describe("ranking", () => {
  it("filters by any category and by budget", () => {
    const nature = rankDestinations(empty(), { limit: 20, category: "nature" }, APRIL);
    expect(nature).toHaveLength(20);
    for (const d of nature) expect(d.categories).toContain("nature");
    const cheap = rankDestinations(empty(), { limit: 20, budget_max: 500 }, APRIL);
    expect(cheap.length).toBeGreaterThan(5);
    for (const d of cheap) expect(estimatedPrice(d)).toBeLessThanOrEqual(500);
    expect(rankDestinations(empty(), { limit: 20, budget_max: 10 }, APRIL)).toEqual([]);
  });

  it("puts interest matches first and breaks ties by id", () => {
    const p = empty();
    p.interests.set("relaxation", 1);
    p.interests.set("beaches", 1);
    const top = rankDestinations(p, { limit: 5 }, APRIL);
    for (const d of top) expect(d.categories[0]).toBe("relaxation");
    const twins = [
      { ...byId("paris"), id: "b-twin" },
      { ...byId("paris"), id: "a-twin" },
    ];
    expect(rankDestinations(empty(), { limit: 2 }, APRIL, twins).map((d) => d.id)).toEqual([
      "a-twin",
      "b-twin",
    ]);
  });

  it("prefers destinations in the caller's budget tier", () => {
    const avgDaily = (tier: "budget" | "luxury") => {
      const top = rankDestinations({ ...empty(), budgetTier: tier }, { limit: 8 }, APRIL);
      return top.reduce((s, d) => s + d.daily_cost_usd, 0) / top.length;
    };
    expect(avgDaily("luxury")).toBeGreaterThan(avgDaily("budget") * 2);
    const budgetTop = rankDestinations({ ...empty(), budgetTier: "budget" }, { limit: 5 }, APRIL);
    for (const d of budgetTop) expect(destinationTier(d)).toBe("budget");
  });

  it("ranks cities the caller already has trips to last, and only when needed", () => {
    const p = empty();
    p.interests.set("temples", 1);
    const before = rankDestinations(p, { limit: 3 }, APRIL).map((d) => d.id);
    expect(before).toContain("kyoto");
    p.visitedCities.add("kyoto");
    const after = rankDestinations(p, { limit: 3 }, APRIL).map((d) => d.id);
    expect(after).not.toContain("kyoto");
    const all = rankDestinations(p, { limit: 100 }, APRIL).map((d) => d.id);
    expect(all.at(-1)).toBe("kyoto");
  });
});

describe("query schema", () => {
  it("defaults limit to 4 and coerces numbers", () => {
    expect(suggestionsQuerySchema.parse({})).toEqual({ limit: 4 });
    expect(suggestionsQuerySchema.parse({ limit: "20", budget_max: "4999.5", category: "nature" })).toEqual({
      limit: 20,
      budget_max: 4999.5,
      category: "nature",
    });
  });

  it.each([
    { limit: "0" },
    { limit: "21" },
    { limit: "2.5" },
    { limit: "x" },
    { budget_max: "-5" },
    { budget_max: "0" },
    { budget_max: "abc" },
    { budget_max: "Infinity" },
    { category: "foo" },
    { category: "Culture" },
  ])("rejects %o", (q) => {
    expect(suggestionsQuerySchema.safeParse(q).success).toBe(false);
  });
});
