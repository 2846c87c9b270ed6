// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * Trip suggestions against the real database (PGlite, and Postgres when DATABASE_URL is set):
 * `suggestTrips` with memory preferences and trips stored in the database, and the
 * `GET /api/trips/suggestions` route (shape, filters, validation, auth).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as route from "@/app/api/trips/suggestions/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";
import { CATALOGUE, CATEGORIES } from "./catalogue";
import { suggestTrips } from "./service";

const APRIL = new Date("2027-04-10T12:00:00Z");
const OCTOBER = new Date("2027-10-10T12:00:00Z");
const ITEM_KEYS = [
  "best_time_to_visit",
  "category",
  "currency",
  "description",
  "destination",
  "difficulty",
  "duration",
  "estimated_price",
  "highlights",
  "id",
  "rating",
  "seasonal",
  "title",
  "trending",
];
const catalogueEntry = (suggestionId: string) => {
  const d = CATALOGUE.find((x) => `suggestion-${x.id}` === suggestionId);
  if (!d) throw new Error(`no catalogue entry for ${suggestionId}`);
  return d;
};

async function setMemory(userId: string, memory: Record<string, unknown>) {
  const db = await getDb();
  await db.update(users).set({ preferences: { memory } }).where(eq(users.id, userId));
}

const get = (auth: Record<string, string> | undefined, query = "") =>
  call(route.GET, { path: `/api/trips/suggestions${query}`, headers: auth });

function expectValidation(res: Awaited<ReturnType<typeof call>>, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body).toMatchObject({
    error: true,
    message: expect.any(String),
    code: "VALIDATION_ERROR",
    type: "validation",
  });
  expect(res.body.errors.length).toBeGreaterThan(0);
  for (const e of res.body.errors) {
    expect(e).toEqual({ field: expect.any(String), message: expect.any(String), type: expect.any(String) });
    expect(e.message.length).toBeGreaterThan(0);
  }
  expect(res.body.errors.map((e: any) => e.field)).toContain(field);
}

describe("GET /api/trips/suggestions", () => {
  it("returns 4 suggestions in the TripSage REST API's shape by default", async () => {
    const { auth } = await makeUser();
    const res = await get(auth);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(4);
    for (const s of res.body) {
      expect(Object.keys(s).sort()).toEqual(ITEM_KEYS);
      const d = catalogueEntry(s.id);
      expect(s.destination).toBe(`${d.city}, ${d.country}`);
      expect(s.currency).toBe("USD");
      expect(s.estimated_price).toBe(Math.round((d.daily_cost_usd * d.duration_days) / 10) * 10);
      expect(s.duration).toBe(d.duration_days);
      expect(s.category).toBe(d.categories[0]);
      expect(s.highlights).toEqual([...d.highlights]);
      expect(typeof s.trending).toBe("boolean");
      expect(typeof s.seasonal).toBe("boolean");
    }
    expect(new Set(res.body.map((s: any) => s.id)).size).toBe(4);
  });

  it("honours limit 1, 3 and 20", async () => {
    const { auth } = await makeUser();
    for (const n of [1, 3, 20]) {
      const res = await get(auth, `?limit=${n}`);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(n);
    }
  });

  it("filters by category and budget_max through the query string", async () => {
    const { auth } = await makeUser();
    const res = await get(auth, "?limit=20&budget_max=1000&category=culture");
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const s of res.body) {
      expect(s.category).toBe("culture");
      expect(catalogueEntry(s.id).categories).toContain("culture");
      expect(s.estimated_price).toBeLessThanOrEqual(1000);
    }
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=21", "limit"],
    ["?limit=abc", "limit"],
    ["?category=foo", "category"],
    ["?budget_max=-5", "budget_max"],
    ["?budget_max=0", "budget_max"],
    ["?budget_max=lots", "budget_max"],
  ])("422 for %s", async (query, field) => {
    const { auth } = await makeUser();
    expectValidation(await get(auth, query), field);
  });

  it("401 without credentials", async () => {
    const res = await get(undefined, "?limit=3");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: true, code: "UNAUTHORIZED", type: "authentication" });
  });

  it("gives the same answer twice", async () => {
    const { auth } = await makeUser();
    const a = await get(auth, "?limit=10");
    const b = await get(auth, "?limit=10");
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });
});

