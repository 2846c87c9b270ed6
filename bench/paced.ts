/**
 * An open-loop load generator: requests are *sent on a fixed schedule* (one every
 * 1000/rate ms) whatever the server is doing, and each latency is measured from the moment
 * the request was due, not from when a free connection happened to send it. That is the
 * measurement "p99 at N req/s" asks for.
 *
 * Why not autocannon's `overallRate`: autocannon 9 lets each connection send its whole
 * per-second quota at once and then pause until the next second (lib/httpClient.js,
 * `reqsMadeThisSecond`), so "200 req/s over 20 connections" is 20 concurrent bursts at the
 * top of every second; and its coordinated-omission correction is called with an expected
 * interval of `Math.ceil(1 / rate)` = 1 ms (lib/run.js), which back-fills a synthetic sample
 * for every millisecond of each response. Both inflate the tail far beyond what a steady
 * 200 req/s produces. Correcting with the schedule (Gil Tene's method) is done here instead.
 */
import http from "node:http";

export interface PacedResult {
  /** Requests sent (rate × duration). */
  sent: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Responses with another status, and transport errors. */
  failed: number;
  /** Achieved completion rate, responses per second. */
  rate: number;
  /** Latency percentiles in milliseconds, measured from each request's scheduled send time. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Largest delay between a request's scheduled time and its actual send, ms: the generator's own stalls. */
  max_send_lag: number;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Sends `GET url` at `rate` requests per second for `durationS` seconds over a keep-alive
 * pool of at most `maxSockets` connections, and reports latency percentiles (ms, 2 decimals).
 */
export async function pacedLoad(
  url: string,
  {
    rate,
    durationS,
    headers = {},
    maxSockets = 64,
  }: {
    rate: number;
    durationS: number;
    headers?: Record<string, string>;
    maxSockets?: number;
  },
): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  const total = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let maxSendLag = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];

  const fire = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, headers, agent },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        failed++;
        resolve();
      });
      req.end();
    });

  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    maxSendLag = Math.max(maxSendLag, performance.now() - due);
    pending.push(fire(due));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    sent: total,
    ok,
    failed,
    rate: Math.round(total / elapsed),
    p50: round(percentile(latencies, 0.5)),
    p90: round(percentile(latencies, 0.9)),
    p99: round(percentile(latencies, 0.99)),
    max: round(latencies.at(-1) ?? Number.NaN),
    max_send_lag: round(maxSendLag),
  };
}
