/**
 * `npm run bench`: builds (unless BENCH_SKIP_BUILD=1) and starts the production server,
 * then in one run measures, with autocannon:
 *   - GET /api/itineraries/{trip_id} for a trip with 30 segments (Bearer JWT),
 *   - GET /api/health,
 *   - GET /api/trips for a user with 50 trips through the full stack (JWT, Redis limiter)
 *     and through a bare handler running the same query, alternated twice to even out noise,
 *   - GET /api/trips at a steady 200 req/s (open loop, see ./paced.ts),
 * printing req/s, p50 and p99 latency of each and their ratio, and the time from sending
 * a chat message to the first streamed byte with the offline model, then the itinerary
 * read/write figures of ./itinerary.ts (304 revalidation, 500 segments, writers, RSS), and
 * the trip page at 200 items in Chromium (./trip-page.ts).
 * Uses Postgres when DATABASE_URL is set, else a fresh PGlite directory.
 * BENCH_ONLY=itinerary: only the itinerary read/write figures (with health, the Next.js
 * pipeline's share and ./itinerary.ts) on the main server; BENCH_ONLY=fanout / first-byte:
 * only those parts.
 */
import { type ChildProcess, execFileSync, execSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { type FanoutResult, fanout } from "./fanout";
import { firstByteBench } from "./first-byte";
import { itineraryBench, serverRssMb } from "./itinerary";
import type { PacedResult } from "./paced";
import { measureTripPage } from "./trip-page";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function waitForServer(base = BASE): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function api(pathname: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(`${BASE}${pathname}`, {
    ...init,
    headers: {
      "content-type": "application/json",
      ...(init.token && { authorization: `Bearer ${init.token}` }),
    },
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${pathname} → ${res.status}: ${await res.text()}`);
  return res.json();
}

function load(
  title: string,
  url: string,
  headers: Record<string, string> = {},
  extra: Partial<autocannon.Options> = {},
) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      { title, url, headers, connections: CONNECTIONS, duration: DURATION_S, ...extra },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

function row(r: autocannon.Result) {
  return {
    "req/s": Math.round(r.requests.average),
    "p50 ms": r.latency.p50,
    "p99 ms": r.latency.p99,
    "non-2xx": r.non2xx,
    errors: r.errors,
  };
}

async function timeToFirstByte(tripId: string, token: string, samples = 7): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(`${BASE}/api/trips/${tripId}/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        message: { id: `b${i}`, role: "user", parts: [{ type: "text", text: "what's on day 2?" }] },
      }),
    });
    const reader = res.body?.getReader();
    if (!reader) throw new Error(`chat answered ${res.status}`);
    await reader.read();
    out.push(performance.now() - t0);
    while (!(await reader.read()).done) {}
  }
  return out;
}

