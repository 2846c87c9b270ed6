/**
 * Webhook signing secrets at rest: sealed with AES-256-GCM under a key derived from
 * `AUTH_SECRET` (HKDF-SHA-256, salt `tripsage`, info `tripsage webhook secret v1`), so a
 * database dump alone does not reveal them. The dispatcher opens them to sign each delivery.
 *
 * Stored form (`enc:v2`): `enc:v2:` + base64url(12-byte IV) + `.` + base64url(ciphertext) +
 * `.` + base64url(16-byte tag), with the webhook's id (UTF-8) as GCM associated data. Binding
 * to the id means a sealed value copied onto another webhook's row does not open there, which
 * is why the webhook id is chosen before the row is inserted (see `createWebhook`). Opening
 * pins the tag to 16 bytes and the IV to 12: Node otherwise accepts tags as short as 4 bytes,
 * which would make forging a sealed value feasible for someone who can write to the table.
 *
 * `enc:v1:` values (the same layout without associated data) were only ever written by
 * unreleased development builds; they are refused rather than opened, since opening them would
 * keep the copy-to-another-row weakness alive. A development database holding one fails that
 * webhook's deliveries (logged) until the webhook is registered again.
 *
 * Rows written before sealing existed hold the plain `whsec_…` value: {@link openSecret}
 * returns it as is and the dispatcher re-seals it on first use. Changing `AUTH_SECRET` makes
 * sealed secrets unreadable: deliveries of those webhooks then fail (and are logged) until the
 * webhook is registered again.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/platform/env";

const PREFIX = "enc:v2:";
const ALGORITHM = "aes-256-gcm";
/** GCM IV (nonce) length in bytes: the standard 96 bits. */
const IV_BYTES = 12;
/** GCM tag length in bytes: the full 128 bits, never a truncated tag. */
const TAG_BYTES = 16;
/** Plain legacy secrets all look like this (see `normalizeSecret` in ./service.ts). */
const LEGACY_PREFIX = "whsec_";
const B64URL = /^[A-Za-z0-9_-]+$/;

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "tripsage", "tripsage webhook secret v1", 32));
}

/** Decodes one base64url part, refusing characters Node would otherwise silently skip. */
function part(text: string | undefined, what: string): Buffer {
  if (!text || !B64URL.test(text)) throw new Error(`Malformed sealed webhook secret (${what})`);
  return Buffer.from(text, "base64url");
}

/** True when `stored` is a sealed value rather than a legacy plain `whsec_…` secret. */
export function isSealedSecret(stored: string): boolean {
  return !stored.startsWith(LEGACY_PREFIX);
}

/**
 * Seals a signing secret for storage in the row of webhook `webhookId`, with a fresh random
 * IV each time. The result opens only with the same id (see {@link openSecret}).
 * @param webhookId the id of the row the value will be stored in (associated data)
 * @throws Error when `webhookId` is empty (the value would be bound to nothing)
 */
export function sealSecret(plain: string, webhookId: string): string {
  if (!webhookId) throw new Error("sealSecret needs the webhook id");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(webhookId, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PREFIX}${iv.toString("base64url")}.${ct.toString("base64url")}.${tag.toString("base64url")}`;
}

/**
 * Opens the stored secret of webhook `webhookId`; a legacy plain `whsec_…` value is returned
 * unchanged (use {@link isSealedSecret} to tell the two apart).
 * @throws Error when the value is malformed, is not `enc:v2` (including `enc:v1`), has an IV
 *         other than 12 bytes or a tag other than 16 bytes, was sealed under another key or for
 *         another webhook, or has been altered
 */
export function openSecret(stored: string, webhookId: string): string {
  if (!isSealedSecret(stored)) return stored;
  if (!stored.startsWith(PREFIX)) {
    const version = /^enc:v\d+:/.exec(stored)?.[0];
    throw new Error(
      version === "enc:v1:"
        ? "Sealed webhook secret is enc:v1 (no webhook binding), which is no longer accepted"
        : `Unsupported webhook secret format${version ? ` ${version.slice(0, -1)}` : ""}`,
    );
  }
  const fields = stored.slice(PREFIX.length).split(".");
  if (fields.length !== 3) throw new Error("Malformed sealed webhook secret");
  const iv = part(fields[0], "IV");
  const ct = part(fields[1], "ciphertext");
  const tag = part(fields[2], "tag");
  if (iv.length !== IV_BYTES) throw new Error(`Sealed webhook secret has a ${iv.length}-byte IV, not 12`);
  if (tag.length !== TAG_BYTES) throw new Error(`Sealed webhook secret has a ${tag.length}-byte tag, not 16`);
  const decipher = createDecipheriv(ALGORITHM, key(), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(webhookId, "utf8"));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
}
