// biome-ignore-all lint/suspicious/noExplicitAny: received payloads are asserted field by field
/**
 * Outbox + dispatcher against the real database (PGlite, and Postgres when DATABASE_URL is
 * set) and a real HTTP receiver on 127.0.0.1. Trips are created and updated through the trip
 * service, so the events are the ones the app emits.
 *
 * Every deliverDue call is filtered to this test's webhooks (`webhookIds`): on Postgres other
 * test files share the database and must not have their rows delivered from here.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDatabase, getDb, openDatabase } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { updateTrip } from "@/lib/domain/trips/service";
import { tripUpdateSchema } from "@/lib/domain/validators/trips";
import { enqueueEvent } from "@/lib/platform/outbox";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import {
  BASE_BACKOFF_MS,
  backoffMs,
  CLAIM_LEASE_MS,
  deliverDue,
  drainWebhookDispatcher,
  MAX_ATTEMPTS,
  resealLegacySecret,
  startWebhookDispatcher,
  stopWebhookDispatcher,
  webhookDispatcherRunning,
} from "./dispatcher";
import { openSecret } from "./secret-box";
import { createWebhook } from "./service";
import type { Resolver } from "./ssrf";

// ---- a local receiver -----------------------------------------------------------------------

interface Received {
  headers: Record<string, string>;
  body: string;
  path: string;
}

const received: Received[] = [];
/** A `respond` result meaning "never answer". */
const HANG = -1;
let respond: (r: Received) => number = () => 200;
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString("utf8"),
        path: req.url ?? "/",
      };
      received.push(r);
      const status = respond(r);
      if (status === HANG) return; // never answer
      res.statusCode = status;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  await makeUser(); // warm up (migrations) under the hook timeout
});

afterAll(async () => {
  stopWebhookDispatcher();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  respond = () => 200;
});

const LOCAL = { allowedHosts: ["127.0.0.1"] };

/** Requests the receiver got for one webhook (by path), with parsed bodies. */
function got(path: string) {
  return received.filter((r) => r.path === path).map((r) => ({ ...r, json: JSON.parse(r.body) as any }));
}

/** A user with a webhook on the local receiver at a unique path. */
async function setup(events: string[] = ["trip.created", "trip.updated"], secret?: string) {
  const db = await getDb();
  const { user } = await makeUser();
  const path = `/hook/${crypto.randomUUID()}`;
  const hook = await createWebhook(
    db,
    user.id,
    { url: `http://127.0.0.1:${port}${path}`, events: events as any, ...(secret ? { secret } : {}) },
    LOCAL,
  );
  return { db, user, hook, path, only: { ...LOCAL, webhookIds: [hook.id] } };
}

async function rows(webhookId: string) {
  const db = await getDb();
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
}

// ---- tests ----------------------------------------------------------------------------------

