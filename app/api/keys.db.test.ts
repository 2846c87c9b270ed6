// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * The TripSage REST API "API Key Management" and "Permission Scopes" against the real database
 * (PGlite or Postgres): creating, listing and revoking keys, using a key as a Bearer
 * credential, expiry, and the scope each scope-protected route demands.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as changePassword from "@/app/api/auth/change-password/route";
import * as logout from "@/app/api/auth/logout/route";
import * as chatSessions from "@/app/api/chat/sessions/route";
import * as chatStats from "@/app/api/chat/stats/route";
import * as config from "@/app/api/config/route";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as move from "@/app/api/itineraries/[tripId]/segments/[segmentId]/move/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as memPrefs from "@/app/api/memory/preferences/route";
import * as memUser from "@/app/api/memory/user/route";
import * as shareJoin from "@/app/api/share/[token]/join/route";
import * as tripChat from "@/app/api/trips/[tripId]/chat/route";
import * as collaborators from "@/app/api/trips/[tripId]/collaborators/route";
import * as links from "@/app/api/trips/[tripId]/links/route";
import * as trip from "@/app/api/trips/[tripId]/route";
import * as share from "@/app/api/trips/[tripId]/share/route";
import * as transfer from "@/app/api/trips/[tripId]/transfer/route";
import * as trips from "@/app/api/trips/route";
import * as key from "@/app/api/user/keys/[keyId]/route";
import * as keys from "@/app/api/user/keys/route";
import * as me from "@/app/api/users/me/route";
import * as webhooks from "@/app/api/webhooks/route";
import { getDb } from "@/db/client";
import { apiKeys, trips as tripsTable, users } from "@/db/schema";
import { SCOPES, type Scope } from "@/lib/domain/auth/scopes";
import { expectApiError, expectFieldErrors, type Res } from "@/lib/testing/assertions";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };
type U = Awaited<ReturnType<typeof makeUser>>;

const UNKNOWN_UUID = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const KEY_RE = /^ts_live_[A-Za-z0-9_-]{43,}$/;
/** Scopes a normal user holds (everything but admin:access). */
const USER_SCOPES = SCOPES.filter((s) => s !== "admin:access");

const bearer = (secret: string): Auth => ({ authorization: `Bearer ${secret}` });
const createKey = (auth: Auth, body: unknown) => call(keys.POST, { method: "POST", body, headers: auth });
const listKeys = (auth: Auth) => call(keys.GET, { headers: auth });
const revokeKey = (auth: Auth, keyId: string) =>
  call(key.DELETE, { method: "DELETE", params: { keyId }, headers: auth });

