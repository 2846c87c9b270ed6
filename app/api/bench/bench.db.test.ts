/**
 * The benchmark baseline route answers like any other route when misused: 404 in the TripSage REST API's
 * shape when BENCH_ROUTES is off, 422 (not a 500) for a malformed user id when it is on.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectApiError } from "@/lib/testing/assertions";
import { call, makeUser } from "@/lib/testing/fixtures";

async function route() {
  vi.resetModules(); // env() caches; a fresh module graph reads the stubbed variable
  return import("./trips/route");
}

describe("GET /api/bench/trips", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is a 404 in the documented shape unless BENCH_ROUTES=1", async () => {
    vi.stubEnv("BENCH_ROUTES", "0");
    const { GET } = await route();
    expectApiError(await call(GET, { path: "/api/bench/trips?user_id=x" }), 404, "NOT_FOUND");
  });

  it("with BENCH_ROUTES=1, lists a user's trips and refuses a malformed id with 422", async () => {
    vi.stubEnv("BENCH_ROUTES", "1");
    const { user } = await makeUser();
    const { GET } = await route();
    const ok = await call(GET, { path: `/api/bench/trips?user_id=${user.id}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ total: 0 });
    expectApiError(await call(GET, { path: "/api/bench/trips?user_id=not-a-uuid" }), 422, "VALIDATION_ERROR");
  });
});
