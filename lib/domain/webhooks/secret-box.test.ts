/**
 * Sealing of webhook signing secrets (./secret-box.ts): AES-256-GCM with a 12-byte IV, a
 * 16-byte tag and the webhook id as associated data. Values are built by hand where the
 * point is that a well-formed ciphertext with the wrong shape (short tag, long IV, no AAD)
 * is refused, not merely one that fails authentication.
 */
import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

const AUTH_SECRET = "test-auth-secret-0123456789abcdef-0123456789";
const SECRET = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
const HOOK = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const OTHER_HOOK = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";

beforeAll(() => {
  // env() is read lazily (on first seal) and cached per test file.
  vi.stubEnv("AUTH_SECRET", AUTH_SECRET);
});

/** The sealing key, derived the way secret-box.ts documents it. */
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", AUTH_SECRET, "tripsage", "tripsage webhook secret v1", 32));
}

const b64 = (b: Buffer) => b.toString("base64url");

/** A sealed value's three parts, decoded. */
function parts(sealed: string): { prefix: string; iv: Buffer; ct: Buffer; tag: Buffer } {
  const m = /^(enc:v\d+:)([^.]*)\.([^.]*)\.([^.]*)$/.exec(sealed);
  if (!m) throw new Error(`not a sealed value: ${sealed}`);
  return {
    prefix: m[1] as string,
    iv: Buffer.from(m[2] as string, "base64url"),
    ct: Buffer.from(m[3] as string, "base64url"),
    tag: Buffer.from(m[4] as string, "base64url"),
  };
}

const join = (p: { prefix: string; iv: Buffer; ct: Buffer; tag: Buffer }) =>
  `${p.prefix}${b64(p.iv)}.${b64(p.ct)}.${b64(p.tag)}`;

/** Encrypts `plain` under the real key with any IV/AAD, returning a full 16-byte tag. */
function encrypt(plain: string, iv: Buffer, aad?: string) {
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}

describe("sealSecret / openSecret", () => {
  it("round-trips, in the documented enc:v2 form", () => {
    const sealed = sealSecret(SECRET, HOOK);
    expect(sealed).toMatch(/^enc:v2:[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain(SECRET.slice(6, 20));
    expect(openSecret(sealed, HOOK)).toBe(SECRET);
  });

  it("uses a fresh random IV: sealing twice gives different values", () => {
    const a = sealSecret(SECRET, HOOK);
    const b = sealSecret(SECRET, HOOK);
    expect(a).not.toBe(b);
    expect(parts(a).iv.equals(parts(b).iv)).toBe(false);
    expect(openSecret(a, HOOK)).toBe(SECRET);
    expect(openSecret(b, HOOK)).toBe(SECRET);
  });

  it("throws when the ciphertext, tag or IV was altered", () => {
    const p = parts(sealSecret(SECRET, HOOK));
    const flip = (b: Buffer, i = 0) => {
      const c = Buffer.from(b);
      c[i] = (c[i] as number) ^ 1;
      return c;
    };
    expect(() => openSecret(join({ ...p, ct: flip(p.ct) }), HOOK)).toThrow();
    expect(() => openSecret(join({ ...p, ct: flip(p.ct, p.ct.length - 1) }), HOOK)).toThrow();
    expect(() => openSecret(join({ ...p, tag: flip(p.tag) }), HOOK)).toThrow();
    expect(() => openSecret(join({ ...p, tag: flip(p.tag, 15) }), HOOK)).toThrow();
    expect(() => openSecret(join({ ...p, iv: flip(p.iv) }), HOOK)).toThrow();
    expect(() => openSecret(join({ ...p, iv: flip(p.iv, 11) }), HOOK)).toThrow();
  });

  it("refuses a truncated tag, even one that is the genuine tag's prefix", () => {
    const p = parts(sealSecret(SECRET, HOOK));
    // Node 20 accepts a 4-byte GCM tag unless authTagLength is pinned: only 2^32 forgeries apart.
    for (const n of [4, 8, 12, 15]) {
      expect(() => openSecret(join({ ...p, tag: p.tag.subarray(0, n) }), HOOK), `${n}-byte tag`).toThrow();
    }
    expect(() => openSecret(join({ ...p, tag: Buffer.concat([p.tag, Buffer.alloc(1)]) }), HOOK)).toThrow();
  });

  it("refuses an IV that is not 12 bytes, even with a valid tag", () => {
    for (const n of [8, 16]) {
      const v = encrypt(SECRET, randomBytes(n), HOOK);
      expect(() => openSecret(join({ prefix: "enc:v2:", ...v }), HOOK), `${n}-byte IV`).toThrow(/IV/);
    }
    // The same construction with a 12-byte IV opens: the refusals above are about length only.
    expect(openSecret(join({ prefix: "enc:v2:", ...encrypt(SECRET, randomBytes(12), HOOK) }), HOOK)).toBe(
      SECRET,
    );
  });

  it("is bound to the webhook id: a value copied to another webhook does not open", () => {
    const sealed = sealSecret(SECRET, HOOK);
    expect(() => openSecret(sealed, OTHER_HOOK)).toThrow();
    expect(() => openSecret(sealed, "")).toThrow();
  });

  it("refuses enc:v1 values (sealed without the webhook id) and malformed ones", () => {
    const v1 = join({ prefix: "enc:v1:", ...encrypt(SECRET, randomBytes(12)) });
    expect(() => openSecret(v1, HOOK)).toThrow(/enc:v1/);
    const good = sealSecret(SECRET, HOOK);
    for (const bad of [
      "enc:v2:",
      "enc:v2:abc",
      `${good}.extra`,
      good.replace(/\.[^.]*\./, ".."), // empty ciphertext
      `${good.slice(0, -2)}!!`, // not base64url
      good.replace("enc:v2:", "enc:v9:"),
      "plain-but-not-whsec",
    ]) {
      expect(() => openSecret(bad, HOOK), bad).toThrow();
    }
  });

  it("passes a legacy plain whsec_ value through unchanged", () => {
    expect(openSecret(SECRET, HOOK)).toBe(SECRET);
    expect(openSecret(SECRET, OTHER_HOOK)).toBe(SECRET);
  });
});
