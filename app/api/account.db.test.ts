// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * The TripSage REST API account endpoints against the real database (PGlite or Postgres): change
 * password and logout (every old token refused afterwards), `GET/PUT /api/users/me` with
 * stats computed from real trips, the memory system, configuration, feature flags and
 * the MCP health check.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as changePassword from "@/app/api/auth/change-password/route";
import * as login from "@/app/api/auth/login/route";
import * as logout from "@/app/api/auth/logout/route";
import * as refresh from "@/app/api/auth/refresh/route";
import * as features from "@/app/api/config/features/route";
import * as config from "@/app/api/config/route";
import * as mcp from "@/app/api/health/mcp/route";
import * as memPrefs from "@/app/api/memory/preferences/route";
import * as memUser from "@/app/api/memory/user/route";
import * as trips from "@/app/api/trips/route";
import * as me from "@/app/api/users/me/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { expectApiError, expectFieldErrors } from "@/lib/testing/assertions";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };
type U = Awaited<ReturnType<typeof makeUser>>;

const PASSWORD = "correct horse battery"; // makeUser's password
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const NO_AUTH = {} as Auth;

const doLogin = (email: string, password: string) =>
  call(login.POST, { method: "POST", body: { email, password } });
const doRefresh = (refresh_token: string) => call(refresh.POST, { method: "POST", body: { refresh_token } });
const doChange = (auth: Auth, body: unknown) =>
  call(changePassword.POST, { method: "POST", body, headers: auth });
const getMe = (auth: Auth) => call(me.GET, { headers: auth });
const putMe = (auth: Auth, body: unknown) => call(me.PUT, { method: "PUT", body, headers: auth });
const getMemory = (auth: Auth) => call(memUser.GET, { headers: auth });
const putMemory = (auth: Auth, body: unknown) => call(memPrefs.PUT, { method: "PUT", body, headers: auth });

/** A fresh user plus a real token pair from `POST /api/auth/login`. */
async function loggedIn(name = "Account") {
  const u = await makeUser(name);
  const res = await doLogin(u.user.email, PASSWORD);
  expect(res.status).toBe(200);
  return {
    ...u,
    access: { authorization: `Bearer ${res.body.access_token}` } as Auth,
    refreshToken: res.body.refresh_token as string,
  };
}

// =======================================================================================
// Change password and logout
// =======================================================================================

describe("POST /api/auth/change-password", () => {
  it("wrong current password → 401 INVALID_CREDENTIALS and the password is unchanged", async () => {
    const u = await loggedIn();
    expectApiError(
      await doChange(u.access, { current_password: "wrong password!", new_password: "brand new password" }),
      401,
      "INVALID_CREDENTIALS",
    );
    expect((await doLogin(u.user.email, PASSWORD)).status).toBe(200);
    expect((await getMe(u.access)).status).toBe(200);
  });

  it("the same password again → 422 on new_password; the session survives", async () => {
    const u = await loggedIn();
    expectFieldErrors(await doChange(u.access, { current_password: PASSWORD, new_password: PASSWORD }), [
      "new_password",
    ]);
    expect((await getMe(u.access)).status).toBe(200);
    expect((await doRefresh(u.refreshToken)).status).toBe(200);
  });

  it("bad bodies → 422/400, never 500", async () => {
    const u = await loggedIn();
    expectFieldErrors(await doChange(u.access, { current_password: PASSWORD }), ["new_password"]);
    expectFieldErrors(await doChange(u.access, { new_password: "long enough pw" }), ["current_password"]);
    expectFieldErrors(await doChange(u.access, { current_password: PASSWORD, new_password: "short" }), [
      "new_password",
    ]);
    expectFieldErrors(await doChange(u.access, { current_password: PASSWORD, new_password: 12345678 }), [
      "new_password",
    ]);
    expectFieldErrors(
      await doChange(u.access, { current_password: PASSWORD, new_password: "x".repeat(201) }),
      ["new_password"],
    );
    expectApiError(await doChange(u.access, "{nope"), 400, "INVALID_JSON");
    expect((await doLogin(u.user.email, PASSWORD)).status).toBe(200);
  });

  it("needs authentication", async () => {
    expectApiError(
      await doChange(NO_AUTH, { current_password: PASSWORD, new_password: "brand new password" }),
      401,
    );
    expectApiError(
      await doChange(
        { authorization: "Bearer not.a.jwt" },
        { current_password: PASSWORD, new_password: "x".repeat(9) },
      ),
      401,
      "INVALID_TOKEN",
    );
  });

  it("success returns a new token pair; every old token is refused; only the new password logs in", async () => {
    const u = await loggedIn("Changer");
    const other = await doLogin(u.user.email, PASSWORD); // a second session (another device)
    const res = await doChange(u.access, { current_password: PASSWORD, new_password: "brand new password" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      access_token: expect.any(String),
      token_type: "bearer",
      expires_in: 3600,
      refresh_token: expect.any(String),
      user: { id: u.user.id, email: u.user.email, name: "Changer" },
    });
    expect(res.body.access_token.split(".")).toHaveLength(3);
    expect(res.body.refresh_token).not.toBe(u.refreshToken);

    // Old access tokens (this session, the other one, and the fixture's) are refused.
    for (const old of [u.access, u.auth, { authorization: `Bearer ${other.body.access_token}` }]) {
      expectApiError(await getMe(old), 401, "INVALID_TOKEN");
      expectApiError(await call(trips.GET, { headers: old }), 401);
    }
    // Old refresh tokens are refused.
    expectApiError(await doRefresh(u.refreshToken), 401, "INVALID_TOKEN");
    expectApiError(await doRefresh(other.body.refresh_token), 401, "INVALID_TOKEN");

    // The new pair works, including its refresh token.
    const fresh = { authorization: `Bearer ${res.body.access_token}` };
    const mine = await getMe(fresh);
    expect(mine.status).toBe(200);
    expect(mine.body.id).toBe(u.user.id);
    const rotated = await doRefresh(res.body.refresh_token);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect((await getMe({ authorization: `Bearer ${rotated.body.access_token}` })).status).toBe(200);

    // Passwords.
    expectApiError(await doLogin(u.user.email, PASSWORD), 401, "INVALID_CREDENTIALS");
    const ok = await doLogin(u.user.email, "brand new password");
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(u.user.id);

    // Stored as an argon2id hash, never in clear.
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, u.user.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain("brand new password");
  });
});

