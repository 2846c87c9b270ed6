/**
 * The TripSage REST API authentication: register, login, refresh-token rotation, change-password,
 * logout, and API keys with permission scopes.
 */
import { expect, test } from "@playwright/test";
import {
  Api,
  avoidWindowEdge,
  body,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  isIsoDateTime,
  type Json,
  PASSWORD,
  registerUser,
  uid,
} from "./helpers";

/** The TripSage REST API's login response: `{access_token, token_type:"bearer", expires_in, refresh_token, user}`. */
function expectLoginShape(b: Json, user: { email: string; name: string }) {
  expect(typeof b.access_token).toBe("string");
  expect(b.access_token.split(".")).toHaveLength(3); // a JWT
  expect(b.token_type).toBe("bearer");
  expect(b.expires_in).toBe(3600);
  expect(typeof b.refresh_token).toBe("string");
  expect(b.refresh_token.length).toBeGreaterThan(20);
  expect(b.refresh_token).not.toBe(b.access_token);
  expect(b.user).toMatchObject({ email: user.email, name: user.name });
  expect(typeof b.user.id).toBe("string");
}

test.describe("register and login", () => {
  test("POST /api/auth/register answers 201 with a login-shaped body whose token works", async ({
    request,
  }) => {
    const api = new Api(request);
    const email = `Reg-${uid()}@Example.com`;
    const res = await api.post("/api/auth/register", { email, password: PASSWORD, name: "Reg User" });
    await expectStatus(res, 201);
    const b = await body(res);
    expectLoginShape(b, { email: email.toLowerCase(), name: "Reg User" });

    const me = await api.as(b.access_token).get("/api/users/me");
    await expectStatus(me, 200);
    expect((await body(me)).id).toBe(b.user.id);
  });

  test("registering an existing email answers 409 (case-insensitively)", async ({ request }) => {
    const user = await registerUser(request);
    const res = await new Api(request).post("/api/auth/register", {
      email: user.email.toUpperCase(),
      password: PASSWORD,
      name: "Someone Else",
    });
    await expectTripSageError(res, 409);
  });

  test("register validates its body with 422 errors[]", async ({ request }) => {
    const res = await new Api(request).post("/api/auth/register", {
      email: "not-an-email",
      password: "short",
    });
    await expectValidationError(res, ["email", "password", "name"]);
  });

  test("POST /api/auth/login answers 200 with the TripSage REST API's body", async ({ request }) => {
    const user = await registerUser(request);
    const res = await new Api(request).post("/api/auth/login", { email: user.email, password: PASSWORD });
    await expectStatus(res, 200);
    const b = await body(res);
    expectLoginShape(b, user);
    expect(b.user.id).toBe(user.id);
    const me = await new Api(request, b.access_token).get("/api/users/me");
    await expectStatus(me, 200);
  });

  test("login: unknown email and wrong password answer 401 with identical bodies", async ({ request }) => {
    const user = await registerUser(request);
    const wrong = await new Api(request).post("/api/auth/login", {
      email: user.email,
      password: "wrong-password-123",
    });
    const unknown = await new Api(request).post("/api/auth/login", {
      email: `nobody-${uid()}@example.com`,
      password: "wrong-password-123",
    });
    const a = await expectTripSageError(wrong, 401, { type: "authentication" });
    const b = await expectTripSageError(unknown, 401, { type: "authentication" });
    expect(a).toEqual(b);
  });

  test("sign-in attempts are limited to 5 per minute per account and client; the owner elsewhere still signs in", async ({
    request,
  }) => {
    const user = await registerUser(request);
    await avoidWindowEdge();
    const stranger = new Api(request);
    for (let i = 0; i < 5; i++) {
      const res = await stranger.post("/api/auth/login", { email: user.email, password: "wrong-password-1" });
      await expectTripSageError(res, 401, { type: "authentication" });
    }
    // The stranger is refused now, even with the right password.
    const res = await stranger.post("/api/auth/login", { email: user.email, password: PASSWORD });
    const b = await expectTripSageError(res, 429, { code: "RATE_LIMIT_EXCEEDED", type: "ratelimit" });
    expect(typeof b.retry_after).toBe("number");
    expect(res.headers()["retry-after"]).toBe(String(b.retry_after));
    // The owner, from another address, is not locked out by them.
    await expectStatus(
      await new Api(request).post("/api/auth/login", { email: user.email, password: PASSWORD }),
      200,
    );
    // Existing tokens keep working.
    await expectStatus(await user.api.get("/api/users/me"), 200);
  });

  test("a malformed or forged Bearer token answers 401 in the TripSage REST API's shape", async ({
    request,
  }) => {
    const api = new Api(request, "not-a-jwt");
    await expectTripSageError(await api.get("/api/trips"), 401, { type: "authentication" });
    const forged =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    await expectTripSageError(await api.as(forged).get("/api/trips"), 401, { type: "authentication" });
  });

  test("no credentials on a protected route answers 401", async ({ request }) => {
    await expectTripSageError(await new Api(request).get("/api/trips"), 401, { type: "authentication" });
  });
});

