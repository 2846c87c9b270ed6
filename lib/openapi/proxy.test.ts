/**
 * proxy.ts: 405/OPTIONS from the route table (for /api and /v1), 413 on a declared oversize
 * body, pass-through otherwise; the answers it makes itself are rate limited and carry
 * `X-RateLimit-*`.
 */
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { MemoryStore, setLimitStore } from "@/lib/http/rate-limit";
import { config, proxy } from "@/proxy";
import { allowedMethods, matchApiRoute } from "./routes";

// These tests must not count against a bucket; env() is read lazily, after this line. The
// "rate limiting" block below loads a fresh copy of the modules with limiting on.
process.env.RATE_LIMIT = "false";

const TRIP = "/api/trips/3fa85f64-5717-4562-b3fc-2c963f66afa6";
const CONVERSATION = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const req = (method: string, path: string, headers: Record<string, string> = {}) =>
  new NextRequest(`http://localhost${path}`, { method, headers });
const passes = (res: Response) => res.headers.get("x-middleware-next") === "1";

describe("proxy", () => {
  it("answers 405 with Allow and seed 000's body for a method the route does not export", async () => {
    const res = await proxy(req("DELETE", "/api/health"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await res.json()).toEqual({
      error: true,
      message: "Method DELETE not allowed on /api/health",
      code: "METHOD_NOT_ALLOWED",
      type: "validation",
    });
    // Limiting is off here: no bucket was counted, so there is nothing to report.
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("passes methods the route exports, and HEAD where GET exists", async () => {
    expect(passes(await proxy(req("GET", "/api/health")))).toBe(true);
    expect(passes(await proxy(req("HEAD", "/api/health")))).toBe(true);
    expect(passes(await proxy(req("PATCH", TRIP)))).toBe(true);
    expect((await proxy(req("HEAD", "/api/auth/login"))).status).toBe(405);
  });

  it("uses seed 001's body on Trip Designer paths", async () => {
    const res = await proxy(req("POST", "/api/chat/stats"));
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({
      error: "Method Not Allowed",
      message: "Method POST not allowed on /api/chat/stats",
    });
  });

  it("uses seeds 002-004's {ok:false, error} on /v1 paths, with the documented parameter names", async () => {
    const res = await proxy(req("DELETE", "/v1/ai/chat"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await res.json()).toEqual({ ok: false, error: "Method DELETE not allowed on /v1/ai/chat" });

    const list = await proxy(req("POST", `/v1/ai/conversations/${CONVERSATION}`));
    expect(list.status).toBe(405);
    expect(list.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(passes(await proxy(req("GET", `/v1/ai/conversations/${CONVERSATION}/messages?limit=5`)))).toBe(
      true,
    );
    expect(passes(await proxy(req("POST", "/v1/ai/planner/chat")))).toBe(true);
    expect(matchApiRoute(`/v1/ai/conversations/${CONVERSATION}`)?.path).toBe("/v1/ai/conversations/{tripId}");
    expect(matchApiRoute(`/v1/ai/conversations/${CONVERSATION}/messages`)?.path).toBe(
      "/v1/ai/conversations/{conversationId}/messages",
    );

    const options = await proxy(req("OPTIONS", "/v1/ai/context/refresh"));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("POST, OPTIONS");

    const big = await proxy(req("POST", "/v1/ai/chat", { "content-length": String(MAX_BODY_BYTES + 1) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ ok: false, error: `Request body exceeds ${MAX_BODY_BYTES} bytes` });
    // An unknown /v1 path still gets the family's shape, and otherwise reaches the /v1 catch-all.
    const unknownBig = await proxy(req("POST", "/v1/nope", { "content-length": "99999999" }));
    expect(await unknownBig.json()).toMatchObject({ ok: false });
    expect(passes(await proxy(req("DELETE", "/v1/nope")))).toBe(true);
    expect(passes(await proxy(req("GET", "/v1/ai/conversations")))).toBe(true);
  });

  it("answers OPTIONS with 204 and Allow", async () => {
    const res = await proxy(req("OPTIONS", TRIP));
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
  });

  it("prefers static segments like Next.js (/api/trips/suggestions is not a trip id)", async () => {
    const res = await proxy(req("DELETE", "/api/trips/suggestions"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(passes(await proxy(req("DELETE", TRIP)))).toBe(true);
    expect(matchApiRoute("/api/trips/suggestions")?.next).toBe("app/api/trips/suggestions/route.ts");
    expect(matchApiRoute(`${TRIP}/`)?.next).toBe("app/api/trips/[tripId]/route.ts");
  });

  it("answers 413 for a declared body over 1 MiB", async () => {
    const res = await proxy(req("POST", "/api/trips", { "content-length": String(MAX_BODY_BYTES + 1) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: true, code: "PAYLOAD_TOO_LARGE", type: "validation" });
    expect(passes(await proxy(req("POST", "/api/trips", { "content-length": String(MAX_BODY_BYTES) })))).toBe(
      true,
    );
    const designer = await proxy(req("POST", "/api/chat/sessions", { "content-length": "99999999" }));
    expect(await designer.json()).toMatchObject({ error: "Payload Too Large" });
  });

  it("passes unknown paths (the catch-all route answers 404) and Auth.js paths", async () => {
    expect(passes(await proxy(req("GET", "/api/nope")))).toBe(true);
    expect(passes(await proxy(req("DELETE", "/api/trips/x/unknown")))).toBe(true);
    expect(passes(await proxy(req("GET", "/api/auth/session")))).toBe(true);
    expect(passes(await proxy(req("POST", "/api/auth/callback/credentials")))).toBe(true);
  });

  it("knows the docs routes and runs on /api and /v1 only", async () => {
    expect((await proxy(req("POST", "/api/openapi.json"))).status).toBe(405);
    expect(config.matcher).toEqual(["/api/:path*", "/v1/:path*"]);
    const route = matchApiRoute("/api/docs");
    expect(route && allowedMethods(route)).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
});

describe("proxy rate limiting (limiting on)", () => {
  afterEach(() => {
    setLimitStore(undefined);
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** A fresh proxy whose env() sees RATE_LIMIT=true, counting on a fresh in-memory store. */
  async function limitedProxy() {
    vi.stubEnv("RATE_LIMIT", "true");
    vi.stubEnv("TRUST_PROXY_HOPS", "");
    vi.stubEnv("RATE_LIMIT_SCALE", "");
    vi.resetModules();
    setLimitStore(new MemoryStore());
    return (await import("@/proxy")).proxy;
  }

  it("counts 405/OPTIONS/413 against the anonymous bucket and sends X-RateLimit-*, then 429s", async () => {
    const p = await limitedProxy();
    const first = await p(req("DELETE", "/api/health"));
    expect(first.status).toBe(405);
    expect(first.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(first.headers.get("x-ratelimit-limit")).toBe("10");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("9");
    expect(first.headers.get("x-ratelimit-window")).toBe("60");
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);

    const options = await p(req("OPTIONS", TRIP));
    expect(options.status).toBe(204);
    expect(options.headers.get("x-ratelimit-remaining")).toBe("8");
    const big = await p(req("POST", "/api/trips", { "content-length": String(MAX_BODY_BYTES + 1) }));
    expect(big.status).toBe(413);
    expect(big.headers.get("x-ratelimit-remaining")).toBe("7");
    const v1 = await p(req("DELETE", "/v1/ai/chat"));
    expect(v1.headers.get("x-ratelimit-remaining")).toBe("6");
    // Requests that pass through are counted by their route handler, not here.
    expect(passes(await p(req("GET", "/api/health")))).toBe(true);

    for (let i = 0; i < 6; i++) expect((await p(req("DELETE", "/api/health"))).status).toBe(405);
    const over = await p(req("DELETE", "/api/health"));
    expect(over.status).toBe(429);
    expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await over.json()).toMatchObject({
      error: true,
      code: "RATE_LIMIT_EXCEEDED",
      type: "ratelimit",
      retry_after: expect.any(Number),
    });
    const overV1 = await p(req("DELETE", "/v1/ai/chat"));
    expect(overV1.status).toBe(429);
    expect(overV1.headers.get("x-ratelimit-limit")).toBe("10");
    expect(await overV1.json()).toEqual({ ok: false, error: expect.stringMatching(/^Rate limit exceeded/) });
    const overDesigner = await p(req("POST", "/api/chat/stats"));
    expect(await overDesigner.json()).toMatchObject({ error: "Too Many Requests" });
  });
});