describe("POST /api/auth/logout", () => {
  it("revokes the caller's access and refresh tokens; logging in again works", async () => {
    const u = await loggedIn();
    const res = await call(logout.POST, { method: "POST", headers: u.access });
    expect(res.status).toBe(200);
    expect(typeof res.body.message).toBe("string");
    expectApiError(await getMe(u.access), 401, "INVALID_TOKEN");
    expectApiError(await getMe(u.auth), 401, "INVALID_TOKEN");
    expectApiError(await doRefresh(u.refreshToken), 401, "INVALID_TOKEN");
    // A second logout with the dead token is a 401, not a 500.
    expectApiError(await call(logout.POST, { method: "POST", headers: u.access }), 401);
    const again = await doLogin(u.user.email, PASSWORD);
    expect(again.status).toBe(200);
    expect((await getMe({ authorization: `Bearer ${again.body.access_token}` })).status).toBe(200);
  });

  it("needs authentication", async () => {
    expectApiError(await call(logout.POST, { method: "POST", headers: NO_AUTH }), 401);
  });

  it("logging out one user does not affect another", async () => {
    const a = await loggedIn("A");
    const b = await loggedIn("B");
    expect((await call(logout.POST, { method: "POST", headers: a.access })).status).toBe(200);
    expect((await getMe(b.access)).status).toBe(200);
    expect((await doRefresh(b.refreshToken)).status).toBe(200);
  });
});

// =======================================================================================
// GET / PUT /api/users/me
// =======================================================================================

