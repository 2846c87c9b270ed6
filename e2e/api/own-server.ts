/**
 * Starts the production server (`lib/server/main.ts` with NODE_ENV=production, over the
 * existing `.next` build) as a child process with its own environment, for specs that need
 * settings the shared Playwright server does not have (no trusted proxy, a scripted model).
 * Each gets a throw-away PGlite and data directory. Also: plain HTTP from a chosen local
 * address (Linux routes all of 127.0.0.0/8 to the loopback interface, so binding the client
 * socket to 127.0.0.2 makes a second, distinct client).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

export interface OwnServer {
  proc: ChildProcess;
  /** Everything the server printed (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Spawns the server; does not wait for it (see {@link waitHealthy}). */
export function spawnServer(env: Record<string, string>): OwnServer {
  const proc = spawn(path.resolve("node_modules/.bin/tsx"), ["lib/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SEED_DEMO: "false",
      AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdefghijklmnop",
      OPENAI_API_KEY: "",
      DATABASE_URL: "",
      REDIS_URL: "",
      PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "tripsage-own-pglite-")),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "tripsage-own-data-")),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += d;
  });
  proc.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return {
    proc,
    output: () => out,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.pid) {
        proc.kill("SIGTERM");
        const t = setTimeout(() => proc.kill("SIGKILL"), 8000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by assertions
  json: () => any;
}

/**
 * One HTTP request from `localAddress` (e.g. "127.0.0.2") to `http://host:port{path}`.
 * @throws the socket error (e.g. ECONNREFUSED) when nothing listens there
 */
export function rawRequest(
  url: string,
  opts: { method?: string; localAddress?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawResponse> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? (payload ? "POST" : "GET"),
        localAddress: opts.localAddress,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...opts.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * Waits until `GET {base}/api/health` answers 200, asking from `localAddress` (keep it apart
 * from the addresses a test counts on: each probe uses that client's anonymous bucket).
 * @throws when the server exits or does not answer within `timeoutMs`
 */
export async function waitHealthy(
  server: OwnServer,
  base: string,
  localAddress: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.proc.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    try {
      if ((await rawRequest(`${base}/api/health`, { localAddress })).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy:\n${server.output()}`);
}
