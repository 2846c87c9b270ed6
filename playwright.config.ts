/**
 * End-to-end tests against the production build (`next build`, then `npm start`: Next plus the
 * chat WebSocket) on port 3100 (`E2E_PORT` to change it, e.g. to run two checkouts at once),
 * with a throw-away PGlite database, no demo data and the offline assistant model.
 *
 *   npx playwright test                    build, start, test
 *   E2E_SKIP_BUILD=1 npx playwright test   reuse the existing .next build
 *   E2E_BASE_URL=http://localhost:3200 …   test a server you started yourself
 *
 * Chromium comes from the system, found by e2e/ensure-chromium.ts (CHROMIUM_PATH, then
 * chromium / chromium-browser in PATH, then /usr/bin); `npm test` and `npm run test:e2e` run
 * that script first, so a missing browser stops them with the command that installs one.
 * Playwright's own browser download is never needed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { findChromium } from "./e2e/ensure-chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const externalBaseUrl = process.env.E2E_BASE_URL;
const baseURL = externalBaseUrl ?? `http://localhost:${PORT}`;

const serverEnv: Record<string, string> = {
  SEED_DEMO: "false",
  AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdefghijklmnop",
  // Blank means "unset" to lib/platform/env.ts: the offline model answers, no network needed.
  OPENAI_API_KEY: "",
  NEXT_TELEMETRY_DISABLED: "1",
  // Tests pose as different clients with X-Forwarded-For (one proxy hop is trusted), so each
  // gets its own anonymous rate-limit bucket, as a deployment behind a load balancer would.
  // With a trusted proxy the server listens on 127.0.0.1 only (lib/server/listen.ts).
  TRUST_PROXY_HOPS: "1",
  PORT: String(PORT),
};
if (!process.env.DATABASE_URL) {
  serverEnv.PGLITE_DIR = mkdtempSync(path.join(tmpdir(), "tripsage-e2e-pglite-"));
  serverEnv.DATA_DIR = mkdtempSync(path.join(tmpdir(), "tripsage-e2e-data-"));
}

// The app's own server (Next + the /api/chat/ws WebSocket), on PORT from serverEnv.
const start = "npm start";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 60_000,
    launchOptions: {
      executablePath: findChromium()?.path ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 900 } } },
  ],
  webServer: externalBaseUrl
    ? undefined
    : {
        command: process.env.E2E_SKIP_BUILD === "1" ? start : `npm run build && ${start}`,
        url: `${baseURL}/api/health`,
        env: serverEnv,
        reuseExistingServer: false,
        timeout: 240_000,
        stdout: "ignore",
        stderr: "pipe",
      },
});
