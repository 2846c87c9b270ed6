/**
 * The API documentation pages in Chromium against the production build: Swagger UI loads
 * from this origin (no CDN) under the pages' nonce-based CSP, lists the operations of
 * /api/openapi.json, filters them, and on /api/docs sends a request with "Try it out";
 * /api/redoc is the same reference without it.
 */
import { expect, test } from "@playwright/test";
import { uniqueIp } from "./api/helpers";
import { watchCsp } from "./helpers/csp";

test.describe("API documentation pages", () => {
  test("/api/docs lists every operation and 'Try it out' sends a request, with no CSP violation", async ({
    browser,
  }) => {
    const ctx = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
    const page = await ctx.newPage();
    const violations = await watchCsp(page);
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(new URL(page.url() || "http://x").origin) && !r.url().startsWith("data:"))
        external.push(r.url());
    });
    const spec = await (await ctx.request.get("/api/openapi.json")).json();
    // Swagger UI lists each operation once under each of its tags, the paths' and the webhooks'.
    type Item = Record<string, { tags?: string[] }>;
    const operations = [
      ...Object.values(spec.paths as Record<string, Item>),
      ...Object.values(spec.webhooks as Record<string, Item>),
    ]
      .flatMap((item) => Object.entries(item).filter(([k]) => /^(get|post|put|patch|delete)$/.test(k)))
      .reduce((n, [, op]) => n + Math.max(1, op.tags?.length ?? 0), 0);

    await page.goto("/api/docs");
    await expect(page.getByRole("heading", { name: "TripSage API docs" })).toBeVisible();
    await expect(page.locator(".opblock")).toHaveCount(operations);
    await expect(page.locator(".opblock-tag", { hasText: "Health" }).first()).toBeVisible();

    // The filter narrows the list to one tag.
    await page.getByPlaceholder(/filter by tag/i).fill("Health");
    await expect(page.locator(".opblock-tag")).toHaveCount(1);

    // Try it out: GET /api/health answers 200 with its JSON body.
    const health = page.locator(".opblock-get", { has: page.locator('[data-path="/api/health"]') });
    await health.locator(".opblock-summary").click();
    await health.getByRole("button", { name: "Try it out" }).click();
    await health.getByRole("button", { name: "Execute" }).click();
    const live = health.locator(".live-responses-table .response");
    await expect(live.locator(".response-col_status")).toHaveText("200");
    await expect(live.locator(".response-col_description")).toContainText('"status"');

    expect(violations, "CSP violations on /api/docs").toEqual([]);
    expect(
      external.filter((u) => !u.startsWith("http://localhost") && !u.startsWith("http://127.0.0.1")),
    ).toEqual([]);
    await ctx.close();
  });

  test("/api/redoc is the read-only reference: operations listed, no 'Try it out', no CSP violation", async ({
    browser,
  }) => {
    const ctx = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueIp() } });
    const page = await ctx.newPage();
    const violations = await watchCsp(page);
    await page.goto("/api/redoc");
    await expect(page.getByRole("heading", { name: "TripSage API reference" })).toBeVisible();
    const first = page.locator(".opblock").first();
    await expect(first).toBeVisible();
    await first.locator(".opblock-summary").click();
    await expect(first.locator(".opblock-body")).toBeVisible();
    await expect(page.getByRole("button", { name: "Try it out" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Interactive docs/ })).toHaveAttribute("href", "/api/docs");
    expect(violations, "CSP violations on /api/redoc").toEqual([]);
    await ctx.close();
  });
});
