/**
 * The caller cache keeps revocation immediate: a token refused right after logout even though
 * its user was just cached; a name change shows on the next request; and on Postgres a change
 * made by another instance (another connection) reaches this process by NOTIFY.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, getDb, openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { makeUser } from "@/lib/testing/fixtures";
import { updateMe } from "@/lib/users/profile";
import { revokeAllSessions } from "@/lib/users/service";
import { resolveCaller } from "./caller";

const request = (authorization: string) =>
  new Request("http://localhost/api/trips", { headers: { authorization } });

describe("caller cache", () => {
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

  it("drops a user changed by another instance when its NOTIFY arrives (Postgres)", async () => {
    const handle = await getDatabase();
    if (handle.driver !== "postgres" || !process.env.DATABASE_URL) return; // one process owns PGlite
    const db = handle.db;
    const { user, auth } = await makeUser("Elsewhere");
    expect((await resolveCaller(db, request(auth.authorization)))?.userId).toBe(user.id);
    // Another app instance: its own connection pool; the trigger sends the notification.
    const other = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      await other.db
        .update(users)
        .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
        .where(eq(users.id, user.id));
    } finally {
      await other.close();
    }
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await resolveCaller(db, request(auth.authorization)).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 20));
    }
    expect(refused).toBe(true);
  });
});
