/**
 * Rate limits of the TripSage REST API ("Default Limits"): a sliding window of 60 seconds per
 * caller — 10 requests per minute unauthenticated (keyed by client address, see `clientIp`), 100 with a JWT or browser
 * session (per user), 200 with a basic API key and 1000 with a premium one (per key).
 *
 * Backends, chosen by the environment:
 * - `UPSTASH_REDIS_REST_URL` + `UPSTASH_REDIS_REST_TOKEN`: @upstash/ratelimit over Upstash REST;
 * - `REDIS_URL`: @upstash/ratelimit over plain Redis (ioredis), with the `#!lua flags=…`
 *   shebang its scripts carry stripped, because Redis 7.0 refuses it;
 * - neither: an in-process sliding window with the same arithmetic (one instance only).
 *
 * The API document's "Burst Limit" column is not a separate counter: a sliding 60 s window never
 * admits more than the per-minute figure within any minute, so that stricter figure rules.
 *
 * When the store fails or times out, the route class decides: `auth` and `chat` fail
 * closed (503), everything else fails open and logs.
 */
import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import IORedis from "ioredis";
import type { Caller } from "@/lib/domain/auth/bearer";
import { env } from "@/lib/platform/env";
import { clientKey, peerAddress } from "@/lib/server/peer";
import { ApiError } from "./errors";

export type RateTier =
  | "unauthenticated"
  | "jwt"
  | "api_key_basic"
  | "api_key_premium"
  | "login_account_client"
  | "login_client"
  | "login_account";
/** How a route behaves when the limiter's store is down. */
export type RouteClass = "auth" | "chat" | "read" | "write";

/** Requests per 60 s window, from the TripSage REST API's Default Limits table. */
export const TIER_LIMITS: Record<RateTier, { perMinute: number; burst: number }> = {
  unauthenticated: { perMinute: 10, burst: 20 },
  jwt: { perMinute: 100, burst: 200 },
  api_key_basic: { perMinute: 200, burst: 400 },
  api_key_premium: { perMinute: 1000, burst: 2000 },
  /**
   * Sign-in attempts (brute-force guard; not in the API document): 5 per account from one client,
   * 30 per client over all accounts, and a per-account ceiling far above what one client may
   * send, so a stranger elsewhere cannot lock the owner out (they run into their own
   * per-client buckets first), while a spread-out guessing attack is still bounded.
   */
  login_account_client: { perMinute: 5, burst: 5 },
  login_client: { perMinute: 30, burst: 30 },
  login_account: { perMinute: 100, burst: 100 },
};
export const WINDOW_S = 60;

/** Requests allowed per window for `tier`, times `RATE_LIMIT_SCALE` (1 unless load testing). */
export function limitOf(tier: RateTier): number {
  return Math.round(TIER_LIMITS[tier].perMinute * env().RATE_LIMIT_SCALE);
}

export interface LimitDecision {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the window resets, epoch milliseconds. */
  reset: number;
}

export interface LimitStore {
  readonly name: "upstash" | "redis" | "memory";
  /** @throws when the store cannot answer (network, timeout) */
  limit(tier: RateTier, identifier: string): Promise<LimitDecision>;
}

/**
 * In-process sliding window: the count of the current fixed window plus the previous
 * window's count weighted by how much of it still overlaps (the algorithm @upstash/ratelimit
 * uses), so behaviour matches the Redis backends.
 */
