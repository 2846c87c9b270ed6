/**
 * Memory learned from conversation, end to end through the assistant's tools: the
 * remember_preference tool saves into the same memory the TripSage REST API reads, and
 * later flight searches through the assistant leave out red-eye offers.
 */
import { describe, expect, it } from "vitest";
import * as memPrefs from "@/app/api/memory/preferences/route";
import * as memUser from "@/app/api/memory/user/route";
import { getDb } from "@/db/client";
import { designerSystemPrompt } from "@/lib/domain/ai/prompt";
import { createTools } from "@/lib/domain/ai/tools";
import type { Caller } from "@/lib/domain/auth/bearer";
import { type Scope, userScopes } from "@/lib/domain/auth/scopes";
import { getItinerary } from "@/lib/domain/itinerary/service";
import { searchFlights } from "@/lib/domain/travel/flights";
import { searchAccommodations } from "@/lib/domain/travel/stays";
import { accommodationSearchSchema, flightSearchSchema } from "@/lib/domain/validators/travel";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";
import { isRedEye, loadMemory, memoryForPrompt } from "./memory";

const opts = { toolCallId: "t", messages: [] };

function callerOf(user: { id: string; email: string; name: string }, scopes?: Scope[]): Caller {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: "user",
    via: scopes ? "api_key" : "session",
    scopes: scopes ?? userScopes("user"),
  };
}

type FlightResult = {
  offers: { departure: { time: string }; arrival: { time: string } }[];
  memory_note?: string;
};

// Seattle → New York has overnight departures after 21:00 landing before 06:00 in the
// built-in inventory (its schedule is a deterministic function of the route); the date is a
// month ahead because searches only look a limited time into the future.
const redEyeRoute = {
  origin: "SEA",
  destination: "JFK",
  departure_date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  passengers: 1,
} as const;

async function setup(scopes?: Scope[]) {
  const db = await getDb();
  const u = await makeUser("Memory");
  const trip = await makeTrip(u.user.id);
  const tools = createTools({ db, caller: callerOf(u.user, scopes), tripId: trip.id });
  return { db, u, trip, tools };
}

describe("red-eye definition", () => {
  const j = (dep: string, arr: string) => ({
    departure: { airport: "SEA", terminal: null, time: dep },
    arrival: { airport: "JFK", terminal: null, time: arr },
  });
  it("an overnight departure landing in the morning is a red-eye; evening and late-short flights are not", () => {
    expect(isRedEye(j("2030-06-04T21:30:00-07:00", "2030-06-05T05:50:00-04:00"))).toBe(true);
    expect(isRedEye(j("2030-06-04T23:55:00-07:00", "2030-06-05T08:10:00-04:00"))).toBe(true);
    expect(isRedEye(j("2030-06-05T00:30:00-07:00", "2030-06-05T09:00:00-04:00"))).toBe(true);
    // leaves at 19:00, lands 03:20: not a morning arrival
    expect(isRedEye(j("2030-06-04T19:00:00-07:00", "2030-06-05T03:20:00-04:00"))).toBe(false);
    // leaves late but lands just after midnight: a late flight, not overnight
    expect(isRedEye(j("2030-06-04T22:30:00-04:00", "2030-06-04T23:55:00-04:00"))).toBe(false);
    // a morning departure arriving in the morning
    expect(isRedEye(j("2030-06-04T06:00:00-07:00", "2030-06-04T11:30:00-07:00"))).toBe(false);
  });
});

