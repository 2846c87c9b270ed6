/**
 * Password hashing with argon2id (@node-rs/argon2, OWASP-recommended parameters:
 * 19 MiB memory, 2 iterations, 1 lane).
 */
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Hashes `password` to an argon2id PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks `password` against a PHC hash. With `hash === null` (unknown account) it still
 * runs one argon2 verification against a dummy hash, so unknown email and wrong password
 * take the same time.
 */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    dummyHash ??= hashPassword("not-a-real-password-0000");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(phc, password).catch(() => false);
}