/** Runs the open-loop generator (./paced.ts) in a fresh process; see bench/paced-cli.ts. */
function pacedInOwnProcess(
  url: string,
  rate: number,
  durationS: number,
  headers: Record<string, string>,
): PacedResult {
  const args = [
    url,
    String(rate),
    String(durationS),
    ...Object.entries(headers).map(([k, v]) => `${k}=${v}`),
  ];
  const out = execFileSync("npx", ["tsx", path.join("bench", "paced-cli.ts"), ...args], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as PacedResult;
}

/**
 * Starts the production server on `port` with the bench environment.
 * @param without environment variables of this process the server must not see (e.g.
 *        DATABASE_URL, to run one on PGlite next to the Postgres one)
 */
function startServer(
  port: number,
  dataDir: string,
  extra: Record<string, string> = {},
  without: string[] = [],
): ChildProcess {
  const inherited = { ...process.env };
  for (const k of without) delete inherited[k];
  return spawn("npx", ["tsx", "lib/server/main.ts"], {
    env: {
      ...inherited,
      NODE_ENV: "production",
      PORT: String(port),
      PGLITE_DIR: path.join(dataDir, "pglite"),
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      OPENAI_API_KEY: "",
      // The Redis limiter stays in the request path; the scale keeps one user from tripping it.
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      RATE_LIMIT_SCALE: "100000",
      BENCH_ROUTES: "1",
      ...extra,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
}

/**
 * The fan-out part: a trip shared with 10 members (WebSocket allows 10 sockets per user),
 * 100 subscribers of each kind, 30 writes each; across instances on Postgres.
 */
async function fanoutBench(ownerToken: string, dataDir: string): Promise<void> {
  const trip = await api("/api/trips", {
    method: "POST",
    token: ownerToken,
    body: JSON.stringify({ title: "Fan-out trip", start_date: "2030-05-01", end_date: "2030-05-03" }),
  });
  const members: string[] = [];
  for (let i = 0; i < 10; i++) {
    const email = `fan-${Date.now()}-${i}@example.com`;
    const m = await api("/api/auth/register", {
      method: "POST",
      body: JSON.stringify({ email, password: "bench-password-1", name: `Fan ${i}` }),
    });
    await api(`/api/trips/${trip.id}/share`, {
      method: "POST",
      token: ownerToken,
      body: JSON.stringify({ user_emails: [email], permission_level: "viewer" }),
    });
    members.push(m.access_token);
  }
  const common = {
    writeTo: BASE,
    tripId: trip.id,
    writerToken: ownerToken,
    memberTokens: members,
    subscribers: 100,
    rounds: 30,
  };
  const results: FanoutResult[] = [
    await fanout({ ...common, kind: "sse" }),
    await fanout({ ...common, kind: "ws" }),
  ];
  const labels = ["SSE, one instance", "WebSocket, one instance"];
  let second: ChildProcess | undefined;
  try {
    if (process.env.DATABASE_URL) {
      second = startServer(PORT + 1, dataDir);
      const other = `http://127.0.0.1:${PORT + 1}`;
      await waitForServer(other);
      results.push(await fanout({ ...common, kind: "sse", subscribeTo: other }));
      results.push(await fanout({ ...common, kind: "ws", subscribeTo: other }));
      labels.push("SSE, across two instances", "WebSocket, across two instances");
    }
  } finally {
    if (second?.pid) process.kill(-second.pid, "SIGTERM");
  }
  console.log("\nFan-out: write sent → every one of 100 subscribers has the event (30 writes each)");
  console.table(
    Object.fromEntries(
      results.map((r, i) => [
        labels[i],
        {
          "all p50 ms": r.allP50,
          "all p99 ms": r.allP99,
          "each p50 ms": r.eachP50,
          "each p99 ms": r.eachP99,
          "write p50 ms": r.writeP50,
          "write p99 ms": r.writeP99,
          missed: r.missed,
          "target (p99 < 100 ms)": r.allP99 < 100 && r.missed === 0 ? "met" : "NOT met",
        },
      ]),
    ),
  );
  if (!process.env.DATABASE_URL) console.log("(across instances: needs DATABASE_URL; PGlite is one process)");
}

/** The app's added time to first byte with a paced local model (./first-byte.ts), on a server of its own. */
function firstByte(dataDir: string): Promise<void> {
  return firstByteBench({
    port: PORT + 2,
    waitForServer,
    startServer: (port, env) => {
      // PGlite allows one process per data directory: this server gets its own.
      const child = startServer(port, dataDir, {
        PGLITE_DIR: path.join(dataDir, "pglite-first-byte"),
        ...env,
      });
      return { stop: () => child.pid && process.kill(-child.pid, "SIGTERM") };
    },
  });
}

/** Registers a user on `base` and gives them a 10-day trip with 30 segments. */
async function seedTrip(base: string): Promise<{ token: string; userId: string; tripId: string }> {
  const call = (pathname: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${base}${pathname}`, {
      ...init,
      headers: {
        "content-type": "application/json",
        ...(init.token && { authorization: `Bearer ${init.token}` }),
      },
    }).then(async (res) => {
      if (!res.ok)
        throw new Error(`${init.method ?? "GET"} ${pathname} → ${res.status}: ${await res.text()}`);
      return res.json();
    });
  const auth = await call("/api/auth/register", {
    method: "POST",
    body: JSON.stringify({
      email: `bench-${Date.now()}@example.com`,
      password: "bench-password-1",
      name: "Bench",
    }),
  });
  const token: string = auth.access_token;
  const trip = await call("/api/trips", {
    method: "POST",
    token,
    body: JSON.stringify({
      title: "Bench trip",
      start_date: "2030-05-01",
      end_date: "2030-05-10",
      destinations: [{ name: "Rome" }],
    }),
  });
  const blocks = ["morning", "afternoon", "evening"];
  for (let i = 0; i < 30; i++) {
    await call(`/api/itineraries/${trip.id}/segments`, {
      method: "POST",
      token,
      body: JSON.stringify({
        type: "activity",
        title: `Stop ${i + 1}`,
        day_index: (i % 10) + 1,
        time_block: blocks[i % 3],
        price: { amount: 10 + i, currency: "EUR" },
      }),
    });
  }
  return { token, userId: auth.user.id, tripId: trip.id };
}

/**
 * What Next's request pipeline costs: the health and itinerary handlers through Next and the
 * same handlers called straight from the Node server (lib/server/bench-routes.ts), alternated.
 */
async function pipelineCost(base: string, tripId: string, token: string): Promise<void> {
  const authz = { authorization: `Bearer ${token}` };
  const pairs = {
    health: [`${base}/api/health`, `${base}/__bench/direct/api/health`, {}],
    itinerary: [
      `${base}/api/itineraries/${tripId}`,
      `${base}/__bench/direct/api/itineraries/${tripId}`,
      authz,
    ],
  } as const;
  const out: Record<string, ReturnType<typeof row>> = {};
  const rate: Record<string, number[]> = {};
  for (let round = 0; round < 2; round++) {
    for (const [name, [viaNext, direct, headers]] of Object.entries(pairs)) {
      for (const [label, url] of [
        [`${name} through Next`, viaNext],
        [`${name} direct (no Next)`, direct],
      ] as const) {
        const r = await load(label, url, headers);
        rate[label] = [...(rate[label] ?? []), r.requests.average];
        out[`${label} #${round + 1}`] = row(r);
      }
    }
  }
  console.log("\nNext.js request pipeline: the same handler through Next and called directly (alternated)");
  console.table(out);
  const avg = (label: string) => (rate[label] ?? []).reduce((a, b) => a + b, 0) / (rate[label]?.length || 1);
  for (const name of Object.keys(pairs)) {
    const next = avg(`${name} through Next`);
    const direct = avg(`${name} direct (no Next)`);
    const nextMs = 1000 / next;
    const directMs = 1000 / direct;
    console.log(
      `${name}: through Next ${next.toFixed(0)} req/s, direct ${direct.toFixed(0)} req/s → Next keeps ` +
        `${((100 * next) / direct).toFixed(1)}%; its pipeline is ${((100 * (nextMs - directMs)) / nextMs).toFixed(1)}% ` +
        `of the server time per request (${(nextMs - directMs).toFixed(2)} of ${nextMs.toFixed(2)} ms at ${CONNECTIONS} connections)`,
    );
  }
  const directRatio = avg("itinerary direct (no Next)") / avg("health direct (no Next)");
  console.log(`itinerary / health without Next: ${(100 * directRatio).toFixed(1)}%`);
}

/**
 * The itinerary figures again on a server of its own on PGlite (when the main run is on
 * Postgres), with its RSS after start and after the runs.
 */
async function pgliteBench(dataDir: string): Promise<void> {
  const port = PORT + 3;
  const base = `http://127.0.0.1:${port}`;
  const child = startServer(port, dataDir, { PGLITE_DIR: path.join(dataDir, "pglite-itinerary") }, [
    "DATABASE_URL",
  ]);
  try {
    await waitForServer(base);
    const rssAtStart = serverRssMb(child.pid);
    const { token, tripId } = await seedTrip(base);
    await load("warm-up", `${base}/api/health`);
    await load("warm-up", `${base}/api/itineraries/${tripId}`, { authorization: `Bearer ${token}` });
    const health = await load("health", `${base}/api/health`);
    console.log(
      `\n=== PGlite (a server of its own) ===\nGET /api/health: ${Math.round(health.requests.average)} req/s`,
    );
    console.log(`server RSS after start: ${rssAtStart} MB`);
    await itineraryBench({ base, token, tripId, load, serverGroup: child.pid }, health.requests.average);
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  }
}

/** One result standing for several runs of the same load: mean req/s and latencies, summed counts. */
function averaged(rs: autocannon.Result[]): autocannon.Result {
  const m = (f: (r: autocannon.Result) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  const first = rs[0] as autocannon.Result;
  return {
    ...first,
    requests: { ...first.requests, average: m((r) => r.requests.average) },
    latency: { ...first.latency, p50: m((r) => r.latency.p50), p99: m((r) => r.latency.p99) },
    non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
    errors: rs.reduce((a, r) => a + r.errors, 0),
  };
}

const dbName = process.env.DATABASE_URL ? "Postgres" : "PGlite";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main() {
  if (process.env.BENCH_SKIP_BUILD !== "1") execSync("npx next build", { stdio: "inherit" });
  const dataDir = mkdtempSync(path.join(tmpdir(), "tripsage-bench-"));
  console.log(
    `load average (1/5/15 min) at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}`,
  );
  const server = startServer(PORT, dataDir);
  try {
    await waitForServer();
    const rssAtStart = serverRssMb(server.pid);
    if (process.env.BENCH_ONLY === "fanout" || process.env.BENCH_ONLY === "first-byte") {
      const auth = await api("/api/auth/register", {
        method: "POST",
        body: JSON.stringify({
          email: `bench-${Date.now()}@example.com`,
          password: "bench-password-1",
          name: "Bench",
        }),
      });
      if (process.env.BENCH_ONLY === "fanout") return await fanoutBench(auth.access_token, dataDir);
      return await firstByte(dataDir);
    }
    const seeded = await seedTrip(BASE);
    const { token } = seeded;
    const auth = { user: { id: seeded.userId } };
    const trip = { id: seeded.tripId };
    // Warm up both routes so JIT and connection pools are steady before measuring.
    await load("warm-up", `${BASE}/api/health`);
    await load("warm-up", `${BASE}/api/itineraries/${trip.id}`, { authorization: `Bearer ${token}` });
    // Two alternated rounds each, so that drift on a shared machine hits both alike.
    const itineraryRuns: autocannon.Result[] = [];
    const healthRuns: autocannon.Result[] = [];
    for (let i = 0; i < 2; i++) {
      itineraryRuns.push(
        await load("itinerary", `${BASE}/api/itineraries/${trip.id}`, { authorization: `Bearer ${token}` }),
      );
      healthRuns.push(await load("health", `${BASE}/api/health`));
    }
    const itinerary = averaged(itineraryRuns);
    const health = averaged(healthRuns);
    if (process.env.BENCH_ONLY === "itinerary") {
      console.log(`\nTripSage itinerary benchmark — ${CONNECTIONS} connections × ${DURATION_S}s, ${dbName}`);
      console.table({
        "GET /api/itineraries/{id} (30 segments)": row(itinerary),
        "GET /api/health": row(health),
        runs: { "req/s": itineraryRuns.map((r) => Math.round(r.requests.average)).join(" / ") },
      });
      console.log(
        `itinerary / health throughput ratio: ${(100 * (itinerary.requests.average / health.requests.average)).toFixed(1)}%`,
      );
      await pipelineCost(BASE, trip.id, token);
      console.log(`\n=== ${dbName} ===`);
      await itineraryBench(
        { base: BASE, token, tripId: trip.id, load, serverGroup: server.pid },
        health.requests.average,
      );
      console.log(
        `load average (1/5/15 min) at the end: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" / ")}`,
      );
      return;
    }
    const ttfb = await timeToFirstByte(trip.id, token);

    // Issue 3: GET /api/trips for a user with 50 trips — full stack vs a bare handler.
    for (let i = 0; i < 49; i++) {
      await api("/api/trips", {
        method: "POST",
        token,
        body: JSON.stringify({
          title: `Trip ${i}`,
          start_date: "2031-01-01",
          end_date: "2031-01-05",
          destinations: [{ name: "Oslo" }],
        }),
      });
    }
    const authz = { authorization: `Bearer ${token}` };
    await load("warm-up", `${BASE}/api/trips`, authz);
    // Alternate the two so that drift on a shared machine hits both equally.
    const fullRuns: autocannon.Result[] = [];
    const bareRuns: autocannon.Result[] = [];
    for (let i = 0; i < 2; i++) {
      bareRuns.push(await load("trips bare", `${BASE}/api/bench/trips?user_id=${auth.user.id}`));
      fullRuns.push(await load("trips full", `${BASE}/api/trips`, authz));
    }
    const paced = pacedInOwnProcess(`${BASE}/api/trips`, 200, 15, authz);
    console.log(
      `\nTripSage benchmark — ${CONNECTIONS} connections × ${DURATION_S}s, ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}`,
    );
    console.table({
      "GET /api/itineraries/{id} (30 segments)": row(itinerary),
      "GET /api/health": row(health),
    });
    const ratio = itinerary.requests.average / health.requests.average;
    console.log(`itinerary / health throughput ratio: ${ratio.toFixed(3)} (${(100 * ratio).toFixed(1)}%)`);
    console.log(
      `p99 ratio (itinerary / health): ${(itinerary.latency.p99 / Math.max(1, health.latency.p99)).toFixed(2)}`,
    );
    const mean = (rs: autocannon.Result[], f: (r: autocannon.Result) => number) =>
      rs.reduce((a, r) => a + f(r), 0) / rs.length;
    const summary = (rs: autocannon.Result[]) => ({
      "req/s": Math.round(mean(rs, (r) => r.requests.average)),
      "p50 ms": Math.round(mean(rs, (r) => r.latency.p50)),
      "p99 ms": Math.round(mean(rs, (r) => r.latency.p99)),
      "non-2xx": rs.reduce((a, r) => a + r.non2xx, 0),
      errors: rs.reduce((a, r) => a + r.errors, 0),
      runs: rs.map((r) => Math.round(r.requests.average)).join(" / "),
    });
    console.table({
      "GET /api/trips (JWT, Redis limiter, 50 trips)": summary(fullRuns),
      "bare handler, same query": summary(bareRuns),
    });
    const keep = mean(fullRuns, (r) => r.requests.average) / mean(bareRuns, (r) => r.requests.average);
    console.log(
      `full stack keeps ${(100 * keep).toFixed(1)}% of bare throughput (target ≥ 80%): ${keep >= 0.8 ? "met" : "NOT met"}`,
    );
    console.log(
      `GET /api/trips at a steady 200 req/s for 15 s (open loop): ${paced.ok}/${paced.sent} ok, ` +
        `p50 ${paced.p50} ms, p90 ${paced.p90} ms, p99 ${paced.p99} ms, max ${paced.max} ms ` +
        `(generator's own largest send delay ${paced.max_send_lag} ms) ` +
        `(target p99 < 100 ms): ${paced.p99 < 100 && paced.failed === 0 ? "met" : "NOT met"}`,
    );
    console.log(
      `chat time to first streamed byte (offline model, ${ttfb.length} samples): median ${median(ttfb).toFixed(1)} ms, min ${Math.min(...ttfb).toFixed(1)} ms, max ${Math.max(...ttfb).toFixed(1)} ms`,
    );
    console.log(`server RSS after start: ${rssAtStart} MB`);
    await pipelineCost(BASE, trip.id, token);
    console.log(`\n=== ${process.env.DATABASE_URL ? "Postgres" : "PGlite"} ===`);
    await itineraryBench(
      { base: BASE, token, tripId: trip.id, load, serverGroup: server.pid },
      health.requests.average,
    );
    if (process.env.DATABASE_URL && process.env.BENCH_PGLITE !== "0") await pgliteBench(dataDir);
    console.log(
      `load average (1/5/15 min) after the read and write runs: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" / ")}`,
    );
    // The trip page at 200 items in Chromium (first render, INP of add / move / delete).
    await measureTripPage(BASE);
    await firstByte(dataDir);
    await fanoutBench(token, dataDir);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