/** Creates a key through the API and returns its secret as a Bearer header plus its id. */
async function newKey(
  u: U,
  permissions: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<{ id: string; secret: string; auth: Auth }> {
  const res = await createKey(u.auth, {
    name: `k-${permissions.join(",")}`.slice(0, 100),
    permissions,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, secret: res.body.key, auth: bearer(res.body.key) };
}

async function keyRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

// =======================================================================================
// Creating, listing, using and revoking keys
// =======================================================================================

describe("API keys: lifecycle", () => {
  let u: U;
  beforeAll(async () => {
    u = await makeUser("Key Owner");
  });

  it("creates a key: 201, ts_live_ + ≥43 base64url chars, seed shape, expiry from expires_in_days", async () => {
    const before = Date.now();
    const res = await createKey(u.auth, {
      name: "Travel App Integration",
      permissions: ["trips:read", "trips:write", "flights:read"],
      expires_in_days: 365,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      name: "Travel App Integration",
      key: expect.stringMatching(KEY_RE),
      permissions: ["trips:read", "trips:write", "flights:read"],
      created_at: expect.stringMatching(ISO),
      expires_at: expect.stringMatching(ISO),
    });
    expect(res.body.key.length - "ts_live_".length).toBeGreaterThanOrEqual(43);
    const exp = Date.parse(res.body.expires_at);
    expect(exp).toBeGreaterThanOrEqual(before + 365 * 86_400_000 - 5_000);
    expect(exp).toBeLessThanOrEqual(Date.now() + 365 * 86_400_000 + 5_000);
    // The secret is not stored in clear.
    const row = await keyRow(res.body.id);
    expect(row?.keyHash).not.toContain(res.body.key);
    expect(JSON.stringify(row)).not.toContain(res.body.key);
  });

  it("a key without expires_in_days never expires; two keys never share a secret", async () => {
    const a = await createKey(u.auth, { name: "A", permissions: ["trips:read"] });
    const b = await createKey(u.auth, { name: "B", permissions: ["trips:read"] });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.expires_at).toBeNull();
    expect(a.body.key).not.toBe(b.body.key);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it("duplicate permissions are stored once", async () => {
    const res = await createKey(u.auth, { name: "dup", permissions: ["trips:read", "trips:read"] });
    expect(res.status).toBe(201);
    expect(res.body.permissions).toEqual(["trips:read"]);
  });

  it("lists keys in the documented shape, never with the secret", async () => {
    const created = await createKey(u.auth, { name: "Listed", permissions: ["trips:read", "memory:read"] });
    expect(created.status).toBe(201);
    const res = await listKeys(u.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ keys: expect.any(Array), total: expect.any(Number) });
    expect(res.body.total).toBe(res.body.keys.length);
    const item = res.body.keys.find((k: any) => k.id === created.body.id);
    expect(item).toMatchObject({
      id: created.body.id,
      name: "Listed",
      permissions: ["trips:read", "memory:read"],
      last_used: null,
      created_at: created.body.created_at,
      expires_at: null,
      is_active: true,
    });
    for (const k of res.body.keys) {
      expect(k).not.toHaveProperty("key");
      expect(k).not.toHaveProperty("key_hash");
      expect(k).not.toHaveProperty("keyHash");
    }
    expect(JSON.stringify(res.body)).not.toContain(created.body.key);
    // Shown once: the only listing field derived from the secret is a short prefix.
    const row = await keyRow(created.body.id);
    expect(JSON.stringify(res.body)).not.toContain(row?.keyHash as string);
  });

  it("lists only the caller's keys", async () => {
    const other = await makeUser("Other");
    const mine = await newKey(other, ["trips:read"]);
    const res = await listKeys(u.auth);
    expect(res.body.keys.map((k: any) => k.id)).not.toContain(mine.id);
    const theirs = await listKeys(other.auth);
    expect(theirs.body).toMatchObject({ total: 1, keys: [{ id: mine.id }] });
  });

  it("a key authenticates as `Authorization: Bearer ts_live_…` and records last_used", async () => {
    const t = await makeTrip(u.user.id, { title: "Key trip" });
    const k = await newKey(u, ["trips:read"]);
    const before = Date.now();
    const res = await call(trips.GET, { path: "/api/trips", headers: k.auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(JSON.stringify(res.body)).toContain(t.id);
    const listed = (await listKeys(u.auth)).body.keys.find((x: any) => x.id === k.id);
    expect(listed.last_used).toMatch(ISO);
    expect(Date.parse(listed.last_used)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(listed.last_used)).toBeLessThanOrEqual(Date.now() + 1_000);
    // The same key identifies the same user on /api/users/me.
    const who = await call(me.GET, { headers: k.auth });
    expect(who.status).toBe(200);
    expect(who.body.id).toBe(u.user.id);
  });

  it("a key never reaches another user's trip (404, as for a stranger)", async () => {
    const other = await makeUser("Other trip owner");
    const t = await makeTrip(other.user.id);
    const k = await newKey(u, USER_SCOPES);
    expectApiError(await call(trip.GET, { params: { tripId: t.id }, headers: k.auth }), 404, "NOT_FOUND");
    expectApiError(
      await call(trip.DELETE, { method: "DELETE", params: { tripId: t.id }, headers: k.auth }),
      404,
      "NOT_FOUND",
    );
  });

  it("revoking a key: 204, then the key gets 401 and is listed inactive; revoking again is 404", async () => {
    const k = await newKey(u, ["trips:read"]);
    expect((await call(trips.GET, { headers: k.auth })).status).toBe(200);
    const res = await revokeKey(u.auth, k.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    const after = await call(trips.GET, { headers: k.auth });
    expectApiError(after, 401);
    expect(after.body.code).toMatch(/^(INVALID_TOKEN|UNAUTHORIZED)$/);
    const listed = (await listKeys(u.auth)).body.keys.find((x: any) => x.id === k.id);
    expect(listed.is_active).toBe(false);
    expectApiError(await revokeKey(u.auth, k.id), 404, "NOT_FOUND");
  });

  it("an expired key gets 401 TOKEN_EXPIRED and is listed inactive", async () => {
    const k = await newKey(u, ["trips:read"], { expires_in_days: 30 });
    expect((await call(trips.GET, { headers: k.auth })).status).toBe(200);
    const db = await getDb();
    await db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(apiKeys.id, k.id));
    expectApiError(await call(trips.GET, { headers: k.auth }), 401, "TOKEN_EXPIRED");
    const listed = (await listKeys(u.auth)).body.keys.find((x: any) => x.id === k.id);
    expect(listed.is_active).toBe(false);
  });

  it("an unknown or malformed ts_live_ key gets 401 with a WWW-Authenticate challenge", async () => {
    for (const secret of ["ts_live_xxx", `ts_live_${"A".repeat(43)}`, "ts_live_"]) {
      const res = await call(trips.GET, { headers: bearer(secret) });
      expectApiError(res, 401);
      expect(res.headers.get("www-authenticate") ?? "").toMatch(/^Bearer/);
    }
  });

  it("a normal user cannot create an admin:access key (403) and nothing is written", async () => {
    const before = (await listKeys(u.auth)).body.total;
    const res = await createKey(u.auth, { name: "admin", permissions: ["trips:read", "admin:access"] });
    expectApiError(res, 403, "INSUFFICIENT_PERMISSIONS");
    expect((await listKeys(u.auth)).body.total).toBe(before);
  });

  it("an admin user may create an admin:access key", async () => {
    const admin = await makeUser("Admin");
    const db = await getDb();
    await db.update(users).set({ role: "admin" }).where(eq(users.id, admin.user.id));
    const res = await createKey(admin.auth, { name: "admin", permissions: ["admin:access"] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.permissions).toEqual(["admin:access"]);
  });

  it("invalid bodies → 422 naming the field (400 for malformed JSON), nothing written", async () => {
    const before = (await listKeys(u.auth)).body.total;
    expectFieldErrors(await createKey(u.auth, { name: "no perms" }), ["permissions"]);
    expectFieldErrors(await createKey(u.auth, { name: "empty perms", permissions: [] }), ["permissions"]);
    expectFieldErrors(await createKey(u.auth, { name: "bad scope", permissions: ["trips:admin"] }), [
      "permissions.0",
    ]);
    expectFieldErrors(await createKey(u.auth, { name: "x", permissions: "trips:read" }), ["permissions"]);
    expectFieldErrors(
      await createKey(u.auth, { name: "zero", permissions: ["trips:read"], expires_in_days: 0 }),
      ["expires_in_days"],
    );
    expectFieldErrors(
      await createKey(u.auth, { name: "neg", permissions: ["trips:read"], expires_in_days: -5 }),
      ["expires_in_days"],
    );
    expectFieldErrors(
      await createKey(u.auth, { name: "frac", permissions: ["trips:read"], expires_in_days: 1.5 }),
      ["expires_in_days"],
    );
    expectFieldErrors(
      await createKey(u.auth, { name: "str", permissions: ["trips:read"], expires_in_days: "30" }),
      ["expires_in_days"],
    );
    expectFieldErrors(
      await createKey(u.auth, { name: "too long", permissions: ["trips:read"], expires_in_days: 3651 }),
      ["expires_in_days"],
    );
    expectFieldErrors(await createKey(u.auth, { permissions: ["trips:read"] }), ["name"]);
    expectFieldErrors(await createKey(u.auth, { name: "   ", permissions: ["trips:read"] }), ["name"]);
    expectFieldErrors(await createKey(u.auth, { name: "x".repeat(101), permissions: ["trips:read"] }), [
      "name",
    ]);
    expectFieldErrors(await createKey(u.auth, []), []);
    expectApiError(await createKey(u.auth, "{not json"), 400, "INVALID_JSON");
    expectApiError(await call(keys.POST, { method: "POST", headers: u.auth }), 400);
    expect((await listKeys(u.auth)).body.total).toBe(before);
  });

  it("DELETE of another user's key is 404 and leaves it working; a non-UUID or unknown id is 404", async () => {
    const other = await makeUser("Victim");
    const theirs = await newKey(other, ["trips:read"]);
    expectApiError(await revokeKey(u.auth, theirs.id), 404, "NOT_FOUND");
    expect((await call(trips.GET, { headers: theirs.auth })).status).toBe(200);
    expect((await listKeys(other.auth)).body.keys[0].is_active).toBe(true);
    expectApiError(await revokeKey(u.auth, "not-a-uuid"), 404, "NOT_FOUND");
    expectApiError(await revokeKey(u.auth, "key_123abc"), 404, "NOT_FOUND");
    expectApiError(await revokeKey(u.auth, UNKNOWN_UUID), 404, "NOT_FOUND");
    expectApiError(await revokeKey(u.auth, `${UNKNOWN_UUID}'; drop table api_keys; --`), 404, "NOT_FOUND");
  });

  it("key routes need authentication (401)", async () => {
    expectApiError(await listKeys({} as Auth), 401);
    expectApiError(await createKey({} as Auth, { name: "x", permissions: ["trips:read"] }), 401);
    expectApiError(await revokeKey({} as Auth, UNKNOWN_UUID), 401);
  });
});

// =======================================================================================
// Keys cannot act as a logged-in user on session-only routes
// =======================================================================================

describe("API keys: session-only routes refuse keys (403)", () => {
  let u: U;
  let k: { id: string; secret: string; auth: Auth };
  let tripId: string;
  beforeAll(async () => {
    u = await makeUser("Session only");
    k = await newKey(u, USER_SCOPES);
    tripId = (await makeTrip(u.user.id)).id;
  });

  it("a key cannot list, create or revoke keys, even its own", async () => {
    expectApiError(await listKeys(k.auth), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(
      await createKey(k.auth, { name: "child", permissions: ["trips:read"] }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(await revokeKey(k.auth, k.id), 403, "INSUFFICIENT_PERMISSIONS");
    const list = await listKeys(u.auth);
    expect(list.body.total).toBe(1);
    expect(list.body.keys[0].is_active).toBe(true);
  });

  it("a key cannot change the password, log out, edit the profile, transfer a trip or join a link", async () => {
    expectApiError(
      await call(changePassword.POST, {
        method: "POST",
        body: { current_password: "correct horse battery", new_password: "another horse battery" },
        headers: k.auth,
      }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await call(logout.POST, { method: "POST", headers: k.auth }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await call(me.PUT, { method: "PUT", body: { name: "Hijacked" }, headers: k.auth }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await call(transfer.POST, {
        method: "POST",
        params: { tripId },
        body: { user_id: UNKNOWN_UUID },
        headers: k.auth,
      }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await call(shareJoin.POST, { method: "POST", params: { token: "A".repeat(32) }, headers: k.auth }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    // Nothing changed: the JWT still works and the name is unchanged.
    const who = await call(me.GET, { headers: u.auth });
    expect(who.status).toBe(200);
    expect(who.body.name).toBe("Session only");
  });

  it("a key may read /api/users/me, /api/config (no scope needed)", async () => {
    expect((await call(me.GET, { headers: k.auth })).status).toBe(200);
    expect((await call(config.GET, { headers: k.auth })).status).toBe(200);
  });
});

// =======================================================================================
// Scope matrix
// =======================================================================================

interface Case {
  name: string;
  scope: Scope;
  /** Error family of the route: the TripSage REST API `{error:true,…}` or the Trip Designer API `{error:"Forbidden",…}`. */
  family?: "designer";
  ok: number;
  run: (auth: Auth) => Promise<Res>;
  /** Optional check after a refused call that nothing changed. */
  unchanged?: () => Promise<void>;
}

describe("API keys: scope matrix", () => {
  let owner: U;
  /** key holding exactly one scope */
  const only = {} as Record<Scope, Auth>;
  /** key holding every user scope except one */
  const allBut = {} as Record<Scope, Auth>;
  let tripId: string;

  const fixtures = {
    trip: async () => (await makeTrip(owner.user.id, { title: "Scoped" })).id,
    segment: async (tid: string) => {
      const res = await call(segs.POST, {
        method: "POST",
        params: { tripId: tid },
        body: { type: "activity", title: "Museum", day_index: 1 },
        headers: owner.auth,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    },
  };

  beforeAll(async () => {
    owner = await makeUser("Scope owner");
    for (const s of USER_SCOPES) {
      only[s] = (await newKey(owner, [s])).auth;
      allBut[s] = (
        await newKey(
          owner,
          USER_SCOPES.filter((x) => x !== s),
        )
      ).auth;
    }
    tripId = await fixtures.trip();
  });

  const cases: Case[] = [
    { name: "GET /api/trips", scope: "trips:read", ok: 200, run: (a) => call(trips.GET, { headers: a }) },
    {
      name: "POST /api/trips",
      scope: "trips:write",
      ok: 201,
      run: (a) =>
        call(trips.POST, {
          method: "POST",
          body: {
            title: "By key",
            start_date: "2031-01-01",
            end_date: "2031-01-03",
            destinations: [{ name: "Rome" }],
          },
          headers: a,
        }),
    },
    {
      name: "GET /api/trips/{id}",
      scope: "trips:read",
      ok: 200,
      run: (a) => call(trip.GET, { params: { tripId }, headers: a }),
    },
    {
      name: "PUT /api/trips/{id}",
      scope: "trips:write",
      ok: 200,
      run: (a) =>
        call(trip.PUT, { method: "PUT", params: { tripId }, body: { description: "by key" }, headers: a }),
    },
    {
      name: "DELETE /api/trips/{id}",
      scope: "trips:delete",
      ok: 204,
      run: async (a) => {
        const id = await fixtures.trip();
        const res = await call(trip.DELETE, { method: "DELETE", params: { tripId: id }, headers: a });
        const db = await getDb();
        const rows = await db.select().from(tripsTable).where(eq(tripsTable.id, id));
        expect(rows.length).toBe(res.status === 204 ? 0 : 1);
        return res;
      },
    },
    {
      name: "GET /api/itineraries/{id}",
      scope: "trips:read",
      ok: 200,
      run: (a) => call(itin.GET, { params: { tripId }, headers: a }),
    },
    {
      name: "GET /api/itineraries/{id}/segments",
      scope: "trips:read",
      ok: 200,
      run: (a) => call(segs.GET, { params: { tripId }, headers: a }),
    },
    {
      name: "POST /api/itineraries/{id}/segments",
      scope: "trips:write",
      ok: 201,
      run: (a) =>
        call(segs.POST, {
          method: "POST",
          params: { tripId },
          body: { type: "note", title: "by key", day_index: 2 },
          headers: a,
        }),
    },
    {
      name: "GET /api/itineraries/{id}/segments/{sid}",
      scope: "trips:read",
      ok: 200,
      run: async (a) =>
        call(seg.GET, { params: { tripId, segmentId: await fixtures.segment(tripId) }, headers: a }),
    },
    {
      name: "PUT /api/itineraries/{id}/segments/{sid}",
      scope: "trips:write",
      ok: 200,
      run: async (a) =>
        call(seg.PUT, {
          method: "PUT",
          params: { tripId, segmentId: await fixtures.segment(tripId) },
          body: { title: "renamed by key" },
          headers: a,
        }),
    },
    {
      name: "DELETE /api/itineraries/{id}/segments/{sid}",
      scope: "trips:write",
      ok: 204,
      run: async (a) =>
        call(seg.DELETE, {
          method: "DELETE",
          params: { tripId, segmentId: await fixtures.segment(tripId) },
          headers: a,
        }),
    },
    {
      name: "POST /api/itineraries/{id}/segments/{sid}/move",
      scope: "trips:write",
      ok: 200,
      run: async (a) =>
        call(move.POST, {
          method: "POST",
          params: { tripId, segmentId: await fixtures.segment(tripId) },
          body: { day_index: 3 },
          headers: a,
        }),
    },
    {
      name: "GET /api/trips/{id}/collaborators",
      scope: "trips:read",
      ok: 200,
      run: (a) => call(collaborators.GET, { params: { tripId }, headers: a }),
    },
    {
      name: "POST /api/trips/{id}/share",
      scope: "trips:write",
      ok: 200,
      run: (a) =>
        call(share.POST, {
          method: "POST",
          params: { tripId },
          body: { user_emails: [`invitee-${crypto.randomUUID()}@example.com`], permission_level: "viewer" },
          headers: a,
        }),
    },
    {
      name: "GET /api/trips/{id}/links",
      scope: "trips:read",
      ok: 200,
      run: (a) => call(links.GET, { params: { tripId }, headers: a }),
    },
    {
      name: "POST /api/trips/{id}/links",
      scope: "trips:write",
      ok: 201,
      run: (a) => call(links.POST, { method: "POST", params: { tripId }, body: {}, headers: a }),
    },
    {
      name: "GET /api/webhooks",
      scope: "trips:read",
      ok: 200,
      run: (a) => call(webhooks.GET, { headers: a }),
    },
    {
      name: "GET /api/memory/user",
      scope: "memory:read",
      ok: 200,
      run: (a) => call(memUser.GET, { headers: a }),
    },
    {
      name: "PUT /api/memory/preferences",
      scope: "memory:write",
      ok: 200,
      run: (a) => call(memPrefs.PUT, { method: "PUT", body: { interests: ["art"] }, headers: a }),
    },
    {
      name: "GET /api/trips/{id}/chat",
      scope: "chat:access",
      ok: 200,
      run: (a) => call(tripChat.GET, { params: { tripId }, headers: a }),
    },
    {
      name: "POST /api/chat/sessions",
      scope: "chat:access",
      family: "designer",
      ok: 201,
      run: (a) => call(chatSessions.POST, { method: "POST", body: { itineraryId: tripId }, headers: a }),
    },
    {
      name: "GET /api/chat/stats",
      scope: "chat:access",
      family: "designer",
      ok: 200,
      run: (a) => call(chatStats.GET, { headers: a }),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: needs ${c.scope}`, async () => {
      // Every other scope is not enough.
      const refused = await c.run(allBut[c.scope]);
      if (c.family === "designer") {
        expect(refused.status, JSON.stringify(refused.body)).toBe(403);
        expect(refused.body).toMatchObject({ error: "Forbidden", message: expect.stringContaining(c.scope) });
      } else {
        expectApiError(refused, 403, "INSUFFICIENT_PERMISSIONS");
        expect(refused.body.message).toContain(c.scope);
      }
      // The scope alone is enough.
      const allowed = await c.run(only[c.scope]);
      expect(allowed.status, `${c.name}: ${JSON.stringify(allowed.body)?.slice(0, 300)}`).toBe(c.ok);
    });
  }

  it("a refused write changes nothing", async () => {
    const before = (await call(trip.GET, { params: { tripId }, headers: owner.auth })).body;
    const res = await call(trip.PUT, {
      method: "PUT",
      params: { tripId },
      body: { title: "should not stick" },
      headers: only["trips:read"],
    });
    expectApiError(res, 403, "INSUFFICIENT_PERMISSIONS");
    const after = (await call(trip.GET, { params: { tripId }, headers: owner.auth })).body;
    expect(after.title).toBe(before.title);
    expect(after.version).toBe(before.version);
  });

  it("flights:read / accommodations:read keys do not open trip or memory routes", async () => {
    for (const s of ["flights:read", "accommodations:read"] as const) {
      expectApiError(await call(trips.GET, { headers: only[s] }), 403, "INSUFFICIENT_PERMISSIONS");
      expectApiError(await call(memUser.GET, { headers: only[s] }), 403, "INSUFFICIENT_PERMISSIONS");
    }
  });
});
