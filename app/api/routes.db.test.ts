// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * Route-level tests of the TripSage REST API's REST API against the real database (PGlite or Postgres):
 * auth, health, trips, itinerary/segments, malformed input on every route, the catch-all
 * 404, and concurrent writers. Collaborator/stranger access is in routes-authz.db.test.ts.
 */
import { count, eq, like } from "drizzle-orm";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as login from "@/app/api/auth/login/route";
import * as refresh from "@/app/api/auth/refresh/route";
import * as register from "@/app/api/auth/register/route";
import * as health from "@/app/api/health/route";
import * as events from "@/app/api/itineraries/[tripId]/events/route";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as move from "@/app/api/itineraries/[tripId]/segments/[segmentId]/move/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as trip from "@/app/api/trips/[tripId]/route";
import * as trips from "@/app/api/trips/route";
import { getDb } from "@/db/client";
import { segments, tripCollaborators, trips as tripsTable, users } from "@/db/schema";
import { env } from "@/lib/platform/env";
import { expectApiError, expectFieldErrors, type Res } from "@/lib/testing/assertions";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };

const uniqueEmail = (prefix = "reg") => `${prefix}-${crypto.randomUUID()}@example.com`;
const UNKNOWN_UUID = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b";
const big = (n = 1_100_000) => "x".repeat(n);

// ---- small API helpers ---------------------------------------------------------------

const createTrip = (auth: Auth, body: unknown) => call(trips.POST, { method: "POST", body, headers: auth });
const getTripRes = (auth: Auth, tripId: string) => call(trip.GET, { params: { tripId }, headers: auth });
const putTrip = (auth: Auth, tripId: string, body: unknown, extra: Record<string, string> = {}) =>
  call(trip.PUT, { method: "PUT", params: { tripId }, body, headers: { ...auth, ...extra } });
const listTrips = (auth: Auth, query = "") =>
  call(trips.GET, { path: `/api/trips${query ? `?${query}` : ""}`, headers: auth });
const getItin = (auth: Auth, tripId: string) => call(itin.GET, { params: { tripId }, headers: auth });
const addSeg = (auth: Auth, tripId: string, body: unknown) =>
  call(segs.POST, { method: "POST", params: { tripId }, body, headers: auth });
const getSeg = (auth: Auth, tripId: string, segmentId: string) =>
  call(seg.GET, { params: { tripId, segmentId }, headers: auth });
const putSeg = (
  auth: Auth,
  tripId: string,
  segmentId: string,
  body: unknown,
  extra: Record<string, string> = {},
) => call(seg.PUT, { method: "PUT", params: { tripId, segmentId }, body, headers: { ...auth, ...extra } });
const delSeg = (auth: Auth, tripId: string, segmentId: string) =>
  call(seg.DELETE, { method: "DELETE", params: { tripId, segmentId }, headers: auth });
const moveSeg = (auth: Auth, tripId: string, segmentId: string, body: unknown) =>
  call(move.POST, { method: "POST", params: { tripId, segmentId }, body, headers: auth });

/** Titles and positions of one day's segments, in itinerary order. */
async function day(auth: Auth, tripId: string, dayIndex: number) {
  const res = await getItin(auth, tripId);
  expect(res.status).toBe(200);
  const d = res.body.days.find((x: any) => x.day_index === dayIndex);
  return {
    titles: d.segments.map((s: any) => s.title) as string[],
    positions: d.segments.map((s: any) => s.position) as number[],
  };
}

