/**
 * Where to go after signing in or up: only a path of our own origin ("/trips/abc?x=1"),
 * never "//evil.example", "/\evil.example", "/%09/evil.example", "javascript:…" or another
 * origin's URL, so `?callbackUrl=` cannot become an open redirect.
 *
 * The target is parsed with the WHATWG URL parser (what browsers use) against a sentinel
 * origin and must resolve to that origin; the path must also survive percent-decoding
 * without turning into a protocol-relative URL or gaining a backslash, whitespace or control
 * character (browsers strip tabs and newlines from URLs and treat `\` as `/`).
 */
const BASE = "http://callback.invalid";
/** Backslash, ASCII whitespace/control characters, and the Unicode spaces browsers may drop. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE = /[\\\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const MAX_LENGTH = 2048;

/** Decodes `%xx` up to three times (double-encoding tricks); null when it is not valid encoding. */
function decoded(s: string): string | null {
  let out = s;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(out);
    } catch {
      return null;
    }
    if (next === out) return out;
    out = next;
  }
  return out;
}

/**
 * @param raw the `callbackUrl` query or form value (anything: non-strings fall back)
 * @param fallback where to go when `raw` is missing or not a safe same-origin path
 * @param origin our own origin (`https://app.example`): an absolute URL of exactly this origin
 *        is accepted and reduced to its path; without it every absolute URL falls back
 * @returns a path starting with a single `/` (path + query + hash), or `fallback`
 */
export function safeCallbackUrl(raw: unknown, fallback = "/trips", origin?: string): string {
  if (typeof raw !== "string" || !raw || raw.length > MAX_LENGTH) return fallback;
  let value = raw;
  if (origin && !value.startsWith("/")) {
    try {
      const u = new URL(value);
      if (u.origin !== new URL(origin).origin) return fallback;
      value = `${u.pathname}${u.search}${u.hash}`;
    } catch {
      return fallback;
    }
  }
  // Raw form: one leading slash, nothing a browser would strip or reinterpret.
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return fallback;
  // Decoded path (before ? or #): the same rules, so %2F%2F, %5C, %09 … cannot sneak through.
  const pathPart = value.split(/[?#]/, 1)[0] ?? "";
  const plain = decoded(pathPart);
  if (plain === null || plain.startsWith("//") || UNSAFE.test(plain)) return fallback;
  let u: URL;
  try {
    u = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (u.origin !== BASE || u.pathname.startsWith("//")) return fallback;
  const out = `${u.pathname}${u.search}${u.hash}`;
  if (u.pathname === "/login" || u.pathname === "/signup") return fallback;
  return out;
}
