/**
 * Sign-up: creating an account and joining the trips already shared with its email. The
 * account (lib/domain/users/service.ts) and the invitations (lib/domain/sharing/service.ts) are separate
 * domains; this flow composes them, so neither imports the other.
 */
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { hashPassword } from "@/lib/domain/auth/passwords";
import { claimInvitations } from "@/lib/domain/sharing/service";
import type { RegisterInput } from "@/lib/domain/validators/auth";
import { lockEmail } from "@/lib/platform/locks";
import { createUser } from "./service";

/**
 * Creates an account with an argon2id password hash and claims pending trip invitations
 * addressed to its email, in one transaction (both or neither). The email's advisory lock is
 * held meanwhile, so an invitation sent concurrently is either claimed now or sees the account.
 * @returns the new user row
 * @throws ApiError EMAIL_TAKEN (409) when the email (in any letter case) is registered
 */
export async function registerUser(db: Db, input: RegisterInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await lockEmail(tx, input.email);
    const created = await createUser(tx, input, passwordHash);
    // Trips shared with this email before the account existed are joined now.
    await claimInvitations(tx, created.id, created.email);
    return created;
  });
}
