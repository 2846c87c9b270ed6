/**
 * Webhook deliveries across a graceful restart, against the production build: its own
 * `npm start` server (PGlite under /tmp, 127.0.0.1:3392) and a slow local receiver
 * (127.0.0.1:3393). Deliveries in flight when the server gets SIGTERM are finished and
 * recorded before it exits, so after the restart — and past the claim lease — every event has
 * reached the receiver exactly once, each under one stable `webhook-id`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, request, test } from "@playwright/test";

const APP_PORT = 3392;
const HOOK_PORT = 3393;
const APP = `http://127.0.0.1:${APP_PORT}`;
let dataDir = "";
const received: string[] = [];
let receiver: http.Server;

function startApp(): ChildProcess {
  // tsx directly (what `npm start` runs), signalled as a process group like a service manager does.
  return spawn("node_modules/.bin/tsx", ["lib/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: "",
      PGLITE_DIR: path.join(dataDir, "pglite"),
      DATA_DIR: dataDir,
      AUTH_SECRET: "sigterm-spec-auth-secret-0123456789abcdefghijklmnop",
      SEED_DEMO: "false",
      OPENAI_API_KEY: "",
      NEXT_TELEMETRY_DISABLED: "1",
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    },
    stdio: "ignore",
    detached: true,
  });
}

async function waitHealthy() {
  const ctx = await request.newContext();
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    try {
      if ((await ctx.get(`${APP}/api/health`)).ok()) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  await ctx.dispose();
}

/** Resolves once every process of the server's group (tsx and its node child) has exited. */
async function groupExited(p: ChildProcess, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      process.kill(-(p.pid as number), 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the server did not exit");
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tripsage-sigterm-"));
  receiver = http.createServer((req, res) => {
    received.push(String(req.headers["webhook-id"]));
    req.resume();
    setTimeout(() => res.end("ok"), 3_000); // each delivery is in flight for 3 s
  });
  await new Promise<void>((r) => receiver.listen(HOOK_PORT, "127.0.0.1", r));
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("deliveries in flight during SIGTERM are received once, none re-sent after the restart", async () => {
  test.setTimeout(300_000);
  let app = startApp();
  await waitHealthy();
  const api = await request.newContext({ extraHTTPHeaders: { "x-forwarded-for": "10.251.0.1" } });
  const email = `hook-${Date.now()}@example.com`;
  const reg = await api.post(`${APP}/api/auth/register`, {
    data: { email, password: "a long enough password", name: "Hooks" },
  });
  expect(reg.status(), await reg.text()).toBe(201);
  const login = await api.post(`${APP}/api/auth/login`, {
    data: { email, password: "a long enough password" },
  });
  const { access_token } = await login.json();
  const headers = { authorization: `Bearer ${access_token}` };
  const hook = await api.post(`${APP}/api/webhooks`, {
    headers,
    data: { url: `http://127.0.0.1:${HOOK_PORT}/hook`, events: ["trip.created"] },
  });
  expect(hook.status(), await hook.text()).toBe(201);
  const TRIPS = 5;
  for (let i = 0; i < TRIPS; i++) {
    const t = await api.post(`${APP}/api/trips`, {
      headers,
      data: {
        title: `Hook ${i}`,
        start_date: "2031-05-01",
        end_date: "2031-05-03",
        destinations: [{ name: "Oslo" }],
      },
    });
    expect(t.status(), await t.text()).toBe(201);
  }
  await api.dispose();

  // SIGTERM while the first deliveries are in flight (the receiver holds each for 3 s).
  const end = Date.now() + 30_000;
  while (received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(received.length).toBeGreaterThan(0);
  const inFlight = received.length;
  const t0 = Date.now();
  process.kill(-(app.pid as number), "SIGTERM");
  await groupExited(app);
  console.log(`[sigterm] ${inFlight} in flight at SIGTERM; exited after ${Date.now() - t0} ms`);

  // Restart on the same database; wait past the 15 s lease and a few dispatcher ticks.
  app = startApp();
  await waitHealthy();
  const deadline = Date.now() + 60_000;
  while (new Set(received).size < TRIPS && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 22_000));
  process.kill(-(app.pid as number), "SIGTERM");
  await groupExited(app);

  const counts = new Map<string, number>();
  for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
  console.log(`[sigterm] received ${received.length} requests for ${counts.size} webhook-ids`);
  expect(counts.size).toBe(TRIPS);
  expect(
    [...counts.values()].every((n) => n === 1),
    JSON.stringify([...counts]),
  ).toBe(true);
});