describe("remember_preference and the memory it feeds", () => {
  it("saves what the traveller said, once, and the REST API's memory shows it", async () => {
    const { u, tools } = await setup();
    const first = await tools.remember_preference.execute?.(
      { category: "avoid", value: "red-eye flights" },
      opts,
    );
    expect(first).toEqual({
      remembered: { category: "avoid", value: "red-eye flights" },
      already_known: false,
    });
    const again = await tools.remember_preference.execute?.(
      { category: "avoid", value: "Red-eye  flights" },
      opts,
    );
    expect(again).toMatchObject({ already_known: true });
    await tools.remember_preference.execute?.(
      { category: "dietary_restrictions", value: "vegetarian" },
      opts,
    );
    await tools.remember_preference.execute?.(
      { category: "accommodation_type", value: "boutique hotels" },
      opts,
    );
    await tools.remember_preference.execute?.({ category: "budget_tier", value: "upscale" }, opts);

    const got = await call(memUser.GET, { headers: u.auth });
    expect(got.status).toBe(200);
    expect(got.body.preferences).toMatchObject({
      avoid: ["red-eye flights"],
      dietary_restrictions: ["vegetarian"],
      accommodation_type: "boutique hotels",
      budget_tier: "luxury",
    });
    expect(got.body.learned_from_conversation.map((l: { value: string }) => l.value)).toEqual([
      "red-eye flights",
      "vegetarian",
      "boutique hotels",
      "luxury",
    ]);
  });

  it("a single-valued preference is replaced, and the replaced one is no longer listed as learned", async () => {
    const { db, u, tools } = await setup();
    await tools.remember_preference.execute?.({ category: "travel_style", value: "relaxed" }, opts);
    await tools.remember_preference.execute?.({ category: "travel_style", value: "packed" }, opts);
    const memory = await loadMemory(db, u.user.id);
    expect(memory.travel_style).toBe("packed");
    const got = await call(memUser.GET, { headers: u.auth });
    expect(got.body.learned_from_conversation).toEqual([
      expect.objectContaining({ category: "travel_style", value: "packed" }),
    ]);
  });

  it("refuses a value it cannot store, and an API key without memory:write, writing nothing", async () => {
    const { db, u, tools } = await setup();
    expect(
      await tools.remember_preference.execute?.({ category: "budget_tier", value: "whatever" }, opts),
    ).toMatchObject({ code: "VALIDATION_ERROR" });
    const readOnly = await setup(["trips:read", "memory:read", "flights:read"]);
    expect(
      await readOnly.tools.remember_preference.execute?.(
        { category: "avoid", value: "red-eye flights" },
        opts,
      ),
    ).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
    expect(await loadMemory(db, u.user.id)).toEqual({});
    expect(await loadMemory(db, readOnly.u.user.id)).toEqual({});
  });

  it("after 'never red-eye flights', flight searches through the assistant leave red-eyes out", async () => {
    const { db, u, tools } = await setup();
    // The route really has red-eyes (the REST API's search lists them): otherwise this test proves nothing.
    const all = await searchFlights(db, u.user.id, flightSearchSchema.parse(redEyeRoute));
    const redEyes = all.results.filter((o) => isRedEye(o.outbound));
    expect(redEyes.length).toBeGreaterThan(0);
    const before = (await tools.search_flights.execute?.(redEyeRoute, opts)) as FlightResult;
    expect(before.memory_note).toBeUndefined();

    await tools.remember_preference.execute?.({ category: "avoid", value: "red-eye flights" }, opts);
    const after = (await tools.search_flights.execute?.(redEyeRoute, opts)) as FlightResult;
    expect(after.offers.length).toBeGreaterThan(0);
    expect(after.offers.filter((o) => isRedEye(o))).toEqual([]);
    expect(after.memory_note).toBe(
      `${redEyes.length} red-eye offer${redEyes.length === 1 ? "" : "s"} left out: the traveller never takes red-eye flights`,
    );
    // Only the red-eyes went: every non-red-eye offer shown before is still shown.
    const kept = before.offers.filter((o) => !isRedEye(o)).map((o) => o.departure.time);
    expect(after.offers.map((o) => o.departure.time)).toEqual(expect.arrayContaining(kept));
  });

  it("deleting the preference (as settings does) brings red-eyes back and unlists it", async () => {
    const { u, tools } = await setup();
    await tools.remember_preference.execute?.({ category: "avoid", value: "red-eye flights" }, opts);
    const put = await call(memPrefs.PUT, { method: "PUT", headers: u.auth, body: { avoid: [] } });
    expect(put.status).toBe(200);
    expect(put.body.preferences.avoid).toEqual([]);
    expect(put.body.learned_from_conversation).toEqual([]);
    const r = (await tools.search_flights.execute?.(redEyeRoute, opts)) as FlightResult;
    expect(r.offers.length).toBeGreaterThan(0);
    expect(r.memory_note).toBeUndefined();
  });

  it("forgetting a single learned value (null, as settings' Forget sends) clears it and unlists it", async () => {
    const { u, tools } = await setup();
    await tools.remember_preference.execute?.({ category: "travel_style", value: "relaxed" }, opts);
    await tools.remember_preference.execute?.({ category: "dietary_restrictions", value: "vegan" }, opts);
    const put = await call(memPrefs.PUT, { method: "PUT", headers: u.auth, body: { travel_style: null } });
    expect(put.status).toBe(200);
    expect(put.body.preferences.travel_style).toBeNull();
    expect(put.body.preferences.dietary_restrictions).toEqual(["vegan"]);
    expect(put.body.learned_from_conversation).toEqual([
      expect.objectContaining({ category: "dietary_restrictions", value: "vegan" }),
    ]);
  });

  it("an avoided property type ('hostels') is left out of stay searches through the assistant", async () => {
    const { db, u, tools } = await setup();
    const stay = {
      location: "Tokyo, Japan",
      check_in: redEyeRoute.departure_date,
      check_out: new Date(Date.now() + 33 * 86_400_000).toISOString().slice(0, 10),
      guests: 1,
    };
    // Hostels really are among the offers (the REST API's search lists them).
    const all = await searchAccommodations(db, u.user.id, accommodationSearchSchema.parse(stay));
    expect(all.results.some((o) => o.property_type === "hostel")).toBe(true);
    await tools.remember_preference.execute?.({ category: "avoid", value: "hostels" }, opts);
    const r = (await tools.search_hotels.execute?.(stay, opts)) as {
      offers: { property_type: string }[];
      memory_note?: string;
    };
    expect(r.offers.length).toBeGreaterThan(0);
    expect(r.offers.map((o) => o.property_type)).not.toContain("hostel");
    expect(r.memory_note).toMatch(/avoids them \(hostels\)/);
  });

  it("vegetarian: activity suggestions carry the note, and the next turn's prompt knows it", async () => {
    const { db, u, trip, tools } = await setup();
    await tools.remember_preference.execute?.(
      { category: "dietary_restrictions", value: "vegetarian" },
      opts,
    );
    const acts = (await tools.search_activities.execute?.({}, opts)) as { memory_note?: string };
    expect(acts.memory_note).toMatch(/vegetarian/);
    const prompt = designerSystemPrompt(
      await getItinerary(db, u.user.id, trip.id),
      "2030-05-01",
      memoryForPrompt(await loadMemory(db, u.user.id)),
    );
    expect(prompt).toMatch(/vegetarian/);
    expect(prompt).not.toMatch(/learned_at/);
  });
});
