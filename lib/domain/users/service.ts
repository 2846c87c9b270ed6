/**
 * Accounts: registration and password sign-in, shared by Auth.js (browser) and the
 * the TripSage REST API token endpoints.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { refreshTokens, type User, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/domain/auth/passwords";
import { forgetUser } from "@/lib/domain/auth/user-cache";
import type { RegisterInput } from "@/lib/domain/validators/auth";
import { ApiError, fieldError } from "@/lib/platform/errors";

/** Finds a user by email, case-insensitively; null when there is none. */
export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return u ?? null;
}

/** Loads a user by id; null when there is none. */
export async function findUserById(db: Db, id: string): Promise<User | null> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u ?? null;
}

/**
 * Inserts an account row. One step of sign-up (lib/domain/users/sign-up.ts `registerUser`, which
 * also claims pending invitations): call it inside the sign-up transaction, after locking
 * the address (lib/platform/locks.ts `lockEmail`).
 * @param passwordHash the argon2id hash of the chosen password (lib/domain/auth/passwords.ts `hashPassword`)
 * @throws ApiError EMAIL_TAKEN (409) when the email (in any letter case) is registered
 */
export async function createUser(
  tx: Db,
  input: Pick<RegisterInput, "email" | "name">,
  passwordHash: string,
): Promise<User> {
  const [created] = await tx
    .insert(users)
    .values({ email: input.email, name: input.name, passwordHash })
    .onConflictDoNothing()
    .returning();
  if (!created) throw new ApiError("EMAIL_TAKEN", "An account with this email already exists");
  return created;
}

/**
 * Checks email + password. Unknown email and wrong password give the same error and take
 * the same time (one argon2 verification either way).
 * @throws ApiError INVALID_CREDENTIALS (401)
 */
export async function authenticate(db: Db, email: string, password: string): Promise<User> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok) throw new ApiError("INVALID_CREDENTIALS", "Invalid email or password");
  await db.update(users).set({ lastActiveAt: new Date() }).where(eq(users.id, user.id));
  return user;
}

/**
 * Ends every session of a user: bumps the token version (access JWTs and browser sessions
 * carrying the old one are refused on their next request) and revokes all refresh tokens.
 * @returns the user with the new token version
 */
export async function revokeAllSessions(db: Db, userId: string): Promise<User> {
  const user = await db.transaction((tx) => revokeSessionsIn(tx, userId));
  forgetUser(userId); // committed: no request may cache the old token version from here on
  return user;
}

/** The writes of {@link revokeAllSessions}, inside the caller's transaction `tx`. */
async function revokeSessionsIn(tx: Db, userId: string): Promise<User> {
  const [u] = await tx
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  if (!u) throw new ApiError("NOT_FOUND", "User not found");
  await tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  forgetUser(userId);
  return u;
}

/**
 * Changes the password after checking the current one, then ends all other sessions.
 * @throws ApiError INVALID_CREDENTIALS (401) when `currentPassword` is wrong;
 *         VALIDATION_ERROR when the new password equals the old one
 */
export async function changePassword(
  db: Db,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<User> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new ApiError("INVALID_CREDENTIALS", "Current password is incorrect");
  }
  if (currentPassword === newPassword) {
    throw fieldError("new_password", "New password must differ from the current one");
  }
  const passwordHash = await hashPassword(newPassword);
  // One transaction: a new password never stands while the old sessions still work.
  const changed = await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    return revokeSessionsIn(tx, userId);
  });
  forgetUser(userId);
  return changed;
}
