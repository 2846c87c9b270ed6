/**
 * Browser defences and the sign-in redirect, against the production build in Chromium:
 * - every HTML page sends a nonce-based Content-Security-Policy with `frame-ancestors 'none'`,
 *   X-Frame-Options DENY, X-Content-Type-Options nosniff and Referrer-Policy
 *   strict-origin-when-cross-origin; API responses send the last three and a `default-src 'none'` policy;
 * - pages still hydrate and work under that policy (client-side navigation, no CSP violation);
 * - `?callbackUrl=` never sends the browser to another origin after sign-in or sign-up.
 */
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { uniqueIp } from "./api/helpers";
import { fillSignIn, fillSignUp, freshEmail } from "./helpers/auth";
import { watchCsp } from "./helpers/csp";

/** A browser context posing as its own client (own anonymous rate-limit bucket). */
const newClient = (browser: Browser) =>
  browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });

async function signUp(ctx: BrowserContext, callbackUrl?: string): Promise<{ page: Page; email: string }> {
  const page = await ctx.newPage();
  const email = freshEmail("sec");
  await page.goto(
    callbackUrl === undefined ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`,
  );
  await fillSignUp(page, "Sec Tester", email);
  await page.waitForURL((u) => !u.pathname.startsWith("/signup"));
  return { page, email };
}

function expectSecurityHeaders(h: Record<string, string>, what: string, page: boolean) {
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  const csp = h["content-security-policy"] ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  if (page) {
    expect(csp, what).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(csp, what).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(csp, what).toContain("object-src 'none'");
    expect(csp, what).toContain("base-uri 'self'");
  }
}

const PUBLIC_PAGES = [
  "/",
  "/login",
  "/signup",
  "/s/not-a-real-token",
  "/join/not-a-real-token",
  "/no-such-page",
];
const SIGNED_IN_PAGES = [
  "/trips",
  "/trips/new",
  "/settings",
  "/settings/profile",
  "/settings/api-keys",
  "/settings/webhooks",
  "/settings/security",
];

test.describe("security headers", () => {
  test("every page sends the headers and a fresh script nonce, and every script carries it", async ({
    browser,
  }) => {
    const ctx = await newClient(browser);
    const check = async (page: Page, path: string) => {
      const res = await page.goto(path);
      if (!res) throw new Error(`no response for ${path}`);
      const h = await res.allHeaders();
      expectSecurityHeaders(h, path, true);
      const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"] ?? "")?.[1];
      // Every inline <script> (Next's bootstrap and flight data) carries the response's nonce;
      // chunk files are added by those scripts ('strict-dynamic').
      const inline = await page.$$eval("script:not([src])", (els) => els.map((s) => s.nonce));
      expect(inline.length, path).toBeGreaterThan(0);
      for (const n of inline) expect(n, `${path}: an inline script without the nonce`).toBe(nonce);
      return nonce;
    };
    const anon = await ctx.newPage();
    const nonces = new Set<string | undefined>();
    for (const path of PUBLIC_PAGES) nonces.add(await check(anon, path));
    const { page } = await signUp(ctx);
    for (const path of SIGNED_IN_PAGES) nonces.add(await check(page, path));
    expect(nonces.size, "nonces must differ per response").toBe(PUBLIC_PAGES.length + SIGNED_IN_PAGES.length);
    await ctx.close();
  });

  test("API responses send nosniff, DENY, the referrer policy and a deny-all CSP", async ({ request }) => {
    for (const path of ["/api/health", "/api/config", "/v1/ai/nope", "/api/nope"]) {
      const res = await request.get(path, { headers: { "x-forwarded-for": uniqueIp() } });
      expectSecurityHeaders(res.headers(), path, false);
    }
    const docs = await request.get("/api/docs", { headers: { "x-forwarded-for": uniqueIp() } });
    expect(docs.headers()["content-security-policy"]).toMatch(/script-src 'nonce-/);
  });

  test("pages hydrate and work under the policy: no violation while signing up, navigating and creating a trip", async ({
    browser,
  }) => {
    const ctx = await newClient(browser);
    const probe = await ctx.newPage();
    const violations = await watchCsp(probe);
    await probe.goto("/login");
    await probe.close();
    const page = await ctx.newPage();
    const seen = await watchCsp(page);
    await page.goto("/signup");
    await fillSignUp(page, "Hydration Check", freshEmail("sec"));
    await expect(page).toHaveURL(/\/trips$/);
    // A client-side navigation keeps the window (a full reload would drop the marker).
    await page.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 42;
    });
    await page.getByTestId("new-trip").click();
    await expect(page).toHaveURL(/\/trips\/new$/);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
    await page.getByLabel("Trip name").fill("CSP trip");
    await page.getByLabel("Start date").fill("2027-06-01");
    await page.getByLabel("End date").fill("2027-06-03");
    await page.getByLabel("Destination 1", { exact: true }).fill("Paris");
    await page.getByLabel("Country of destination 1", { exact: true }).fill("France");
    await page.getByRole("button", { name: /create trip/i }).click();
    await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}/);
    await expect(page.getByText("CSP trip").first()).toBeVisible();
    expect([...violations, ...seen], [...violations, ...seen].join("\n")).toEqual([]);
    await ctx.close();
  });
});

// ---- the redirect after sign-in / sign-up -------------------------------------------------------

const EVIL = [
  "/%09/evil.example/phish",
  "/\t/evil.example/phish",
  "/\n/evil.example",
  "/\r/evil.example",
  "/%0d%0a/evil.example",
  "  //evil.example/phish",
  "//evil.example/phish",
  "/\\evil.example/phish",
  "/%5Cevil.example/phish",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%252F%252Fevil.example",
  "/..//evil.example",
  "javascript:alert(document.domain)",
  "https://evil.example/phish",
  "http://localhost.evil.example/",
];

test.describe("callbackUrl cannot leave the site", () => {
  test("sign-in: every whitespace, backslash, encoding, scheme and other-origin variant lands on /trips", async ({
    browser,
    baseURL,
  }) => {
    const origin = new URL(baseURL as string).origin;
    for (const target of EVIL) {
      // A fresh account per variant: sign-in attempts per account are rate limited.
      const acct = await newClient(browser);
      const { email } = await signUp(acct);
      await acct.close();
      const ctx = await newClient(browser);
      const page = await ctx.newPage();
      const requested: string[] = [];
      page.on("request", (r) => requested.push(r.url()));
      await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
      expect(await page.locator('input[name="callbackUrl"]').inputValue(), target).toBe("/trips");
      await fillSignIn(page, email);
      await expect(page, target).toHaveURL(`${origin}/trips`);
      expect(
        requested.filter((u) => new URL(u).origin !== origin),
        target,
      ).toEqual([]);
      await ctx.close();
    }
  });

  test("sign-in: a same-origin path is honoured (control)", async ({ browser, baseURL }) => {
    const acct = await newClient(browser);
    const { email } = await signUp(acct);
    await acct.close();
    const ctx = await newClient(browser);
    const page = await ctx.newPage();
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/settings/profile")}`);
    await fillSignIn(page, email);
    await expect(page).toHaveURL(`${new URL(baseURL as string).origin}/settings/profile`);
    await ctx.close();
  });

  test("sign-up: the variants land on /trips, a same-origin path is honoured", async ({
    browser,
    baseURL,
  }) => {
    const origin = new URL(baseURL as string).origin;
    for (const target of [
      "/%09/evil.example/phish",
      "/\\evil.example",
      "//evil.example",
      "javascript:alert(1)",
    ]) {
      const ctx = await newClient(browser);
      const { page } = await signUp(ctx, target);
      await expect(page, target).toHaveURL(`${origin}/trips`);
      await ctx.close();
    }
    const ctx = await newClient(browser);
    const { page } = await signUp(ctx, "/settings");
    await expect(page).toHaveURL(`${origin}/settings`);
    await ctx.close();
  });
});