describe("GET /api/users/me", () => {
  let u: U;
  beforeAll(async () => {
    u = await makeUser("Jane Traveller");
  });

  it("returns the API document's fields with defaults and no secrets", async () => {
    const res = await getMe(u.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: u.user.id,
      email: u.user.email,
      name: "Jane Traveller",
      profile: expect.any(Object),
      preferences: {
        timezone: expect.any(String),
        currency: expect.stringMatching(/^[A-Z]{3}$/),
        language: expect.any(String),
        notifications: { email: true, push: true, price_alerts: true, trip_updates: true },
      },
      subscription: { plan: expect.any(String), status: expect.any(String) },
      stats: { trips_planned: 0, countries_visited: 0, total_distance_km: 0 },
      created_at: expect.stringMatching(ISO),
      last_active: expect.stringMatching(ISO),
    });
    expect(res.body.subscription).toHaveProperty("expires_at");
    const text = JSON.stringify(res.body);
    expect(text).not.toContain("argon2");
    expect(res.body).not.toHaveProperty("password_hash");
    expect(res.body).not.toHaveProperty("passwordHash");
    expect(res.body).not.toHaveProperty("token_version");
  });

  it("stats come from real trips: 3 planned, 2 countries, ≈344 km Paris→London", async () => {
    const s = await makeUser("Stats");
    await makeTrip(s.user.id, {
      title: "Paris and London",
      start_date: "2020-03-01",
      end_date: "2020-03-06",
      destinations: [
        { name: "Paris", country: "France", coordinates: { latitude: 48.8566, longitude: 2.3522 } },
        { name: "London", country: "United Kingdom", coordinates: { latitude: 51.5074, longitude: -0.1278 } },
      ],
    });
    await makeTrip(s.user.id, {
      title: "Lyon",
      start_date: "2020-09-10",
      end_date: "2020-09-12",
      destinations: [{ name: "Lyon", country: "France" }],
    });
    await makeTrip(s.user.id, {
      title: "Tokyo next",
      start_date: "2031-04-01",
      end_date: "2031-04-10",
      destinations: [
        { name: "Tokyo", country: "Japan", coordinates: { latitude: 35.6762, longitude: 139.6503 } },
        { name: "Osaka", country: "Japan", coordinates: { latitude: 34.6937, longitude: 135.5023 } },
      ],
    });
    const res = await getMe(s.auth);
    expect(res.status).toBe(200);
    expect(res.body.stats.trips_planned).toBe(3);
    expect(res.body.stats.countries_visited).toBe(2);
    expect(typeof res.body.stats.total_distance_km).toBe("number");
    expect(Math.abs(res.body.stats.total_distance_km - 344)).toBeLessThanOrEqual(5);
  });

  it("another user's trips do not count", async () => {
    const other = await makeUser("Other");
    await makeTrip(other.user.id, {
      start_date: "2020-01-01",
      end_date: "2020-01-02",
      destinations: [{ name: "Berlin", country: "Germany" }],
    });
    const res = await getMe(u.auth);
    expect(res.body.stats).toEqual({ trips_planned: 0, countries_visited: 0, total_distance_km: 0 });
  });

  it("needs authentication", async () => {
    expectApiError(await getMe(NO_AUTH), 401);
    expectApiError(await getMe({ authorization: "Bearer garbage" }), 401, "INVALID_TOKEN");
    expectApiError(await getMe({ authorization: "Basic dXNlcjpwYXNz" }), 401);
  });
});

