/**
 * Accounts: registration and password sign-in, shared by Auth.js (browser) and the
 * seed 000 token endpoints.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type User, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { ApiError } from "@/lib/http/errors";
import type { RegisterInput } from "@/lib/validators/auth";

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
 * Creates an account with an argon2id password hash.
 * @throws ApiError EMAIL_TAKEN (409) when the email (in any letter case) is registered
 */
export async function registerUser(db: Db, input: RegisterInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const [created] = await db
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
