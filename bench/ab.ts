/**
 * Before/after comparison of two builds of the app on one machine, in one run: starts the
 * production server of each checkout (each needs its own `.next` build), seeds each with a
 * user and a 30-segment trip, then alternates rounds between them so that drift on a shared
 * machine hits both alike:
 *   - GET /api/health, GET /api/itineraries/{id} (30 segments), the same with If-None-Match (304),
 *     all at AB_CONNECTIONS (default 50) for AB_DURATION seconds (default 5), AB_ROUNDS (default 3),
 *   - 100 sequential segment adds (p50/p99) and 20 concurrent writers × 25 adds on one trip
 *     (adds/s, p50/p99, lost = acknowledged but absent afterwards).
 * Figures only: asserts nothing. Ratios within one run are what is meaningful.
 *
 *   npx tsx bench/ab.ts <before checkout> <after checkout>
 *
 * Uses DATABASE_URL (Postgres) when set, else a fresh PGlite directory per server; ports
 * AB_PORT (default 3442) and AB_PORT + 1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { pct, serverRssMb } from "./itinerary";

const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length !== 2) throw new Error("usage: tsx bench/ab.ts <before checkout> <after checkout>");
const [beforeDir, afterDir] = dirs as [string, string];
const PORT = Number(process.env.AB_PORT ?? 3442);
const DURATION = Number(process.env.AB_DURATION ?? 5);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 3);

interface Side {
  name: string;
  base: string;
  child: ChildProcess;
  token: string;
  tripId: string;
  tag: string;
}

function start(dir: string, port: number, dataDir: string): ChildProcess {
  return spawn("npx", ["tsx", "lib/server/main.ts"], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PGLITE_DIR: path.join(dataDir, `pglite-${port}`),
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      OPENAI_API_KEY: "",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      RATE_LIMIT_SCALE: "100000",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
}

async function up(base: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base} did not start`);
}

async function call(
  base: string,
  pathname: string,
  init: { method?: string; token?: string; body?: unknown } = {},
) {
  const t0 = performance.now();
  const res = await fetch(`${base}${pathname}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token && { authorization: `Bearer ${init.token}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${pathname} → ${res.status}: ${text}`);
  return { ms: performance.now() - t0, json: JSON.parse(text), etag: res.headers.get("etag") ?? "" };
}

async function seed(base: string) {
  const auth = await call(base, "/api/auth/register", {
    method: "POST",
    body: {
      email: `ab-${Date.now()}-${Math.random()}@example.com`,
      password: "bench-password-1",
      name: "AB",
    },
  });
  const token: string = auth.json.access_token;
  const trip = await call(base, "/api/trips", {
    method: "POST",
    token,
    body: { title: "AB", start_date: "2030-05-01", end_date: "2030-05-10", destinations: [{ name: "Rome" }] },
  });
  const blocks = ["morning", "afternoon", "evening"];
  for (let i = 0; i < 30; i++) {
    await call(base, `/api/itineraries/${trip.json.id}/segments`, {
      method: "POST",
      token,
      body: {
        type: "activity",
        title: `Stop ${i + 1}`,
        day_index: (i % 10) + 1,
        time_block: blocks[i % 3],
        price: { amount: 10 + i, currency: "EUR" },
        location: { name: `Place ${i}`, coordinates: { latitude: 41.9 + i / 100, longitude: 12.49 } },
      },
    });
  }
  const got = await call(base, `/api/itineraries/${trip.json.id}`, { token });
  return { token, tripId: trip.json.id as string, tag: got.etag };
}

function load(url: string, headers: Record<string, string>) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION }, (e, r) =>
      e ? reject(e) : resolve(r),
    ),
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

async function writes(side: Side) {
  const trip = await call(side.base, "/api/trips", {
    method: "POST",
    token: side.token,
    body: { title: "AB writes", start_date: "2030-07-01", end_date: "2030-07-14" },
  });
  const seq: number[] = [];
  const blocks = ["morning", "afternoon", "evening", undefined];
  for (let i = 0; i < 100; i++) {
    const r = await call(side.base, `/api/itineraries/${trip.json.id}/segments`, {
      method: "POST",
      token: side.token,
      body: { type: "activity", title: `S${i}`, day_index: (i % 14) + 1, time_block: blocks[i % 4] },
    });
    seq.push(r.ms);
  }
  const crowd = await call(side.base, "/api/trips", {
    method: "POST",
    token: side.token,
    body: { title: "AB crowd", start_date: "2030-09-01", end_date: "2030-09-07" },
  });
  const lat: number[] = [];
  const acked = new Set<string>();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async (_, w) => {
      for (let i = 0; i < 25; i++) {
        const r = await call(side.base, `/api/itineraries/${crowd.json.id}/segments`, {
          method: "POST",
          token: side.token,
          body: { type: "note", title: `w${w}-${i}`, day_index: (i % 7) + 1 },
        });
        lat.push(r.ms);
        acked.add(r.json.id);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const after = await call(side.base, `/api/itineraries/${crowd.json.id}`, { token: side.token });
  const days = after.json.days as { segments: { id: string; position: number }[] }[];
  const present = new Set(days.flatMap((d) => d.segments.map((s) => s.id)));
  const dense = days.every((d) => d.segments.every((s, i) => s.position === i));
  return {
    "add p50 ms": +pct(seq, 50).toFixed(1),
    "add p99 ms": +pct(seq, 99).toFixed(1),
    "20 writers adds/s": Math.round(acked.size / wall),
    "writers p50 ms": Math.round(pct(lat, 50)),
    "writers p99 ms": Math.round(pct(lat, 99)),
    lost: [...acked].filter((id) => !present.has(id)).length,
    dense,
  };
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tripsage-ab-"));
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}`,
  );
  const sides: Side[] = [];
  try {
    for (const [name, dir, port] of [
      ["before", beforeDir, PORT],
      ["after", afterDir, PORT + 1],
    ] as const) {
      const child = start(dir, port, dataDir);
      const base = `http://127.0.0.1:${port}`;
      sides.push({ name, base, child, token: "", tripId: "", tag: "" });
      await up(base);
    }
    for (const side of sides) Object.assign(side, await seed(side.base));
    const rate: Record<string, number[]> = {};
    const p50: Record<string, number[]> = {};
    const note = (key: string, r: autocannon.Result) => {
      rate[key] = [...(rate[key] ?? []), r.requests.average];
      p50[key] = [...(p50[key] ?? []), r.latency.p50];
      if (r.errors || (r.non2xx && !key.includes("304")))
        console.log(`${key}: ${r.errors} errors, ${r.non2xx} non-2xx`);
    };
    for (const side of sides) {
      await load(`${side.base}/api/health`, {});
      await load(`${side.base}/api/itineraries/${side.tripId}`, { authorization: `Bearer ${side.token}` });
    }
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order of the sides every round.
      for (const side of round % 2 ? [...sides].reverse() : sides) {
        const auth = { authorization: `Bearer ${side.token}` };
        const url = `${side.base}/api/itineraries/${side.tripId}`;
        note(`${side.name} health`, await load(`${side.base}/api/health`, {}));
        note(`${side.name} itinerary`, await load(url, auth));
        note(`${side.name} 304`, await load(url, { ...auth, "if-none-match": side.tag }));
      }
    }
    console.log(`\nReads: ${CONNECTIONS} connections × ${DURATION}s × ${ROUNDS} rounds, alternated`);
    const table: Record<string, Record<string, number | string>> = {};
    for (const side of sides) {
      const h = mean(rate[`${side.name} health`] ?? []);
      const i = mean(rate[`${side.name} itinerary`] ?? []);
      const n = mean(rate[`${side.name} 304`] ?? []);
      table[side.name] = {
        "health req/s": Math.round(h),
        "itinerary req/s": Math.round(i),
        "304 req/s": Math.round(n),
        "itinerary/health %": +((100 * i) / h).toFixed(1),
        "304/health %": +((100 * n) / h).toFixed(1),
        "itinerary p50 ms": +mean(p50[`${side.name} itinerary`] ?? []).toFixed(1),
        rounds: (rate[`${side.name} itinerary`] ?? []).map((x) => Math.round(x)).join("/"),
      };
    }
    console.table(table);
    const w: Record<string, Record<string, number | boolean>> = {};
    for (let round = 0; round < 2; round++) {
      for (const side of round % 2 ? [...sides].reverse() : sides)
        w[`${side.name} #${round + 1}`] = await writes(side);
    }
    console.log("\nWrites: 100 sequential adds; 20 concurrent writers × 25 adds on one trip");
    console.table(w);
    console.log(
      `server RSS after the runs: ${sides.map((s) => `${s.name} ${serverRssMb(s.child.pid)} MB`).join(", ")}`,
    );
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" / ")}`,
    );
  } finally {
    for (const s of sides) if (s.child.pid) process.kill(-s.child.pid, "SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