export class MemoryStore implements LimitStore {
  readonly name = "memory" as const;
  private windows = new Map<string, { start: number; current: number; previous: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async limit(tier: RateTier, identifier: string): Promise<LimitDecision> {
    const limit = limitOf(tier);
    const size = WINDOW_S * 1000;
    const t = this.now();
    const start = Math.floor(t / size) * size;
    const key = `${tier}:${identifier}`;
    let w = this.windows.get(key);
    if (!w || w.start < start - size) w = { start, current: 0, previous: 0 };
    else if (w.start < start) w = { start, current: 0, previous: w.current };
    const weight = 1 - (t - start) / size;
    const used = Math.floor(w.previous * weight) + w.current;
    const success = used < limit;
    if (success) w.current += 1;
    this.windows.set(key, w);
    if (this.windows.size > 50_000) this.evict(start - size);
    return { success, limit, remaining: Math.max(0, limit - used - (success ? 1 : 0)), reset: start + size };
  }

  private evict(before: number) {
    for (const [k, w] of this.windows) if (w.start < before) this.windows.delete(k);
  }
}

/**
 * Makes an ioredis client look like the slice of @upstash/redis that @upstash/ratelimit
 * calls (`evalsha`, `eval`), stripping the script shebang plain Redis 7.0 rejects.
 */
export function ioredisAdapter(client: import("ioredis").default) {
  const strippedSha = new Map<string, string>();
  const strip = (script: string) => script.replace(/^#!lua[^\n]*\n/, "");
  const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
  return {
    async evalsha(hash: string, keys: string[], args: unknown[]) {
      const sha = strippedSha.get(hash);
      if (!sha) throw new Error("NOSCRIPT No matching script");
      return client.evalsha(sha, keys.length, ...keys, ...(args as string[]));
    },
    async eval(script: string, keys: string[], args: unknown[]) {
      const body = strip(script);
      strippedSha.set(sha1(script), sha1(body));
      return client.eval(body, keys.length, ...keys, ...(args as string[]));
    },
  };
}

/** @upstash/ratelimit sliding windows over an Upstash REST client or an ioredis adapter. */
export class UpstashStore implements LimitStore {
  private limiters = new Map<RateTier, Ratelimit>();
  constructor(
    readonly name: "upstash" | "redis",
    private readonly redis: ConstructorParameters<typeof Ratelimit>[0]["redis"],
  ) {}

  async limit(tier: RateTier, identifier: string): Promise<LimitDecision> {
    let rl = this.limiters.get(tier);
    if (!rl) {
      rl = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(limitOf(tier), `${WINDOW_S} s`),
        prefix: `tripsage:rl:${tier}`,
        timeout: 1000,
        analytics: false,
      });
      this.limiters.set(tier, rl);
    }
    const r = await rl.limit(identifier);
    // On a timeout the library answers success with reason "timeout": that is a store failure.
    if (r.reason === "timeout") throw new Error("rate-limit store timed out");
    return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
  }
}

const g = globalThis as unknown as { __tripsageLimiter?: LimitStore };

/** The store configured by the environment, created once per process. */
export function limitStore(): LimitStore {
  if (g.__tripsageLimiter) return g.__tripsageLimiter;
  const e = env();
  let store: LimitStore;
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) {
    store = new UpstashStore(
      "upstash",
      new UpstashRedis({ url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN }),
    );
  } else if (e.REDIS_URL) {
    const client = new IORedis(e.REDIS_URL, {
      commandTimeout: 1000,
      connectTimeout: 1000,
      // Queue commands while the first connection is made; fail fast once it is lost.
      maxRetriesPerRequest: 0,
    });
    client.on("error", () => {}); // failures surface per request and follow the route-class policy
    store = new UpstashStore("redis", ioredisAdapter(client) as never);
  } else {
    store = new MemoryStore();
  }
  g.__tripsageLimiter = store;
  return store;
}

/** Replaces the process-wide store (tests). */
export function setLimitStore(store: LimitStore | undefined): void {
  g.__tripsageLimiter = store;
}

/**
 * The client's address, as a rate-limit identity (see `clientKey`: IPv4, or an IPv6 /64).
 * - `TRUST_PROXY_HOPS` = N > 0: the address N entries from the right of `X-Forwarded-For`
 *   (what the outermost of our N proxies saw); the socket's peer when the header is shorter.
 * - otherwise: the socket's peer address, which the custom server (lib/server/main.ts)
 *   stamps on the request in a header a client cannot forge (lib/server/peer.ts);
 *   `X-Forwarded-For` is ignored.
 * - `"anonymous"` only when neither is known (a handler called in-process, without the server).
 */
