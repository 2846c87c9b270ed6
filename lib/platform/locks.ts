/**
 * Row and advisory locks held until the caller's transaction ends. They serialise the few
 * check-then-write sequences that span rows (a quota count, an email claimed by an invitation
 * and by sign-up), so two concurrent requests cannot both pass the check. Imports only the
 * database layer.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Transaction-scoped advisory lock on a lower-cased email, taken by sharing (inviting an
 * address) and by sign-up (creating the account), so a pending invitation and the account it
 * names never miss each other. Call it inside a transaction.
 */
export async function lockEmail(tx: Db, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${email.toLowerCase()}))`);
}

/**
 * Locks the user's row (`SELECT … FOR UPDATE` on `users`) until `tx` ends, so per-user quotas
 * (trips, price watches, webhooks) can be counted and then written without two concurrent
 * requests both passing the check. Call it inside a transaction, before counting.
 */
export async function lockUserForQuota(tx: Db, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
}
