/**
 * Itinerary read and write paths for `npm run bench` (run by ./run.ts against the server it
 * started): conditional revalidation (If-None-Match → 304), reads at 30 vs 500 segments,
 * sequential add/update latency, 20 concurrent writers on one trip with a check that every
 * acknowledged write is present afterwards, and the server's resident memory.
 * Figures only: nothing here asserts a timing.
 */
import { execFileSync } from "node:child_process";
import type autocannon from "autocannon";

type Load = (
  title: string,
  url: string,
  headers?: Record<string, string>,
  extra?: Partial<autocannon.Options>,
) => Promise<autocannon.Result>;

interface Ctx {
  base: string;
  token: string;
  /** A trip with 30 segments already. */
  tripId: string;
  load: Load;
  /** Process group id of the server (its `npx` wrapper); RSS is read from the largest member. */
  serverGroup: number | undefined;
}

/** Percentile `p` (0-100) of `xs` by nearest rank (NaN for no samples). */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
}

/** Resident set size in MB of the largest process in group `pgid` (the Node server), from `ps`. */
export function serverRssMb(pgid: number | undefined): number {
  if (!pgid) return Number.NaN;
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-g", String(pgid)], { encoding: "utf8" });
    const kb = Math.max(...out.split("\n").map((l) => Number(l.trim()) || 0));
    return Math.round(kb / 1024);
  } catch {
    return Number.NaN;
  }
}

async function req(base: string, token: string, method: string, pathname: string, body?: unknown) {
  const t0 = performance.now();
  const res = await fetch(`${base}${pathname}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${method} ${pathname} → ${res.status}: ${text}`);
  return { ms, json: text ? JSON.parse(text) : null };
}

/** Runs the itinerary figures and prints them; returns nothing (figures only). */
export async function itineraryBench(ctx: Ctx, healthReqPerS: number): Promise<void> {
  const { base, token, tripId, load } = ctx;
  const auth = { authorization: `Bearer ${token}` };
  const url = `${base}/api/itineraries/${tripId}`;

  // 304 revalidation: the client's copy is current.
  const first = await fetch(url, { headers: auth });
  const tag = first.headers.get("etag") ?? "";
  await first.arrayBuffer();
  const revalidate = await load("itinerary 304", url, { ...auth, "if-none-match": tag });
  const full30 = await load("itinerary 30", url, auth);

  // A second trip with 500 segments.
  const big = await req(base, token, "POST", "/api/trips", {
    title: "Bench 500",
    start_date: "2030-07-01",
    end_date: "2030-07-14",
    destinations: [{ name: "Kyoto" }],
  });
  const bigId: string = big.json.id;
  const blocks = ["morning", "afternoon", "evening"];
  const adds: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 500; i++) {
    const r = await req(base, token, "POST", `/api/itineraries/${bigId}/segments`, {
      type: "activity",
      title: `Stop ${i + 1}`,
      day_index: (i % 14) + 1,
      time_block: blocks[i % 3],
      price: { amount: 5 + (i % 40), currency: "JPY" },
    });
    adds.push(r.ms);
    ids.push(r.json.id);
  }
  const updates: number[] = [];
  for (let i = 0; i < 200; i++) {
    const id = ids[i * 2] as string;
    updates.push(
      (await req(base, token, "PUT", `/api/itineraries/${bigId}/segments/${id}`, { notes: `n${i}` })).ms,
    );
  }
  const full500 = await load("itinerary 500", `${base}/api/itineraries/${bigId}`, auth, { connections: 10 });
  const full30at10 = await load("itinerary 30 @10", url, auth, { connections: 10 });

  // 20 concurrent writers on one trip, 25 adds each.
  const crowd = await req(base, token, "POST", "/api/trips", {
    title: "Bench writers",
    start_date: "2030-09-01",
    end_date: "2030-09-07",
    destinations: [{ name: "Osaka" }],
  });
  const crowdId: string = crowd.json.id;
  const lat: number[] = [];
  const acked = new Set<string>();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async (_, w) => {
      for (let i = 0; i < 25; i++) {
        const r = await req(base, token, "POST", `/api/itineraries/${crowdId}/segments`, {
          type: "note",
          title: `w${w}-${i}`,
          day_index: (i % 7) + 1,
        });
        lat.push(r.ms);
        acked.add(r.json.id);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const after = await req(base, token, "GET", `/api/itineraries/${crowdId}`);
  const present = new Set<string>(
    [
      ...after.json.days.flatMap((d: { segments: { id: string }[] }) => d.segments),
      ...after.json.unscheduled,
    ].map((s: { id: string }) => s.id),
  );
  const lost = [...acked].filter((id) => !present.has(id)).length;

  const row = (r: autocannon.Result) => ({
    "req/s": Math.round(r.requests.average),
    "p50 ms": r.latency.p50,
    "p99 ms": r.latency.p99,
    "non-2xx": r.non2xx,
  });
  console.log("\nItinerary read and write paths");
  console.table({
    "GET itinerary 30 segments": row(full30),
    // autocannon counts a 304 as non-2xx: that column is the number of 304s here.
    "GET itinerary 30 segments, If-None-Match → 304": row(revalidate),
    "GET itinerary 30 segments (10 connections)": row(full30at10),
    "GET itinerary 500 segments (10 connections)": row(full500),
  });
  console.log(
    `itinerary (30) / health throughput: ${((100 * full30.requests.average) / healthReqPerS).toFixed(1)}% (target ≥ 60%); ` +
      `304 / health: ${((100 * revalidate.requests.average) / healthReqPerS).toFixed(1)}%; ` +
      `p50 growth 30 → 500 segments: ${(full500.latency.p50 / Math.max(0.5, full30at10.latency.p50)).toFixed(2)}× (target < 3×)`,
  );
  console.log(
    `add a segment (sequential, 500): p50 ${pct(adds, 50).toFixed(1)} ms, p99 ${pct(adds, 99).toFixed(1)} ms; ` +
      `update (sequential, 200): p50 ${pct(updates, 50).toFixed(1)} ms, p99 ${pct(updates, 99).toFixed(1)} ms`,
  );
  console.log(
    `20 concurrent writers × 25 adds on one trip: ${(acked.size / wall).toFixed(0)} adds/s, ` +
      `p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms; acknowledged ${acked.size}, ` +
      `present afterwards ${acked.size - lost}, lost ${lost}`,
  );
  console.log(`server RSS after the runs: ${serverRssMb(ctx.serverGroup)} MB`);
}
