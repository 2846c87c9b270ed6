/**
 * URL fields accept only http(s): profile `website` / `avatar_url` (PUT/PATCH /api/users/me)
 * and an activity segment's `booking_url` (POST /api/itineraries/{id}/segments) answer 422 for
 * `javascript:`, `data:` and other schemes, and store nothing.
 */
import { describe, expect, it } from "vitest";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";

const BAD = [
  "javascript:alert(document.cookie)",
  "JavaScript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "ftp://files.example/x",
];

const call = async (
  mod: Promise<Record<string, unknown>>,
  method: string,
  path: string,
  auth: { authorization: string },
  body: unknown,
  params: Record<string, string> = {},
) => {
  const handler = (await mod)[method] as (r: Request, c: { params: Promise<unknown> }) => Promise<Response>;
  const res = await handler(
    new Request(`http://localhost${path}`, {
      method,
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
  return { status: res.status, body: await res.json().catch(() => null) };
};

describe("URL fields accept only http(s) URLs", () => {
  it.each(BAD)("profile website / avatar_url %j → 422 naming the field, nothing stored", async (url) => {
    const me = await makeUser();
    const mod = import("@/app/api/users/me/route");
    for (const field of ["website", "avatar_url"]) {
      for (const method of ["PUT", "PATCH"]) {
        const r = await call(mod, method, "/api/users/me", me.auth, { profile: { [field]: url } });
        expect(r.status, `${method} ${field}`).toBe(422);
        expect(r.body.code).toBe("VALIDATION_ERROR");
        expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(`profile.${field}`);
      }
    }
    const got = await call(mod, "GET", "/api/users/me", me.auth, undefined);
    expect(JSON.stringify(got.body)).not.toContain(url.trim().slice(0, 8));
  });

  it("profile: an https website and avatar are stored (control)", async () => {
    const me = await makeUser();
    const mod = import("@/app/api/users/me/route");
    const r = await call(mod, "PATCH", "/api/users/me", me.auth, {
      profile: { website: "https://me.example/", avatar_url: "http://img.example/a.png" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.profile.website).toBe("https://me.example/");
  });

  it.each(BAD)("segment booking_url %j → 422, no segment added", async (url) => {
    const me = await makeUser();
    const trip = await makeTrip(me.user.id);
    const mod = import("@/app/api/itineraries/[tripId]/segments/route");
    const path = `/api/itineraries/${trip.id}/segments`;
    const params = { tripId: trip.id };
    const r = await call(
      mod,
      "POST",
      path,
      me.auth,
      { type: "activity", title: "Tour", day_index: 1, details: { booking_url: url } },
      params,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain("details.booking_url");
    const list = await call(mod, "GET", path, me.auth, undefined, params);
    expect(list.body.total).toBe(0);
    const ok = await call(
      mod,
      "POST",
      path,
      me.auth,
      { type: "activity", title: "Tour", day_index: 1, details: { booking_url: "https://tours.example/b" } },
      params,
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});