export function clientIp(req: Request): string {
  const hops = env().TRUST_PROXY_HOPS;
  if (hops > 0) {
    const chain = (req.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const ip = chain[chain.length - hops];
    if (ip) return clientKey(ip);
  }
  return peerAddress(req) ?? "anonymous";
}

/** The tier and bucket identifier of a request. */
export function bucketOf(req: Request, caller: Caller | null): { tier: RateTier; id: string } {
  if (!caller) return { tier: "unauthenticated", id: `ip:${clientIp(req)}` };
  if (caller.apiKey) {
    return {
      tier: caller.apiKey.tier === "premium" ? "api_key_premium" : "api_key_basic",
      id: `key:${caller.apiKey.id}`,
    };
  }
  return { tier: "jwt", id: `user:${caller.userId}` };
}

/** `X-RateLimit-*` headers of a decision (reset in epoch seconds, as the TripSage REST API shows). */
export function rateLimitHeaders(d: LimitDecision): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(d.limit),
    "X-RateLimit-Remaining": String(Math.max(0, d.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(d.reset / 1000)),
    "X-RateLimit-Window": String(WINDOW_S),
  };
}

/**
 * Counts one request against its bucket.
 * @returns the decision, or null when the store failed and `routeClass` fails open
 * @throws ApiError RATE_LIMIT_EXCEEDED (429, with `retry_after` seconds) when over the limit;
 *         SERVICE_UNAVAILABLE (503) when the store failed on an `auth` or `chat` route
 */
export async function enforceRateLimit(
  req: Request,
  caller: Caller | null,
  routeClass: RouteClass,
): Promise<LimitDecision | null> {
  const { tier, id } = bucketOf(req, caller);
  let d: LimitDecision;
  try {
    d = await limitStore().limit(tier, id);
  } catch (err) {
    if (routeClass === "auth" || routeClass === "chat") {
      throw new ApiError(
        "SERVICE_UNAVAILABLE",
        "Rate limiting is temporarily unavailable; try again shortly",
        {
          retryAfter: 5,
        },
      );
    }
    console.warn(
      `[rate-limit] store failed, allowing ${routeClass} request`,
      err instanceof Error ? err.message : err,
    );
    return null;
  }
  if (!d.success) {
    const retryAfter = Math.max(1, Math.ceil((d.reset - Date.now()) / 1000));
    throw new ApiError("RATE_LIMIT_EXCEEDED", `Rate limit exceeded. Try again in ${retryAfter} seconds.`, {
      retryAfter,
      headers: rateLimitHeaders(d),
    });
  }
  return d;
}

/**
 * Guards a sign-in attempt, on top of the request's own limit. Three sliding windows, checked
 * in this order, each counted only when the ones before it admitted the attempt:
 * 1. per client (`login_client`, 30/min over all accounts);
 * 2. per (account, client) (`login_account_client`, 5/min);
 * 3. per account (`login_account`, 100/min from all clients together).
 * A stranger guessing one account from one address is stopped by (2) after 5 tries and never
 * reaches (3), so the owner, signing in from their own address, is not locked out; only
 * guesses from 20+ addresses at once can fill (3). Counted before the password is checked,
 * so unknown and known emails are treated, and timed, alike. Without a `req` (no client
 * known) the client is `"anonymous"`.
 * @param email the address typed at sign-in (compared case-insensitively)
 * @throws ApiError RATE_LIMIT_EXCEEDED (429, `retry_after` seconds and `Retry-After`);
 *         SERVICE_UNAVAILABLE (503) when the store fails
 */
export async function guardLogin(req: Request | null, email: string): Promise<void> {
  if (env().RATE_LIMIT === "false") return;
  const account = `email:${email.trim().toLowerCase()}`;
  const client = `ip:${req ? clientIp(req) : "anonymous"}`;
  const checks: [RateTier, string][] = [
    ["login_client", client],
    ["login_account_client", `${account}|${client}`],
    ["login_account", account],
  ];
  for (const [tier, id] of checks) {
    let d: LimitDecision;
    try {
      d = await limitStore().limit(tier, id);
    } catch {
      throw new ApiError("SERVICE_UNAVAILABLE", "Sign-in is temporarily unavailable; try again shortly", {
        retryAfter: 5,
      });
    }
    if (!d.success) {
      const retryAfter = Math.max(1, Math.ceil((d.reset - Date.now()) / 1000));
      throw new ApiError(
        "RATE_LIMIT_EXCEEDED",
        `Too many sign-in attempts. Try again in ${retryAfter} seconds.`,
        {
          retryAfter,
          headers: rateLimitHeaders(d),
        },
      );
    }
  }
}