describe("delivery", () => {
  it("delivers trip.created and trip.updated, signed per Standard Webhooks", async () => {
    const { db, user, hook, path, only } = await setup();
    const trip = await makeTrip(user.id, {
      title: "Italy",
      destinations: [{ name: "Rome" }, { name: "Florence" }],
    });
    await updateTrip(
      db,
      user.id,
      trip.id,
      tripUpdateSchema.parse({ title: "Italy 2030", destinations: [{ name: "Rome" }, { name: "Venice" }] }),
    );

    const summary = await deliverDue(db, only);
    expect(summary).toMatchObject({ claimed: 2, delivered: 2, retrying: 0, failed: 0 });

    const reqs = got(path);
    expect(reqs).toHaveLength(2);
    const wh = new Webhook(hook.secret);
    for (const r of reqs) {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number(r.headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -2);
      expect(r.headers["webhook-signature"]).toMatch(/^v1,/);
      expect(wh.verify(r.body, r.headers)).toEqual(r.json);
      expect(Object.keys(r.json)).toEqual(["id", "type", "data", "created_at"]);
      expect(r.json.id).toMatch(/^evt_[0-9a-f]{24}$/);
      expect(new Date(r.json.created_at).toISOString()).toBe(r.json.created_at);
    }
    // A tampered body or another secret does not verify.
    const first = reqs[0] as (typeof reqs)[number];
    expect(() => wh.verify(first.body.replace("trip", "trap"), first.headers)).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(first.body, first.headers),
    ).toThrow();

    const created = reqs.find((r) => r.json.type === "trip.created")?.json;
    expect(created.data).toMatchObject({
      trip_id: trip.id,
      user_id: user.id,
      trip: { id: trip.id, title: "Italy", destinations: [{ name: "Rome" }, { name: "Florence" }] },
    });
    expect(created.data.trip.role).toBeUndefined();

    const updated = reqs.find((r) => r.json.type === "trip.updated")?.json;
    expect(updated.data).toEqual({
      trip_id: trip.id,
      user_id: user.id,
      changes: {
        title: { from: "Italy", to: "Italy 2030" },
        destinations: { added: ["Venice"], removed: ["Florence"] },
      },
    });

    const log = await rows(hook.id);
    expect(log.map((r) => r.status)).toEqual(["delivered", "delivered"]);
    for (const r of log) {
      expect(r.attempts).toBe(1);
      expect(r.lastStatusCode).toBe(200);
      expect(r.lastError).toBeNull();
      expect(r.deliveredAt).toBeInstanceOf(Date);
      // webhook-id is the delivery row id.
      expect(reqs.map((q) => q.headers["webhook-id"])).toContain(r.id);
    }
    // Nothing left to do.
    expect((await deliverDue(db, only)).claimed).toBe(0);
  });

  it("reports scalar changes as {from, to}, and an update that changes nothing queues nothing", async () => {
    const { db, user, hook, path, only } = await setup(["trip.updated"]);
    const trip = await makeTrip(user.id);
    await updateTrip(db, user.id, trip.id, tripUpdateSchema.parse({}));
    await updateTrip(db, user.id, trip.id, tripUpdateSchema.parse({ title: "Paris" }));
    expect(await rows(hook.id)).toHaveLength(0);

    await updateTrip(
      db,
      user.id,
      trip.id,
      tripUpdateSchema.parse({ end_date: "2030-06-07", status: "booked", description: "Long weekend" }),
    );
    await deliverDue(db, only);
    const [r] = got(path);
    expect(r?.json.data.changes).toEqual({
      end_date: { from: "2030-06-05", to: "2030-06-07" },
      status: { from: "planning", to: "booked" },
      description: { from: null, to: "Long weekend" },
    });
  });

  it("signs with a key derived from a non-whsec secret (whsec_ + base64 of its UTF-8 bytes)", async () => {
    const { user, hook, path, only, db } = await setup(["trip.created"], "webhook_secret_key");
    expect(hook.secret).toBe(`whsec_${Buffer.from("webhook_secret_key").toString("base64")}`);
    await makeTrip(user.id);
    await deliverDue(db, only);
    const [r] = got(path);
    expect(r).toBeDefined();
    expect(() => new Webhook(hook.secret).verify(r?.body ?? "", r?.headers ?? {})).not.toThrow();
    expect(() =>
      new Webhook("webhook_secret_key", { format: "raw" }).verify(r?.body ?? "", r?.headers ?? {}),
    ).not.toThrow();
  });

  it("stores the signing secret sealed, not in plain text, and still signs with it", async () => {
    const { user, hook, path, only, db } = await setup(["trip.created"]);
    const [row] = await db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, hook.id));
    expect(row?.secret).toMatch(/^enc:v2:/);
    expect(openSecret(row?.secret ?? "", hook.id)).toBe(hook.secret);
    expect(row?.secret).not.toContain(hook.secret.slice("whsec_".length, "whsec_".length + 12));
    await makeTrip(user.id);
    await deliverDue(db, only);
    const [r] = got(path);
    expect(() => new Webhook(hook.secret).verify(r?.body ?? "", r?.headers ?? {})).not.toThrow();
  });

  it("a secret sealed under another key fails the delivery with a logged reason, not a crash", async () => {
    const { user, hook, only, db } = await setup(["trip.created"]);
    const [row] = await db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, hook.id));
    const [iv, ct] = (row?.secret ?? "").slice("enc:v2:".length).split(".");
    // Same IV and ciphertext with a forged tag: as if sealed under another AUTH_SECRET.
    await db
      .update(webhooks)
      .set({ secret: `enc:v2:${iv}.${ct}.${Buffer.alloc(16).toString("base64url")}` })
      .where(eq(webhooks.id, hook.id));
    await makeTrip(user.id);
    await deliverDue(db, only);
    const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
    expect(d?.lastError).toMatch(/Signing secret cannot be read/);
    expect(d?.status).toBe("pending");
  });

  it("a sealed secret copied from another webhook's row does not open", async () => {
    const a = await setup(["trip.created"]);
    const b = await setup(["trip.created"]);
    const [rowA] = await a.db.select().from(webhooks).where(eq(webhooks.id, a.hook.id));
    await b.db
      .update(webhooks)
      .set({ secret: rowA?.secret ?? "" })
      .where(eq(webhooks.id, b.hook.id));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await makeTrip(b.user.id);
      expect(await deliverDue(b.db, b.only)).toMatchObject({ claimed: 1, delivered: 0, retrying: 1 });
    } finally {
      errors.mockRestore();
    }
    const [d] = await rows(b.hook.id);
    expect(d?.lastError).toMatch(/Signing secret cannot be read/);
    expect(got(b.path)).toHaveLength(0);
  });

  it("re-seals a legacy plain-text secret on first use; signatures still verify", async () => {
    const { user, hook, path, only, db } = await setup(["trip.created"]);
    // A row written before secrets were sealed.
    await db.update(webhooks).set({ secret: hook.secret }).where(eq(webhooks.id, hook.id));
    await makeTrip(user.id, { title: "Before" });
    expect(await deliverDue(db, only)).toMatchObject({ delivered: 1 });

    const [row] = await db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, hook.id));
    expect(row?.secret).toMatch(/^enc:v2:/);
    expect(openSecret(row?.secret ?? "", hook.id)).toBe(hook.secret);

    // The next delivery signs with the re-sealed secret: same key as before.
    await makeTrip(user.id, { title: "After" });
    expect(await deliverDue(db, only)).toMatchObject({ delivered: 1 });
    const reqs = got(path);
    expect(reqs.map((r) => r.json.data.trip.title)).toEqual(["Before", "After"]);
    const wh = new Webhook(hook.secret);
    for (const r of reqs) expect(wh.verify(r.body, r.headers)).toEqual(r.json);
  });

  it("re-sealing does not overwrite a secret that changed since it was read", async () => {
    const { hook, db } = await setup(["trip.created"]);
    const [row] = await db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, hook.id));
    // The dispatcher read the legacy value, then the row changed (here: it is already sealed).
    expect(await resealLegacySecret(db, hook.id, hook.secret)).toBe(false);
    const [after] = await db
      .select({ secret: webhooks.secret })
      .from(webhooks)
      .where(eq(webhooks.id, hook.id));
    expect(after?.secret).toBe(row?.secret);
    // While the row still holds the plain value, it is sealed.
    await db.update(webhooks).set({ secret: hook.secret }).where(eq(webhooks.id, hook.id));
    expect(await resealLegacySecret(db, hook.id, hook.secret)).toBe(true);
    const [sealed] = await db
      .select({ secret: webhooks.secret })
      .from(webhooks)
      .where(eq(webhooks.id, hook.id));
    expect(openSecret(sealed?.secret ?? "", hook.id)).toBe(hook.secret);
  });

  it("only subscribed, owned webhooks get the event", async () => {
    const { db, user, hook } = await setup(["trip.updated"]);
    const other = await setup(["trip.created"]);
    await makeTrip(user.id);
    expect(await rows(hook.id)).toHaveLength(0);
    expect(await rows(other.hook.id)).toHaveLength(0);
    await db.update(webhooks).set({ isActive: false }).where(eq(webhooks.id, other.hook.id));
    await makeTrip(other.user.id);
    expect(await rows(other.hook.id)).toHaveLength(0);
  });
});