/** Segment rows of a trip straight from the database (id, day, position, version, title). */
async function segmentRows(tripId: string) {
  const db = await getDb();
  const rows = await db.select().from(segments).where(eq(segments.tripId, tripId));
  return rows
    .map((r) => ({ id: r.id, day: r.dayIndex, position: r.position, version: r.version, title: r.title }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function tripRow(tripId: string) {
  const db = await getDb();
  const [t] = await db.select().from(tripsTable).where(eq(tripsTable.id, tripId));
  return t;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// =======================================================================================
// 1. Auth
// =======================================================================================

describe("auth", () => {
  const password = "correct horse battery";

  const doRegister = (body: unknown) => call(register.POST, { method: "POST", body });
  const doLogin = (body: unknown) => call(login.POST, { method: "POST", body });
  const doRefresh = (refresh_token: unknown) =>
    call(refresh.POST, { method: "POST", body: { refresh_token } });

  function expectTokenPair(body: any, email: string, name: string) {
    expect(body).toMatchObject({
      access_token: expect.any(String),
      token_type: "bearer",
      expires_in: 3600,
      refresh_token: expect.any(String),
      user: { id: expect.any(String), email, name },
    });
    expect(body.access_token.split(".")).toHaveLength(3);
    expect(body.refresh_token.length).toBeGreaterThan(20);
    expect(Object.keys(body.user).sort()).toEqual(["email", "id", "name"]);
    expect(JSON.stringify(body)).not.toContain("argon2");
    expect(JSON.stringify(body)).not.toContain(password);
  }

  it("register answers 201 with a login-shaped body whose access token works", async () => {
    const email = uniqueEmail();
    const res = await doRegister({ email, password, name: "Ada" });
    expect(res.status).toBe(201);
    expectTokenPair(res.body, email, "Ada");
    const list = await listTrips({ authorization: `Bearer ${res.body.access_token}` });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(0);
  });

  it("register stores the email lower-cased and refuses the same email in another case with 409", async () => {
    const local = `MiXeD-${crypto.randomUUID()}`;
    const first = await doRegister({ email: `${local}@Example.COM`, password, name: "One" });
    expect(first.status).toBe(201);
    expect(first.body.user.email).toBe(`${local.toLowerCase()}@example.com`);
    const dup = await doRegister({ email: `${local.toUpperCase()}@example.com`, password, name: "Two" });
    expectApiError(dup, 409, "EMAIL_TAKEN");
    const db = await getDb();
    const [n] = await db
      .select({ n: count() })
      .from(users)
      .where(eq(users.email, `${local.toLowerCase()}@example.com`));
    expect(n?.n).toBe(1);
  });

  it("register validates its fields (422 with errors[]) and writes nothing", async () => {
    const email = uniqueEmail();
    const res = await doRegister({ email: "not-an-email", password: "short", name: "" });
    expectFieldErrors(res, ["email", "password", "name"]);
    const missing = await doRegister({});
    expectFieldErrors(missing, ["email", "password", "name"]);
    expect(missing.body.errors.every((e: any) => e.type === "value_error.missing")).toBe(true);
    const weak = await doRegister({ email, password: "short", name: "X" });
    expectFieldErrors(weak, ["password"]);
    expectApiError(await doLogin({ email, password: "short" }), 401, "INVALID_CREDENTIALS");
  });

  it("login succeeds with the right password (any email case) and issues a working token", async () => {
    const email = uniqueEmail();
    expect((await doRegister({ email, password, name: "Bob" })).status).toBe(201);
    const res = await doLogin({ email: email.toUpperCase(), password });
    expect(res.status).toBe(200);
    expectTokenPair(res.body, email, "Bob");
    const list = await listTrips({ authorization: `Bearer ${res.body.access_token}` });
    expect(list.status).toBe(200);
  });

  it("wrong password and unknown email both give 401 with identical bodies", async () => {
    const email = uniqueEmail();
    await doRegister({ email, password, name: "Eve" });
    const wrong = await doLogin({ email, password: "incorrect horse" });
    const unknown = await doLogin({ email: uniqueEmail("nobody"), password });
    expectApiError(wrong, 401, "INVALID_CREDENTIALS");
    expectApiError(unknown, 401, "INVALID_CREDENTIALS");
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refresh rotates: the new token works once, reusing a spent one revokes the whole family", async () => {
    const email = uniqueEmail();
    const reg = await doRegister({ email, password, name: "Rot" });
    const r1 = reg.body.refresh_token as string;

    const first = await doRefresh(r1);
    expect(first.status).toBe(200);
    expectTokenPair(first.body, email, "Rot");
    const r2 = first.body.refresh_token as string;
    expect(r2).not.toBe(r1);
    expect((await listTrips({ authorization: `Bearer ${first.body.access_token}` })).status).toBe(200);

    const second = await doRefresh(r2);
    expect(second.status).toBe(200);
    const r3 = second.body.refresh_token as string;

    // An unrelated login starts another family, which reuse elsewhere must not touch.
    const other = await doLogin({ email, password });
    const otherToken = other.body.refresh_token as string;

    // r2 is spent: reusing it is refused …
    expectApiError(await doRefresh(r2), 401, "INVALID_TOKEN");
    // … and revokes r3, the newest token of the same family.
    expectApiError(await doRefresh(r3), 401, "INVALID_TOKEN");
    expectApiError(await doRefresh(r1), 401, "INVALID_TOKEN");

    const otherRes = await doRefresh(otherToken);
    expect(otherRes.status).toBe(200);
  });

  it("two concurrent refreshes with one token: one wins, and reuse revokes the winner's new token", async () => {
    const reg = await doRegister({ email: uniqueEmail(), password, name: "Race" });
    const token = reg.body.refresh_token as string;
    const [x, y] = await Promise.all([doRefresh(token), doRefresh(token)]);
    expect([x.status, y.status].sort()).toEqual([200, 401]);
    const winner = x.status === 200 ? x : y;
    expectApiError(await doRefresh(winner.body.refresh_token), 401, "INVALID_TOKEN");
  });

  it("concurrent registrations of one email: exactly one 201, the other 409", async () => {
    const email = uniqueEmail();
    const results = await Promise.all([
      doRegister({ email, password, name: "One" }),
      doRegister({ email: email.toUpperCase(), password, name: "Two" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("refresh refuses unknown tokens and validates its body", async () => {
    expectApiError(await doRefresh("rt_not-a-real-token"), 401, "INVALID_TOKEN");
    expectFieldErrors(await doRefresh(""), ["refresh_token"]);
    expectFieldErrors(await call(refresh.POST, { method: "POST", body: {} }), ["refresh_token"]);
  });

  describe("bearer tokens on protected routes", () => {
    it("no credentials → 401 UNAUTHORIZED with WWW-Authenticate", async () => {
      const res = await call(trips.GET, {});
      expectApiError(res, 401, "UNAUTHORIZED");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expectApiError(await call(trips.POST, { method: "POST", body: { title: "x" } }), 401, "UNAUTHORIZED");
    });

    it.each([
      ["Bearer garbage"],
      ["Bearer a.b.c"],
      ["Bearer "],
      ["Bearer"],
      ["Basic dXNlcjpwYXNz"],
      ["Token abc"],
      ["garbage"],
    ])("Authorization %j → 401 INVALID_TOKEN", async (authorization) => {
      const res = await call(trips.GET, { headers: { authorization } });
      expectApiError(res, 401, "INVALID_TOKEN");
    });

    it("a token signed with another key is refused", async () => {
      const u = await makeUser();
      const forged = await new SignJWT({ tv: u.user.tokenVersion })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(u.user.id)
        .setIssuer("tripsage")
        .setAudience("tripsage-api")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
      expectApiError(
        await call(trips.GET, { headers: { authorization: `Bearer ${forged}` } }),
        401,
        "INVALID_TOKEN",
      );
    });

    it("an expired token → 401 TOKEN_EXPIRED", async () => {
      const u = await makeUser();
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ tv: u.user.tokenVersion })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(u.user.id)
        .setIssuer("tripsage")
        .setAudience("tripsage-api")
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(new TextEncoder().encode(env().AUTH_SECRET));
      expectApiError(
        await call(trips.GET, { headers: { authorization: `Bearer ${expired}` } }),
        401,
        "TOKEN_EXPIRED",
      );
    });

    it("a bearer for a deleted user → 401", async () => {
      const u = await makeUser();
      expect((await call(trips.GET, { headers: u.auth })).status).toBe(200);
      const db = await getDb();
      await db.delete(users).where(eq(users.id, u.user.id));
      // Deleted outside the app's services: the users trigger's NOTIFY tells the caller cache
      // (lib/domain/auth/user-cache.ts); on Postgres it arrives on the listening connection within ms.
      let res = await call(trips.GET, { headers: u.auth });
      for (let i = 0; i < 50 && res.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 20));
        res = await call(trips.GET, { headers: u.auth });
      }
      expectApiError(res, 401, "INVALID_TOKEN");
      expectApiError(
        await createTrip(u.auth, { title: "x", start_date: "2030-01-01", end_date: "2030-01-02" }),
        401,
      );
    });

    it("a bearer whose token version was bumped (logout everywhere) → 401", async () => {
      const u = await makeUser();
      const db = await getDb();
      await db.update(users).set({ tokenVersion: 1 }).where(eq(users.id, u.user.id));
      expectApiError(await call(trips.GET, { headers: u.auth }), 401, "INVALID_TOKEN");
    });
  });
});

// =======================================================================================
// 2. Health
// =======================================================================================

describe("health", () => {
  it("GET /api/health reports healthy with application, version, environment, timestamp and the database", async () => {
    const before = Date.now();
    const res = await call(health.GET, { path: "/api/health" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "healthy",
      application: expect.any(String),
      version: expect.any(String),
      environment: expect.any(String),
      timestamp: expect.any(String),
      database: { status: "healthy", driver: expect.stringMatching(/^(pglite|postgres)$/) },
    });
    expect(res.body.application.length).toBeGreaterThan(0);
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(["development", "production", "test"]).toContain(res.body.environment);
    expect(res.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const t = Date.parse(res.body.timestamp);
    expect(t).toBeGreaterThanOrEqual(before - 1000);
    expect(t).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("needs no credentials", async () => {
    expect((await call(health.GET)).status).toBe(200);
  });
});

// =======================================================================================
// 3. Trips
// =======================================================================================

describe("trips", () => {
  let a: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    a = await makeUser("Alice");
  });

  const full = {
    title: "Lisbon in spring",
    description: "Tiles and custard tarts",
    start_date: "2030-06-01",
    end_date: "2030-06-05",
    destinations: [{ name: "Lisbon", country: "Portugal", city: "Lisbon" }],
    preferences: { budget: { total: 2000, currency: "eur" }, interests: ["food", "history"] },
  };

  it("POST creates a trip: 201 with every Trip Object field, ETag and Location", async () => {
    const res = await createTrip(a.auth, full);
    expect(res.status).toBe(201);
    const t = res.body;
    for (const k of [
      "id",
      "user_id",
      "title",
      "description",
      "start_date",
      "end_date",
      "duration_days",
      "destinations",
      "preferences",
      "status",
      "created_at",
      "updated_at",
    ]) {
      expect(t, k).toHaveProperty(k);
    }
    expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.user_id).toBe(a.user.id);
    expect(t.title).toBe("Lisbon in spring");
    expect(t.description).toBe("Tiles and custard tarts");
    expect(t.start_date).toBe("2030-06-01");
    expect(t.end_date).toBe("2030-06-05");
    expect(t.duration_days).toBe(4);
    expect(t.destinations).toEqual([{ name: "Lisbon", country: "Portugal", city: "Lisbon" }]);
    expect(t.preferences).toEqual({
      budget: { total: 2000, currency: "EUR" },
      interests: ["food", "history"],
    });
    expect(t.status).toBe("planning");
    expect(Number.isNaN(Date.parse(t.created_at))).toBe(false);
    expect(Number.isNaN(Date.parse(t.updated_at))).toBe(false);
    expect(res.headers.get("etag")).toMatch(/^(W\/)?".+"$/);
    expect(res.headers.get("location")).toBe(`/api/trips/${t.id}`);

    const got = await getTripRes(a.auth, t.id);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(t);
    expect(got.headers.get("etag")).toBe(res.headers.get("etag"));
  });

  it("POST applies defaults (status planning, empty destinations/preferences, null description)", async () => {
    const res = await createTrip(a.auth, { title: "Min", start_date: "2030-01-01", end_date: "2030-01-01" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "planning",
      destinations: [],
      preferences: {},
      description: null,
      duration_days: 0,
    });
  });

  it("POST accepts camelCase startDate/endDate", async () => {
    const res = await createTrip(a.auth, { title: "Camel", startDate: "2030-07-10", endDate: "2030-07-17" });
    expect(res.status).toBe(201);
    expect(res.body.start_date).toBe("2030-07-10");
    expect(res.body.end_date).toBe("2030-07-17");
    expect(res.body.duration_days).toBe(7);
  });

  it("POST with missing fields → 422 listing each as value_error.missing", async () => {
    const before = (await listTrips(a.auth)).body.total;
    const res = await createTrip(a.auth, {});
    expectFieldErrors(res, ["title", "start_date", "end_date"]);
    for (const f of ["title", "start_date", "end_date"]) {
      expect(res.body.errors.find((e: any) => e.field === f).type).toBe("value_error.missing");
    }
    expect((await listTrips(a.auth)).body.total).toBe(before);
  });

  it("POST with end_date before start_date → 422 on end_date; nothing written", async () => {
    const before = (await listTrips(a.auth)).body.total;
    const res = await createTrip(a.auth, { title: "Back", start_date: "2030-06-05", end_date: "2030-06-01" });
    expectFieldErrors(res, ["end_date"]);
    expect((await listTrips(a.auth)).body.total).toBe(before);
  });

  it("POST refuses impossible dates, bad status, blank title and an over-long trip", async () => {
    expectFieldErrors(
      await createTrip(a.auth, { title: "x", start_date: "2030-02-30", end_date: "2030-03-01" }),
      ["start_date"],
    );
    expectFieldErrors(
      await createTrip(a.auth, { title: "x", start_date: "06/01/2030", end_date: "2030-06-02" }),
      ["start_date"],
    );
    expectFieldErrors(
      await createTrip(a.auth, {
        title: "x",
        start_date: "2030-06-01",
        end_date: "2030-06-02",
        status: "flying",
      }),
      ["status"],
    );
    expectFieldErrors(
      await createTrip(a.auth, { title: "   ", start_date: "2030-06-01", end_date: "2030-06-02" }),
      ["title"],
    );
    expectFieldErrors(
      await createTrip(a.auth, { title: "x", start_date: "2030-01-01", end_date: "2031-06-01" }),
      ["end_date"],
    );
  });

  describe("list", () => {
    let u: Awaited<ReturnType<typeof makeUser>>;
    let ids: string[];
    beforeAll(async () => {
      u = await makeUser("Lister");
      ids = [];
      for (const i of range(12)) ids.push((await makeTrip(u.user.id, { title: `T${i}` })).id);
      // Someone else's trip must never show up.
      const stranger = await makeUser();
      await makeTrip(stranger.user.id, { title: "Not yours" });
    });

    it("defaults to skip 0, limit 10 and reports the full total", async () => {
      const res = await listTrips(u.auth);
      expect(res.status).toBe(200);
      expect(res.body.skip).toBe(0);
      expect(res.body.limit).toBe(10);
      expect(res.body.total).toBe(12);
      expect(res.body.items).toHaveLength(10);
      const item = res.body.items[0];
      for (const k of ["id", "title", "start_date", "end_date", "duration_days", "destinations", "status"]) {
        expect(item).toHaveProperty(k);
      }
      expect(item.duration_days).toBe(4);
    });

    it("pages with skip/limit without overlap or gaps", async () => {
      const seen: string[] = [];
      for (const skip of [0, 5, 10]) {
        const res = await listTrips(u.auth, `skip=${skip}&limit=5`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ skip, limit: 5, total: 12 });
        seen.push(...res.body.items.map((i: any) => i.id));
      }
      expect(seen).toHaveLength(12);
      expect(new Set(seen)).toEqual(new Set(ids));
      const past = await listTrips(u.auth, "skip=50");
      expect(past.body.items).toEqual([]);
      expect(past.body.total).toBe(12);
      const max = await listTrips(u.auth, "limit=100");
      expect(max.status).toBe(200);
      expect(max.body.items).toHaveLength(12);
    });

    it("lists newest first", async () => {
      const res = await listTrips(u.auth, "limit=100");
      expect(res.body.items.map((i: any) => i.id)).toEqual([...ids].reverse());
    });

    it.each([
      ["limit=101", "limit"],
      ["limit=0", "limit"],
      ["limit=-1", "limit"],
      ["limit=abc", "limit"],
      ["limit=2.5", "limit"],
      ["skip=-1", "skip"],
      ["skip=abc", "skip"],
    ])("?%s → 422 on %s", async (q, field) => {
      expectFieldErrors(await listTrips(u.auth, q), [field]);
    });

    it("lists only own trips plus trips shared with the caller", async () => {
      const owner = await makeUser();
      const me = await makeUser();
      const mine = await makeTrip(me.user.id, { title: "Mine" });
      const shared = await makeTrip(owner.user.id, { title: "Shared" });
      await makeTrip(owner.user.id, { title: "Private" });
      const db = await getDb();
      await db
        .insert(tripCollaborators)
        .values({ tripId: shared.id, userId: me.user.id, permission: "viewer", addedBy: owner.user.id });
      const res = await listTrips(me.auth);
      expect(res.body.total).toBe(2);
      const byId = Object.fromEntries(res.body.items.map((i: any) => [i.id, i]));
      expect(Object.keys(byId).sort()).toEqual([mine.id, shared.id].sort());
      expect(byId[mine.id].role).toBe("owner");
      expect(byId[shared.id].role).not.toBe("owner");
    });
  });

  it("GET accepts an upper-case UUID for the same trip", async () => {
    const t = await makeTrip(a.user.id);
    const res = await getTripRes(a.auth, t.id.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(t.id);
  });

  describe("update", () => {
    it("partial PUT changes only the given field", async () => {
      const created = (await createTrip(a.auth, full)).body;
      const res = await putTrip(a.auth, created.id, { title: "Porto instead" });
      expect(res.status).toBe(200);
      expect(res.body.title).toBe("Porto instead");
      const { title: _t, updated_at: _u, version: _v, ...rest } = created;
      const { title: _t2, updated_at: _u2, version: _v2, ...restAfter } = res.body;
      expect(restAfter).toEqual(rest);
      expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
      expect(res.headers.get("etag")).not.toBe(`"v${created.version}"`);
      expect((await getTripRes(a.auth, created.id)).body).toEqual(res.body);
    });

    it("PATCH behaves like PUT", async () => {
      const t = await makeTrip(a.user.id);
      const res = await call(trip.PATCH, {
        method: "PATCH",
        params: { tripId: t.id },
        body: { status: "booked" },
        headers: a.auth,
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe("booked");
      expect(res.body.title).toBe(t.title);
    });

    it("preferences merge key by key; description can be cleared with null", async () => {
      const created = (await createTrip(a.auth, full)).body;
      const res = await putTrip(a.auth, created.id, {
        preferences: { interests: ["museums"], accommodation_type: "hotel" },
        description: null,
      });
      expect(res.status).toBe(200);
      expect(res.body.preferences).toEqual({
        budget: { total: 2000, currency: "EUR" },
        interests: ["museums"],
        accommodation_type: "hotel",
      });
      expect(res.body.description).toBeNull();
    });

    it("accepts camelCase endDate on update", async () => {
      const t = await makeTrip(a.user.id);
      const res = await putTrip(a.auth, t.id, { endDate: "2030-06-10" });
      expect(res.status).toBe(200);
      expect(res.body.end_date).toBe("2030-06-10");
      expect(res.body.duration_days).toBe(9);
    });

    it("If-Match: current → 200 with a new ETag; stale → 412 and nothing changes", async () => {
      const created = await createTrip(a.auth, full);
      const id = created.body.id;
      const tag1 = created.headers.get("etag") as string;
      const ok = await putTrip(a.auth, id, { title: "First edit" }, { "if-match": tag1 });
      expect(ok.status).toBe(200);
      const tag2 = ok.headers.get("etag") as string;
      expect(tag2).not.toBe(tag1);

      const stale = await putTrip(a.auth, id, { title: "Lost update" }, { "if-match": tag1 });
      expectApiError(stale, 412, "PRECONDITION_FAILED");
      const after = await getTripRes(a.auth, id);
      expect(after.body.title).toBe("First edit");
      expect(after.headers.get("etag")).toBe(tag2);

      expect((await putTrip(a.auth, id, { title: "Star ok" }, { "if-match": "*" })).status).toBe(200);
      expectApiError(
        await putTrip(a.auth, id, { title: "junk" }, { "if-match": "junk" }),
        412,
        "PRECONDITION_FAILED",
      );
      expect((await getTripRes(a.auth, id)).body.title).toBe("Star ok");
    });

    it("end_date before start_date → 422 on end_date; nothing changed", async () => {
      const t = await makeTrip(a.user.id);
      const before = await tripRow(t.id);
      expectFieldErrors(await putTrip(a.auth, t.id, { end_date: "2030-05-20" }), ["end_date"]);
      expectFieldErrors(await putTrip(a.auth, t.id, { start_date: "2030-06-09" }), ["end_date"]);
      expectFieldErrors(await putTrip(a.auth, t.id, { start_date: "2030-06-09", end_date: "2030-06-08" }), [
        "end_date",
      ]);
      expect(await tripRow(t.id)).toEqual(before);
    });

    it("shortening a trip that would strand a day-5 segment → 422; trip and segment unchanged", async () => {
      const t = await makeTrip(a.user.id);
      const s = await addSeg(a.auth, t.id, { type: "activity", title: "Last day", day_index: 5 });
      expect(s.status).toBe(201);
      const before = await tripRow(t.id);
      const res = await putTrip(a.auth, t.id, { end_date: "2030-06-04", title: "Shorter" });
      expectFieldErrors(res, ["end_date"], "OUTSIDE_TRIP_DATES");
      expect(await tripRow(t.id)).toEqual(before);
      const it2 = await getItin(a.auth, t.id);
      expect(it2.body.days).toHaveLength(5);
      expect(it2.body.days[4].segments.map((x: any) => x.id)).toEqual([s.body.id]);
      // Moving the start later shortens the trip too.
      expectFieldErrors(
        await putTrip(a.auth, t.id, { start_date: "2030-06-02" }),
        ["end_date"],
        "OUTSIDE_TRIP_DATES",
      );
      expect(await tripRow(t.id)).toEqual(before);
      // Shortening that strands nothing is fine.
      const ok = await putTrip(a.auth, t.id, { end_date: "2030-06-07" });
      expect(ok.status).toBe(200);
    });

    it("an update cannot stretch a trip past the 365-day limit that create enforces", async () => {
      const t = await makeTrip(a.user.id);
      const before = await tripRow(t.id);
      const res = await putTrip(a.auth, t.id, { end_date: "2040-06-01" });
      expectFieldErrors(res, ["end_date"]);
      expect(await tripRow(t.id)).toEqual(before);
    });
  });

  it("If-Match with a list of ETags succeeds when any of them is current (RFC 9110 §13.1.1)", async () => {
    const t = await makeTrip(a.user.id);
    const res = await putTrip(a.auth, t.id, { title: "Listed" }, { "if-match": `"v99", "v${t.version}"` });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe("Listed");
  });

  it("a 365-day trip is allowed (and its day 366 can hold a segment); 366 days is refused", async () => {
    const ok = await createTrip(a.auth, { title: "Year", start_date: "2030-01-01", end_date: "2031-01-01" });
    expect(ok.status).toBe(201);
    expect(ok.body.duration_days).toBe(365);
    const last = await addSeg(a.auth, ok.body.id, { type: "note", title: "Last", day_index: 366 });
    expect(last.status).toBe(201);
    expect(last.body.date).toBe("2031-01-01");
    expectFieldErrors(
      await createTrip(a.auth, { title: "Year+", start_date: "2030-01-01", end_date: "2031-01-02" }),
      ["end_date"],
    );
  });

  it("shifting a trip's dates keeps timed segments consistent with their day's date", async () => {
    const t = await makeTrip(a.user.id);
    const s = await addSeg(a.auth, t.id, {
      type: "activity",
      title: "Timed",
      start_time: "2030-06-03T09:00",
    });
    expect(s.body.day_index).toBe(3);
    const res = await putTrip(a.auth, t.id, { start_date: "2030-06-02", end_date: "2030-06-06" });
    // Either the shift is refused, or each segment's start_time still falls on its date.
    if (res.status === 200) {
      const got = (await getSeg(a.auth, t.id, s.body.id)).body;
      if (got.start_time !== null) expect(got.start_time.slice(0, 10)).toBe(got.date);
    } else {
      expectFieldErrors(res);
    }
  });

  it("DELETE → 204 with no body, then 404 on get/put/delete and gone from the list", async () => {
    const t = await makeTrip(a.user.id);
    await addSeg(a.auth, t.id, { type: "note", title: "n", day_index: 1 });
    const res = await call(trip.DELETE, { method: "DELETE", params: { tripId: t.id }, headers: a.auth });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectApiError(await getTripRes(a.auth, t.id), 404, "NOT_FOUND");
    expectApiError(await putTrip(a.auth, t.id, { title: "zombie" }), 404, "NOT_FOUND");
    expectApiError(
      await call(trip.DELETE, { method: "DELETE", params: { tripId: t.id }, headers: a.auth }),
      404,
      "NOT_FOUND",
    );
    expectApiError(await getItin(a.auth, t.id), 404, "NOT_FOUND");
    expect(await segmentRows(t.id)).toEqual([]);
    const list = await listTrips(a.auth, "limit=100");
    expect(list.body.items.map((i: any) => i.id)).not.toContain(t.id);
  });
});

// =======================================================================================
// 4. Itinerary & segments
// =======================================================================================

describe("itinerary and segments", () => {
  let a: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    a = await makeUser("Planner");
  });
  const act = (title: string, extra: Record<string, unknown> = {}) => ({
    type: "activity",
    title,
    day_index: 1,
    ...extra,
  });

  it("GET itinerary lists every day with its real date and the segments in order", async () => {
    const t = await makeTrip(a.user.id);
    await addSeg(a.auth, t.id, act("A", { day_index: 2 }));
    await addSeg(a.auth, t.id, act("B", { day_index: 2 }));
    await addSeg(a.auth, t.id, act("C", { day_index: 1 }));
    await addSeg(a.auth, t.id, { type: "note", title: "Someday" });
    const res = await getItin(a.auth, t.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.body.id).toBe(t.id);
    expect(res.body.days.map((d: any) => [d.day_index, d.date])).toEqual([
      [1, "2030-06-01"],
      [2, "2030-06-02"],
      [3, "2030-06-03"],
      [4, "2030-06-04"],
      [5, "2030-06-05"],
    ]);
    expect(res.body.days[0].segments.map((s: any) => s.title)).toEqual(["C"]);
    expect(res.body.days[1].segments.map((s: any) => [s.title, s.position, s.date])).toEqual([
      ["A", 0, "2030-06-02"],
      ["B", 1, "2030-06-02"],
    ]);
    expect(res.body.unscheduled.map((s: any) => s.title)).toEqual(["Someday"]);
    expect(res.body.segment_count).toBe(4);

    const list = await call(segs.GET, { params: { tripId: t.id }, headers: a.auth });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(4);
    expect(list.body.segments.map((s: any) => s.title)).toEqual(["C", "A", "B", "Someday"]);
    const day2 = await call(segs.GET, {
      path: `/api/itineraries/${t.id}/segments?day_index=2`,
      params: { tripId: t.id },
      headers: a.auth,
    });
    expect(day2.body.segments.map((s: any) => s.title)).toEqual(["A", "B"]);
    expectFieldErrors(
      await call(segs.GET, {
        path: `/api/itineraries/${t.id}/segments?day_index=0`,
        params: { tripId: t.id },
        headers: a.auth,
      }),
      ["day_index"],
    );
  });

  it("the itinerary's ETag changes when its segments change", async () => {
    const t = await makeTrip(a.user.id);
    const e1 = (await getItin(a.auth, t.id)).headers.get("etag");
    const s = await addSeg(a.auth, t.id, act("New"));
    const r2 = await getItin(a.auth, t.id);
    expect(r2.body.segment_count).toBe(1);
    const e2 = r2.headers.get("etag");
    expect(e2).not.toBe(e1);
    await delSeg(a.auth, t.id, s.body.id);
    const e3 = (await getItin(a.auth, t.id)).headers.get("etag");
    expect(e3).not.toBe(e2);
  });

  it("POST segment → 201 with the full segment and its ETag; GET returns the same", async () => {
    const t = await makeTrip(a.user.id);
    const res = await addSeg(a.auth, t.id, {
      type: "meal",
      title: "Lunch",
      notes: "Book ahead",
      day_index: 3,
      time_block: "afternoon",
      start_time: "2030-06-03T12:30",
      end_time: "2030-06-03T14:00",
      timezone: "Europe/Paris",
      location: { name: "Chez X", coordinates: { latitude: 48.85, longitude: 2.35 } },
      price: { amount: 45.5, currency: "eur" },
      details: { cuisine: "French" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      trip_id: t.id,
      type: "meal",
      title: "Lunch",
      notes: "Book ahead",
      day_index: 3,
      date: "2030-06-03",
      position: 0,
      time_block: "afternoon",
      start_time: "2030-06-03T12:30",
      end_time: "2030-06-03T14:00",
      timezone: "Europe/Paris",
      price: { amount: 45.5, currency: "EUR" },
      details: { cuisine: "French" },
      source: "user",
      version: 1,
    });
    expect(res.headers.get("etag")).toBe('"v1"');
    const got = await getSeg(a.auth, t.id, res.body.id);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it("adds with and without position: explicit slots insert, omitted appends, too-large clamps", async () => {
    const t = await makeTrip(a.user.id);
    await addSeg(a.auth, t.id, act("A"));
    await addSeg(a.auth, t.id, act("B"));
    const first = await addSeg(a.auth, t.id, act("Z", { position: 0 }));
    expect(first.body.position).toBe(0);
    const mid = await addSeg(a.auth, t.id, act("M", { position: 2 }));
    expect(mid.body.position).toBe(2);
    const far = await addSeg(a.auth, t.id, act("END", { position: 99 }));
    expect(far.body.position).toBe(4);
    expect(await day(a.auth, t.id, 1)).toEqual({
      titles: ["Z", "A", "M", "B", "END"],
      positions: [0, 1, 2, 3, 4],
    });
  });

  it("time_block positions by default: a morning segment added after an evening one goes first", async () => {
    const t = await makeTrip(a.user.id);
    const eve = await addSeg(a.auth, t.id, act("Dinner", { time_block: "evening" }));
    expect(eve.body.position).toBe(0);
    const morning = await addSeg(a.auth, t.id, act("Museum", { time_block: "morning" }));
    expect(morning.status).toBe(201);
    expect(morning.body.position).toBe(0);
    const noon = await addSeg(a.auth, t.id, act("Picnic", { time_block: "afternoon" }));
    expect(noon.body.position).toBe(1);
    const morning2 = await addSeg(a.auth, t.id, act("Coffee", { time_block: "morning" }));
    expect(morning2.body.position).toBe(1);
    const none = await addSeg(a.auth, t.id, act("Whenever"));
    expect(none.body.position).toBe(4);
    expect(await day(a.auth, t.id, 1)).toEqual({
      titles: ["Museum", "Coffee", "Picnic", "Dinner", "Whenever"],
      positions: [0, 1, 2, 3, 4],
    });
  });

  it("day_index outside the trip → 422 OUTSIDE_TRIP_DATES; no row written", async () => {
    const t = await makeTrip(a.user.id);
    for (const d of [6, 7, 366]) {
      const res = await addSeg(a.auth, t.id, act("Too late", { day_index: d }));
      expectFieldErrors(res, ["day_index"], "OUTSIDE_TRIP_DATES");
    }
    expectFieldErrors(await addSeg(a.auth, t.id, act("Zero", { day_index: 0 })), ["day_index"]);
    expectFieldErrors(await addSeg(a.auth, t.id, act("Neg", { day_index: -1 })), ["day_index"]);
    expect((await getItin(a.auth, t.id)).body.segment_count).toBe(0);
    expect(await segmentRows(t.id)).toEqual([]);
  });

  it("start_time outside the trip → 422 on start_time; inside derives the day; contradiction → 422", async () => {
    const t = await makeTrip(a.user.id);
    const before = await addSeg(
      a.auth,
      t.id,
      act("Early", { day_index: undefined, start_time: "2030-05-31T10:00" }),
    );
    expectFieldErrors(before, ["start_time"], "OUTSIDE_TRIP_DATES");
    const after = await addSeg(
      a.auth,
      t.id,
      act("Late", { day_index: undefined, start_time: "2030-06-06T10:00" }),
    );
    expectFieldErrors(after, ["start_time"], "OUTSIDE_TRIP_DATES");
    const clash = await addSeg(a.auth, t.id, act("Clash", { day_index: 2, start_time: "2030-06-03T10:00" }));
    expectFieldErrors(clash, ["day_index"]);
    expectFieldErrors(await addSeg(a.auth, t.id, act("Bad", { start_time: "tomorrow" })), ["start_time"]);
    expectFieldErrors(
      await addSeg(
        a.auth,
        t.id,
        act("Backwards", { start_time: "2030-06-01T10:00", end_time: "2030-06-01T09:00" }),
      ),
      ["end_time"],
    );
    expect(await segmentRows(t.id)).toEqual([]);
    const ok = await addSeg(
      a.auth,
      t.id,
      act("Derived", { day_index: undefined, start_time: "2030-06-03T09:00" }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body.day_index).toBe(3);
    expect(ok.body.date).toBe("2030-06-03");
  });

  it("flights need details with valid IATA codes", async () => {
    const t = await makeTrip(a.user.id);
    const noDetails = await addSeg(a.auth, t.id, { type: "flight", title: "AF1", day_index: 1 });
    expectFieldErrors(noDetails, ["details"]);
    const flight = { carrier: "Air France", flight_number: "AF1234", origin: "CDG", destination: "JFK" };
    const badIata = await addSeg(a.auth, t.id, {
      type: "flight",
      title: "AF1",
      day_index: 1,
      details: { ...flight, origin: "PARIS" },
    });
    expectFieldErrors(badIata, ["details.origin"]);
    const badDest = await addSeg(a.auth, t.id, {
      type: "flight",
      title: "AF1",
      day_index: 1,
      details: { ...flight, destination: "J1" },
    });
    expectFieldErrors(badDest, ["details.destination"]);
    const badNumber = await addSeg(a.auth, t.id, {
      type: "flight",
      title: "AF1",
      day_index: 1,
      details: { ...flight, flight_number: "!!" },
    });
    expectFieldErrors(badNumber, ["details.flight_number"]);
    expect(await segmentRows(t.id)).toEqual([]);
    const ok = await addSeg(a.auth, t.id, {
      type: "flight",
      title: "AF1",
      day_index: 1,
      details: { ...flight, origin: "cdg" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.details).toMatchObject({ origin: "CDG", destination: "JFK" });
  });

  it("invalid timezone, invalid currency and unknown type → 422; nothing written", async () => {
    const t = await makeTrip(a.user.id);
    expectFieldErrors(await addSeg(a.auth, t.id, act("Tz", { timezone: "Mars/Olympus_Mons" })), ["timezone"]);
    expectFieldErrors(await addSeg(a.auth, t.id, act("Cur", { price: { amount: 10, currency: "EURO" } })), [
      "price.currency",
    ]);
    expectFieldErrors(await addSeg(a.auth, t.id, act("Cur", { price: { amount: 10, currency: "12" } })), [
      "price.currency",
    ]);
    expectFieldErrors(await addSeg(a.auth, t.id, act("Neg", { price: { amount: -1, currency: "EUR" } })), [
      "price.amount",
    ]);
    expectFieldErrors(await addSeg(a.auth, t.id, { type: "spaceship", title: "x", day_index: 1 }), ["type"]);
    expectFieldErrors(await addSeg(a.auth, t.id, { title: "no type", day_index: 1 }), ["type"]);
    expect(await segmentRows(t.id)).toEqual([]);
  });

  describe("update", () => {
    it("partial PUT changes only the given fields and bumps version/ETag", async () => {
      const t = await makeTrip(a.user.id);
      const created = (
        await addSeg(
          a.auth,
          t.id,
          act("Louvre", { time_block: "morning", notes: "Tickets", timezone: "Europe/Paris" }),
        )
      ).body;
      const res = await putSeg(a.auth, t.id, created.id, { title: "Louvre museum" });
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe('"v2"');
      const { title: _t, version: _v, updated_at: _u, ...rest } = created;
      const { title: _t2, version: v2, updated_at: _u2, ...restAfter } = res.body;
      expect(restAfter).toEqual(rest);
      expect(res.body.title).toBe("Louvre museum");
      expect(v2).toBe(2);
      expect((await getSeg(a.auth, t.id, created.id)).body).toEqual(res.body);
    });

    it("If-Match: stale → 412 and unchanged; current → 200", async () => {
      const t = await makeTrip(a.user.id);
      const created = await addSeg(a.auth, t.id, act("Walk"));
      const id = created.body.id;
      const tag1 = created.headers.get("etag") as string;
      expect((await putSeg(a.auth, t.id, id, { notes: "one" }, { "if-match": tag1 })).status).toBe(200);
      const stale = await putSeg(a.auth, t.id, id, { notes: "two" }, { "if-match": tag1 });
      expectApiError(stale, 412, "PRECONDITION_FAILED");
      const now = await getSeg(a.auth, t.id, id);
      expect(now.body.notes).toBe("one");
      const ok = await putSeg(
        a.auth,
        t.id,
        id,
        { notes: "three" },
        { "if-match": now.headers.get("etag") as string },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.notes).toBe("three");
    });

    it("validates updates: flight without details, unknown keys, day outside trip; nothing changed", async () => {
      const t = await makeTrip(a.user.id);
      const s = (await addSeg(a.auth, t.id, act("Thing"))).body;
      const before = await segmentRows(t.id);
      expectFieldErrors(await putSeg(a.auth, t.id, s.id, { type: "flight" }), ["details"]);
      expectFieldErrors(
        await putSeg(a.auth, t.id, s.id, {
          type: "flight",
          details: { carrier: "AF", flight_number: "AF1", origin: "XX", destination: "JFK" },
        }),
        ["details.origin"],
      );
      expectFieldErrors(
        await putSeg(a.auth, t.id, s.id, { day_index: 9 }),
        ["day_index"],
        "OUTSIDE_TRIP_DATES",
      );
      expectFieldErrors(await putSeg(a.auth, t.id, s.id, { timezone: "Nowhere/Land" }), ["timezone"]);
      expectFieldErrors(await putSeg(a.auth, t.id, s.id, { price: { amount: 1, currency: "DOLLARS" } }), [
        "price.currency",
      ]);
      expectApiError(await putSeg(a.auth, t.id, s.id, { bogus: 1 }), 422, "VALIDATION_ERROR");
      expect(await segmentRows(t.id)).toEqual(before);
    });

    it("changing day_index via PUT keeps both days dense", async () => {
      const t = await makeTrip(a.user.id);
      const x = (await addSeg(a.auth, t.id, act("X"))).body;
      await addSeg(a.auth, t.id, act("Y"));
      await addSeg(a.auth, t.id, act("Z"));
      await addSeg(a.auth, t.id, act("P", { day_index: 2 }));
      const res = await putSeg(a.auth, t.id, x.id, { day_index: 2 });
      expect(res.status).toBe(200);
      expect(res.body.day_index).toBe(2);
      expect(res.body.date).toBe("2030-06-02");
      expect(await day(a.auth, t.id, 1)).toEqual({ titles: ["Y", "Z"], positions: [0, 1] });
      expect(await day(a.auth, t.id, 2)).toEqual({ titles: ["P", "X"], positions: [0, 1] });
    });

    it("moving a timed segment to another day via PUT does not leave a start_time on the old date", async () => {
      const t = await makeTrip(a.user.id);
      const s = (
        await addSeg(
          a.auth,
          t.id,
          act("Timed", { start_time: "2030-06-01T10:00", end_time: "2030-06-01T11:00" }),
        )
      ).body;
      expect(s.day_index).toBe(1);
      const res = await putSeg(a.auth, t.id, s.id, { day_index: 3 });
      // Either refused, or the stored time must agree with the new day (create refuses the mismatch).
      if (res.status === 200) {
        const got = (await getSeg(a.auth, t.id, s.id)).body;
        expect(got.day_index).toBe(3);
        if (got.start_time !== null) expect(got.start_time.slice(0, 10)).toBe(got.date);
        if (got.end_time !== null) expect(got.end_time.slice(0, 10) >= got.date).toBe(true);
      } else {
        expectFieldErrors(res);
      }
    });
  });

  describe("move", () => {
    it("moves to another day and position; both days stay dense 0..n-1", async () => {
      const t = await makeTrip(a.user.id);
      const A = (await addSeg(a.auth, t.id, act("A"))).body;
      await addSeg(a.auth, t.id, act("B"));
      await addSeg(a.auth, t.id, act("C"));
      await addSeg(a.auth, t.id, act("D", { day_index: 2 }));
      await addSeg(a.auth, t.id, act("E", { day_index: 2 }));
      const res = await moveSeg(a.auth, t.id, A.id, { day_index: 2, position: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: A.id, day_index: 2, position: 1, date: "2030-06-02", version: 2 });
      expect(await day(a.auth, t.id, 1)).toEqual({ titles: ["B", "C"], positions: [0, 1] });
      expect(await day(a.auth, t.id, 2)).toEqual({ titles: ["D", "A", "E"], positions: [0, 1, 2] });
    });

    it("moves within a day (forward and back) and clamps a too-large position", async () => {
      const t = await makeTrip(a.user.id);
      const A = (await addSeg(a.auth, t.id, act("A"))).body;
      await addSeg(a.auth, t.id, act("B"));
      const C = (await addSeg(a.auth, t.id, act("C"))).body;
      await addSeg(a.auth, t.id, act("D"));
      expect((await moveSeg(a.auth, t.id, A.id, { day_index: 1, position: 2 })).status).toBe(200);
      expect(await day(a.auth, t.id, 1)).toEqual({ titles: ["B", "C", "A", "D"], positions: [0, 1, 2, 3] });
      expect((await moveSeg(a.auth, t.id, C.id, { day_index: 1, position: 0 })).status).toBe(200);
      expect(await day(a.auth, t.id, 1)).toEqual({ titles: ["C", "B", "A", "D"], positions: [0, 1, 2, 3] });
      const far = await moveSeg(a.auth, t.id, C.id, { day_index: 1, position: 500 });
      expect(far.body.position).toBe(3);
      expect(await day(a.auth, t.id, 1)).toEqual({ titles: ["B", "A", "D", "C"], positions: [0, 1, 2, 3] });
    });

    it("moving keeps the wall-clock time on the new day, and unscheduling clears it", async () => {
      const t = await makeTrip(a.user.id);
      const s = (
        await addSeg(
          a.auth,
          t.id,
          act("Timed", { start_time: "2030-06-01T09:00", end_time: "2030-06-01T10:30" }),
        )
      ).body;
      const same = await moveSeg(a.auth, t.id, s.id, { day_index: 1, position: 0 });
      expect(same.body.start_time).toBe("2030-06-01T09:00");
      const other = await moveSeg(a.auth, t.id, s.id, { day_index: 4, position: 0 });
      expect(other.body).toMatchObject({
        day_index: 4,
        start_time: "2030-06-04T09:00",
        end_time: "2030-06-04T10:30",
      });
      const un = await moveSeg(a.auth, t.id, s.id, { day_index: null });
      expect(un.body).toMatchObject({ day_index: null, start_time: null, end_time: null });
    });

    it("moving to null unschedules; moving outside the trip → 422 OUTSIDE_TRIP_DATES, nothing changed", async () => {
      const t = await makeTrip(a.user.id);
      const A = (await addSeg(a.auth, t.id, act("A"))).body;
      await addSeg(a.auth, t.id, act("B"));
      const before = await segmentRows(t.id);
      expectFieldErrors(
        await moveSeg(a.auth, t.id, A.id, { day_index: 6, position: 0 }),
        ["day_index"],
        "OUTSIDE_TRIP_DATES",
      );
      expect(await segmentRows(t.id)).toEqual(before);
      const un = await moveSeg(a.auth, t.id, A.id, { day_index: null, position: 0 });
      expect(un.status).toBe(200);
      expect(un.body.day_index).toBeNull();
      expect(un.body.date).toBeNull();
      const it2 = (await getItin(a.auth, t.id)).body;
      expect(it2.unscheduled.map((s: any) => s.title)).toEqual(["A"]);
      expect(it2.days[0].segments.map((s: any) => [s.title, s.position])).toEqual([["B", 0]]);
    });
  });

  it("DELETE → 204, closes the gap; the segment is then 404", async () => {
    const t = await makeTrip(a.user.id);
    await addSeg(a.auth, t.id, act("A"));
    const B = (await addSeg(a.auth, t.id, act("B"))).body;
    await addSeg(a.auth, t.id, act("C"));
    await addSeg(a.auth, t.id, act("D"));
    const res = await delSeg(a.auth, t.id, B.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(await day(a.auth, t.id, 1)).toEqual({ titles: ["A", "C", "D"], positions: [0, 1, 2] });
    expectApiError(await getSeg(a.auth, t.id, B.id), 404, "NOT_FOUND");
    expectApiError(await delSeg(a.auth, t.id, B.id), 404, "NOT_FOUND");
    expectApiError(await putSeg(a.auth, t.id, B.id, { title: "x" }), 404, "NOT_FOUND");
    expectApiError(await moveSeg(a.auth, t.id, B.id, { day_index: 1, position: 0 }), 404, "NOT_FOUND");
  });

  it("a segment addressed through another trip's id → 404 everywhere, and it is untouched", async () => {
    const t1 = await makeTrip(a.user.id);
    const t2 = await makeTrip(a.user.id, { title: "Other" });
    const s = (await addSeg(a.auth, t1.id, act("Mine"))).body;
    const before = await segmentRows(t1.id);
    expectApiError(await getSeg(a.auth, t2.id, s.id), 404, "NOT_FOUND");
    expectApiError(await putSeg(a.auth, t2.id, s.id, { title: "hijack" }), 404, "NOT_FOUND");
    expectApiError(await moveSeg(a.auth, t2.id, s.id, { day_index: 2, position: 0 }), 404, "NOT_FOUND");
    expectApiError(await delSeg(a.auth, t2.id, s.id), 404, "NOT_FOUND");
    expect(await segmentRows(t1.id)).toEqual(before);
    expect(await segmentRows(t2.id)).toEqual([]);
  });
});

// =======================================================================================
// 5. Bad input on every route that takes a body or an id
// =======================================================================================

describe("bad input", () => {
  let o: Awaited<ReturnType<typeof makeUser>>;
  let tripId: string;
  let segmentId: string;
  const regPrefix = `badinput${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    o = await makeUser("Owner");
    tripId = (await makeTrip(o.user.id)).id;
    const s = await addSeg(o.auth, tripId, { type: "activity", title: "Seg", day_index: 1 });
    segmentId = s.body.id;
    await addSeg(o.auth, tripId, { type: "activity", title: "Seg2", day_index: 2 });
  });

  interface Target {
    name: string;
    send: (body: unknown) => Promise<Res>;
    /** A body with wrong field types, and the fields that must be reported. */
    wrongTypes: [Record<string, unknown>, string[]];
    /** A body over 1 MiB that would otherwise be plausible. */
    oversize: () => Record<string, unknown>;
    snapshot: () => Promise<unknown>;
  }

  async function countRegistered() {
    const db = await getDb();
    const [n] = await db
      .select({ n: count() })
      .from(users)
      .where(like(users.email, `${regPrefix}%`));
    return n?.n;
  }
  async function ownTrips() {
    const db = await getDb();
    return db
      .select({ id: tripsTable.id, v: tripsTable.version, title: tripsTable.title })
      .from(tripsTable)
      .where(eq(tripsTable.ownerId, o.user.id));
  }
  const tripState = () => tripRow(tripId);
  const segState = () => segmentRows(tripId);

  const targets: Target[] = [
    {
      name: "POST /api/auth/register",
      send: (body) => call(register.POST, { method: "POST", body }),
      wrongTypes: [{ email: 123, password: true, name: ["x"] }, ["email", "password", "name"]],
      oversize: () => ({ email: `${regPrefix}-big@example.com`, password: "long enough pw", name: big() }),
      snapshot: countRegistered,
    },
    {
      name: "POST /api/auth/login",
      send: (body) => call(login.POST, { method: "POST", body }),
      wrongTypes: [{ email: ["a@b.c"], password: 5 }, ["email", "password"]],
      oversize: () => ({ email: "a@example.com", password: big() }),
      snapshot: async () => null,
    },
    {
      name: "POST /api/auth/refresh",
      send: (body) => call(refresh.POST, { method: "POST", body }),
      wrongTypes: [{ refresh_token: 12 }, ["refresh_token"]],
      oversize: () => ({ refresh_token: big() }),
      snapshot: async () => null,
    },
    {
      name: "POST /api/trips",
      send: (body) => call(trips.POST, { method: "POST", body, headers: o.auth }),
      wrongTypes: [
        { title: 5, start_date: 20300601, end_date: true, destinations: "Paris", preferences: [] },
        ["title", "start_date", "end_date", "destinations", "preferences"],
      ],
      oversize: () => ({ title: big(), start_date: "2030-06-01", end_date: "2030-06-02" }),
      snapshot: ownTrips,
    },
    {
      name: "PUT /api/trips/{id}",
      send: (body) => call(trip.PUT, { method: "PUT", params: { tripId }, body, headers: o.auth }),
      wrongTypes: [{ title: 5, status: "flying", destinations: {} }, ["title", "status", "destinations"]],
      oversize: () => ({ title: big() }),
      snapshot: tripState,
    },
    {
      name: "PATCH /api/trips/{id}",
      send: (body) => call(trip.PATCH, { method: "PATCH", params: { tripId }, body, headers: o.auth }),
      wrongTypes: [{ start_date: 1, preferences: "none" }, ["start_date", "preferences"]],
      oversize: () => ({ description: big() }),
      snapshot: tripState,
    },
    {
      name: "POST /api/itineraries/{id}/segments",
      send: (body) => call(segs.POST, { method: "POST", params: { tripId }, body, headers: o.auth }),
      wrongTypes: [
        {
          type: "activity",
          title: 7,
          day_index: "1",
          position: -1,
          price: { amount: "12", currency: "EUR" },
        },
        ["title", "day_index", "position", "price.amount"],
      ],
      oversize: () => ({ type: "note", title: big(), day_index: 1 }),
      snapshot: segState,
    },
    {
      name: "PUT /api/itineraries/{id}/segments/{sid}",
      send: (body) => call(seg.PUT, { method: "PUT", params: { tripId, segmentId }, body, headers: o.auth }),
      wrongTypes: [{ title: 7, day_index: 1.5, time_block: "night" }, ["title", "day_index", "time_block"]],
      oversize: () => ({ notes: big() }),
      snapshot: segState,
    },
    {
      name: "PATCH /api/itineraries/{id}/segments/{sid}",
      send: (body) =>
        call(seg.PATCH, { method: "PATCH", params: { tripId, segmentId }, body, headers: o.auth }),
      wrongTypes: [{ position: "first", location: "Paris" }, ["position", "location"]],
      oversize: () => ({ title: big() }),
      snapshot: segState,
    },
    {
      name: "POST /api/itineraries/{id}/segments/{sid}/move",
      send: (body) =>
        call(move.POST, { method: "POST", params: { tripId, segmentId }, body, headers: o.auth }),
      wrongTypes: [{ day_index: "2", position: "x" }, ["day_index", "position"]],
      oversize: () => ({ day_index: 2, position: 0, time_block: big() }),
      snapshot: segState,
    },
  ];

  /** Runs `send` and asserts the refusal, and that the target's state did not change. */
  async function refused(t: Target, body: unknown, status: number, code?: string) {
    const before = await t.snapshot();
    const res = await t.send(body);
    expect(res.status).not.toBe(500);
    expectApiError(res, status, code);
    expect(await t.snapshot()).toEqual(before);
    return res;
  }

  describe.each(targets)("$name", (t) => {
    it('malformed JSON "{bad" → 400 INVALID_JSON', async () => {
      await refused(t, "{bad", 400, "INVALID_JSON");
      await refused(t, '{"title": "x",', 400, "INVALID_JSON");
      await refused(t, "undefined", 400, "INVALID_JSON");
    });

    it("empty or missing body → 400", async () => {
      await refused(t, "", 400, "INVALID_JSON");
      await refused(t, "   \n ", 400, "INVALID_JSON");
      await refused(t, undefined, 400, "INVALID_JSON");
    });

    it.each([
      ["[]", []],
      ["[{}]", [{}]],
      ["42", 42],
      ['"text"', '"text"'],
      ["true", true],
      ["null", null],
    ])("JSON %s instead of an object → 422", async (_label, body) => {
      const res = await refused(t, body, 422, "VALIDATION_ERROR");
      expect(Array.isArray(res.body.errors)).toBe(true);
      expect(res.body.errors.length).toBeGreaterThan(0);
    });

    it("wrong field types → 422 with errors[{field, message, type}]", async () => {
      const [body, fields] = t.wrongTypes;
      const before = await t.snapshot();
      const res = await t.send(body);
      expectFieldErrors(res, fields);
      expect(await t.snapshot()).toEqual(before);
    });

    it("a body over 1 MiB → 413 PAYLOAD_TOO_LARGE", async () => {
      await refused(t, t.oversize(), 413, "PAYLOAD_TOO_LARGE");
      await refused(t, big(1_200_000), 413, "PAYLOAD_TOO_LARGE");
    });
  });

  it("a declared Content-Length over 1 MiB → 413 without reading the body; nothing written", async () => {
    const before = await ownTrips();
    const res = await call(trips.POST, {
      method: "POST",
      body: { title: "small", start_date: "2030-06-01", end_date: "2030-06-02" },
      headers: { ...o.auth, "content-length": "5000000" },
    });
    expectApiError(res, 413, "PAYLOAD_TOO_LARGE");
    expect(await ownTrips()).toEqual(before);
    const segBefore = await segmentRows(tripId);
    const res2 = await call(segs.POST, {
      method: "POST",
      params: { tripId },
      body: { type: "note", title: "small", day_index: 1 },
      headers: { ...o.auth, "content-length": "2000000" },
    });
    expectApiError(res2, 413, "PAYLOAD_TOO_LARGE");
    expect(await segmentRows(tripId)).toEqual(segBefore);
  });

  it("a body just under 1 MiB is read (and then validated), not cut off", async () => {
    const res = await call(trips.POST, {
      method: "POST",
      body: { title: "ok", start_date: "2030-06-01", end_date: "2030-06-02", description: big(1_000_000) },
      headers: o.auth,
    });
    // Description is limited to 5000 characters: a validation error, not a size error.
    expectFieldErrors(res, ["description"]);
  });

  describe("ids in the path", () => {
    const BAD_IDS = [
      "not-a-uuid",
      "123",
      "' OR 1=1 --",
      "00000000-0000-0000-0000-000000000000",
      `${UNKNOWN_UUID}x`,
      "x".repeat(500),
      "%00",
      "../etc/passwd",
    ];

    type IdRoute = { name: string; run: (tid: string, sid: string) => Promise<Res>; hasSegment: boolean };
    const validSegBody = { type: "note", title: "n", day_index: 1 };
    const routes: IdRoute[] = [
      {
        name: "GET trip",
        hasSegment: false,
        run: (tid) => call(trip.GET, { params: { tripId: tid }, headers: o.auth }),
      },
      {
        name: "PUT trip",
        hasSegment: false,
        run: (tid) =>
          call(trip.PUT, { method: "PUT", params: { tripId: tid }, body: { title: "t" }, headers: o.auth }),
      },
      {
        name: "PATCH trip",
        hasSegment: false,
        run: (tid) =>
          call(trip.PATCH, {
            method: "PATCH",
            params: { tripId: tid },
            body: { title: "t" },
            headers: o.auth,
          }),
      },
      {
        name: "DELETE trip",
        hasSegment: false,
        run: (tid) => call(trip.DELETE, { method: "DELETE", params: { tripId: tid }, headers: o.auth }),
      },
      {
        name: "GET itinerary",
        hasSegment: false,
        run: (tid) => call(itin.GET, { params: { tripId: tid }, headers: o.auth }),
      },
      {
        name: "GET events",
        hasSegment: false,
        run: (tid) => call(events.GET, { params: { tripId: tid }, headers: o.auth }),
      },
      {
        name: "GET segments",
        hasSegment: false,
        run: (tid) => call(segs.GET, { params: { tripId: tid }, headers: o.auth }),
      },
      {
        name: "POST segments",
        hasSegment: false,
        run: (tid) =>
          call(segs.POST, { method: "POST", params: { tripId: tid }, body: validSegBody, headers: o.auth }),
      },
      {
        name: "GET segment",
        hasSegment: true,
        run: (tid, sid) => call(seg.GET, { params: { tripId: tid, segmentId: sid }, headers: o.auth }),
      },
      {
        name: "PUT segment",
        hasSegment: true,
        run: (tid, sid) =>
          call(seg.PUT, {
            method: "PUT",
            params: { tripId: tid, segmentId: sid },
            body: { title: "t" },
            headers: o.auth,
          }),
      },
      {
        name: "PATCH segment",
        hasSegment: true,
        run: (tid, sid) =>
          call(seg.PATCH, {
            method: "PATCH",
            params: { tripId: tid, segmentId: sid },
            body: { title: "t" },
            headers: o.auth,
          }),
      },
      {
        name: "DELETE segment",
        hasSegment: true,
        run: (tid, sid) =>
          call(seg.DELETE, { method: "DELETE", params: { tripId: tid, segmentId: sid }, headers: o.auth }),
      },
      {
        name: "POST move",
        hasSegment: true,
        run: (tid, sid) =>
          call(move.POST, {
            method: "POST",
            params: { tripId: tid, segmentId: sid },
            body: { day_index: 2, position: 0 },
            headers: o.auth,
          }),
      },
    ];

    async function state() {
      return { trip: await tripRow(tripId), segs: await segmentRows(tripId), trips: await ownTrips() };
    }

    it.each(routes)("$name: malformed and unknown trip ids → 404 NOT_FOUND, nothing written", async (r) => {
      const before = await state();
      for (const bad of [...BAD_IDS, UNKNOWN_UUID]) {
        const res = await r.run(bad, segmentId);
        expect(res.status, `${r.name} ${bad}`).not.toBe(500);
        expectApiError(res, 404, "NOT_FOUND");
      }
      expect(await state()).toEqual(before);
    });

    it.each(routes.filter((r) => r.hasSegment))(
      "$name: malformed and unknown segment ids → 404 NOT_FOUND, nothing written",
      async (r) => {
        const before = await state();
        for (const bad of [...BAD_IDS, UNKNOWN_UUID]) {
          const res = await r.run(tripId, bad);
          expect(res.status, `${r.name} ${bad}`).not.toBe(500);
          expectApiError(res, 404, "NOT_FOUND");
        }
        expect(await state()).toEqual(before);
      },
    );
  });
});

// =======================================================================================
// 6. Unknown API paths
// =======================================================================================

describe("unknown API path", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)(
    "%s → 404 in the TripSage REST API's error shape",
    async (m) => {
      const handlers = {
        GET: catchAll.GET,
        POST: catchAll.POST,
        PUT: catchAll.PUT,
        PATCH: catchAll.PATCH,
        DELETE: catchAll.DELETE,
      };
      const res = await call(handlers[m], {
        method: m,
        path: "/api/does/not/exist",
        params: { path: ["does", "not", "exist"] } as any,
        ...(m === "GET" || m === "DELETE" ? {} : { body: { any: "thing" } }),
      });
      expectApiError(res, 404, "NOT_FOUND");
      expect(res.body.message).toContain("/api/does/not/exist");
      expect(res.body.message).toContain(m);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
    },
  );
});

// =======================================================================================
// 7. Concurrency
// =======================================================================================

describe("concurrency", () => {
  it("10 concurrent POST segments to one day → all 201, positions exactly 0..9", async () => {
    const u = await makeUser();
    const t = await makeTrip(u.user.id);
    const results = await Promise.all(
      range(10).map((i) => addSeg(u.auth, t.id, { type: "activity", title: `S${i}`, day_index: 2 })),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(results.map((r) => r.body.position).sort((x, y) => x - y)).toEqual(range(10));
    const d = await day(u.auth, t.id, 2);
    expect(d.positions).toEqual(range(10));
    expect(new Set(d.titles).size).toBe(10);
    const rows = await segmentRows(t.id);
    expect(rows.map((r) => r.position).sort((x, y) => x - y)).toEqual(range(10));
  });

  it("10 concurrent time-blocked POSTs keep blocks grouped and positions dense", async () => {
    const u = await makeUser();
    const t = await makeTrip(u.user.id);
    const blocks = ["evening", "morning", "afternoon"] as const;
    const results = await Promise.all(
      range(10).map((i) =>
        addSeg(u.auth, t.id, { type: "activity", title: `S${i}`, day_index: 1, time_block: blocks[i % 3] }),
      ),
    );
    for (const r of results) expect(r.status).toBe(201);
    const res = await getItin(u.auth, t.id);
    const segsOfDay = res.body.days[0].segments;
    expect(segsOfDay.map((s: any) => s.position)).toEqual(range(10));
    const rank = { morning: 0, afternoon: 1, evening: 2 } as const;
    const ranks = segsOfDay.map((s: any) => rank[s.time_block as keyof typeof rank]);
    expect([...ranks].sort()).toEqual(ranks);
  });

  it("concurrent deletes and moves leave every day dense", async () => {
    const u = await makeUser();
    const t = await makeTrip(u.user.id);
    const created: string[] = [];
    for (const i of range(10)) {
      created.push((await addSeg(u.auth, t.id, { type: "activity", title: `S${i}`, day_index: 1 })).body.id);
    }
    const [dels, moves] = [created.slice(0, 4), created.slice(4, 7)];
    const results = await Promise.all([
      ...dels.map((id) => delSeg(u.auth, t.id, id)),
      ...moves.map((id, i) => moveSeg(u.auth, t.id, id, { day_index: 3, position: i })),
    ]);
    expect(results.slice(0, 4).map((r) => r.status)).toEqual([204, 204, 204, 204]);
    expect(results.slice(4).map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await day(u.auth, t.id, 1)).positions).toEqual([0, 1, 2]);
    expect((await day(u.auth, t.id, 3)).positions).toEqual([0, 1, 2]);
  });

  it("concurrent trip PUTs with the same If-Match: exactly one wins, the rest get 412", async () => {
    const u = await makeUser();
    const t = await makeTrip(u.user.id);
    const results = await Promise.all(
      range(5).map((i) => putTrip(u.auth, t.id, { title: `Edit ${i}` }, { "if-match": `"v${t.version}"` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200);
    const now = await getTripRes(u.auth, t.id);
    expect(now.body.title).toBe(winner?.body.title);
    expect(now.body.version).toBe(t.version + 1);
  });
});
