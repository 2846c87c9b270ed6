/**
 * The caller cache keeps revocation immediate: a token refused right after logout even though
 * its user was just cached; a name change shows on the next request; a change written straight
 * to `users` (the trigger's NOTIFY, also from another instance on Postgres) reaches the cache.
 * It survives a database that cannot be opened or a LISTEN that fails, stops trusting itself
 * when its heartbeats stop arriving, and never refuses a token newer than its cached row.
 */
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { getDatabase, getDb, openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { updateMe } from "@/lib/domain/users/profile";
import { revokeAllSessions } from "@/lib/domain/users/service";
import { resolveCaller } from "@/lib/http/caller";
import { makeUser } from "@/lib/testing/fixtures";
import { signAccessToken } from "./tokens";
import {
  callerRow,
  forgetUser,
  resetUserCache,
  type UserCacheHandle,
  type UserCacheOptions,
  userCacheStatus,
} from "./user-cache";

const onPostgres = Boolean(process.env.DATABASE_URL);

const request = (authorization: string) =>
  new Request("http://localhost/api/trips", { headers: { authorization } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 10 ms for up to `ms`; returns whether it became true. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(10);
  }
}

const refused = (db: Db, authorization: string) =>
  resolveCaller(db, request(authorization)).then(
    () => false,
    (err) => {
      expect(err).toMatchObject({ code: "INVALID_TOKEN" });
      return true;
    },
  );

/**
 * Resolves `authorization` until its user is in the cache. On Postgres, test files run in
 * parallel against one database, and any other file's user change bumps the cache generation
 * (a load overlapping it is rightly not cached), so a single attempt could miss.
 */
async function cachedSoon(db: Db, authorization: string, entries = 1): Promise<boolean> {
  return eventually(async () => {
    await resolveCaller(db, request(authorization));
    return userCacheStatus().entries >= entries;
  });
}

/** The process database, but notifications to the cache are dropped while `gate.open` is false. */
async function gatedHandle(): Promise<{ handle: UserCacheHandle; gate: { open: boolean } }> {
  const real = await getDatabase();
  const gate = { open: true };
  return {
    gate,
    handle: {
      db: real.db,
      driver: real.driver,
      listen: (channel, onNotify, onListen) =>
        real.listen(channel, (payload) => gate.open && onNotify(payload), onListen),
    },
  };
}

/** Bumps the token version straight in `users`, bypassing the services (only the trigger notices). */
async function bumpRaw(db: Db, userId: string) {
  const [row] = await db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw new Error("no such user");
  return row;
}

describe("caller cache", () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    await resetUserCache(); // back to the defaults for the next test
  });

  it("refuses a revoked token on the very next request, although the user was cached", async () => {
    const db = await getDb();
    const { user, auth } = await makeUser("Cached");
    for (let i = 0; i < 3; i++)
      expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    await revokeAllSessions(db, user.id);
    await expect(resolveCaller(db, request(auth.authorization))).rejects.toMatchObject({
      code: "INVALID_TOKEN",
    });
  });

  it("shows a new name on the next request", async () => {
    const db = await getDb();
    const { auth, user } = await makeUser("Old Name");
    expect((await resolveCaller(db, request(auth.authorization)))?.name).toBe("Old Name");
    await updateMe(db, user.id, { name: "New Name" });
    expect((await resolveCaller(db, request(auth.authorization)))?.name).toBe("New Name");
  });

  it("refuses the old token after a raw UPDATE of users bumped its version (the trigger path)", async () => {
    const db = await getDb();
    const { user, auth } = await makeUser("Raw");
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    expect(userCacheStatus()).toMatchObject({ usable: true });
    expect(await cachedSoon(db, auth.authorization)).toBe(true);
    await bumpRaw(db, user.id);
    if (onPostgres) {
      // The NOTIFY arrives on the listening connection within milliseconds.
      expect(await eventually(() => refused(db, auth.authorization), 5_000)).toBe(true);
    } else {
      // PGlite delivers in-process before the UPDATE resolves.
      expect(await refused(db, auth.authorization)).toBe(true);
    }
  });

  it.skipIf(!onPostgres)(
    "drops a user changed by another instance when its NOTIFY arrives (Postgres)",
    async () => {
      const handle = await getDatabase();
      expect(handle.driver).toBe("postgres");
      const db = handle.db;
      const { user, auth } = await makeUser("Elsewhere");
      expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
      // Another app instance: its own connection pool; the trigger sends the notification.
      const other = await openDatabase({ url: process.env.DATABASE_URL });
      try {
        await bumpRaw(other.db, user.id);
      } finally {
        await other.close();
      }
      expect(await eventually(() => refused(db, auth.authorization), 5_000)).toBe(true);
    },
  );

  it("retries opening the database on the next request after it failed, answering uncached meanwhile", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const db = await getDb();
    let opened = 0;
    await resetUserCache({
      getHandle: async () => {
        opened++;
        if (opened === 1) throw new Error("database not reachable yet");
        return getDatabase();
      },
    });
    const { user, auth } = await makeUser("Retry");
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    expect(userCacheStatus()).toMatchObject({ usable: false, entries: 0 });
    expect(errors).toHaveBeenCalled();
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    expect(opened).toBe(2);
    expect(userCacheStatus()).toMatchObject({ usable: true });
    expect(await cachedSoon(db, auth.authorization)).toBe(true);
  });

  it("retries a failed LISTEN with backoff, reading the database meanwhile", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const db = await getDb();
    const real = await getDatabase();
    let attempts = 0;
    await resetUserCache({
      listenRetryMs: { min: 400, max: 800 }, // long enough that "not yet usable" is observable
      getHandle: async () => ({
        db: real.db,
        driver: real.driver,
        listen: (channel, onNotify, onListen) =>
          ++attempts <= 2
            ? Promise.reject(new Error("LISTEN refused"))
            : real.listen(channel, onNotify, onListen),
      }),
    });
    const { user, auth } = await makeUser("Listen");
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    expect(userCacheStatus().usable).toBe(false);
    expect(await eventually(() => userCacheStatus().usable)).toBe(true);
    expect(attempts).toBe(3);
    // And it works as a cache again: a revocation is still seen.
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    await bumpRaw(db, user.id);
    expect(await eventually(() => refused(db, auth.authorization), 5_000)).toBe(true);
  });

  it("accepts a token newer than the cached row: the cache missed the bump, the database did not", async () => {
    const db = await getDb();
    const { handle, gate } = await gatedHandle();
    await resetUserCache({ getHandle: async () => handle, heartbeatIntervalMs: null });
    const { user, auth } = await makeUser("Fresh");
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    gate.open = false; // the bump's notification is lost
    const bumped = await bumpRaw(db, user.id);
    const fresh = `Bearer ${await signAccessToken(bumped)}`;
    expect((await resolveCaller(db, request(fresh)))?.userId).toBe(user.id);
    // Reloading corrected the cache: the old token is refused.
    expect(await refused(db, auth.authorization)).toBe(true);
  });

  it("stops using the cache while its heartbeats do not arrive, and resumes when they do", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const db = await getDb();
    const { handle, gate } = await gatedHandle();
    const opts: UserCacheOptions = {
      getHandle: async () => handle,
      heartbeatIntervalMs: 50,
      heartbeatTimeoutMs: 500, // generous: a slow query must not look like a lost connection
    };
    await resetUserCache(opts);
    const { user, auth } = await makeUser("Heartbeat");
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    expect(userCacheStatus()).toMatchObject({ usable: true });
    expect(await cachedSoon(db, auth.authorization)).toBe(true);

    gate.open = false; // the listening connection went silent
    expect(await eventually(() => !userCacheStatus().usable, 5_000)).toBe(true);
    expect(userCacheStatus()).toMatchObject({ live: false, entries: 0 });
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining("did not arrive"));
    // A change whose notification is lost is seen at once: the cache is not consulted.
    await bumpRaw(db, user.id);
    expect(await refused(db, auth.authorization)).toBe(true);
    const fresh = `Bearer ${await signAccessToken({ id: user.id, tokenVersion: user.tokenVersion + 1 })}`;
    expect((await resolveCaller(db, request(fresh)))?.userId).toBe(user.id);
    expect(userCacheStatus().entries).toBe(0);

    gate.open = true;
    expect(await eventually(() => userCacheStatus().usable, 5_000)).toBe(true);
    expect((await resolveCaller(db, request(fresh)))?.userId).toBe(user.id);
    expect(await cachedSoon(db, fresh)).toBe(true);
  });

  it("keeps a read that overlapped any forget out of the cache (one generation for all users)", async () => {
    const db = await getDb();
    const { user: a } = await makeUser("Reader A");
    const { user: b } = await makeUser("Reader B");
    expect((await callerRow(db, a.id))?.id).toBe(a.id); // started and cached
    forgetUser(a.id);
    expect(userCacheStatus().entries).toBe(0);
    // While b's row is being read, some other user is forgotten.
    const racing = new Proxy(db, {
      get(target, key, receiver) {
        if (key === "select") forgetUser(a.id);
        return Reflect.get(target, key, receiver);
      },
    });
    const before = userCacheStatus().generation;
    expect((await callerRow(racing, b.id))?.id).toBe(b.id);
    expect(userCacheStatus().generation).toBeGreaterThan(before);
    expect(userCacheStatus().entries).toBe(0);
    expect(
      await eventually(
        async () => (await callerRow(db, b.id))?.id === b.id && userCacheStatus().entries === 1,
      ),
    ).toBe(true);
  });
});
