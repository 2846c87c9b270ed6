/**
 * The sign-in guard's three windows, on the in-process store. Clients are told apart by
 * `X-Forwarded-For` here (one trusted hop), as behind a proxy; the custom server's peer
 * address is covered against the production server in e2e/api/limits.spec.ts.
 */
process.env.RATE_LIMIT = "true";
process.env.TRUST_PROXY_HOPS = "1";

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { guardLogin, MemoryStore, setLimitStore } from "./rate-limit";

const from = (ip: string) =>
  new Request("http://localhost/api/auth/login", { method: "POST", headers: { "x-forwarded-for": ip } });

async function attempt(ip: string, email: string): Promise<"ok" | number> {
  try {
    await guardLogin(from(ip), email);
    return "ok";
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
}

let now = Date.UTC(2030, 0, 1, 12, 0, 5); // 5 s into a window: no window edge during a test
beforeEach(() => setLimitStore(new MemoryStore(() => now)));
afterEach(() => {
  setLimitStore(undefined);
  now += 3_600_000;
});

describe("sign-in guard", () => {
  it("stops a stranger after 5 tries on one account without locking the owner out", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt("10.0.0.66", "Owner@Example.com")).toBe("ok");
    expect(await attempt("10.0.0.66", "owner@example.com")).toBe(429);
    expect(await attempt("10.0.0.1", "owner@example.com")).toBe("ok");
  });

  it("limits one client to 30 attempts over all accounts", async () => {
    for (let a = 0; a < 6; a++) {
      for (let i = 0; i < 5; i++) expect(await attempt("10.0.0.77", `a${a}@example.com`)).toBe("ok");
    }
    expect(await attempt("10.0.0.77", "fresh@example.com")).toBe(429);
    expect(await attempt("10.0.0.78", "fresh@example.com")).toBe("ok");
  });

  it("caps one account at 100 attempts a minute from all clients together", async () => {
    for (let c = 0; c < 20; c++) {
      for (let i = 0; i < 5; i++) expect(await attempt(`10.1.0.${c + 1}`, "target@example.com")).toBe("ok");
    }
    expect(await attempt("10.2.0.1", "target@example.com")).toBe(429);
    // The ceiling belongs to the account: another account is unaffected.
    expect(await attempt("10.2.0.1", "other@example.com")).toBe("ok");
  });

  it("answers 429 with retry_after seconds and X-RateLimit headers", async () => {
    for (let i = 0; i < 5; i++) await attempt("10.0.0.90", "x@example.com");
    const err = await guardLogin(from("10.0.0.90"), "x@example.com").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "RATE_LIMIT_EXCEEDED", status: 429 });
    expect(err.retryAfter).toBeGreaterThan(0);
    expect(err.headers["X-RateLimit-Limit"]).toBe("5");
  });
});
