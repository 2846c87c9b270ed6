/**
 * The TripSage REST API platform behaviour: health, rate-limit headers, unknown paths, wrong methods,
 * oversize bodies, the rate limit itself, configuration and the API documentation.
 */
import { expect, test } from "@playwright/test";
import {
  Api,
  avoidWindowEdge,
  body,
  expectStatus,
  expectTripSageError,
  isIsoDateTime,
  type Json,
  registerUser,
} from "./helpers";

test.describe("health", () => {
  test("GET /api/health answers the TripSage REST API's body with X-RateLimit-* headers", async ({
    request,
  }) => {
    const api = new Api(request);
    await avoidWindowEdge();
    const res = await api.get("/api/health");
    await expectStatus(res, 200);
    const b = await body(res);
    expect(b).toMatchObject({ status: "healthy", application: "TripSage API" });
    expect(typeof b.version).toBe("string");
    expect(b.version.length).toBeGreaterThan(0);
    expect(typeof b.environment).toBe("string");
    expect(isIsoDateTime(b.timestamp), `timestamp ${b.timestamp}`).toBe(true);

    const h = res.headers();
    expect(h["x-ratelimit-limit"]).toBe("10"); // unauthenticated tier
    expect(Number(h["x-ratelimit-remaining"])).toBe(9); // first request of a fresh bucket
    const reset = Number(h["x-ratelimit-reset"]);
    expect(Number.isInteger(reset)).toBe(true);
    const now = Date.now() / 1000;
    expect(reset).toBeGreaterThan(now - 1); // epoch seconds, not ms, not in the past
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 61);
    expect(h["x-ratelimit-window"]).toBe("60");
  });

  test("a JWT caller is counted on the 100/min tier", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.get("/api/health");
    await expectStatus(res, 200);
    expect(res.headers()["x-ratelimit-limit"]).toBe("100");
    expect(res.headers()["x-ratelimit-window"]).toBe("60");
  });

  test("X-RateLimit-Remaining counts down per request", async ({ request }) => {
    const api = new Api(request);
    await avoidWindowEdge();
    const a = await api.get("/api/health");
    const b = await api.get("/api/health");
    expect(Number(a.headers()["x-ratelimit-remaining"]) - Number(b.headers()["x-ratelimit-remaining"])).toBe(
      1,
    );
  });

  test("GET /api/health/mcp needs authentication and answers the API document's shape", async ({
    request,
  }) => {
    const anon = new Api(request);
    await expectTripSageError(await anon.get("/api/health/mcp"), 401, { type: "authentication" });

    const user = await registerUser(request);
    const res = await user.api.get("/api/health/mcp");
    await expectStatus(res, 200);
    const b = await body(res);
    expect(typeof b.status).toBe("string");
    expect(["healthy", "degraded", "unhealthy"]).toContain(b.status);
    expect(Array.isArray(b.available_mcps)).toBe(true);
    expect(Array.isArray(b.enabled_mcps)).toBe(true);
    for (const name of b.enabled_mcps) expect(b.available_mcps).toContain(name);
    expect(isIsoDateTime(b.last_check), `last_check ${b.last_check}`).toBe(true);
  });
});

