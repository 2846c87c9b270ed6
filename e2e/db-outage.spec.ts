/**
 * Database outage against the production build: a private Postgres this spec starts and
 * stops itself (initdb + pg_ctl on 127.0.0.1:3390, data under /tmp, never the machine's own
 * server) behind its own `npm start` server on 127.0.0.1:3391.
 *
 * While the database is down every family answers 503 `DATABASE_ERROR` (type `internal`) in
 * its own shape with `Retry-After`, within seconds rather than after a 20 s hang, and
 * `/api/health` and `/api/health/mcp` say so; once it is back, requests succeed again without
 * restarting the app.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, request, test } from "@playwright/test";

const PG_PORT = 3390;
const APP_PORT = 3391;
const APP = `http://127.0.0.1:${APP_PORT}`;
const PG_BIN = (() => {
  const root = "/usr/lib/postgresql";
  const v = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  return v ? path.join(root, v, "bin") : "";
})();

let dataDir = "";
let app: ChildProcess | undefined;

/** Runs a Postgres tool as the `postgres` user (initdb refuses root). */
function asPostgres(tool: string, args: string[]) {
  const cmd = [path.join(PG_BIN, tool), ...args];
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", ...cmd], { stdio: "pipe" });
  else execFileSync(cmd[0] as string, cmd.slice(1), { stdio: "pipe" });
}
const pgStart = () =>
  asPostgres("pg_ctl", [
    "-D",
    dataDir,
    "-w",
    "-l",
    path.join(dataDir, "log.txt"),
    "-o",
    `-p ${PG_PORT} -c listen_addresses=127.0.0.1 -k ${dataDir}`,
    "start",
  ]);
const pgStop = () => asPostgres("pg_ctl", ["-D", dataDir, "-w", "-m", "immediate", "stop"]);

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out: ${String(last)}`);
}

test.describe.configure({ mode: "serial" });
test.skip(!PG_BIN, "no Postgres server binaries on this machine");

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(path.join(tmpdir(), "tripsage-outage-pg-"));
  chmodSync(dataDir, 0o777);
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dataDir]);
  asPostgres("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  pgStart();
  app = spawn("npx", ["tsx", "lib/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`,
      AUTH_SECRET: "outage-spec-auth-secret-0123456789abcdefghijklmnop",
      SEED_DEMO: "false",
      OPENAI_API_KEY: "",
      NEXT_TELEMETRY_DISABLED: "1",
      TRUST_PROXY_HOPS: "1",
      DB_CONNECT_TIMEOUT_S: "3",
    },
    stdio: "ignore",
    detached: true,
  });
  const ctx = await request.newContext();
  await waitFor(async () => ((await ctx.get(`${APP}/api/health`)).ok() ? true : undefined), 120_000);
  await ctx.dispose();
});

test.afterAll(async () => {
  if (app?.pid) {
    try {
      process.kill(-app.pid, "SIGTERM");
    } catch {}
  }
  try {
    pgStop();
  } catch {}
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("an outage answers 503 DATABASE_ERROR fast in every family, health says so, and the app recovers", async () => {
  test.setTimeout(180_000);
  const api = await request.newContext({ extraHTTPHeaders: { "x-forwarded-for": "10.250.0.1" } });
  const email = `outage-${Date.now()}@example.com`;
  const reg = await api.post(`${APP}/api/auth/register`, {
    data: { email, password: "a long enough password", name: "Outage" },
  });
  expect(reg.status(), await reg.text()).toBe(201);
  const login = await api.post(`${APP}/api/auth/login`, {
    data: { email, password: "a long enough password" },
  });
  const { access_token } = await login.json();
  const auth = { authorization: `Bearer ${access_token}` };
  expect((await api.get(`${APP}/api/trips`, { headers: auth })).status()).toBe(200);
  const healthy = await (await api.get(`${APP}/api/health`)).json();
  expect(healthy.status).toBe("healthy");
  expect(healthy.database.status).toBe("healthy");

  pgStop();
  const timed = async (fn: () => Promise<import("@playwright/test").APIResponse>) => {
    const t = Date.now();
    const res = await fn();
    return { res, ms: Date.now() - t };
  };

  // TripSage REST API shape.
  for (const [name, call] of [
    ["GET /api/trips", () => api.get(`${APP}/api/trips`, { headers: auth })],
    [
      "POST /api/auth/login",
      () => api.post(`${APP}/api/auth/login`, { data: { email, password: "x".repeat(12) } }),
    ],
  ] as const) {
    const { res, ms } = await timed(call);
    console.log(`[outage] ${name}: ${res.status()} in ${ms} ms`);
    expect(res.status(), `${name}: ${await res.text()}`).toBe(503);
    expect(ms, name).toBeLessThan(8_000);
    const body = await res.json();
    expect(body).toMatchObject({ error: true, code: "DATABASE_ERROR", type: "internal" });
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  }
  // Trip Designer API shape.
  {
    const { res, ms } = await timed(() =>
      api.post(`${APP}/api/chat/sessions`, { headers: auth, data: { itineraryId: crypto.randomUUID() } }),
    );
    console.log(`[outage] POST /api/chat/sessions: ${res.status()} in ${ms} ms`);
    expect(res.status()).toBe(503);
    expect(await res.json()).toMatchObject({ error: "Service Unavailable" });
    expect(res.headers()["retry-after"]).toBeTruthy();
  }
  // /v1/ai assistant API shape.
  {
    const { res, ms } = await timed(() =>
      api.post(`${APP}/v1/ai/chat`, {
        headers: auth,
        data: {
          tripId: crypto.randomUUID(),
          pageKey: "itinerary",
          messages: [{ role: "user", content: "hi" }],
        },
      }),
    );
    console.log(`[outage] POST /v1/ai/chat: ${res.status()} in ${ms} ms`);
    expect(res.status()).toBe(503);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/database/i);
  }
  // Health reports the database.
  {
    const { res, ms } = await timed(() => api.get(`${APP}/api/health`));
    console.log(`[outage] GET /api/health: ${res.status()} in ${ms} ms`);
    expect(res.status()).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("unhealthy");
    expect(body.database.status).toBe("unhealthy");
    expect(ms).toBeLessThan(5_000);
    const mcp = await api.get(`${APP}/api/health/mcp`, { headers: auth });
    const m = await mcp.json();
    console.log(`[outage] GET /api/health/mcp: ${mcp.status()} ${JSON.stringify(m).slice(0, 200)}`);
    expect(m.status).not.toBe("healthy");
    if (mcp.status() === 200) expect(m.checks.database.status).toBe("unhealthy");
    else expect(m).toMatchObject({ code: "DATABASE_ERROR" });
  }

  pgStart();
  const t = Date.now();
  await waitFor(
    async () => ((await api.get(`${APP}/api/trips`, { headers: auth })).status() === 200 ? true : undefined),
    60_000,
  );
  console.log(`[outage] recovered ${Date.now() - t} ms after Postgres restarted`);
  expect((await (await api.get(`${APP}/api/health`)).json()).database.status).toBe("healthy");
  await api.dispose();
});
