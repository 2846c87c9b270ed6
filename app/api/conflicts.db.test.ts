// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * Optimistic concurrency on the TripSage REST API's itinerary writes, as the web UI uses it:
 * every update, move and delete may carry `If-Match`; a stale one is refused with 412 and
 * nothing changes, and the 412's `details.current` is the item as a GET answers it now, so
 * the UI can show what the other person changed without another read.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as move from "@/app/api/itineraries/[tripId]/segments/[segmentId]/move/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as trip from "@/app/api/trips/[tripId]/route";
import { getDb } from "@/db/client";
import { tripCollaborators } from "@/db/schema";
import { expectApiError } from "@/lib/testing/assertions";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };
let a: { auth: Auth; user: { id: string } };

const addSeg = (tripId: string, body: unknown) =>
  call(segs.POST, { method: "POST", params: { tripId }, body, headers: a.auth });
const getSeg = (tripId: string, segmentId: string) =>
  call(seg.GET, { params: { tripId, segmentId }, headers: a.auth });
const putSeg = (tripId: string, segmentId: string, body: unknown, ifMatch?: string) =>
  call(seg.PUT, {
    method: "PUT",
    params: { tripId, segmentId },
    body,
    headers: { ...a.auth, ...(ifMatch && { "if-match": ifMatch }) },
  });
const delSeg = (tripId: string, segmentId: string, ifMatch?: string) =>
  call(seg.DELETE, {
    method: "DELETE",
    params: { tripId, segmentId },
    headers: { ...a.auth, ...(ifMatch && { "if-match": ifMatch }) },
  });
const moveSeg = (tripId: string, segmentId: string, body: unknown, ifMatch?: string) =>
  call(move.POST, {
    method: "POST",
    params: { tripId, segmentId },
    body,
    headers: { ...a.auth, ...(ifMatch && { "if-match": ifMatch }) },
  });

beforeAll(async () => {
  a = await makeUser("Conflict Tester");
});

/** A trip with segments "A", "B" on day 1; returns ids and A's first ETag. */
async function twoSegments() {
  const t = await makeTrip(a.user.id);
  const first = await addSeg(t.id, { type: "activity", title: "A", day_index: 1 });
  const second = await addSeg(t.id, { type: "activity", title: "B", day_index: 1 });
  expect(first.status).toBe(201);
  expect(second.status).toBe(201);
  return {
    tripId: t.id,
    aId: first.body.id as string,
    bId: second.body.id as string,
    tag1: first.headers.get("etag") as string,
  };
}

describe("If-Match on segment writes", () => {
  it("a stale update's 412 carries the current segment, exactly as GET answers it", async () => {
    const { tripId, aId, tag1 } = await twoSegments();
    const theirs = await putSeg(tripId, aId, { title: "A (theirs)", notes: "Booked" }, tag1);
    expect(theirs.status).toBe(200);
    const stale = await putSeg(tripId, aId, { title: "A (mine)" }, tag1);
    expectApiError(stale, 412, "PRECONDITION_FAILED");
    const now = await getSeg(tripId, aId);
    expect(now.body.title).toBe("A (theirs)");
    expect(stale.body.details.current).toEqual(now.body);
    expect(stale.body.details.etag).toBe(now.headers.get("etag"));
    expect(stale.body.details.current_version).toBe(now.body.version);
  });

  it("a stale move is refused and the order is unchanged; with the current ETag it moves", async () => {
    const { tripId, aId, bId, tag1 } = await twoSegments();
    const edited = await putSeg(tripId, aId, { notes: "changed" }, tag1);
    const stale = await moveSeg(tripId, aId, { day_index: 2, position: 0 }, tag1);
    expectApiError(stale, 412, "PRECONDITION_FAILED");
    expect(stale.body.details.current.notes).toBe("changed");
    const still = await getSeg(tripId, aId);
    expect(still.body.day_index).toBe(1);
    expect(still.body.position).toBe(0);
    expect((await getSeg(tripId, bId)).body.position).toBe(1);

    const ok = await moveSeg(
      tripId,
      aId,
      { day_index: 2, position: 0 },
      edited.headers.get("etag") as string,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.day_index).toBe(2);
    expect((await getSeg(tripId, bId)).body.position).toBe(0);
  });

  it("a stale delete removes nothing; the current ETag deletes; no If-Match stays unconditional", async () => {
    const { tripId, aId, bId, tag1 } = await twoSegments();
    const edited = await putSeg(tripId, aId, { title: "A2" }, tag1);
    const stale = await delSeg(tripId, aId, tag1);
    expectApiError(stale, 412, "PRECONDITION_FAILED");
    expect(stale.body.details.current.title).toBe("A2");
    expect((await getSeg(tripId, aId)).status).toBe(200);

    expect((await delSeg(tripId, aId, edited.headers.get("etag") as string)).status).toBe(204);
    expect((await getSeg(tripId, aId)).status).toBe(404);
    expect((await delSeg(tripId, bId)).status).toBe(204);
  });

  it("a delete with If-Match of a segment that is gone is 404, not 412", async () => {
    const { tripId, aId, tag1 } = await twoSegments();
    expect((await delSeg(tripId, aId)).status).toBe(204);
    expectApiError(await delSeg(tripId, aId, tag1), 404, "NOT_FOUND");
  });
});

