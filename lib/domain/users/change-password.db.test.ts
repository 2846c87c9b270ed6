/**
 * Changing the password is one write: the new password and the end of every other session
 * (token version, refresh tokens) commit together or not at all. The failure is the
 * database's own (a trigger refusing the session revocation for one user), not a fake.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "@/lib/domain/auth/passwords";
import { makeUser } from "@/lib/testing/fixtures";
import { changePassword } from "./service";

const OLD = "correct horse battery"; // makeUser's password

describe("changePassword", () => {
  it("changes the password and ends the sessions together", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const changed = await changePassword(db, user.id, OLD, "a brand new passphrase");
    expect(changed.tokenVersion).toBe(user.tokenVersion + 1);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(String(row?.passwordHash), "a brand new passphrase")).toBe(true);
  });

  it("keeps the old password when ending the sessions fails (nothing half-done)", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const fn = `refuse_revoke_${user.id.replace(/-/g, "")}`;
    await db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
        begin
          if new.id = '${user.id}' and new.token_version <> old.token_version then
            raise exception 'session revocation refused';
          end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(`create trigger ${fn} before update on users for each row execute function ${fn}()`),
    );
    try {
      await expect(changePassword(db, user.id, OLD, "a brand new passphrase")).rejects.toThrow();
    } finally {
      await db.execute(sql.raw(`drop trigger ${fn} on users`));
      await db.execute(sql.raw(`drop function ${fn}()`));
    }
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.tokenVersion).toBe(user.tokenVersion);
    expect(await verifyPassword(String(row?.passwordHash), OLD)).toBe(true);
    expect(await verifyPassword(String(row?.passwordHash), "a brand new passphrase")).toBe(false);
  });
});
