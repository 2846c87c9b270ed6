/**
 * The TripSage REST API "User Management" (`/api/users/me`) and "Memory System" (`/api/memory/*`).
 */
import { expect, test } from "@playwright/test";
import {
  body,
  createTrip,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  isIsoDateTime,
  registerUser,
} from "./helpers";

test.describe("users/me", () => {
  test("GET /api/users/me answers the TripSage REST API's profile shape", async ({ request }) => {
    const user = await registerUser(request, { name: "John Doe" });
    await createTrip(user.api);
    const res = await user.api.get("/api/users/me");
    await expectStatus(res, 200);
    const me = await body(res);
    expect(me).toMatchObject({ id: user.id, email: user.email, name: "John Doe" });
    expect(typeof me.profile).toBe("object");
    expect(me.preferences).toMatchObject({
      timezone: expect.any(String),
      currency: expect.any(String),
      language: expect.any(String),
      notifications: {
        email: expect.any(Boolean),
        push: expect.any(Boolean),
        price_alerts: expect.any(Boolean),
        trip_updates: expect.any(Boolean),
      },
    });
    expect(me.subscription).toMatchObject({ plan: expect.any(String), status: expect.any(String) });
    expect(me.stats).toMatchObject({
      trips_planned: 1,
      countries_visited: expect.any(Number),
      total_distance_km: expect.any(Number),
    });
    expect(isIsoDateTime(me.created_at)).toBe(true);
    expect(isIsoDateTime(me.last_active)).toBe(true);
  });

  test("PUT /api/users/me merges name, profile and preferences", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.put("/api/users/me", {
      name: "John Doe",
      profile: { bio: "Adventure seeker and food lover", location: "New York, NY" },
      preferences: { currency: "EUR", notifications: { price_alerts: false } },
    });
    await expectStatus(res, 200);
    const me = await body(res);
    expect(me).toMatchObject({
      name: "John Doe",
      profile: { bio: "Adventure seeker and food lover", location: "New York, NY" },
      preferences: {
        currency: "EUR",
        notifications: { price_alerts: false, email: true, trip_updates: true },
      },
    });
    const again = await body(await user.api.get("/api/users/me"));
    expect(again.preferences.currency).toBe("EUR");
    expect(again.profile.location).toBe("New York, NY");
  });

  test("users/me: 401 without credentials, 422 on unknown fields", async ({ request }) => {
    const user = await registerUser(request);
    await expectTripSageError(await user.api.as(null).get("/api/users/me"), 401, { type: "authentication" });
    await expectValidationError(await user.api.put("/api/users/me", { role: "admin" }));
  });
});

test.describe("memory", () => {
  test("GET /api/memory/user answers the TripSage REST API's memory shape", async ({ request }) => {
    const user = await registerUser(request);
    await createTrip(user.api);
    const res = await user.api.get("/api/memory/user");
    await expectStatus(res, 200);
    const m = await body(res);
    expect(m.user_id).toBe(user.id);
    expect([null, "budget", "mid-range", "luxury"]).toContain(m.preferences.budget_tier);
    expect(m.preferences).toMatchObject({
      dietary_restrictions: expect.any(Array),
      interests: expect.any(Array),
    });
    for (const k of [
      "accommodation_type",
      "transportation_preference",
      "travel_style",
      "group_size_preference",
    ]) {
      expect(m.preferences, `preferences.${k}`).toHaveProperty(k);
    }
    expect(m.travel_history).toMatchObject({
      destinations_visited: expect.any(Array),
      favorite_seasons: expect.any(Array),
    });
    expect(m.travel_history).toHaveProperty("typical_trip_duration");
    expect(m.travel_history).toHaveProperty("avg_budget_per_trip");
    expect(m.ai_insights).toMatchObject({
      personality_profile: expect.any(String),
      recommendation_factors: expect.any(Array),
    });
    expect(isIsoDateTime(m.last_updated)).toBe(true);
  });

  test("PUT /api/memory/preferences updates what GET /api/memory/user returns", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.put("/api/memory/preferences", {
      budget_tier: "luxury",
      interests: ["art", "wine", "wellness"],
      dietary_restrictions: ["gluten_free"],
      accommodation_preference: "luxury_resorts",
    });
    await expectStatus(res, 200);
    const put = await body(res);
    expect(put.preferences.budget_tier).toBe("luxury");
    expect(put.preferences.interests).toEqual(expect.arrayContaining(["art", "wine", "wellness"]));
    expect(put.preferences.dietary_restrictions).toEqual(expect.arrayContaining(["gluten_free"]));
    expect(put.preferences.accommodation_type).toBe("luxury_resorts");

    const m = await body(await user.api.get("/api/memory/user"));
    expect(m.preferences.budget_tier).toBe("luxury");
    expect(m.preferences.interests).toEqual(expect.arrayContaining(["art", "wine", "wellness"]));
    expect(m.preferences.dietary_restrictions).toEqual(expect.arrayContaining(["gluten_free"]));
  });

  test("memory preferences: 422 on bad values, 401 without credentials", async ({ request }) => {
    const user = await registerUser(request);
    await expectValidationError(await user.api.put("/api/memory/preferences", { budget_tier: "infinite" }), [
      "budget_tier",
    ]);
    await expectValidationError(await user.api.put("/api/memory/preferences", { interests: "art" }), [
      "interests",
    ]);
    await expectTripSageError(await user.api.as(null).get("/api/memory/user"), 401);
    await expectTripSageError(
      await user.api.as(null).put("/api/memory/preferences", { budget_tier: "luxury" }),
      401,
    );
  });
});