test.describe("refresh tokens", () => {
  test("refresh rotates the pair; reusing a spent token answers 401 and revokes the family", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const anon = new Api(request);

    const r1 = await anon.post("/api/auth/refresh", { refresh_token: user.refresh_token });
    await expectStatus(r1, 200);
    const p1 = await body(r1);
    expectLoginShape(p1, user);
    expect(p1.refresh_token).not.toBe(user.refresh_token);
    await expectStatus(await anon.as(p1.access_token).get("/api/users/me"), 200);

    // The first refresh token is spent: presenting it again is refused…
    const reuse = await anon.post("/api/auth/refresh", { refresh_token: user.refresh_token });
    await expectTripSageError(reuse, 401, { type: "authentication" });

    // …and the whole family is revoked, including the token issued by the rotation.
    const after = await anon.fresh().post("/api/auth/refresh", { refresh_token: p1.refresh_token });
    await expectTripSageError(after, 401, { type: "authentication" });
  });

  test("an unknown refresh token answers 401", async ({ request }) => {
    const res = await new Api(request).post("/api/auth/refresh", { refresh_token: `rt_${uid()}${uid()}` });
    await expectTripSageError(res, 401, { type: "authentication" });
  });

  test("refresh without a token answers 422", async ({ request }) => {
    await expectValidationError(await new Api(request).post("/api/auth/refresh", {}), ["refresh_token"]);
  });
});

test.describe("change password and logout", () => {
  test("change-password revokes old tokens and the old password", async ({ request }) => {
    const user = await registerUser(request);
    // A second session (login) that must be signed out too.
    const other = await body(
      await new Api(request).post("/api/auth/login", { email: user.email, password: PASSWORD }),
    );
    const newPassword = "brand-new-password-456";

    const wrong = await user.api.post("/api/auth/change-password", {
      current_password: "not-the-password",
      new_password: newPassword,
    });
    expect([400, 401, 403, 422]).toContain(wrong.status());
    await expectTripSageError(wrong, wrong.status());

    const res = await user.api.post("/api/auth/change-password", {
      current_password: PASSWORD,
      new_password: newPassword,
    });
    await expectStatus(res, 200);
    const b = await body(res);

    // Old access tokens (this one and the other session's) are refused.
    await expectTripSageError(await user.api.get("/api/users/me"), 401, { type: "authentication" });
    await expectTripSageError(await user.api.as(other.access_token).get("/api/users/me"), 401, {
      type: "authentication",
    });
    // Old refresh tokens too.
    await expectTripSageError(
      await new Api(request).post("/api/auth/refresh", { refresh_token: user.refresh_token }),
      401,
    );
    await expectTripSageError(
      await new Api(request).post("/api/auth/refresh", { refresh_token: other.refresh_token }),
      401,
    );
    // The old password no longer logs in; the new one does.
    await expectTripSageError(
      await new Api(request).post("/api/auth/login", { email: user.email, password: PASSWORD }),
      401,
    );
    const login = await new Api(request).post("/api/auth/login", {
      email: user.email,
      password: newPassword,
    });
    await expectStatus(login, 200);
    // If the response carries a fresh pair, it works.
    if (b.access_token) await expectStatus(await user.api.as(b.access_token).get("/api/users/me"), 200);
  });

  test("logout revokes the access and refresh tokens", async ({ request }) => {
    const user = await registerUser(request);
    await expectStatus(await user.api.get("/api/users/me"), 200);
    const res = await user.api.post("/api/auth/logout");
    await expectStatus(res, 200);
    await expectTripSageError(await user.api.get("/api/users/me"), 401, { type: "authentication" });
    await expectTripSageError(
      await new Api(request).post("/api/auth/refresh", { refresh_token: user.refresh_token }),
      401,
      { type: "authentication" },
    );
    // Logging in again works.
    const login = await new Api(request).post("/api/auth/login", { email: user.email, password: PASSWORD });
    await expectStatus(login, 200);
  });

  test("logout without credentials answers 401", async ({ request }) => {
    await expectTripSageError(await new Api(request).post("/api/auth/logout"), 401, {
      type: "authentication",
    });
  });
});

