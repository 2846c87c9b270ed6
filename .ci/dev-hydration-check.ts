/**
 * Manual check (not part of `npm test`: a cold dev compile takes minutes on a small machine):
 * starts `npm run dev` on `PORT` (default 3260) with a throw-away PGlite and opens the login
 * page in Chromium from each loopback origin, asserting that React hydrated it (the form has
 * React's fiber attached) and that no dev resource was refused (Next answers 403 to origins
 * missing from `allowedDevOrigins`).
 *
 *   npx tsx .ci/dev-hydration-check.ts            # HOST unset (0.0.0.0)
 *   HOST=127.0.0.1 npx tsx .ci/dev-hydration-check.ts
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { findChromium } from "../e2e/ensure-chromium";

const port = Number(process.env.PORT ?? 3260);
const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

const dev = spawn("npm", ["run", "dev"], {
  env: {
    ...process.env,
    PORT: String(port),
    SEED_DEMO: "false",
    OPENAI_API_KEY: "",
    DATABASE_URL: "",
    NEXT_TELEMETRY_DISABLED: "1",
    PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "tripsage-dev-pglite-")),
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "tripsage-dev-data-")),
  },
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});

let failed = false;
try {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      if ((await fetch(`${origins[0]}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("dev server did not answer /api/health");
    await new Promise((r) => setTimeout(r, 1000));
  }
  const browser = await chromium.launch({ executablePath: findChromium()?.path, args: ["--no-sandbox"] });
  for (const origin of origins) {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 403 && new URL(r.url()).pathname.startsWith("/_next")) refused.push(r.url());
    });
    const t0 = Date.now();
    await page.goto(`${origin}/login`, { timeout: 600_000 });
    const hydrated = await page
      .waitForFunction(
        () => {
          const f = document.querySelector("form");
          return !!f && Object.keys(f).some((k) => k.startsWith("__reactFiber"));
        },
        null,
        { timeout: 600_000 },
      )
      .then(() => true)
      .catch(() => false);
    console.log(
      `${origin}/login: ${hydrated ? "hydrated" : "NOT hydrated"} in ${Date.now() - t0} ms; refused dev resources: ${refused.length}`,
    );
    if (!hydrated || refused.length) failed = true;
    await page.close();
  }
  await browser.close();
} finally {
  if (dev.pid) process.kill(-dev.pid, "SIGTERM");
}
process.exit(failed ? 1 : 0);