describe("PUT /api/users/me", () => {
  it("merges partially: name, profile keys and nested notifications", async () => {
    const u = await makeUser("Before");
    const first = await putMe(u.auth, {
      name: "John Doe",
      profile: { bio: "Passionate traveler", location: "San Francisco, CA" },
      preferences: { timezone: "America/Los_Angeles", currency: "usd" },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      name: "John Doe",
      profile: { bio: "Passionate traveler", location: "San Francisco, CA" },
      preferences: { timezone: "America/Los_Angeles", currency: "USD" },
    });

    // The API document's example body.
    const res = await putMe(u.auth, {
      name: "John Doe",
      profile: { bio: "Adventure seeker and food lover", location: "New York, NY" },
      preferences: { currency: "EUR", notifications: { price_alerts: false } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.preferences).toMatchObject({
      timezone: "America/Los_Angeles",
      currency: "EUR",
      notifications: { email: true, push: true, price_alerts: false, trip_updates: true },
    });
    expect(res.body.profile).toMatchObject({
      bio: "Adventure seeker and food lover",
      location: "New York, NY",
    });

    // Only one key of profile; the other stays.
    const third = await putMe(u.auth, { profile: { website: "https://johndoe.com" } });
    expect(third.status).toBe(200);
    expect(third.body.profile).toMatchObject({
      bio: "Adventure seeker and food lover",
      location: "New York, NY",
      website: "https://johndoe.com",
    });
    // Another notifications flag does not reset price_alerts.
    const fourth = await putMe(u.auth, { preferences: { notifications: { push: false } } });
    expect(fourth.body.preferences.notifications).toEqual({
      email: true,
      push: false,
      price_alerts: false,
      trip_updates: true,
    });

    // The GET reflects everything.
    const got = await getMe(u.auth);
    expect(got.body).toMatchObject({
      name: "John Doe",
      preferences: {
        timezone: "America/Los_Angeles",
        currency: "EUR",
        notifications: { push: false, price_alerts: false },
      },
      profile: { website: "https://johndoe.com", bio: "Adventure seeker and food lover" },
    });
  });

  it("an empty body changes nothing", async () => {
    const u = await makeUser("Same");
    const res = await putMe(u.auth, {});
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Same");
  });

  it("invalid values → 422 naming the field, nothing written", async () => {
    const u = await makeUser("Valid");
    expectFieldErrors(await putMe(u.auth, { preferences: { timezone: "Mars/Olympus_Mons" } }), [
      "preferences.timezone",
    ]);
    expectFieldErrors(await putMe(u.auth, { preferences: { currency: "EURO" } }), ["preferences.currency"]);
    expectFieldErrors(await putMe(u.auth, { preferences: { currency: 12 } }), ["preferences.currency"]);
    expectFieldErrors(await putMe(u.auth, { preferences: { notifications: { email: "yes" } } }), [
      "preferences.notifications.email",
    ]);
    expectFieldErrors(await putMe(u.auth, { name: "" }), ["name"]);
    expectFieldErrors(await putMe(u.auth, { name: "x".repeat(101) }), ["name"]);
    expectFieldErrors(await putMe(u.auth, { profile: { avatar_url: "not a url" } }), ["profile.avatar_url"]);
    expectFieldErrors(await putMe(u.auth, { profile: "bio" }), ["profile"]);
    // A valid field next to an invalid one is not applied either.
    expectFieldErrors(await putMe(u.auth, { name: "Half", preferences: { timezone: "Nowhere/Land" } }), [
      "preferences.timezone",
    ]);
    const got = await getMe(u.auth);
    expect(got.body.name).toBe("Valid");
    expect(got.body.preferences.timezone).not.toBe("Mars/Olympus_Mons");
    expect(got.body.preferences.currency).toBe("USD");
  });

  it("currency must be a real ISO 4217 code", async () => {
    const u = await makeUser("Codes");
    const ok = await putMe(u.auth, { preferences: { currency: "gbp" } });
    expect(ok.status).toBe(200);
    expect(ok.body.preferences.currency).toBe("GBP");
    expectFieldErrors(await putMe(u.auth, { preferences: { currency: "ABC" } }), ["preferences.currency"]);
    expect((await getMe(u.auth)).body.preferences.currency).toBe("GBP");
  });

  it("language must be a language tag", async () => {
    const u = await makeUser("Lang");
    const ok = await putMe(u.auth, { preferences: { language: "fr" } });
    expect(ok.status).toBe(200);
    expect(ok.body.preferences.language).toBe("fr");
    expectFieldErrors(await putMe(u.auth, { preferences: { language: "!!" } }), ["preferences.language"]);
    expectFieldErrors(await putMe(u.auth, { preferences: { language: "12 34" } }), ["preferences.language"]);
    expect((await getMe(u.auth)).body.preferences.language).toBe("fr");
  });

  it("unknown or protected fields → 422 (no changing email, role or id)", async () => {
    const u = await makeUser("Strict");
    expectFieldErrors(await putMe(u.auth, { favourite_colour: "blue" }));
    expectFieldErrors(await putMe(u.auth, { role: "admin" }));
    expectFieldErrors(await putMe(u.auth, { email: "someone-else@example.com" }));
    expectFieldErrors(await putMe(u.auth, { id: crypto.randomUUID() }));
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, u.user.id));
    expect(row?.role).toBe("user");
    expect(row?.email).toBe(u.user.email);
  });

  it("cannot overwrite the memory preferences through preferences.memory", async () => {
    const u = await makeUser("Memory guard");
    expect((await putMemory(u.auth, { budget_tier: "luxury" })).status).toBe(200);
    const res = await putMe(u.auth, { preferences: { memory: { budget_tier: "hacked" } } });
    expect([200, 422]).toContain(res.status);
    expect((await getMemory(u.auth)).body.preferences.budget_tier).toBe("luxury");
  });

  it("malformed JSON → 400; no auth → 401", async () => {
    const u = await makeUser();
    expectApiError(await putMe(u.auth, "{bad"), 400, "INVALID_JSON");
    expectApiError(await putMe(u.auth, "[1,2"), 400, "INVALID_JSON");
    expectApiError(await putMe(NO_AUTH, { name: "x" }), 401);
  });
});

// =======================================================================================
// Memory system
// =======================================================================================