test.describe("API keys", () => {
  test("create: the ts_live_ key is shown once, works as Bearer, scopes are enforced, revoke → 401", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/user/keys", {
      name: "Travel App Integration",
      permissions: ["trips:read"],
      expires_in_days: 365,
    });
    await expectStatus(res, 201);
    const created = await body(res);
    expect(created).toMatchObject({ name: "Travel App Integration", permissions: ["trips:read"] });
    expect(typeof created.id).toBe("string");
    expect(created.key).toMatch(/^ts_live_[A-Za-z0-9_-]{16,}$/);
    expect(isIsoDateTime(created.created_at)).toBe(true);
    expect(isIsoDateTime(created.expires_at)).toBe(true);
    const days = (Date.parse(created.expires_at) - Date.parse(created.created_at)) / 86_400_000;
    expect(Math.round(days)).toBe(365);

    // Listed without the secret.
    const list = await user.api.get("/api/user/keys");
    await expectStatus(list, 200);
    const lb = await body(list);
    expect(lb.total).toBe(1);
    expect(lb.keys).toHaveLength(1);
    expect(lb.keys[0]).toMatchObject({
      id: created.id,
      name: "Travel App Integration",
      permissions: ["trips:read"],
      is_active: true,
    });
    expect(lb.keys[0]).not.toHaveProperty("key");
    expect(JSON.stringify(lb)).not.toContain(created.key);

    // A trip exists so the key can read it.
    const trip = await body(
      await user.api.post("/api/trips", {
        title: "Key trip",
        start_date: "2030-06-01",
        end_date: "2030-06-03",
      }),
    );

    const keyApi = new Api(request, created.key);
    const read = await keyApi.get("/api/trips");
    await expectStatus(read, 200);
    expect((await body(read)).items.map((t: Json) => t.id)).toContain(trip.id);
    await expectStatus(await keyApi.get(`/api/trips/${trip.id}`), 200);
    // API keys get their own tier (the TripSage REST API: API Key (Basic) 200/min).
    expect(read.headers()["x-ratelimit-limit"]).toBe("200");

    // Missing scope → 403 INSUFFICIENT_PERMISSIONS.
    const write = await keyApi.post("/api/trips", {
      title: "Not allowed",
      start_date: "2030-06-01",
      end_date: "2030-06-03",
    });
    await expectTripSageError(write, 403, { code: "INSUFFICIENT_PERMISSIONS", type: "authorization" });
    await expectTripSageError(await keyApi.delete(`/api/trips/${trip.id}`), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
    await expectTripSageError(await keyApi.get("/api/memory/user"), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });

    // last_used is recorded.
    const listed = await body(await user.api.get("/api/user/keys"));
    expect(isIsoDateTime(listed.keys[0].last_used)).toBe(true);

    // Revoke → 204, then the key answers 401.
    const del = await user.api.delete(`/api/user/keys/${created.id}`);
    expect(del.status()).toBe(204);
    await expectTripSageError(await keyApi.get("/api/trips"), 401, { type: "authentication" });
    const after = await body(await user.api.get("/api/user/keys"));
    expect(after.keys[0].is_active).toBe(false);

    // Revoking again, or an unknown key, is a 404.
    await expectTripSageError(await user.api.delete(`/api/user/keys/${created.id}`), 404);
  });

  test("an API key cannot manage keys (user login required) and cannot grant admin:access", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const created = await body(
      await user.api.post("/api/user/keys", {
        name: "All trips",
        permissions: ["trips:read", "trips:write", "trips:delete", "chat:access"],
      }),
    );
    expect(created.expires_at).toBeNull();
    const keyApi = new Api(request, created.key);
    await expectTripSageError(await keyApi.get("/api/user/keys"), 403, { code: "INSUFFICIENT_PERMISSIONS" });
    await expectTripSageError(
      await keyApi.post("/api/user/keys", { name: "x", permissions: ["trips:read"] }),
      403,
      {
        code: "INSUFFICIENT_PERMISSIONS",
      },
    );
    await expectTripSageError(
      await user.api.post("/api/user/keys", { name: "Admin", permissions: ["admin:access"] }),
      403,
      { code: "INSUFFICIENT_PERMISSIONS" },
    );
    // Scopes the key has work.
    const trip = await keyApi.post("/api/trips", {
      title: "By key",
      start_date: "2030-01-01",
      end_date: "2030-01-02",
    });
    await expectStatus(trip, 201);
  });

  test("key creation validates its body (422) and needs authentication (401)", async ({ request }) => {
    const user = await registerUser(request);
    await expectValidationError(await user.api.post("/api/user/keys", { name: "", permissions: [] }), [
      "name",
      "permissions",
    ]);
    await expectValidationError(
      await user.api.post("/api/user/keys", { name: "x", permissions: ["trips:fly"] }),
      ["permissions.0"],
    );
    await expectTripSageError(
      await new Api(request).post("/api/user/keys", { name: "x", permissions: ["trips:read"] }),
      401,
    );
  });
});
