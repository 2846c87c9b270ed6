/**
 * The lease primitive of the background loops (`claimDue`) on the real database (PGlite, and
 * Postgres when DATABASE_URL is set), on both queues that use it: the webhook outbox
 * (`DELIVERY_QUEUE`) and the price watches (`WATCH_QUEUE`).
 *
 * Every row here is due around 2100-01-01 and every claim passes that `now`, so the loops and
 * claims of other test files (real clock) never see these rows, and each claim is narrowed to
 * this test's own user or webhook.
 */
import { eq, inArray, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Db, getDatabase, getDb, openDatabase } from "@/db/client";
import { priceWatches, webhookDeliveries, webhooks } from "@/db/schema";
import { WATCH_QUEUE } from "@/lib/domain/travel/price-check";
import { DELIVERY_QUEUE } from "@/lib/domain/webhooks/dispatcher";
import { makeUser } from "@/lib/testing/fixtures";
import { claimDue, type LeaseQueue } from "./loop";

const T0 = Date.parse("2100-01-01T00:00:00Z");
const MIN = 60_000;
const LEASE = 10 * MIN;

/** A queue under test: how to add due rows to it, narrowed to one owner, and how to retire one. */
interface Case {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: both queue tables
  queue: LeaseQueue<any>;
  /** Adds one row per due time; `where` selects exactly this call's rows. */
  seed(due: number[]): Promise<{ ids: string[]; where: SQL }>;
  /** Makes a row not claimable any more (delivered, expired), its due time unchanged. */
  retire(id: string): Promise<void>;
  dueOf(id: string): Promise<number | undefined>;
}

const CASES: Case[] = [
  {
    name: "webhook_deliveries (DELIVERY_QUEUE)",
    queue: DELIVERY_QUEUE,
    async seed(due) {
      const db = await getDb();
      const { user } = await makeUser();
      const [hook] = await db
        .insert(webhooks)
        .values({
          userId: user.id,
          url: "http://127.0.0.1:9/",
          events: ["trip.created"],
          secret: "whsec_test",
        })
        .returning({ id: webhooks.id });
      const hookId = hook?.id as string;
      const rows = await db
        .insert(webhookDeliveries)
        .values(
          due.map((t) => ({
            webhookId: hookId,
            eventType: "trip.created",
            payload: {},
            nextAttemptAt: new Date(t),
          })),
        )
        .returning({ id: webhookDeliveries.id });
      return { ids: rows.map((r) => r.id), where: eq(webhookDeliveries.webhookId, hookId) };
    },
    async retire(id) {
      const db = await getDb();
      await db.update(webhookDeliveries).set({ status: "delivered" }).where(eq(webhookDeliveries.id, id));
    },
    async dueOf(id) {
      const db = await getDb();
      const [r] = await db
        .select({ t: webhookDeliveries.nextAttemptAt })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, id));
      return r?.t.getTime();
    },
  },
  {
    name: "price_watches (WATCH_QUEUE)",
    queue: WATCH_QUEUE,
    async seed(due) {
      const db = await getDb();
      const { user } = await makeUser();
      const rows = await db
        .insert(priceWatches)
        .values(
          due.map((t) => ({
            userId: user.id,
            origin: "JFK",
            destination: "LHR",
            departureDate: "2100-02-01",
            passengers: 1,
            nextCheckAt: new Date(t),
          })),
        )
        .returning({ id: priceWatches.id });
      return { ids: rows.map((r) => r.id), where: eq(priceWatches.userId, user.id) };
    },
    async retire(id) {
      const db = await getDb();
      await db.update(priceWatches).set({ status: "expired" }).where(eq(priceWatches.id, id));
    },
    async dueOf(id) {
      const db = await getDb();
      const [r] = await db
        .select({ t: priceWatches.nextCheckAt })
        .from(priceWatches)
        .where(eq(priceWatches.id, id));
      return r?.t.getTime();
    },
  },
];

const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

