/**
 * CPU profile of the production server while autocannon drives one read, and the functions
 * with the most self time. Figures only; asserts nothing.
 *
 *   npx tsx bench/profile.ts [itinerary|health|both] [appDir]
 *
 * Starts `node --cpu-prof --import tsx lib/server/main.ts` (NODE_ENV=production, a `.next`
 * build must exist in `appDir`, default the current directory) on PROFILE_PORT (default
 * 3247) with Postgres when DATABASE_URL is set (else a fresh PGlite directory) and the Redis
 * limiter when REDIS_URL is set; registers a user, creates a trip with 30 segments (500 with
 * PROFILE_SEGMENTS=500), drives `GET /api/itineraries/{id}` (and/or `/api/health`) for
 * PROFILE_DURATION seconds (default 15) with PROFILE_CONNECTIONS (default 10), stops the
 * server and prints the top self-time functions of the profile it wrote, grouped as well by
 * where the code lives (Next.js, React, jose/webcrypto, drivers, our code, GC, idle).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const kind = process.argv[2] ?? "itinerary";
const appDir = path.resolve(process.argv[3] ?? ".");
const PORT = Number(process.env.PROFILE_PORT ?? 3247);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.PROFILE_DURATION ?? 15);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 10);
const SEGMENTS = Number(process.env.PROFILE_SEGMENTS ?? 30);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function api(pathname: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${BASE}${pathname}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token && { authorization: `Bearer ${init.token}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${pathname} → ${res.status}: ${await res.text()}`);
  return res.json();
}

function drive(url: string, headers: Record<string, string>, duration = DURATION) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, headers, connections: CONNECTIONS, duration }, (e, r) => (e ? reject(e) : resolve(r))),
  );
}

/** Where a frame's code lives, for the grouped view. */
function area(url: string, name: string): string {
  if (name === "(garbage collector)") return "GC";
  if (name === "(idle)" || name === "(program)") return name;
  if (!url) return "native / V8";
  if (/node_modules\/next\//.test(url) || /\.next\/server\/(chunks|app)\/.*next/.test(url)) return "Next.js";
  if (/react-dom|react-server|\/react\//.test(url)) return "React";
  if (/jose|webcrypto/.test(url)) return "jose / webcrypto";
  if (/postgres|drizzle|pglite/.test(url)) return "database drivers";
  if (/ioredis|upstash/.test(url)) return "Redis limiter";
  if (url.startsWith("node:")) return "Node core";
  if (/\.next\/server/.test(url)) return "app bundle (ours + inlined libs)";
  return "other";
}

function report(file: string): void {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  // Only the measured run: the last DURATION seconds before the server was stopped (start-up,
  // module loading and the warm-up are left out).
  const at: number[] = [];
  let t = 0;
  for (const d of p.timeDeltas) {
    t += d;
    at.push(t);
  }
  const to = t - 200_000;
  const from = to - DURATION * 1e6;
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const when = at[i] as number;
    if (when < from || when > to) continue;
    const id = p.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let busy = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || "(anonymous)";
    if (name !== "(idle)") busy += us;
    const short = url.replace(/^.*\/(node_modules\/)?/, "");
    const key = `${name}  ${short}${url ? `:${lineNumber + 1}` : ""}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const a = area(url, name);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
  console.log(
    `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle`,
  );
  console.log("\nSelf time by area (% of non-idle):");
  console.table(
    Object.fromEntries(
      [...byArea]
        .filter(([a]) => a !== "(idle)")
        .sort((x, y) => y[1] - x[1])
        .map(([a, us]) => [a, { ms: Math.round(us / 1000), share: pct(us) }]),
    ),
  );
  console.log("Top 25 functions by self time:");
  console.table(
    [...byFn]
      .filter(([k]) => !k.startsWith("(idle)"))
      .sort((x, y) => y[1] - x[1])
      .slice(0, 25)
      .map(([k, us]) => ({ function: k.slice(0, 110), ms: Math.round(us / 1000), share: pct(us) })),
  );
}

async function main() {
  const data = mkdtempSync(path.join(tmpdir(), "tripsage-profile-"));
  const out = path.join(data, "prof");
  const server: ChildProcess = spawn(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${out}`, "--import", "tsx", "lib/server/main.ts"],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(PORT),
        HOST: "127.0.0.1",
        PGLITE_DIR: path.join(data, "pglite"),
        DATA_DIR: data,
        SEED_DEMO: "false",
        OPENAI_API_KEY: "",
        RATE_LIMIT_SCALE: "100000",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const exited = new Promise<void>((r) => server.on("exit", () => r()));
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${BASE}/api/health`)).ok) break;
      } catch {}
      if (i > 240) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    const auth = await api("/api/auth/register", {
      method: "POST",
      body: { email: `prof-${Date.now()}@example.com`, password: "bench-password-1", name: "Prof" },
    });
    const token: string = auth.access_token;
    const trip = await api("/api/trips", {
      method: "POST",
      token,
      body: { title: "Profile trip", start_date: "2030-05-01", end_date: "2030-05-14" },
    });
    const blocks = ["morning", "afternoon", "evening"];
    for (let i = 0; i < SEGMENTS; i++) {
      await api(`/api/itineraries/${trip.id}/segments`, {
        method: "POST",
        token,
        body: {
          type: "activity",
          title: `Stop ${i + 1}`,
          day_index: (i % 14) + 1,
          time_block: blocks[i % 3],
        },
      });
    }
    const itinerary = `${BASE}/api/itineraries/${trip.id}`;
    const authz = { authorization: `Bearer ${token}` };
    await drive(itinerary, authz, 3);
    await drive(`${BASE}/api/health`, {}, 3);
    const runs: Record<string, autocannon.Result> = {};
    if (kind !== "health") runs[`GET itinerary (${SEGMENTS} segments)`] = await drive(itinerary, authz);
    if (kind !== "itinerary") runs["GET /api/health"] = await drive(`${BASE}/api/health`, {});
    console.table(
      Object.fromEntries(
        Object.entries(runs).map(([k, r]) => [
          k,
          { "req/s": Math.round(r.requests.average), "p50 ms": r.latency.p50, "p99 ms": r.latency.p99 },
        ]),
      ),
    );
  } finally {
    server.kill("SIGTERM");
    await exited;
  }
  const files = readdirSync(out).filter((f) => f.endsWith(".cpuprofile"));
  // The largest profile is the server's (tsx may leave a tiny one of its own).
  const biggest = files
    .map((f) => path.join(out, f))
    .sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!biggest) throw new Error("no profile written");
  report(biggest);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
