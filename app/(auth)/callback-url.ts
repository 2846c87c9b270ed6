/**
 * Where to go after signing in: only same-origin paths are honoured ("/trips/abc"), never
 * "//evil.example" or absolute URLs, so `?callbackUrl=` cannot become an open redirect.
 */
export function safeCallbackUrl(raw: unknown, fallback = "/trips"): string {
  if (typeof raw !== "string" || !raw) return fallback;
  let value = raw;
  // Auth.js may hand us an absolute URL of our own origin; keep only path + query.
  if (/^https?:\/\//i.test(value)) {
    try {
      const u = new URL(value);
      value = `${u.pathname}${u.search}${u.hash}`;
    } catch {
      return fallback;
    }
  }
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (
    value === "/login" ||
    value.startsWith("/login?") ||
    value === "/signup" ||
    value.startsWith("/signup?")
  ) {
    return fallback;
  }
  return value;
}