describe("retries", () => {
  it("a 500 leaves the row pending with backoff; a later success delivers it", async () => {
    const { db, user, hook, path, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    respond = () => 500;
    const t0 = new Date();
    const s1 = await deliverDue(db, { ...only, now: t0 });
    expect(s1).toMatchObject({ claimed: 1, retrying: 1, delivered: 0 });
    const [r1] = await rows(hook.id);
    expect(r1).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, deliveredAt: null });
    expect(r1?.lastError).toMatch(/HTTP 500/);
    const wait = (r1?.nextAttemptAt.getTime() ?? 0) - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(BASE_BACKOFF_MS);
    expect(wait).toBeLessThanOrEqual(BASE_BACKOFF_MS * 1.2);

    // Not due yet: nothing happens.
    expect((await deliverDue(db, { ...only, now: new Date(t0.getTime() + 10_000) })).claimed).toBe(0);

    respond = () => 204;
    const s2 = await deliverDue(db, { ...only, now: new Date(t0.getTime() + wait) });
    expect(s2).toMatchObject({ claimed: 1, delivered: 1 });
    const [r2] = await rows(hook.id);
    expect(r2).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204, lastError: null });
    // Both attempts carried the same webhook-id.
    const ids = got(path).map((r) => r.headers["webhook-id"]);
    expect(ids).toEqual([r2?.id, r2?.id]);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    const { db, user, hook, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    respond = () => 503;
    let now = new Date();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const s = await deliverDue(db, { ...only, now, random: () => 0 });
      expect(s.claimed).toBe(1);
      const [r] = await rows(hook.id);
      expect(r?.attempts).toBe(i);
      if (i < MAX_ATTEMPTS) {
        expect(r?.status).toBe("pending");
        expect(r?.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(i, 0));
        now = r?.nextAttemptAt as Date;
      } else {
        expect(r?.status).toBe("failed");
        expect(r?.lastStatusCode).toBe(503);
      }
    }
    expect((await deliverDue(db, { ...only, now: new Date(now.getTime() + 86_400_000) })).claimed).toBe(0);
  });

  it("backoff grows exponentially, capped, with bounded jitter", () => {
    expect(backoffMs(1, 0)).toBe(30_000);
    expect(backoffMs(2, 0)).toBe(60_000);
    expect(backoffMs(7, 0)).toBe(30_000 * 64);
    expect(backoffMs(30, 0)).toBe(3_600_000);
    expect(backoffMs(1, 0.999)).toBeLessThan(36_000);
  });

  it("an unreachable receiver is recorded as an error and retried", async () => {
    const { db, user, hook, only } = await setup(["trip.created"]);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await db
      .update(webhooks)
      .set({ url: `http://127.0.0.1:${deadPort}/` })
      .where(eq(webhooks.id, hook.id));
    await makeTrip(user.id);
    await deliverDue(db, only);
    const [r] = await rows(hook.id);
    expect(r).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(r?.lastError).toMatch(/ECONNREFUSED/);
  });

  it("a receiver that never answers times out and is retried", async () => {
    const { db, user, hook, path, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    respond = () => HANG;
    const started = Date.now();
    expect(await deliverDue(db, { ...only, timeoutMs: 300 })).toMatchObject({ claimed: 1, retrying: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(got(path)).toHaveLength(1);
    const [r] = await rows(hook.id);
    expect(r).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(r?.lastError).toMatch(/Timed out after 300 ms/);
  });

  it("a deactivated webhook's pending delivery is marked failed", async () => {
    const { db, user, hook, path, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    await db.update(webhooks).set({ isActive: false }).where(eq(webhooks.id, hook.id));
    expect(await deliverDue(db, only)).toMatchObject({ claimed: 1, failed: 1 });
    expect((await rows(hook.id))[0]).toMatchObject({ status: "failed", lastError: "Webhook is disabled" });
    expect(got(path)).toHaveLength(0);
  });

  it("a deactivated webhook's secret is not opened (no spurious 'cannot open' log)", async () => {
    const { db, user, hook, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    // Unreadable (a zeroed tag, as if sealed under an older AUTH_SECRET), but the webhook is off.
    const [row] = await db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, hook.id));
    const unreadable = (row?.secret ?? "").replace(/\.[^.]*$/, `.${Buffer.alloc(16).toString("base64url")}`);
    await db.update(webhooks).set({ isActive: false, secret: unreadable }).where(eq(webhooks.id, hook.id));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await deliverDue(db, only)).toMatchObject({ claimed: 1, failed: 1 });
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
    expect((await rows(hook.id))[0]).toMatchObject({ status: "failed", lastError: "Webhook is disabled" });
  });
});