describe("memory: GET /api/memory/user and PUT /api/memory/preferences", () => {
  it("GET returns the documented shape for a new user", async () => {
    const u = await makeUser();
    const res = await getMemory(u.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user_id: u.user.id,
      preferences: {
        dietary_restrictions: [],
        interests: [],
      },
      travel_history: {
        destinations_visited: [],
        favorite_seasons: expect.any(Array),
      },
      ai_insights: { recommendation_factors: expect.any(Array) },
      last_updated: expect.stringMatching(ISO),
    });
    for (const k of [
      "budget_tier",
      "accommodation_type",
      "transportation_preference",
      "dietary_restrictions",
      "interests",
      "travel_style",
      "group_size_preference",
    ]) {
      expect(res.body.preferences).toHaveProperty(k);
    }
    for (const k of [
      "destinations_visited",
      "favorite_seasons",
      "typical_trip_duration",
      "avg_budget_per_trip",
    ]) {
      expect(res.body.travel_history).toHaveProperty(k);
    }
    expect(res.body.ai_insights).toHaveProperty("personality_profile");
  });

  it("PUT merges (seed example body) and GET reflects it", async () => {
    const u = await makeUser();
    const res = await putMemory(u.auth, {
      budget_tier: "luxury",
      interests: ["art", "wine", "wellness"],
      dietary_restrictions: ["gluten_free"],
      accommodation_preference: "luxury_resorts",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const got = await getMemory(u.auth);
    expect(got.body.preferences).toMatchObject({
      budget_tier: "luxury",
      accommodation_type: "luxury_resorts",
    });
    expect(got.body.preferences.interests).toEqual(expect.arrayContaining(["art", "wine", "wellness"]));
    expect(got.body.preferences.dietary_restrictions).toEqual(["gluten_free"]);

    // A later partial PUT keeps what was set before.
    const second = await putMemory(u.auth, {
      travel_style: "immersive_local",
      group_size_preference: "solo_or_couple",
    });
    expect(second.status).toBe(200);
    const after = await getMemory(u.auth);
    expect(after.body.preferences).toMatchObject({
      budget_tier: "luxury",
      accommodation_type: "luxury_resorts",
      travel_style: "immersive_local",
      group_size_preference: "solo_or_couple",
      dietary_restrictions: ["gluten_free"],
    });
    expect(Date.parse(after.body.last_updated)).toBeGreaterThanOrEqual(Date.parse(got.body.last_updated));
    // Memory is per user.
    const stranger = await makeUser();
    expect((await getMemory(stranger.auth)).body.preferences.budget_tier).toBeNull();
  });

  it("the API document's accommodation_preference updates accommodation_type even after accommodation_type was set", async () => {
    const u = await makeUser();
    expect((await putMemory(u.auth, { accommodation_type: "hostel" })).status).toBe(200);
    const res = await putMemory(u.auth, { accommodation_preference: "luxury_resorts" });
    expect(res.status).toBe(200);
    // The latest stated preference wins, whichever of the two documented names carried it.
    expect(res.body.preferences.accommodation_type).toBe("luxury_resorts");
    expect((await getMemory(u.auth)).body.preferences.accommodation_type).toBe("luxury_resorts");
  });

  it("travel history is derived from past trips only", async () => {
    const u = await makeUser();
    await makeTrip(u.user.id, {
      start_date: "2020-04-01",
      end_date: "2020-04-07",
      destinations: [
        { name: "Paris", country: "France" },
        { name: "London", country: "United Kingdom" },
      ],
    });
    await makeTrip(u.user.id, {
      start_date: "2031-01-01",
      end_date: "2031-01-03",
      destinations: [{ name: "Tokyo", country: "Japan" }],
    });
    const res = await getMemory(u.auth);
    expect(res.status).toBe(200);
    expect(res.body.travel_history.destinations_visited).toEqual(expect.arrayContaining(["Paris", "London"]));
    expect(res.body.travel_history.destinations_visited).not.toContain("Tokyo");
  });

  it("invalid preferences → 422 naming the field, nothing written", async () => {
    const u = await makeUser();
    expect((await putMemory(u.auth, { budget_tier: "budget" })).status).toBe(200);
    expectFieldErrors(await putMemory(u.auth, { budget_tier: "cheap" }), ["budget_tier"]);
    expectFieldErrors(await putMemory(u.auth, { budget_tier: 3 }), ["budget_tier"]);
    expectFieldErrors(await putMemory(u.auth, { interests: "art" }), ["interests"]);
    expectFieldErrors(await putMemory(u.auth, { interests: [1, 2] }), ["interests.0"]);
    expectFieldErrors(await putMemory(u.auth, { interests: Array.from({ length: 31 }, (_, i) => `i${i}`) }), [
      "interests",
    ]);
    expectFieldErrors(await putMemory(u.auth, { secret_flag: true }));
    expectApiError(await putMemory(u.auth, "not json"), 400, "INVALID_JSON");
    expect((await getMemory(u.auth)).body.preferences.budget_tier).toBe("budget");
  });

  it("needs authentication", async () => {
    expectApiError(await getMemory(NO_AUTH), 401);
    expectApiError(await putMemory(NO_AUTH, { budget_tier: "luxury" }), 401);
  });
});

// =======================================================================================
// Configuration, feature flags, MCP health
// =======================================================================================

describe("configuration and service health", () => {
  let u: U;
  beforeAll(async () => {
    u = await makeUser();
  });

  it("GET /api/config has version, environment, features, limits, services, currencies, languages", async () => {
    const res = await call(config.GET, { headers: u.auth });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: expect.any(String),
      environment: expect.any(String),
      features: expect.any(Object),
      limits: {
        max_trips_per_user: 100,
        max_collaborators_per_trip: 10,
        max_destinations_per_trip: 20,
        file_upload_max_size_mb: 10,
      },
      external_services: expect.any(Object),
      supported_currencies: expect.arrayContaining(["USD", "EUR", "GBP", "JPY", "CAD", "AUD"]),
      supported_languages: expect.arrayContaining(["en", "es", "fr", "de", "it", "ja", "zh"]),
    });
    for (const name of ["duffel", "google_maps", "openweather"]) {
      expect(res.body.external_services[name]).toMatchObject({
        available: expect.any(Boolean),
        status: expect.any(String),
      });
    }
    // No secret configuration leaks.
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/AUTH_SECRET|DATABASE_URL|postgres:\/\//);
  });

  it("GET /api/config/features lists flags in the documented shape", async () => {
    const res = await call(features.GET, { headers: u.auth });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      features: expect.any(Object),
      user_plan: expect.any(String),
      region: expect.any(String),
    });
    for (const name of ["ai_chat", "real_time_collaboration", "price_tracking", "advanced_analytics"]) {
      expect(res.body.features[name], name).toMatchObject({
        enabled: expect.any(Boolean),
        description: expect.any(String),
        beta: expect.any(Boolean),
      });
    }
    expect(res.body.features.advanced_analytics.required_plan).toBe("premium");
    // The config endpoint embeds the same flags.
    const cfg = await call(config.GET, { headers: u.auth });
    expect(cfg.body.features).toEqual(res.body.features);
  });

  it("GET /api/health/mcp reports available and enabled services", async () => {
    const res = await call(mcp.GET, { headers: u.auth });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: expect.stringMatching(/^(healthy|degraded|unhealthy)$/),
      available_mcps: expect.any(Array),
      enabled_mcps: expect.any(Array),
      last_check: expect.stringMatching(ISO),
    });
    for (const name of ["duffel", "google_maps", "openweather"])
      expect(res.body.available_mcps).toContain(name);
    for (const name of res.body.enabled_mcps) expect(res.body.available_mcps).toContain(name);
    expect(Math.abs(Date.parse(res.body.last_check) - Date.now())).toBeLessThan(60_000);
  });

  it("all three need authentication", async () => {
    for (const h of [config.GET, features.GET, mcp.GET]) {
      expectApiError(await call(h, { headers: NO_AUTH }), 401);
      expectApiError(await call(h, { headers: { authorization: "Bearer x.y.z" } }), 401, "INVALID_TOKEN");
    }
  });
});

describe("clearing optional settings", () => {
  it("null clears a profile field and the budget tier; other fields stay", async () => {
    const u = await makeUser();
    await putMe(u.auth, { profile: { website: "https://example.com/me", bio: "Hi" } });
    const cleared = await putMe(u.auth, { profile: { website: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.profile).toEqual({ bio: "Hi" });
    await putMemory(u.auth, { budget_tier: "luxury" });
    const forgot = await putMemory(u.auth, { budget_tier: null });
    expect(forgot.body.preferences.budget_tier).toBeNull();
    expect((await getMemory(u.auth)).body.preferences.budget_tier).toBeNull();
  });
});