/** Another connection pool to the same database on Postgres; the same instance on PGlite. */
async function secondConnection(): Promise<{ db: Db; close: () => Promise<void> }> {
  const { driver, db } = await getDatabase();
  return driver === "postgres"
    ? openDatabase({ url: process.env.DATABASE_URL })
    : { db, close: async () => {} };
}

describe.each(CASES)("claimDue on $name", (c) => {
  it("claims ready rows that are due, oldest first, at most `batch`, and leases them", async () => {
    const db = await getDb();
    const { ids, where } = await c.seed([T0 - 3 * MIN, T0 - 2 * MIN, T0 - MIN, T0 + MIN, T0 - 4 * MIN]);
    const [third, second, first, future, retired] = ids as [string, string, string, string, string];
    await c.retire(retired);
    const now = new Date(T0);

    const batch = await claimDue(db, c.queue, { batch: 2, leaseMs: LEASE, now, where });
    expect(idsOf(batch)).toEqual([third, second].sort());
    for (const id of [third, second]) expect(await c.dueOf(id)).toBe(T0 + LEASE);

    const rest = await claimDue(db, c.queue, { batch: 10, leaseMs: LEASE, now, where });
    expect(idsOf(rest)).toEqual([first]);
    expect(await claimDue(db, c.queue, { batch: 10, leaseMs: LEASE, now, where })).toEqual([]);
    // Neither the row not yet due nor the retired one was touched.
    expect(await c.dueOf(future)).toBe(T0 + MIN);
    expect(await c.dueOf(retired)).toBe(T0 - 4 * MIN);
  });

  it("leaves a live lease alone and reclaims an expired one", async () => {
    const db = await getDb();
    const { ids, where } = await c.seed([T0 - MIN]);
    const id = ids[0] as string;
    const claim = (at: number) =>
      claimDue(db, c.queue, { batch: 5, leaseMs: LEASE, now: new Date(at), where });

    expect(idsOf(await claim(T0))).toEqual([id]);
    expect(await claim(T0 + LEASE - 1)).toEqual([]);
    const again = await claim(T0 + LEASE);
    expect(idsOf(again)).toEqual([id]);
    expect(await c.dueOf(id)).toBe(T0 + 2 * LEASE);
  });

  it("concurrent claimers never get the same row", async () => {
    const db = await getDb();
    const { ids, where } = await c.seed(Array.from({ length: 12 }, (_, i) => T0 - (i + 1) * 1000));
    const second = await secondConnection();
    try {
      const now = new Date(T0);
      const results = await Promise.all(
        [db, second.db, db, second.db, db, second.db].map((d) =>
          claimDue(d, c.queue, { batch: 3, leaseMs: LEASE, now, where }),
        ),
      );
      const claimed = results.flatMap(idsOf);
      expect(claimed).toHaveLength(new Set(claimed).size);
      expect(claimed.sort()).toEqual([...ids].sort());
    } finally {
      await second.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "on Postgres, rows claimed in an open transaction are skipped by another connection, which does not wait",
    async () => {
      const db = await getDb();
      const { ids, where } = await c.seed(Array.from({ length: 5 }, (_, i) => T0 - (i + 1) * 1000));
      const second = await secondConnection();
      const now = new Date(T0);
      try {
        await db.transaction(async (tx) => {
          const held = await claimDue(tx, c.queue, { batch: 2, leaseMs: LEASE, now, where });
          expect(held).toHaveLength(2);
          const started = Date.now();
          const others = await claimDue(second.db, c.queue, { batch: 10, leaseMs: LEASE, now, where });
          expect(Date.now() - started).toBeLessThan(5_000);
          expect(idsOf(others)).toEqual(ids.filter((id) => !held.some((h) => h.id === id)).sort());
        });
      } finally {
        await second.close();
      }
      // Everything is leased now: nothing is due at T0 any more.
      expect(
        await claimDue(db, c.queue, { batch: 10, leaseMs: LEASE, now, where: inArray(c.queue.id, ids) }),
      ).toEqual([]);
    },
  );
});
