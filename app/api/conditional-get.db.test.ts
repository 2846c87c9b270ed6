/**
 * Conditional reads (RFC 9110 §13.1.2): the itinerary and the trips list carry a strong
 * ETag, and `If-None-Match` naming the current one answers 304 with no body, while any
 * change to the trip, its segments or the list makes the next read a full 200.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as trips from "@/app/api/trips/route";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };

describe("conditional GET", () => {
  let owner: Auth;
  let stranger: Auth;
  let tripId: string;

  beforeAll(async () => {
    const o = await makeUser("Owner");
    owner = o.auth;
    stranger = (await makeUser("Stranger")).auth;
    tripId = (await makeTrip(o.user.id)).id;
  });

  const getItin = (auth: Auth, headers: Record<string, string> = {}) =>
    call(itin.GET, { params: { tripId }, headers: { ...auth, ...headers } });

  it("itinerary: 304 without a body for the current ETag, 200 again after a segment change", async () => {
    const first = await getItin(owner);
    expect(first.status).toBe(200);
    const tag = first.headers.get("etag") as string;
    expect(tag).toBe(`"v${first.body.version}"`);

    const same = await getItin(owner, { "if-none-match": tag });
    expect(same.status).toBe(304);
    expect(same.body).toBeNull();
    expect(same.headers.get("etag")).toBe(tag);
    // Weak comparison and lists (RFC 9110 §13.1.2).
    expect((await getItin(owner, { "if-none-match": `"v0", W/${tag}` })).status).toBe(304);
    expect((await getItin(owner, { "if-none-match": '"v0"' })).status).toBe(200);
    expect((await getItin(owner, { "if-none-match": "*" })).status).toBe(304);
    // Same digits, not the same tag: a full answer, byte for byte the plain GET's.
    const padded = await getItin(owner, { "if-none-match": tag.replace('"v', '"v0') });
    expect(padded.status).toBe(200);
    expect(JSON.stringify(padded.body)).toBe(JSON.stringify(first.body));
    expect(padded.headers.get("content-type")).toBe("application/json");

    const added = await call(segs.POST, {
      method: "POST",
      params: { tripId },
      body: { type: "activity", title: "Louvre", day_index: 2 },
      headers: owner,
    });
    expect(added.status).toBe(201);
    const changed = await getItin(owner, { "if-none-match": tag });
    expect(changed.status).toBe(200);
    expect(changed.body.segment_count).toBe(1);
    const tag2 = changed.headers.get("etag") as string;
    expect(tag2).not.toBe(tag);

    const edited = await call(seg.PUT, {
      method: "PUT",
      params: { tripId, segmentId: added.body.id },
      body: { title: "Musée du Louvre" },
      headers: owner,
    });
    expect(edited.status).toBe(200);
    const afterEdit = await getItin(owner, { "if-none-match": tag2 });
    expect(afterEdit.status).toBe(200);
    expect(afterEdit.body.days[1].segments[0].title).toBe("Musée du Louvre");
  });

  it("itinerary: a stranger's If-None-Match still gets 404, never a 304", async () => {
    const tag = (await getItin(owner)).headers.get("etag") as string;
    const res = await getItin(stranger, { "if-none-match": tag });
    expect(res.status).toBe(404);
  });

  it("trips list: strong ETag over the page; 304 when unchanged, 200 after a new trip", async () => {
    const u = await makeUser("Lister");
    await makeTrip(u.user.id, { title: "One" });
    const list = (headers: Record<string, string> = {}) =>
      call(trips.GET, { path: "/api/trips", headers: { ...u.auth, ...headers } });
    const first = await list();
    expect(first.status).toBe(200);
    const tag = first.headers.get("etag") as string;
    expect(tag).toMatch(/^"h[\w-]+"$/);
    expect((await list()).headers.get("etag")).toBe(tag);
    const same = await list({ "if-none-match": tag });
    expect(same.status).toBe(304);
    expect(same.body).toBeNull();

    await makeTrip(u.user.id, { title: "Two" });
    const changed = await list({ "if-none-match": tag });
    expect(changed.status).toBe(200);
    expect(changed.body.total).toBe(2);
    expect(changed.headers.get("etag")).not.toBe(tag);
  });
});