describe("suggestTrips", () => {
  it("filters by every category (primary or not) and reports the requested one", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    for (const category of CATEGORIES) {
      const list = await suggestTrips(db, user.id, { limit: 20, category }, APRIL);
      const expected = Math.min(20, CATALOGUE.filter((d) => d.categories.includes(category)).length);
      expect(list, category).toHaveLength(expected);
      for (const s of list) {
        expect(s.category).toBe(category);
        expect(catalogueEntry(s.id).categories).toContain(category);
      }
    }
  });

  it("keeps every estimated_price within budget_max, and can return nothing", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    for (const budget_max of [250, 600, 1000.5, 5000]) {
      const list = await suggestTrips(db, user.id, { limit: 20, budget_max }, APRIL);
      expect(list.length).toBeGreaterThan(0);
      for (const s of list) expect(s.estimated_price).toBeLessThanOrEqual(budget_max);
    }
    expect(await suggestTrips(db, user.id, { limit: 20, budget_max: 100 }, APRIL)).toEqual([]);
  });

  it("marks seasonal by today's month: Amsterdam (April-June, September) in April but not October", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    await setMemory(user.id, { interests: ["cycling", "art"] });
    const april = await suggestTrips(db, user.id, { limit: 20 }, APRIL);
    const october = await suggestTrips(db, user.id, { limit: 20 }, OCTOBER);
    const ams = (list: typeof april) => list.find((s) => s.id === "suggestion-amsterdam");
    expect(ams(april)?.seasonal).toBe(true);
    expect(ams(october)?.seasonal).toBe(false);
    for (const [list, month] of [
      [april, 4],
      [october, 10],
    ] as const) {
      for (const s of list) {
        expect(s.seasonal, s.id).toBe(
          (catalogueEntry(s.id).best_months as readonly number[]).includes(month),
        );
      }
    }
  });

  it("ranks relaxation destinations first for memory interests beaches + relaxation", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const before = await suggestTrips(db, user.id, { limit: 5 }, APRIL);
    await setMemory(user.id, { interests: ["beaches", "relaxation"] });
    const after = await suggestTrips(db, user.id, { limit: 5 }, APRIL);
    expect(after.map((s) => s.id)).not.toEqual(before.map((s) => s.id));
    for (const s of after) {
      expect(s.category, s.id).toBe("relaxation");
      expect(catalogueEntry(s.id).tags).toContain("beaches");
    }
  });

  it("uses the interests of the caller's recent trips", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    await makeTrip(user.id, {
      title: "Reef week",
      destinations: [{ name: "Somewhere new" }],
      preferences: { interests: ["scuba diving", "snorkeling"] },
    });
    const list = await suggestTrips(db, user.id, { limit: 4 }, APRIL);
    for (const s of list) {
      const tags = catalogueEntry(s.id).tags as readonly string[];
      expect(tags.includes("diving") || tags.includes("snorkelling"), s.id).toBe(true);
    }
  });

  it("prefers cheaper destinations for a budget traveller and dearer ones for luxury", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const avgDaily = async (budget_tier: string) => {
      await setMemory(user.id, { budget_tier });
      const list = await suggestTrips(db, user.id, { limit: 6 }, APRIL);
      return list.reduce((sum, s) => sum + catalogueEntry(s.id).daily_cost_usd, 0) / list.length;
    };
    const cheap = await avgDaily("budget");
    const dear = await avgDaily("luxury");
    expect(cheap).toBeLessThanOrEqual(100);
    expect(dear).toBeGreaterThan(250);
  });

  it("ranks a city the caller already has a trip to last, only when too few others remain", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const q = { limit: 20, category: "adventure" as const, budget_max: 1000 };
    const fresh = await suggestTrips(db, user.id, q, APRIL);
    expect(fresh.length).toBeLessThan(20);
    expect(fresh.at(-1)?.id).not.toBe("suggestion-cusco");
    expect(fresh.map((s) => s.id)).toContain("suggestion-cusco");

    await makeTrip(user.id, { title: "Peru", destinations: [{ name: "Cusco, Peru" }] });
    const after = await suggestTrips(db, user.id, q, APRIL);
    expect(after).toHaveLength(fresh.length);
    expect(after.at(-1)?.id).toBe("suggestion-cusco");
    const short = await suggestTrips(db, user.id, { ...q, limit: fresh.length - 1 }, APRIL);
    expect(short.map((s) => s.id)).not.toContain("suggestion-cusco");
  });

  it("is deterministic for the same user, query and date", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    await setMemory(user.id, { interests: ["food", "history"], budget_tier: "mid-range" });
    const a = await suggestTrips(db, user.id, { limit: 20 }, OCTOBER);
    const b = await suggestTrips(db, user.id, { limit: 20 }, OCTOBER);
    expect(b).toEqual(a);
  });
});
