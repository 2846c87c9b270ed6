/**
 * Access-token lifetime and refresh-token reuse, through the same handlers API clients call
 * (GET /api/users/me, POST /api/auth/refresh) on the real database.
 */
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/platform/env";
import { makeUser } from "@/lib/testing/fixtures";
import { issueTokens, signAccessToken } from "./tokens";
import { forgetUser } from "./user-cache";
import { recallVerifiedToken } from "./verified-tokens";

const me = async (authorization: string) => {
  const { GET } = await import("@/app/api/users/me/route");
  return GET(new Request("http://localhost/api/users/me", { headers: { authorization } }), {
    params: Promise.resolve({}),
  });
};
const refresh = async (refresh_token: string) => {
  const { POST } = await import("@/app/api/auth/refresh/route");
  return POST(
    new Request("http://localhost/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token }),
    }),
    { params: Promise.resolve({}) },
  );
};

const forge = (sub: string, tv: number, iat: number, exp: number | null) => {
  const jwt = new SignJWT({ tv })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(sub)
    .setIssuer("tripsage")
    .setAudience("tripsage-api")
    .setIssuedAt(iat);
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(env().AUTH_SECRET));
};

describe("access-token lifetime", () => {
  it("refuses a correctly signed token valid for ten years (and one without exp); accepts a normal one", async () => {
    const { user } = await makeUser();
    const now = Math.floor(Date.now() / 1000);
    const tenYears = await forge(user.id, user.tokenVersion, now, now + 10 * 365 * 86_400);
    const noExp = await forge(user.id, user.tokenVersion, now, null);
    const backdated = await forge(user.id, user.tokenVersion, now - 7200, now + 600);
    const normal = await forge(user.id, user.tokenVersion, now, now + 3600);
    for (const [name, t] of [
      ["ten-year", tenYears],
      ["no exp", noExp],
      ["issued 2 h ago", backdated],
    ] as const) {
      const res = await me(`Bearer ${t}`);
      expect(res.status, name).toBe(401);
      expect(["INVALID_TOKEN", "TOKEN_EXPIRED"], name).toContain((await res.json()).code);
    }
    expect((await me(`Bearer ${normal}`)).status).toBe(200);
  });
});

describe("refresh-token reuse", () => {
  it("revokes the family and makes the family's access tokens stop working at once", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const first = await issueTokens(db, user);
    const r1 = await refresh(first.refresh_token);
    expect(r1.status).toBe(200);
    const second = await r1.json();
    // Both access tokens work before the reuse.
    expect((await me(`Bearer ${first.access_token}`)).status).toBe(200);
    expect((await me(`Bearer ${second.access_token}`)).status).toBe(200);

    // Someone replays the spent refresh token.
    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(401);

    for (const t of [first.access_token, second.access_token]) {
      const res = await me(`Bearer ${t}`);
      expect(res.status).toBe(401);
    }
    // The rotated refresh token of the family is revoked too.
    expect((await refresh(second.refresh_token)).status).toBe(401);
    // Signing in again works (a new family, the new token version).
    const [now] = await db.select().from(users).where(eq(users.id, user.id));
    if (!now) throw new Error("user gone");
    expect(now.tokenVersion).toBeGreaterThan(user.tokenVersion);
    const fresh = await issueTokens(db, now);
    expect((await me(`Bearer ${fresh.access_token}`)).status).toBe(200);
  });
});

describe("a revoked refresh token", () => {
  it("presented after logout/password change is refused without signing the user out of the new session", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const old = await issueTokens(db, user);
    const { revokeAllSessions } = await import("@/lib/domain/users/service");
    const bumped = await revokeAllSessions(db, user.id);
    const fresh = await issueTokens(db, bumped);
    expect((await refresh(old.refresh_token)).status).toBe(401);
    expect((await me(`Bearer ${fresh.access_token}`)).status).toBe(200);
  });
});

describe("access tokens remembered as verified", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const nowS = () => Math.floor(Date.now() / 1000);

  it("are remembered after one check, yet a revoked one is refused on its next request", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const pair = await issueTokens(db, user);
    expect((await me(`Bearer ${pair.access_token}`)).status).toBe(200);
    expect(recallVerifiedToken(pair.access_token, env().AUTH_SECRET, nowS())).toMatchObject({
      userId: user.id,
      tokenVersion: user.tokenVersion,
    });
    const { revokeAllSessions } = await import("@/lib/domain/users/service");
    await revokeAllSessions(db, user.id);
    // Logout dropped the user's remembered tokens, and the version check refuses it anyway.
    expect(recallVerifiedToken(pair.access_token, env().AUTH_SECRET, nowS())).toBeUndefined();
    const res = await me(`Bearer ${pair.access_token}`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("INVALID_TOKEN");
  });

  it("never stand in for a different signature of the same claims", async () => {
    const { user } = await makeUser();
    const token = await signAccessToken(user);
    expect((await me(`Bearer ${token}`)).status).toBe(200);
    const [head, body, sig] = token.split(".") as [string, string, string];
    const flipped = `${head}.${body}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BA" : "AA"}`;
    const res = await me(`Bearer ${flipped}`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("INVALID_TOKEN");
  });

  it("are checked again from their exp on, and then refused as expired", async () => {
    const { user } = await makeUser();
    const now = nowS();
    const short = await forge(user.id, user.tokenVersion, now, now + 30);
    expect((await me(`Bearer ${short}`)).status).toBe(200);
    expect(recallVerifiedToken(short, env().AUTH_SECRET, now)).toBeDefined();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((now + 31) * 1000);
    const res = await me(`Bearer ${short}`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("TOKEN_EXPIRED");
  });

  it("are dropped when the user cache forgets the user", async () => {
    const { user } = await makeUser();
    const token = await signAccessToken(user);
    expect((await me(`Bearer ${token}`)).status).toBe(200);
    forgetUser(user.id);
    expect(recallVerifiedToken(token, env().AUTH_SECRET, nowS())).toBeUndefined();
    expect((await me(`Bearer ${token}`)).status).toBe(200);
  });
});