describe("SSRF at connect time", () => {
  const dns =
    (address: string): Resolver =>
    async () => [{ address, family: 4 }];

  it("refuses a target that passed registration but now resolves to a private address", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const path = `/rebind/${crypto.randomUUID()}`;
    const hook = await createWebhook(
      db,
      user.id,
      { url: `http://rebind.example.test:${port}${path}`, events: ["trip.created"] },
      { resolve: dns("93.184.215.14"), allowedHosts: [] },
    );
    await makeTrip(user.id);

    // DNS now answers with loopback (where our receiver is listening): refused, not delivered.
    const s = await deliverDue(db, { webhookIds: [hook.id], resolve: dns("127.0.0.1"), allowedHosts: [] });
    expect(s).toMatchObject({ claimed: 1, delivered: 0, retrying: 1 });
    const [r] = await rows(hook.id);
    expect(r).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(r?.lastError).toMatch(/rebind\.example\.test.*127\.0\.0\.1.*loopback/);
    expect(got(path)).toHaveLength(0);

    // A private literal IP stored in the row is refused too (no DNS involved).
    await db
      .update(webhooks)
      .set({ url: `http://10.0.0.5:${port}${path}` })
      .where(eq(webhooks.id, hook.id));
    await deliverDue(db, { webhookIds: [hook.id], allowedHosts: [], now: new Date(Date.now() + 3_600_000) });
    const [r2] = await rows(hook.id);
    expect(r2).toMatchObject({ status: "pending", attempts: 2 });
    expect(r2?.lastError).toMatch(/10\.0\.0\.5.*RFC 1918/);
  });

  it("connects to exactly the address the guarded lookup approved", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const path = `/named/${crypto.randomUUID()}`;
    const hook = await createWebhook(
      db,
      user.id,
      { url: `http://receiver.example.test:${port}${path}`, events: ["trip.created"] },
      { resolve: dns("93.184.215.14"), allowedHosts: [] },
    );
    await makeTrip(user.id);
    // receiver.example.test does not exist in real DNS: reaching the receiver proves the
    // request used our lookup (and the allow-listed address passed it).
    const s = await deliverDue(db, {
      webhookIds: [hook.id],
      resolve: dns("127.0.0.1"),
      allowedHosts: ["127.0.0.1"],
    });
    expect(s.delivered).toBe(1);
    expect(got(path)).toHaveLength(1);
    expect(got(path)[0]?.headers.host).toBe(`receiver.example.test:${port}`);
  });
});

