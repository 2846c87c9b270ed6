/**
 * User notifications reach every instance's subscribers exactly once: published here they are
 * emitted here at once (and, on Postgres, the NOTIFY that comes back is skipped); published by
 * another instance (on Postgres: another connection pool on the same database) they arrive
 * through this instance's LISTEN. Oversize and malformed payloads are dropped with a log.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase, openDatabase } from "@/db/client";
import {
  broadcastUserNotification,
  MAX_NOTIFY_PAYLOAD_BYTES,
  publishUserNotification,
  startUserNotificationRelay,
  stopUserNotificationRelay,
  subscribeUserNotifications,
  USER_NOTIFY_CHANNEL,
  type UserNotification,
} from "@/lib/platform/bus";

const onPostgres = Boolean(process.env.DATABASE_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => boolean, ms = 2_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

const note = (content: string): UserNotification => ({
  notification_type: "price_alert",
  content,
  data: { trip_id: randomUUID(), price_change: -12.5, currency: "USD" },
});

/** Subscribes a fresh user id and waits until this instance's relay listens. */
async function subscriber() {
  const userId = randomUUID();
  const got: UserNotification[] = [];
  const off = subscribeUserNotifications(userId, (n) => got.push(n));
  await startUserNotificationRelay();
  return { userId, got, off };
}

describe("user notifications", () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    await stopUserNotificationRelay();
  });

  it("published here reach a local subscriber at once, exactly once", async () => {
    const handle = await getDatabase();
    const { userId, got, off } = await subscriber();
    // Watch the channel itself, to know when our own NOTIFY (Postgres) has come back.
    const seen: string[] = [];
    const unlisten = await handle.listen(
      USER_NOTIFY_CHANNEL,
      (p) => seen.push(p),
      () => {},
    );
    try {
      const n = note("Flight prices have dropped by $12.50");
      publishUserNotification(userId, n);
      expect(got).toEqual([n]);
      if (onPostgres) expect(await eventually(() => seen.some((p) => p.includes(userId)))).toBe(true);
      else await sleep(50); // PGlite: nothing is sent anywhere
      await sleep(100);
      expect(got).toEqual([n]);
      if (!onPostgres) expect(seen).toEqual([]);
    } finally {
      off();
      await unlisten();
    }
  });

  it.skipIf(!onPostgres)(
    "published by another instance reach a local subscriber exactly once (Postgres)",
    async () => {
      const { userId, got, off } = await subscriber();
      const other = await openDatabase({ url: process.env.DATABASE_URL });
      try {
        const n = note("Flight prices have risen by $3.00");
        expect(await broadcastUserNotification(other, userId, n, { origin: "another-instance" })).toBe(true);
        expect(await eventually(() => got.length > 0)).toBe(true);
        await sleep(150);
        expect(got).toEqual([n]);
      } finally {
        off();
        await other.close();
      }
    },
  );

  it.skipIf(!onPostgres)("ignores malformed payloads and other users' notifications (Postgres)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { userId, got, off } = await subscriber();
    const other = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      const notify = (payload: string) =>
        other.db.execute(sql`select pg_notify(${USER_NOTIFY_CHANNEL}, ${payload})`);
      await notify("not json");
      await notify(JSON.stringify({ user_id: userId, notification: { content: "no type" } }));
      await broadcastUserNotification(other, randomUUID(), note("someone else"), { origin: "x" });
      const n = note("for me");
      await broadcastUserNotification(other, userId, n, { origin: "x" });
      // Notifications arrive in commit order: once the last is here, the others were handled.
      expect(await eventually(() => got.length > 0)).toBe(true);
      expect(got).toEqual([n]);
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      off();
      await other.close();
    }
  });

  it("does not send a payload over the NOTIFY limit to other instances, but still delivers it here", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const handle = await getDatabase();
    const { userId, got, off } = await subscriber();
    try {
      // 4,000 characters but 8,000 bytes of UTF-8: the limit is in bytes.
      const big = note("é".repeat(MAX_NOTIFY_PAYLOAD_BYTES / 2 + 1));
      expect(await broadcastUserNotification(handle, userId, big, { origin: "another-instance" })).toBe(
        false,
      );
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("not sent to other instances"));
      publishUserNotification(userId, big);
      await sleep(100);
      expect(got).toEqual([big]);
    } finally {
      off();
    }
  });
});
