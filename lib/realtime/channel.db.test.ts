/**
 * The shared LISTEN helper and the trip topic of the event bus, on a real database: trip
 * signals published here reach local subscribers once; on Postgres, signals NOTIFYed by
 * another instance (another pool on the same database) arrive, and a listening connection
 * that stops delivering is noticed by its heartbeat and replaced.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase, openDatabase } from "@/db/client";
import {
  publishTrip,
  startTripRelay,
  subscribeTrip,
  TRIP_EVENTS_CHANNEL,
  type TripSignal,
} from "@/lib/platform/bus";
import { type ChannelHandle, openChannel } from "@/lib/platform/channel";

const onPostgres = Boolean(process.env.DATABASE_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually(check: () => boolean, ms = 3_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

const change = (tripId: string, title: string): TripSignal => ({
  kind: "change",
  tripId,
  event: "trip_updated",
  actorId: randomUUID(),
  changes: { field: "title", action: "updated", value: title },
});

afterEach(() => vi.restoreAllMocks());

describe("trip topic", () => {
  it("delivers a signal published here once, and only to that trip's subscribers", async () => {
    const tripId = randomUUID();
    const mine: TripSignal[] = [];
    const theirs: TripSignal[] = [];
    const off = subscribeTrip(tripId, (s) => mine.push(s));
    const offOther = subscribeTrip(randomUUID(), (s) => theirs.push(s));
    await startTripRelay();
    const s = change(tripId, "Kyoto");
    publishTrip(s);
    expect(mine).toEqual([s]);
    await sleep(300); // on Postgres our own NOTIFY comes back and must be skipped
    expect(mine).toEqual([s]);
    expect(theirs).toEqual([]);
    off();
    offOther();
  });

  it.skipIf(!onPostgres)("delivers signals another instance NOTIFYs (Postgres)", async () => {
    const tripId = randomUUID();
    const got: TripSignal[] = [];
    const off = subscribeTrip(tripId, (s) => got.push(s));
    await startTripRelay();
    const other = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      const s = change(tripId, "Osaka");
      const payload = JSON.stringify({ origin: "another-instance", signal: s });
      await other.db.execute(sql`select pg_notify(${TRIP_EVENTS_CHANNEL}, ${payload})`);
      expect(await eventually(() => got.length > 0)).toBe(true);
      expect(got).toEqual([s]);
    } finally {
      off();
      await other.close();
    }
  });
});

describe("openChannel", () => {
  it.skipIf(!onPostgres)(
    "replaces a listening connection whose heartbeats stop arriving (Postgres)",
    async () => {
      vi.spyOn(console, "warn").mockImplementation(() => {});
      const real = await getDatabase();
      const channel = `tripsage_test_${randomUUID().replaceAll("-", "")}`;
      let calls = 0;
      // The first LISTEN "succeeds" but its connection delivers nothing, as a silently dead one would.
      const handle: ChannelHandle = {
        db: real.db,
        driver: "postgres",
        listen: (ch, onNotify, onListen) => real.listen(ch, ++calls === 1 ? () => {} : onNotify, onListen),
      };
      const got: string[] = [];
      let gaps = 0;
      const c = openChannel({
        channel,
        label: "test",
        getHandle: async () => handle,
        onPayload: (p) => got.push(p),
        onGap: () => gaps++,
        heartbeatMs: 50,
        heartbeatTimeoutMs: 100,
      });
      try {
        await c.ready;
        expect(await eventually(() => calls >= 2 && gaps >= 1)).toBe(true);
        await sleep(200);
        await real.db.execute(sql`select pg_notify(${channel}, 'hello')`);
        expect(await eventually(() => got.includes("hello"))).toBe(true);
        expect(got.every((p) => !p.startsWith("heartbeat:"))).toBe(true);
      } finally {
        await c.close();
      }
    },
  );
});