describe("outbox", () => {
  it("a rolled-back transaction enqueues nothing", async () => {
    const { db, user, hook } = await setup(["collaboration.added"]);
    await expect(
      db.transaction(async (tx) => {
        const p = await enqueueEvent(tx, {
          userId: user.id,
          type: "collaboration.added",
          data: { trip_id: crypto.randomUUID() },
        });
        expect(p?.id).toMatch(/^evt_/);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await rows(hook.id)).toHaveLength(0);
  });

  it("collaboration.added carries the documented payload", async () => {
    const { db, user, path, only } = await setup(["collaboration.added"]);
    const trip = await makeTrip(user.id);
    const data = {
      trip_id: trip.id,
      user_id: user.id,
      collaborator: { user_id: crypto.randomUUID(), email: "c@example.com", permission_level: "editor" },
    };
    await db.transaction((tx) => enqueueEvent(tx, { userId: user.id, type: "collaboration.added", data }));
    await deliverDue(db, only);
    expect(got(path)[0]?.json).toMatchObject({ type: "collaboration.added", data });
  });

  it("a pending delivery survives a restart: a fresh connection delivers it", async () => {
    const { user, hook, path, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    const { driver } = await getDatabase();
    // PGlite in memory cannot be reopened, so the same instance stands in for the restart there.
    const fresh =
      driver === "postgres"
        ? await openDatabase({ url: process.env.DATABASE_URL })
        : { db: await getDb(), close: async () => {} };
    try {
      const s = await deliverDue(fresh.db, only);
      expect(s).toMatchObject({ claimed: 1, delivered: 1 });
    } finally {
      await fresh.close();
    }
    expect(got(path)).toHaveLength(1);
    expect((await rows(hook.id))[0]?.status).toBe("delivered");
  });

  it("concurrent dispatchers deliver each row exactly once", async () => {
    const { db, user, hook, path, only } = await setup(["trip.created"]);
    for (let i = 0; i < 8; i++) await makeTrip(user.id, { title: `T${i}` });
    const { driver } = await getDatabase();
    const second =
      driver === "postgres"
        ? await openDatabase({ url: process.env.DATABASE_URL })
        : { db, close: async () => {} };
    try {
      const results = await Promise.all([
        deliverDue(db, { ...only, limit: 5 }),
        deliverDue(second.db, { ...only, limit: 5 }),
        deliverDue(db, { ...only, limit: 5 }),
      ]);
      expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(8);
    } finally {
      await second.close();
    }
    const ids = got(path).map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect((await rows(hook.id)).every((r) => r.status === "delivered" && r.attempts === 1)).toBe(true);
  });

  it("a claimed row is leased: it is not claimed again until the lease expires", async () => {
    const { db, user, hook, only } = await setup(["trip.created"]);
    await makeTrip(user.id);
    const t0 = new Date();
    // Simulate a dispatcher that claimed the row and died: lease it by hand.
    await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(t0.getTime() + CLAIM_LEASE_MS) })
      .where(inArray(webhookDeliveries.webhookId, [hook.id]));
    expect((await deliverDue(db, { ...only, now: t0 })).claimed).toBe(0);
    expect((await deliverDue(db, { ...only, now: new Date(t0.getTime() + CLAIM_LEASE_MS) })).delivered).toBe(
      1,
    );
  });
});

describe("startWebhookDispatcher", () => {
  it("runs one loop per process and delivers in the background", async () => {
    const { user, hook, path } = await setup(["trip.created"]);
    await makeTrip(user.id);
    const stop = startWebhookDispatcher({ intervalMs: 20, deliver: { ...LOCAL, webhookIds: [hook.id] } });
    expect(startWebhookDispatcher({ intervalMs: 20 })).toBe(stop); // second call: no new loop
    expect(webhookDispatcherRunning()).toBe(true);
    try {
      await expect.poll(() => got(path).length, { timeout: 5_000, interval: 20 }).toBe(1);
      await expect.poll(async () => (await rows(hook.id))[0]?.status, { timeout: 5_000 }).toBe("delivered");
    } finally {
      stop();
    }
    expect(webhookDispatcherRunning()).toBe(false);
  });
});

describe("graceful shutdown (SIGTERM drains the loop)", () => {
  it("deliveries in flight when the loop is drained are recorded and never re-sent, even after the lease", async () => {
    // A slow receiver: each delivery is in flight for 1.5 s.
    const ids: string[] = [];
    const slow = http.createServer((req, res) => {
      ids.push(String(req.headers["webhook-id"]));
      req.resume();
      setTimeout(() => res.end("ok"), 1_500);
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    try {
      const db = await getDb();
      const { user } = await makeUser();
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
      const hook = await createWebhook(db, user.id, { url, events: ["trip.created"] as any }, LOCAL);
      const only = { ...LOCAL, webhookIds: [hook.id] };
      for (let i = 0; i < 4; i++) await makeTrip(user.id, { title: `Drain ${i}` });
      expect((await rows(hook.id)).length).toBe(4);

      startWebhookDispatcher({ intervalMs: 20, deliver: only });
      await vi.waitFor(() => expect(ids.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
      const inFlight = ids.length;
      const drained = await drainWebhookDispatcher();
      expect(drained).toBe(true);
      expect(webhookDispatcherRunning()).toBe(false);
      // Everything that was sent is recorded as delivered the moment the drain returns.
      const afterDrain = await rows(hook.id);
      expect(afterDrain.filter((d) => d.status === "delivered").length).toBeGreaterThanOrEqual(inFlight);
      expect(
        afterDrain
          .filter((d) => d.status === "delivered")
          .map((d) => d.id)
          .sort(),
      ).toEqual([...new Set(ids)].sort());

      // "After the restart", past any lease: the rest are sent once, nothing twice.
      const later = new Date(Date.now() + CLAIM_LEASE_MS + 1_000);
      while ((await deliverDue(db, { ...only, now: later })).claimed > 0) {}
      const final = await rows(hook.id);
      expect(final.every((d) => d.status === "delivered")).toBe(true);
      expect(ids.length).toBe(4);
      expect(new Set(ids).size).toBe(4);
      expect([...ids].sort()).toEqual(final.map((d) => d.id).sort());
    } finally {
      stopWebhookDispatcher();
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });

  it("the re-send window after a crash is short: the lease is the attempt deadline plus 5 s", () => {
    expect(CLAIM_LEASE_MS).toBeLessThanOrEqual(15_000);
    expect(CLAIM_LEASE_MS).toBeGreaterThan(10_000);
  });
});