describe("If-Match on trip updates", () => {
  it("a stale update's 412 carries the current trip with the caller's role", async () => {
    const t = await makeTrip(a.user.id);
    const put = (body: unknown, ifMatch: string) =>
      call(trip.PUT, {
        method: "PUT",
        params: { tripId: t.id },
        body,
        headers: { ...a.auth, "if-match": ifMatch },
      });
    const first = await put({ title: "Theirs" }, `"v${t.version}"`);
    expect(first.status).toBe(200);
    const stale = await put({ title: "Mine" }, `"v${t.version}"`);
    expectApiError(stale, 412, "PRECONDITION_FAILED");
    const now = await call(trip.GET, { params: { tripId: t.id }, headers: a.auth });
    expect(stale.body.details.current).toEqual(now.body);
    expect(stale.body.details.current.title).toBe("Theirs");
  });
});

describe("who changed it", () => {
  it("a 412 names whoever made the current version of a segment or the trip (details.changed_by)", async () => {
    const db = await getDb();
    const b = await makeUser("Bea Editor");
    const { tripId, aId, tag1 } = await twoSegments();
    await db
      .insert(tripCollaborators)
      .values({ tripId, userId: b.user.id, permission: "editor", addedBy: a.user.id });
    // Bea edits segment A; the owner's copy (tag1) is now stale.
    const beas = await call(seg.PUT, {
      method: "PUT",
      params: { tripId, segmentId: aId },
      body: { title: "A by Bea" },
      headers: b.auth,
    });
    expect(beas.status).toBe(200);
    const stale = await putSeg(tripId, aId, { title: "A by owner" }, tag1);
    expectApiError(stale, 412, "PRECONDITION_FAILED");
    expect(stale.body.details.changed_by).toEqual({ id: b.user.id, name: "Bea Editor" });
    expect(stale.body.details.current.title).toBe("A by Bea");
    // The trip's version moved with Bea's edit too: a stale trip write names her as well.
    const t = await call(trip.GET, { params: { tripId }, headers: a.auth });
    await call(seg.PUT, {
      method: "PUT",
      params: { tripId, segmentId: aId },
      body: { notes: "n" },
      headers: b.auth,
    });
    const staleTrip = await call(trip.PUT, {
      method: "PUT",
      params: { tripId },
      body: { title: "Renamed" },
      headers: { ...a.auth, "if-match": t.headers.get("etag") as string },
    });
    expectApiError(staleTrip, 412, "PRECONDITION_FAILED");
    expect(staleTrip.body.details.changed_by).toEqual({ id: b.user.id, name: "Bea Editor" });
  });
});
