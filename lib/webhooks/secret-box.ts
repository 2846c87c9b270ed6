/**
 * Webhook signing secrets at rest: sealed with AES-256-GCM under a key derived from
 * `AUTH_SECRET` (HKDF-SHA-256, info `tripsage webhook secret v1`), so a database dump alone
 * does not reveal them. The dispatcher opens them to sign each delivery.
 *
 * Stored form: `enc:v1:` + base64url(12-byte IV) + `.` + base64url(ciphertext) + `.` +
 * base64url(16-byte tag). Rows written before sealing existed hold the plain `whsec_…` value
 * and are read as they are. Changing `AUTH_SECRET` makes sealed secrets unreadable: deliveries
 * of those webhooks then fail (and are logged) until the webhook is registered again.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const PREFIX = "enc:v1:";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "tripsage", "tripsage webhook secret v1", 32));
}

/** Seals a signing secret for storage (a fresh random IV each time). */
export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${PREFIX}${iv.toString("base64url")}.${ct.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
}

/**
 * Opens a stored secret; a legacy plain value is returned unchanged.
 * @throws Error when the value was sealed under another key or has been altered
 */
export function openSecret(stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const [iv, ct, tag] = stored.slice(PREFIX.length).split(".");
  if (!iv || ct === undefined || !tag) throw new Error("Malformed sealed webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}
