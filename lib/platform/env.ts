/**
 * The one place `process.env` is read. Every variable is optional: with none set the app
 * runs on embedded defaults (PGlite under `.data/`, an in-process rate limiter, the
 * offline assistant model, the offline flight model, and an auth secret generated once and
 * kept in `.data/`).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data"),
  PGLITE_DIR: z.string().optional(),
  AUTH_SECRET: z.string().min(32).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  AI_MODEL: z.string().min(1).optional(),
  /** Duffel access token (duffel_test_... or duffel_live_...); when set, flights come from Duffel. */
  DUFFEL_ACCESS_TOKEN: z.string().min(1).optional(),
  /** Duffel API root (tests point it at a local stand-in). */
  DUFFEL_BASE_URL: z.string().url().default("https://api.duffel.com"),
  /** "false" stops the demo user and trip from being created in an empty database. */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** Cost ceiling per designer session in USD (Trip Designer API: default $2.00). */
  SESSION_COST_LIMIT_USD: z.coerce.number().positive().default(2),
  /** User messages one designer session accepts, whatever the model costs (the offline model is free). */
  SESSION_MESSAGE_LIMIT: z.coerce.number().int().positive().default(200),
  /**
   * Model prices in USD per million tokens, JSON `{"model": [input, output]}`, merged over the
   * built-in table (lib/domain/ai/pricing.ts).
   */
  AI_PRICES: z.string().optional(),
  /** Price of a model missing from the table, "input,output" USD per million tokens. */
  AI_DEFAULT_PRICE: z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*$/, 'expected "input,output", e.g. "5,15"')
    .default("5,15"),
  APP_VERSION: z.string().default("1.0.0"),
  /** Longest wait for a new Postgres connection, seconds (postgres.js `connect_timeout`). */
  DB_CONNECT_TIMEOUT_S: z.coerce.number().positive().max(120).default(5),
  /** Postgres `statement_timeout` of every pooled connection, ms (0 = none). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  /** Port and interface of `npm start` / `npm run dev` (lib/server/main.ts). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Unset: 0.0.0.0, or 127.0.0.1 when TRUST_PROXY_HOPS > 0 (see lib/server/listen.ts). */
  HOST: z.string().optional(),
  /** "true" lets the server bind 0.0.0.0/:: although TRUST_PROXY_HOPS > 0. */
  ALLOW_PUBLIC_BIND_WITH_PROXY: z.enum(["true", "false"]).default("false"),
  UPSTASH_REDIS_REST_URL: z.string().url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** Plain Redis for rate limits (self-hosting, tests), e.g. redis://127.0.0.1:6379. */
  REDIS_URL: z.string().url().optional(),
  /** How many reverse proxies append to X-Forwarded-For in front of us; 0 = trust none. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Multiplies every rate limit (load tests keep the limiter in the path without tripping it). */
  RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /** "1" enables /api/bench/* routes used by `npm run bench` (never in production). */
  BENCH_ROUTES: z.enum(["0", "1"]).default("0"),
  /** "false" turns rate limiting off (local load tests only). */
  RATE_LIMIT: z.enum(["true", "false"]).default("true"),
});

/**
 * Settings read on every use rather than cached at start-up, so an operator can change
 * them without a restart (and tests can stub them):
 * - `WEBHOOK_ALLOWED_HOSTS`: comma-separated hosts/IPs exempt from the webhook SSRF guard
 *   (e.g. `127.0.0.1,localhost` for local development; unset in production).
 */
export function liveEnv(name: "WEBHOOK_ALLOWED_HOSTS"): string | undefined {
  const v = process.env[name];
  return v === "" ? undefined : v;
}

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string; PGLITE_DIR: string };

let cached: Env | undefined;

/**
 * Validated environment. Throws a readable Error listing every bad variable.
 * When `AUTH_SECRET` is unset, a 256-bit secret is generated once and stored in
 * `${DATA_DIR}/auth-secret` so sessions survive restarts; it is also copied into
 * `process.env.AUTH_SECRET`, where Auth.js reads it.
 */
export function env(): Env {
  if (cached) return cached;
  const blankless = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment variables:\n${lines}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const secret = e.AUTH_SECRET ?? persistedSecret(dataDir);
  process.env.AUTH_SECRET = secret;
  cached = {
    ...e,
    DATA_DIR: dataDir,
    AUTH_SECRET: secret,
    PGLITE_DIR: e.PGLITE_DIR ?? path.join(dataDir, "pglite"),
  };
  return cached;
}

function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
