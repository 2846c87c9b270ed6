import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

const FALLBACK = "/trips";

describe("safeCallbackUrl", () => {
  it.each([
    ["/trips/abc", "/trips/abc"],
    ["/trips/abc?tab=flights#day-2", "/trips/abc?tab=flights#day-2"],
    ["/share/tok_123/join", "/share/tok_123/join"],
    ["/planner?q=New%20York", "/planner?q=New%20York"],
    ["/settings", "/settings"],
  ])("keeps the same-origin path %s", (raw, want) => {
    expect(safeCallbackUrl(raw)).toBe(want);
  });

  it.each([
    // protocol-relative and backslash forms
    "//evil.example/phish",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    // whitespace browsers strip (the reported bypass is the %09 one)
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "  /trips",
    "\t/trips",
    "/ /evil.example",
    "/\u00a0/evil.example",
    "/\u2028/evil.example",
    "/\u0000/evil.example",
    // percent-encoded tricks
    "/%09/evil.example/phish",
    "/%0a/evil.example",
    "/%0D/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%252F/evil.example",
    "/%25252F%25252Fevil.example",
    "/%E0%A4%A",
    // path normalisation that would end up protocol-relative
    "/.//evil.example",
    "/..//evil.example",
    "/x/../..//evil.example",
    // schemes and other origins
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/phish",
    "http://evil.example",
    "HTTPS://evil.example",
    "https:evil.example",
    "evil.example",
    "",
    // loops back to the auth pages
    "/login",
    "/login?callbackUrl=%2Ftrips",
    "/signup",
    "/signup?x=1",
  ])("refuses %j", (raw) => {
    expect(safeCallbackUrl(raw)).toBe(FALLBACK);
  });

  it("refuses non-strings and very long values", () => {
    expect(safeCallbackUrl(undefined)).toBe(FALLBACK);
    expect(safeCallbackUrl(null)).toBe(FALLBACK);
    expect(safeCallbackUrl(["/trips/x"])).toBe(FALLBACK);
    expect(safeCallbackUrl(`/${"a".repeat(5000)}`)).toBe(FALLBACK);
  });

  it("accepts an absolute URL of our own origin (as its path) and no other", () => {
    const origin = "https://app.example";
    expect(safeCallbackUrl("https://app.example/trips/1?x=2", FALLBACK, origin)).toBe("/trips/1?x=2");
    expect(safeCallbackUrl("https://app.example.evil.example/trips", FALLBACK, origin)).toBe(FALLBACK);
    expect(safeCallbackUrl("http://app.example/trips", FALLBACK, origin)).toBe(FALLBACK);
    expect(safeCallbackUrl("https://app.example//evil.example", FALLBACK, origin)).toBe(FALLBACK);
    expect(safeCallbackUrl("javascript:alert(1)", FALLBACK, origin)).toBe(FALLBACK);
  });

  it("every result is a path a browser resolves to our own origin", () => {
    const base = "https://app.example";
    for (const raw of ["/trips", "/%09/evil.example", "/\\evil", "/./x", "/a/%2e%2e/b"]) {
      const out = safeCallbackUrl(raw);
      expect(new URL(out, base).origin).toBe(base);
      expect(out.startsWith("//")).toBe(false);
    }
  });
});