test.describe("unknown paths, methods and bodies", () => {
  test("unknown /api paths answer 404 in the TripSage REST API's error shape", async ({ request }) => {
    const api = new Api(request);
    const b = await expectTripSageError(await api.get("/api/definitely-not-a-route"), 404, {
      code: "NOT_FOUND",
    });
    expect(b.message).toContain("/api/definitely-not-a-route");
    await expectTripSageError(await api.post("/api/nope/deeper", { a: 1 }), 404, { code: "NOT_FOUND" });
    // A bare /api/v2 path (the TripSage REST API's "future versions") is not served either.
    await expectTripSageError(await api.get("/api/v2/trips"), 404, { code: "NOT_FOUND" });
  });

  test("a method the route does not export answers 405 with Allow", async ({ request }) => {
    const api = new Api(request);
    const res = await api.delete("/api/health");
    const b = await expectTripSageError(res, 405, { code: "METHOD_NOT_ALLOWED" });
    expect(b.message).toContain("DELETE");
    const allow = (res.headers().allow ?? "").split(",").map((s) => s.trim());
    expect(allow).toContain("GET");
    expect(allow).not.toContain("DELETE");

    const res2 = await api.put("/api/trips", { title: "x" });
    await expectTripSageError(res2, 405, { code: "METHOD_NOT_ALLOWED" });
    const allow2 = (res2.headers().allow ?? "").split(",").map((s) => s.trim());
    expect(allow2).toEqual(expect.arrayContaining(["GET", "POST"]));
    expect(allow2).not.toContain("PUT");
  });

  test("405 on a Trip Designer route uses the Trip Designer API's error shape", async ({ request }) => {
    const api = new Api(request);
    const res = await api.delete("/api/chat/stats");
    expect(res.status()).toBe(405);
    const b = await body(res);
    expect(typeof b.error).toBe("string");
    expect(typeof b.message).toBe("string");
    expect(res.headers().allow).toContain("GET");
  });

  test("HEAD is answered like GET, without a body", async ({ request }) => {
    const res = await new Api(request).fetch("HEAD", "/api/health");
    expect(res.status()).toBe(200);
    expect((await res.body()).length).toBe(0);
    expect(res.headers()["x-ratelimit-window"]).toBe("60");
  });

  test("OPTIONS on a known path answers 204 with Allow", async ({ request }) => {
    const api = new Api(request);
    const res = await api.fetch("OPTIONS", "/api/trips");
    expect(res.status()).toBe(204);
    const allow = (res.headers().allow ?? "").split(",").map((s) => s.trim());
    expect(allow).toEqual(expect.arrayContaining(["GET", "POST"]));
  });

  test("a body over 1 MiB answers 413", async ({ request }) => {
    const api = new Api(request);
    const big = JSON.stringify({
      email: "big@example.com",
      password: "x".repeat(1_100_000),
      name: "Big",
    });
    expect(Buffer.byteLength(big)).toBeGreaterThan(1_048_576);
    const res = await api.post("/api/auth/register", undefined, {
      body: big,
      headers: { "Content-Type": "application/json" },
    });
    await expectTripSageError(res, 413, { code: "PAYLOAD_TOO_LARGE" });
  });

  test("a 413 also protects authenticated write routes", async ({ request }) => {
    const user = await registerUser(request);
    const big = JSON.stringify({ title: "t", description: "y".repeat(1_200_000) });
    const res = await user.api.post("/api/trips", undefined, {
      body: big,
      headers: { "Content-Type": "application/json" },
    });
    await expectTripSageError(res, 413, { code: "PAYLOAD_TOO_LARGE" });
  });

  test("malformed JSON answers 400 in the TripSage REST API's shape", async ({ request }) => {
    const api = new Api(request);
    const res = await api.post("/api/auth/login", undefined, {
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    await expectTripSageError(res, 400, { type: "validation" });
  });
});

test.describe("rate limiting", () => {
  test("the 11th unauthenticated request within a minute answers 429 (the TripSage REST API body and Retry-After)", async ({
    request,
  }) => {
    const api = new Api(request);
    await avoidWindowEdge();
    for (let i = 1; i <= 10; i++) {
      const res = await api.get("/api/health");
      await expectStatus(res, 200);
      expect(Number(res.headers()["x-ratelimit-remaining"])).toBe(10 - i);
    }
    const res = await api.get("/api/health");
    expect(res.status()).toBe(429);
    const b = await body(res);
    expect(b).toMatchObject({ error: true, code: "RATE_LIMIT_EXCEEDED", type: "ratelimit" });
    expect(typeof b.message).toBe("string");
    expect(typeof b.retry_after).toBe("number");
    expect(b.retry_after).toBeGreaterThanOrEqual(1);
    expect(b.retry_after).toBeLessThanOrEqual(60);
    const retryAfter = res.headers()["retry-after"];
    expect(retryAfter, "Retry-After header").toBeTruthy();
    expect(Number(retryAfter)).toBe(b.retry_after);
    expect(res.headers()["x-ratelimit-remaining"]).toBe("0");

    // The limit applies to every unauthenticated route of the same client…
    const again = await api.get("/api/definitely-not-a-route");
    expect(again.status()).toBe(429);
    // …and only to that client: another address still gets through.
    const other = await api.fresh().get("/api/health");
    await expectStatus(other, 200);
  });

  test("a rate-limited client can still use its JWT (separate per-user bucket)", async ({ request }) => {
    const user = await registerUser(request);
    const anon = user.api.as(null);
    await avoidWindowEdge();
    for (let i = 0; i < 10; i++) await anon.get("/api/health");
    expect((await anon.get("/api/health")).status()).toBe(429);
    const res = await user.api.get("/api/users/me");
    await expectStatus(res, 200);
  });
});

test.describe("rate limiting per API family", () => {
  test("the 101st JWT request within a minute answers 429", async ({ request }) => {
    const user = await registerUser(request);
    await avoidWindowEdge(20_000);
    let last = await user.api.get("/api/users/me");
    let ok = 0;
    while (last.status() === 200 && ok < 150) {
      ok += 1;
      last = await user.api.get("/api/users/me");
    }
    // registerUser's own requests were anonymous, so all 100 went to the user's bucket here.
    expect(ok).toBe(100);
    expect(last.status()).toBe(429);
    const b = await body(last);
    expect(b).toMatchObject({ error: true, code: "RATE_LIMIT_EXCEEDED", type: "ratelimit" });
    expect(typeof b.retry_after).toBe("number");
    expect(last.headers()["retry-after"]).toBe(String(b.retry_after));
  });

  test("a rate-limited Trip Designer call answers 429 in the Trip Designer API's shape with retryAfter", async ({
    request,
  }) => {
    const api = new Api(request);
    await avoidWindowEdge();
    for (let i = 0; i < 10; i++) expect((await api.get("/api/chat/stats")).status()).toBe(401);
    const res = await api.get("/api/chat/stats");
    expect(res.status()).toBe(429);
    const b = await body(res);
    expect(typeof b.error).toBe("string");
    expect(typeof b.message).toBe("string");
    expect(typeof b.retryAfter).toBe("number");
    expect(b.retryAfter).toBeGreaterThanOrEqual(1);
    expect(res.headers()["retry-after"]).toBe(String(b.retryAfter));
  });

  test("a rate-limited /v1/ai call answers 429 as {ok:false, error}", async ({ request }) => {
    const api = new Api(request);
    await avoidWindowEdge();
    for (let i = 0; i < 10; i++) {
      expect(
        (await api.post("/v1/ai/planner/chat", { messages: [{ role: "user", content: "Paris" }] })).status(),
      ).toBe(401);
    }
    const res = await api.post("/v1/ai/planner/chat", { messages: [{ role: "user", content: "Paris" }] });
    expect(res.status()).toBe(429);
    const b = await body(res);
    expect(b.ok).toBe(false);
    expect(typeof b.error).toBe("string");
    expect(res.headers()["retry-after"]).toBeTruthy();
  });

  test("error responses carry X-RateLimit-* too (401, 404, 422)", async ({ request }) => {
    const user = await registerUser(request);
    for (const res of [
      await new Api(request).get("/api/trips"),
      await new Api(request).get("/api/not-a-route"),
      await user.api.post("/api/trips", {}),
    ]) {
      const h = res.headers();
      expect(h["x-ratelimit-limit"], `${res.status()} ${res.url()}`).toBeTruthy();
      expect(h["x-ratelimit-remaining"], `${res.status()} ${res.url()}`).toBeTruthy();
      expect(h["x-ratelimit-reset"], `${res.status()} ${res.url()}`).toBeTruthy();
      expect(h["x-ratelimit-window"], `${res.status()} ${res.url()}`).toBe("60");
    }
  });

  test("the TripSage REST API: every API response carries X-RateLimit-* — including 405 and 413", async ({
    request,
  }) => {
    const api = new Api(request);
    const r405 = await api.delete("/api/health");
    const r413 = await api.post("/api/auth/login", undefined, {
      body: JSON.stringify({ email: "a@example.com", password: "p".repeat(1_100_000) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(r405.status()).toBe(405);
    expect(r413.status()).toBe(413);
    const checked = [
      ["405 DELETE /api/health", r405],
      ["413 POST /api/auth/login", r413],
    ] as const;
    const without = checked
      .filter(([, r]) => r.headers()["x-ratelimit-window"] !== "60")
      .map(([label]) => label);
    expect(without, "responses without X-RateLimit-Window: 60").toEqual([]);
  });
});

test.describe("configuration", () => {
  test("GET /api/config answers the TripSage REST API's configuration shape", async ({ request }) => {
    const anon = new Api(request);
    await expectTripSageError(await anon.get("/api/config"), 401, { type: "authentication" });

    const user = await registerUser(request);
    const res = await user.api.get("/api/config");
    await expectStatus(res, 200);
    const b = await body(res);
    expect(typeof b.version).toBe("string");
    expect(typeof b.environment).toBe("string");
    expect(typeof b.features).toBe("object");
    expect(b.limits).toMatchObject({
      max_trips_per_user: expect.any(Number),
      max_collaborators_per_trip: expect.any(Number),
      max_destinations_per_trip: expect.any(Number),
      file_upload_max_size_mb: expect.any(Number),
    });
    expect(typeof b.external_services).toBe("object");
    for (const [name, s] of Object.entries<Json>(b.external_services)) {
      expect(typeof s.available, `${name}.available`).toBe("boolean");
      expect(typeof s.status, `${name}.status`).toBe("string");
    }
    expect(b.supported_currencies).toEqual(
      expect.arrayContaining(["USD", "EUR", "GBP", "JPY", "CAD", "AUD"]),
    );
    expect(b.supported_languages).toEqual(expect.arrayContaining(["en", "es", "fr", "de", "it", "ja", "zh"]));
  });

  test("GET /api/config/features answers the TripSage REST API's feature flags", async ({ request }) => {
    const anon = new Api(request);
    await expectTripSageError(await anon.get("/api/config/features"), 401, { type: "authentication" });

    const user = await registerUser(request);
    const res = await user.api.get("/api/config/features");
    await expectStatus(res, 200);
    const b = await body(res);
    expect(typeof b.features).toBe("object");
    for (const key of ["ai_chat", "real_time_collaboration", "price_tracking", "advanced_analytics"]) {
      expect(b.features[key], key).toBeTruthy();
    }
    for (const [name, f] of Object.entries<Json>(b.features)) {
      expect(typeof f.enabled, `${name}.enabled`).toBe("boolean");
      expect(typeof f.description, `${name}.description`).toBe("string");
      expect(typeof f.beta, `${name}.beta`).toBe("boolean");
    }
    expect(b.features.ai_chat.enabled).toBe(true);
    expect(typeof b.user_plan).toBe("string");
    expect(typeof b.region).toBe("string");
  });
});

/** Every documented path the e2e/api specs call (OpenAPI path templates). */
const EXERCISED_API_PATHS = [
  "/api/health",
  "/api/health/mcp",
  "/api/config",
  "/api/config/features",
  "/api/auth/register",
  "/api/auth/login",
  "/api/auth/refresh",
  "/api/auth/logout",
  "/api/auth/change-password",
  "/api/users/me",
  "/api/memory/user",
  "/api/memory/preferences",
  "/api/user/keys",
  "/api/user/keys/{key_id}",
  "/api/trips",
  "/api/trips/suggestions",
  "/api/trips/{trip_id}",
  "/api/trips/{trip_id}/share",
  "/api/trips/{trip_id}/collaborators",
  "/api/trips/{trip_id}/links",
  "/api/share/{token}",
  "/api/share/{token}/join",
  "/api/itineraries/{trip_id}",
  "/api/itineraries/{trip_id}/segments",
  "/api/itineraries/{trip_id}/segments/{segment_id}",
  "/api/itineraries/{trip_id}/segments/{segment_id}/move",
  "/api/itineraries/{trip_id}/events",
  "/api/chat/sessions",
  "/api/chat/sessions/{session_id}",
  "/api/chat/sessions/{session_id}/messages",
  "/api/chat/stats",
  "/api/v1/chat/message",
  "/api/webhooks",
  "/api/webhooks/{webhook_id}",
  "/api/webhooks/{webhook_id}/deliveries",
];

/** The /v1/ai paths the e2e/api specs call (the /v1/ai assistant API). */
const EXERCISED_V1_PATHS = [
  "/v1/ai/chat",
  "/v1/ai/conversations/{trip_id}",
  "/v1/ai/conversations/{conversation_id}/messages",
  "/v1/ai/context/refresh",
  "/v1/ai/planner/chat",
];

/** Path templates equal up to parameter names (`{id}` ≡ `{trip_id}`). */
function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, "{}");
}

test.describe("API documentation", () => {
  test("GET /api/openapi.json is an OpenAPI 3.1 document listing every /api path exercised here", async ({
    request,
  }) => {
    const api = new Api(request);
    const res = await api.get("/api/openapi.json");
    await expectStatus(res, 200);
    expect(res.headers()["content-type"] ?? "").toContain("json");
    const doc = await body(res);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(typeof doc.info?.title).toBe("string");
    expect(typeof doc.info?.version).toBe("string");
    const documented = Object.keys(doc.paths ?? {});
    const missing = EXERCISED_API_PATHS.filter((p) => !documented.includes(p));
    expect(missing, `paths missing from /api/openapi.json`).toEqual([]);
  });

  test("GET /api/openapi.json also documents the /v1/ai paths exercised here (the /v1/ai assistant API)", async ({
    request,
  }) => {
    const api = new Api(request);
    const doc = await body(await api.get("/api/openapi.json"));
    const documented = new Set(Object.keys(doc.paths ?? {}).map(shapeOf));
    const missing = EXERCISED_V1_PATHS.filter((p) => !documented.has(shapeOf(p)));
    expect(missing, `paths missing from /api/openapi.json`).toEqual([]);
  });

  for (const path of ["/api/docs", "/api/redoc"]) {
    test(`GET ${path} returns an HTML page`, async ({ request }) => {
      const api = new Api(request);
      const res = await api.get(path);
      await expectStatus(res, 200);
      expect(res.headers()["content-type"] ?? "").toContain("text/html");
      const html = await res.text();
      expect(html).toMatch(/<html[\s>]/i);
      expect(html.length).toBeGreaterThan(200);
    });
  }
});
