/**
 * Rate limits: the in-process store, the Redis backend against the local Redis (when
 * REDIS_URL is set, as .ci/run does), the store-down policy, and the wrapper's headers and
 * 429 body.
 */
process.env.RATE_LIMIT = "true"; // this file tests limiting; env() is read lazily after this line

import IORedis from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as trips from "@/app/api/trips/route";
import { call, makeUser } from "@/lib/testing/fixtures";
import { ApiError } from "./errors";
import {
  enforceRateLimit,
  ioredisAdapter,
  type LimitStore,
  MemoryStore,
  setLimitStore,
  TIER_LIMITS,
  UpstashStore,
} from "./rate-limit";

const anon = new Request("http://localhost/api/health");

afterEach(() => setLimitStore(undefined));

describe("in-process sliding window", () => {
  it("admits the per-minute figure and refuses the next, per bucket", async () => {
    let now = 1_000_000_020_000;
    const store = new MemoryStore(() => now);
    for (let i = 0; i < 10; i++) expect((await store.limit("unauthenticated", "ip:a")).success).toBe(true);
    const denied = await store.limit("unauthenticated", "ip:a");
    expect(denied).toMatchObject({ success: false, limit: 10, remaining: 0 });
    expect((await store.limit("unauthenticated", "ip:b")).success).toBe(true);
    // Half a window later, half of the previous window's requests still count.
    now += 70_000;
    const after = await store.limit("unauthenticated", "ip:a");
    expect(after.success).toBe(true);
    expect(after.remaining).toBeLessThan(10);
  });

  it("gives JWT users and API keys the API document's larger budgets", () => {
    expect(TIER_LIMITS).toMatchObject({
      unauthenticated: { perMinute: 10 },
      jwt: { perMinute: 100 },
      api_key_basic: { perMinute: 200 },
      api_key_premium: { perMinute: 1000 },
    });
  });
});

describe("route wrapper", () => {
  it("puts X-RateLimit-* on every response and answers 429 in the API document's shape", async () => {
    setLimitStore(new MemoryStore());
    const first = await call(health.GET, { path: "/api/health" });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("10");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("9");
    expect(first.headers.get("x-ratelimit-window")).toBe("60");
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    for (let i = 0; i < 9; i++) await call(health.GET, { path: "/api/health" });
    const limited = await call(health.GET, { path: "/api/health" });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: true, code: "RATE_LIMIT_EXCEEDED", type: "ratelimit" });
    expect(limited.body.retry_after).toBeGreaterThan(0);
    expect(limited.headers.get("retry-after")).toBe(String(limited.body.retry_after));
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("limits a signed-in user on their own bucket, not the anonymous one", async () => {
    const store = new MemoryStore();
    setLimitStore(store);
    for (let i = 0; i < 10; i++) await store.limit("unauthenticated", "ip:anonymous");
    const { auth } = await makeUser();
    const res = await call(trips.GET, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("100");
  });
});

describe("store failure policy", () => {
  const broken: LimitStore = {
    name: "redis",
    limit: async () => {
      throw new Error("ECONNREFUSED");
    },
  };
  it("reads fail open; login and chat fail closed with 503", async () => {
    setLimitStore(broken);
    expect(await enforceRateLimit(anon, null, "read")).toBeNull();
    expect(await enforceRateLimit(anon, null, "write")).toBeNull();
    for (const cls of ["auth", "chat"] as const) {
      const err = await enforceRateLimit(anon, null, cls).catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    }
  });
});

describe.skipIf(!process.env.REDIS_URL)("Redis backend (local Redis)", () => {
  const clients: IORedis[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
  });
  function redisStore(url: string) {
    const client = new IORedis(url, { maxRetriesPerRequest: 0, commandTimeout: 500, connectTimeout: 500 });
    client.on("error", () => {});
    clients.push(client);
    return new UpstashStore("redis", ioredisAdapter(client) as never);
  }

  it("runs @upstash/ratelimit's sliding window on plain Redis", async () => {
    const store = redisStore(process.env.REDIS_URL as string);
    const id = `test:${crypto.randomUUID()}`;
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await store.limit("unauthenticated", id));
    expect(results.slice(0, 10).every((r) => r.success)).toBe(true);
    expect(results[9]?.remaining).toBe(0);
    expect(results[10]).toMatchObject({ success: false, limit: 10 });
    // A second process sees the same counts: the state lives in Redis.
    const other = redisStore(process.env.REDIS_URL as string);
    expect((await other.limit("unauthenticated", id)).success).toBe(false);
  });

  it("follows the failure policy when Redis is down", async () => {
    setLimitStore(redisStore("redis://127.0.0.1:1"));
    expect(await enforceRateLimit(anon, null, "read")).toBeNull();
    await expect(enforceRateLimit(anon, null, "auth")).rejects.toMatchObject({ status: 503 });
  });
});
