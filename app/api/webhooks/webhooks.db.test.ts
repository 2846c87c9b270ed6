// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * Route tests of `/api/webhooks` (the TripSage REST API "Webhook Integration") against the real database:
 * CRUD, the delivery log, validation and SSRF refusals in the TripSage REST API's error shape, owner-only
 * access, auth and scopes. Successful registrations use public IP literals (no DNS needed)
 * or an allow-listed loopback address.
 */
import { inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as deliveries from "@/app/api/webhooks/[webhookId]/deliveries/route";
import * as one from "@/app/api/webhooks/[webhookId]/route";
import * as hooks from "@/app/api/webhooks/route";
import { getDb } from "@/db/client";
import { webhooks } from "@/db/schema";
import { createApiKey } from "@/lib/domain/auth/api-keys";
import { openSecret } from "@/lib/domain/webhooks/secret-box";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Res = Awaited<ReturnType<typeof call>>;
type Auth = { authorization: string };

const PUBLIC_URL = "https://93.184.215.14/webhooks/tripsage";
const UNKNOWN_UUID = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b";

const create = (auth: Auth | Record<string, never>, body: unknown) =>
  call(hooks.POST, { method: "POST", path: "/api/webhooks", body, headers: auth });
const list = (auth: Auth) => call(hooks.GET, { path: "/api/webhooks", headers: auth });
const get = (auth: Auth, webhookId: string) => call(one.GET, { params: { webhookId }, headers: auth });
const del = (auth: Auth, webhookId: string) =>
  call(one.DELETE, { method: "DELETE", params: { webhookId }, headers: auth });
const log = (auth: Auth, webhookId: string, query = "") =>
  call(deliveries.GET, {
    path: `/api/webhooks/${webhookId}/deliveries${query ? `?${query}` : ""}`,
    params: { webhookId },
    headers: auth,
  });

function expectApiError(res: Res, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({
    error: true,
    message: expect.any(String),
    code,
    type: expect.any(String),
  });
}

/** A 422 in the TripSage REST API's shape whose `errors[]` names `field` (exactly, or as a prefix like `events.0`). */
function expectFieldError(res: Res, field: string): string {
  expectApiError(res, 422, "VALIDATION_ERROR");
  expect(res.body.type).toBe("validation");
  const hit = res.body.errors.find((e: any) => e.field === field || e.field.startsWith(`${field}.`));
  expect(hit, JSON.stringify(res.body.errors)).toMatchObject({
    field: expect.any(String),
    message: expect.any(String),
    type: expect.any(String),
  });
  return hit.message;
}

// Warm up (database migrations, auth modules) under the hook timeout rather than in the first test.
beforeAll(async () => {
  const { auth } = await makeUser();
  await list(auth);
  await call(hooks.GET, { path: "/api/webhooks" });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("POST /api/webhooks", () => {
  it("registers a webhook and returns its whsec_ secret once", async () => {
    const { auth } = await makeUser();
    const res = await create(auth, {
      url: PUBLIC_URL,
      events: ["trip.created", "trip.updated", "flight.price_changed", "collaboration.added", "trip.created"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: PUBLIC_URL,
      events: ["trip.created", "trip.updated", "flight.price_changed", "collaboration.added"],
      is_active: true,
      created_at: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(res.headers.get("location")).toBe(`/api/webhooks/${res.body.id}`);

    const again = await get(auth, res.body.id);
    expect(again.status).toBe(200);
    expect(again.body.secret).toBeUndefined();
  });

  it("keeps a whsec_ secret and derives one from any other secret", async () => {
    const { auth } = await makeUser();
    const whsec = `whsec_${Buffer.alloc(24, 7).toString("base64")}`;
    const a = await create(auth, { url: PUBLIC_URL, events: ["trip.created"], secret: whsec });
    expect(a.body.secret).toBe(whsec);
    const b = await create(auth, { url: PUBLIC_URL, events: ["trip.created"], secret: "webhook_secret_key" });
    expect(b.body.secret).toBe(`whsec_${Buffer.from("webhook_secret_key").toString("base64")}`);
  });

  it("stores the secret sealed and bound to the webhook's id", async () => {
    const { auth } = await makeUser();
    const a = (await create(auth, { url: PUBLIC_URL, events: ["trip.created"] })).body;
    const b = (await create(auth, { url: PUBLIC_URL, events: ["trip.created"] })).body;
    const db = await getDb();
    const rows = new Map(
      (
        await db
          .select()
          .from(webhooks)
          .where(inArray(webhooks.id, [a.id, b.id]))
      ).map((r) => [r.id, r]),
    );
    const rowA = rows.get(a.id);
    const rowB = rows.get(b.id);
    expect(rowA?.secret).toMatch(/^enc:v2:/);
    expect(openSecret(rowA?.secret ?? "", a.id)).toBe(a.secret);
    expect(openSecret(rowB?.secret ?? "", b.id)).toBe(b.secret);
    // Sealed under its own id: it does not open as another webhook's secret.
    expect(() => openSecret(rowA?.secret ?? "", b.id)).toThrow();
  });

  it("rejects malformed bodies in the documented error shape", async () => {
    const { auth } = await makeUser();
    expectFieldError(await create(auth, { url: "not a url", events: ["trip.created"] }), "url");
    expectFieldError(await create(auth, { url: "ftp://93.184.215.14/x", events: ["trip.created"] }), "url");
    expectFieldError(await create(auth, { events: ["trip.created"] }), "url");
    expectFieldError(await create(auth, { url: PUBLIC_URL, events: ["trip.deleted"] }), "events");
    expectFieldError(await create(auth, { url: PUBLIC_URL, events: [] }), "events");
    expectFieldError(await create(auth, { url: PUBLIC_URL }), "events");
    expectFieldError(await create(auth, { url: PUBLIC_URL, events: "trip.created" }), "events");
    expectFieldError(
      await create(auth, { url: PUBLIC_URL, events: ["trip.created"], secret: "short" }),
      "secret",
    );
    expectFieldError(
      await create(auth, { url: PUBLIC_URL, events: ["trip.created"], secret: "whsec_not-base64!!!!!!!!" }),
      "secret",
    );
    expectApiError(await create(auth, "{nope"), 400, "INVALID_JSON");
    expect((await list(auth)).body.total).toBe(0);
  });

  it.each([
    ["http://127.0.0.1/", /loopback/],
    ["http://10.0.0.5/", /RFC 1918/],
    ["http://192.168.1.10:8080/hook", /RFC 1918/],
    ["http://169.254.169.254/latest/meta-data", /link-local/],
    ["http://100.64.1.1/", /CGNAT/],
    ["http://[::1]/", /loopback/],
    ["http://[fd00::1]/", /unique-local/],
    ["http://[::ffff:10.0.0.1]/", /RFC 1918/],
    ["http://0.0.0.0/", /this network/],
    ["http://localhost/", /resolves to .*loopback/],
  ])("refuses %s (SSRF)", async (url, why) => {
    const { auth } = await makeUser();
    expect(expectFieldError(await create(auth, { url, events: ["trip.created"] }), "url")).toMatch(why);
  });

  it("allows hosts named in WEBHOOK_ALLOWED_HOSTS", async () => {
    const { auth } = await makeUser();
    vi.stubEnv("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1, localhost");
    expect((await create(auth, { url: "http://127.0.0.1:3000/hook", events: ["trip.created"] })).status).toBe(
      201,
    );
    expect((await create(auth, { url: "http://localhost:3000/hook", events: ["trip.created"] })).status).toBe(
      201,
    );
    expectFieldError(await create(auth, { url: "http://10.0.0.5/", events: ["trip.created"] }), "url");
  });

  it("caps the number of webhooks per account", async () => {
    const { auth } = await makeUser();
    for (let i = 0; i < 10; i++) {
      expect((await create(auth, { url: `${PUBLIC_URL}/${i}`, events: ["trip.created"] })).status).toBe(201);
    }
    expectApiError(await create(auth, { url: PUBLIC_URL, events: ["trip.created"] }), 409, "CONFLICT");
  });
});

describe("GET/DELETE /api/webhooks[/{id}]", () => {
  it("lists, reads and deletes the caller's own webhooks only", async () => {
    const alice = await makeUser("Alice");
    const bob = await makeUser("Bob");
    const a1 = (await create(alice.auth, { url: `${PUBLIC_URL}/1`, events: ["trip.created"] })).body;
    const a2 = (await create(alice.auth, { url: `${PUBLIC_URL}/2`, events: ["trip.updated"] })).body;
    const b1 = (await create(bob.auth, { url: `${PUBLIC_URL}/b`, events: ["trip.created"] })).body;

    const mine = await list(alice.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.webhooks.map((w: any) => w.id).sort()).toEqual([a1.id, a2.id].sort());
    for (const w of mine.body.webhooks) {
      expect(Object.keys(w).sort()).toEqual(["created_at", "events", "id", "is_active", "url"]);
    }

    expect((await get(alice.auth, a1.id)).body).toMatchObject({ id: a1.id, url: `${PUBLIC_URL}/1` });
    // Someone else's webhook, an unknown id and a malformed id are all plain 404s.
    expectApiError(await get(alice.auth, b1.id), 404, "NOT_FOUND");
    expectApiError(await get(alice.auth, UNKNOWN_UUID), 404, "NOT_FOUND");
    expectApiError(await get(alice.auth, "not-a-uuid"), 404, "NOT_FOUND");
    expectApiError(await del(alice.auth, b1.id), 404, "NOT_FOUND");
    expect((await get(bob.auth, b1.id)).status).toBe(200);

    const gone = await del(alice.auth, a1.id);
    expect(gone.status).toBe(204);
    expect(gone.body).toBeNull();
    expectApiError(await get(alice.auth, a1.id), 404, "NOT_FOUND");
    expectApiError(await del(alice.auth, a1.id), 404, "NOT_FOUND");
    expect((await list(alice.auth)).body.total).toBe(1);
  });
});

describe("GET /api/webhooks/{id}/deliveries", () => {
  it("shows queued deliveries newest first, honours limit, hides them from others", async () => {
    const { user, auth } = await makeUser();
    const other = await makeUser();
    const hook = (await create(auth, { url: PUBLIC_URL, events: ["trip.created"] })).body;
    const empty = await log(auth, hook.id);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ deliveries: [], total: 0 });

    await makeTrip(user.id, { title: "First" });
    await makeTrip(user.id, { title: "Second" });
    await makeTrip(user.id, { title: "Third" });

    const res = await log(auth, hook.id);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.deliveries).toHaveLength(3);
    for (const d of res.body.deliveries) {
      expect(d).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        webhook_id: hook.id,
        event_id: expect.stringMatching(/^evt_/),
        event_type: "trip.created",
        status: "pending",
        attempts: 0,
        last_status_code: null,
        last_error: null,
        next_attempt_at: expect.any(String),
        delivered_at: null,
        created_at: expect.any(String),
      });
    }
    const times = res.body.deliveries.map((d: any) => Date.parse(d.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const two = await log(auth, hook.id, "limit=2");
    expect(two.body.deliveries).toHaveLength(2);
    expect(two.body.total).toBe(3);
    expectFieldError(await log(auth, hook.id, "limit=0"), "limit");
    expectFieldError(await log(auth, hook.id, "limit=abc"), "limit");
    expectApiError(await log(other.auth, hook.id), 404, "NOT_FOUND");
    expectApiError(await log(auth, UNKNOWN_UUID), 404, "NOT_FOUND");

    // Deleting the webhook drops its log.
    expect((await del(auth, hook.id)).status).toBe(204);
    expectApiError(await log(auth, hook.id), 404, "NOT_FOUND");
  });
});

describe("auth", () => {
  it("requires a signed-in caller on every route", async () => {
    expectApiError(await create({}, { url: PUBLIC_URL, events: ["trip.created"] }), 401, "UNAUTHORIZED");
    expectApiError(await call(hooks.GET, { path: "/api/webhooks" }), 401, "UNAUTHORIZED");
    expectApiError(await call(one.GET, { params: { webhookId: UNKNOWN_UUID } }), 401, "UNAUTHORIZED");
    expectApiError(
      await call(one.DELETE, { method: "DELETE", params: { webhookId: UNKNOWN_UUID } }),
      401,
      "UNAUTHORIZED",
    );
    expectApiError(await call(deliveries.GET, { params: { webhookId: UNKNOWN_UUID } }), 401, "UNAUTHORIZED");
    expectApiError(await list({ authorization: "Bearer nope" }), 401, "INVALID_TOKEN");
  });

  it("needs trips:write to register or delete and trips:read to list", async () => {
    const { user, auth } = await makeUser();
    const db = await getDb();
    const readOnly = await createApiKey(db, user, { name: "ro", permissions: ["trips:read"] });
    const ro = { authorization: `Bearer ${readOnly.key}` };
    const hook = (await create(auth, { url: PUBLIC_URL, events: ["trip.created"] })).body;
    expectApiError(
      await create(ro, { url: PUBLIC_URL, events: ["trip.created"] }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(await del(ro, hook.id), 403, "INSUFFICIENT_PERMISSIONS");
    expect((await list(ro)).body.total).toBe(1);
    expect((await log(ro, hook.id)).status).toBe(200);

    const chatOnly = await createApiKey(db, user, { name: "chat", permissions: ["chat:access"] });
    expectApiError(await list({ authorization: `Bearer ${chatOnly.key}` }), 403, "INSUFFICIENT_PERMISSIONS");
  });
});
