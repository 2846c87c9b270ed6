// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * Who may do what through the TripSage REST API's REST routes, against the real database: owners,
 * viewer/editor/admin collaborators (rows in trip_collaborators) and strangers, plus the
 * the Trip Designer API SSE stream's access rules. A stranger always sees 404, never 403.
 */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as events from "@/app/api/itineraries/[tripId]/events/route";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as move from "@/app/api/itineraries/[tripId]/segments/[segmentId]/move/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as trip from "@/app/api/trips/[tripId]/route";
import * as trips from "@/app/api/trips/route";
import { getDb } from "@/db/client";
import { segments, tripCollaborators, trips as tripsTable } from "@/db/schema";
import { expectApiError } from "@/lib/testing/assertions";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };
type U = Awaited<ReturnType<typeof makeUser>>;

const UNKNOWN_UUID = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b";

async function share(tripId: string, user: U, permission: "viewer" | "editor" | "admin", by: U) {
  const db = await getDb();
  await db
    .insert(tripCollaborators)
    .values({ tripId, userId: user.user.id, permission, addedBy: by.user.id });
}

async function tripRow(tripId: string) {
  const db = await getDb();
  const [t] = await db.select().from(tripsTable).where(eq(tripsTable.id, tripId));
  return t;
}

async function segmentRows(tripId: string) {
  const db = await getDb();
  const rows = await db.select().from(segments).where(eq(segments.tripId, tripId));
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

const getTrip = (auth: Auth, tripId: string) => call(trip.GET, { params: { tripId }, headers: auth });
const putTrip = (auth: Auth, tripId: string, body: unknown) =>
  call(trip.PUT, { method: "PUT", params: { tripId }, body, headers: auth });
const patchTrip = (auth: Auth, tripId: string, body: unknown) =>
  call(trip.PATCH, { method: "PATCH", params: { tripId }, body, headers: auth });
const delTrip = (auth: Auth, tripId: string) =>
  call(trip.DELETE, { method: "DELETE", params: { tripId }, headers: auth });
const getItin = (auth: Auth, tripId: string) => call(itin.GET, { params: { tripId }, headers: auth });
const listSegs = (auth: Auth, tripId: string) => call(segs.GET, { params: { tripId }, headers: auth });
const addSeg = (auth: Auth, tripId: string, body: unknown) =>
  call(segs.POST, { method: "POST", params: { tripId }, body, headers: auth });
const getSeg = (auth: Auth, tripId: string, segmentId: string) =>
  call(seg.GET, { params: { tripId, segmentId }, headers: auth });
const putSeg = (auth: Auth, tripId: string, segmentId: string, body: unknown) =>
  call(seg.PUT, { method: "PUT", params: { tripId, segmentId }, body, headers: auth });
const delSeg = (auth: Auth, tripId: string, segmentId: string) =>
  call(seg.DELETE, { method: "DELETE", params: { tripId, segmentId }, headers: auth });
const moveSeg = (auth: Auth, tripId: string, segmentId: string, body: unknown) =>
  call(move.POST, { method: "POST", params: { tripId, segmentId }, body, headers: auth });

describe("trip and itinerary access by role", () => {
  let owner: U;
  let viewer: U;
  let editor: U;
  let admin: U;
  let stranger: U;
  let tripId: string;
  let segId: string;

  beforeEach(async () => {
    [owner, viewer, editor, admin, stranger] = await Promise.all([
      makeUser("Owner"),
      makeUser("Viewer"),
      makeUser("Editor"),
      makeUser("Admin"),
      makeUser("Stranger"),
    ]);
    tripId = (await makeTrip(owner.user.id, { title: "Shared trip" })).id;
    await share(tripId, viewer, "viewer", owner);
    await share(tripId, editor, "editor", owner);
    await share(tripId, admin, "admin", owner);
    const s = await addSeg(owner.auth, tripId, { type: "activity", title: "A", day_index: 1 });
    segId = s.body.id;
    await addSeg(owner.auth, tripId, { type: "activity", title: "B", day_index: 1 });
  });

  describe("viewer", () => {
    it("can read the trip, the itinerary, the segment list and a segment", async () => {
      const t = await getTrip(viewer.auth, tripId);
      expect(t.status).toBe(200);
      expect(t.body.id).toBe(tripId);
      expect(t.body.user_id).toBe(owner.user.id);
      expect(t.body.role).toBe("viewer");
      const it2 = await getItin(viewer.auth, tripId);
      expect(it2.status).toBe(200);
      expect(it2.body.days[0].segments.map((s: any) => s.title)).toEqual(["A", "B"]);
      expect((await listSegs(viewer.auth, tripId)).body.total).toBe(2);
      expect((await getSeg(viewer.auth, tripId, segId)).body.title).toBe("A");
    });

    it("sees the shared trip in GET /api/trips, not as owner", async () => {
      const res = await call(trips.GET, { headers: viewer.auth });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items[0].id).toBe(tripId);
      expect(res.body.items[0].role).not.toBe("owner");
    });

    it("PUT/PATCH trip → 403 INSUFFICIENT_PERMISSIONS; nothing changed", async () => {
      const before = await tripRow(tripId);
      expectApiError(
        await putTrip(viewer.auth, tripId, { title: "Viewer edit" }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      expectApiError(
        await patchTrip(viewer.auth, tripId, { status: "booked" }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      expect(await tripRow(tripId)).toEqual(before);
    });

    it("DELETE trip → 403; the trip survives", async () => {
      expectApiError(await delTrip(viewer.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
      expect((await getTrip(owner.auth, tripId)).status).toBe(200);
    });

    it("cannot add, update, move or delete segments (403); nothing written", async () => {
      const before = await segmentRows(tripId);
      const tripBefore = await tripRow(tripId);
      expectApiError(
        await addSeg(viewer.auth, tripId, { type: "note", title: "sneaky", day_index: 2 }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      expectApiError(
        await putSeg(viewer.auth, tripId, segId, { title: "sneaky" }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      expectApiError(
        await call(seg.PATCH, {
          method: "PATCH",
          params: { tripId, segmentId: segId },
          body: { notes: "x" },
          headers: viewer.auth,
        }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      expectApiError(
        await moveSeg(viewer.auth, tripId, segId, { day_index: 3, position: 0 }),
        403,
        "INSUFFICIENT_PERMISSIONS",
      );
      expectApiError(await delSeg(viewer.auth, tripId, segId), 403, "INSUFFICIENT_PERMISSIONS");
      expect(await segmentRows(tripId)).toEqual(before);
      expect(await tripRow(tripId)).toEqual(tripBefore);
    });

    it("a viewer's 403 on an unknown segment id still does not write anything", async () => {
      const before = await segmentRows(tripId);
      const res = await delSeg(viewer.auth, tripId, UNKNOWN_UUID);
      expect([403, 404]).toContain(res.status);
      expect(await segmentRows(tripId)).toEqual(before);
    });
  });

  describe("editor", () => {
    it("can PUT the trip but DELETE → 403", async () => {
      const res = await putTrip(editor.auth, tripId, { title: "Edited by editor" });
      expect(res.status).toBe(200);
      expect(res.body.title).toBe("Edited by editor");
      expect(res.body.user_id).toBe(owner.user.id);
      expect(res.body.role).toBe("editor");
      expectApiError(await delTrip(editor.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
      expect((await getTrip(owner.auth, tripId)).body.title).toBe("Edited by editor");
    });

    it("can add, update, move and delete segments", async () => {
      const added = await addSeg(editor.auth, tripId, {
        type: "note",
        title: "by editor",
        day_index: 1,
        position: 0,
      });
      expect(added.status).toBe(201);
      const upd = await putSeg(editor.auth, tripId, segId, { title: "A2" });
      expect(upd.status).toBe(200);
      expect(upd.body.title).toBe("A2");
      const mv = await moveSeg(editor.auth, tripId, segId, { day_index: 2, position: 0 });
      expect(mv.status).toBe(200);
      expect(mv.body.day_index).toBe(2);
      expect((await delSeg(editor.auth, tripId, added.body.id)).status).toBe(204);
      const it2 = await getItin(owner.auth, tripId);
      expect(it2.body.days[0].segments.map((s: any) => [s.title, s.position])).toEqual([["B", 0]]);
      expect(it2.body.days[1].segments.map((s: any) => s.title)).toEqual(["A2"]);
    });
  });

  describe("admin collaborator", () => {
    it("can PUT the trip but only the owner may DELETE it", async () => {
      expect((await putTrip(admin.auth, tripId, { status: "booked" })).status).toBe(200);
      expectApiError(await delTrip(admin.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
      expect((await getTrip(owner.auth, tripId)).body.status).toBe("booked");
    });
  });

  describe("owner", () => {
    it("DELETE → 204; collaborators then get 404 and lose it from their list", async () => {
      expect((await delTrip(owner.auth, tripId)).status).toBe(204);
      for (const u of [owner, viewer, editor, admin]) {
        expectApiError(await getTrip(u.auth, tripId), 404, "NOT_FOUND");
        expectApiError(await getItin(u.auth, tripId), 404, "NOT_FOUND");
      }
      expect((await call(trips.GET, { headers: viewer.auth })).body.total).toBe(0);
      expect(await segmentRows(tripId)).toEqual([]);
    });
  });

  describe("stranger", () => {
    it("gets 404 (not 403) on trip GET/PUT/PATCH/DELETE, identical to an unknown id; nothing changed", async () => {
      const before = await tripRow(tripId);
      const unknown = await getTrip(stranger.auth, UNKNOWN_UUID);
      expectApiError(unknown, 404, "NOT_FOUND");
      const responses = [
        await getTrip(stranger.auth, tripId),
        await putTrip(stranger.auth, tripId, { title: "mine now" }),
        await patchTrip(stranger.auth, tripId, { title: "mine now" }),
        await delTrip(stranger.auth, tripId),
      ];
      for (const r of responses) {
        expectApiError(r, 404, "NOT_FOUND");
        expect(r.body).toEqual(unknown.body);
      }
      expect(await tripRow(tripId)).toEqual(before);
      expect((await call(trips.GET, { headers: stranger.auth })).body.total).toBe(0);
    });

    it("gets 404 on every itinerary and segment route; nothing written", async () => {
      const before = await segmentRows(tripId);
      const tripBefore = await tripRow(tripId);
      const responses = [
        await getItin(stranger.auth, tripId),
        await listSegs(stranger.auth, tripId),
        await addSeg(stranger.auth, tripId, { type: "note", title: "x", day_index: 1 }),
        await getSeg(stranger.auth, tripId, segId),
        await putSeg(stranger.auth, tripId, segId, { title: "x" }),
        await moveSeg(stranger.auth, tripId, segId, { day_index: 2, position: 0 }),
        await delSeg(stranger.auth, tripId, segId),
        await call(events.GET, { params: { tripId }, headers: stranger.auth }),
      ];
      for (const r of responses) expectApiError(r, 404, "NOT_FOUND");
      expect(await segmentRows(tripId)).toEqual(before);
      expect(await tripRow(tripId)).toEqual(tripBefore);
    });
  });

  it("sharing is per trip: a viewer of one trip cannot see the owner's other trips", async () => {
    const other = await makeTrip(owner.user.id, { title: "Private" });
    expectApiError(await getTrip(viewer.auth, other.id), 404, "NOT_FOUND");
    expectApiError(await getItin(editor.auth, other.id), 404, "NOT_FOUND");
    expectApiError(
      await addSeg(editor.auth, other.id, { type: "note", title: "x", day_index: 1 }),
      404,
      "NOT_FOUND",
    );
  });

  it("removing a collaborator revokes access at once", async () => {
    const db = await getDb();
    await db
      .delete(tripCollaborators)
      .where(and(eq(tripCollaborators.tripId, tripId), eq(tripCollaborators.userId, editor.user.id)));
    expectApiError(await getTrip(editor.auth, tripId), 404, "NOT_FOUND");
    expectApiError(await putTrip(editor.auth, tripId, { title: "late edit" }), 404, "NOT_FOUND");
  });

  it("downgrading editor → viewer takes effect on the next request", async () => {
    const db = await getDb();
    await db
      .update(tripCollaborators)
      .set({ permission: "viewer" })
      .where(and(eq(tripCollaborators.tripId, tripId), eq(tripCollaborators.userId, editor.user.id)));
    expectApiError(await putTrip(editor.auth, tripId, { title: "nope" }), 403, "INSUFFICIENT_PERMISSIONS");
  });
});

describe("itinerary events stream (SSE)", () => {
  async function open(auth: Auth, tripId: string) {
    const ac = new AbortController();
    const res = await events.GET(
      new Request(`http://localhost/api/itineraries/${tripId}/events`, { headers: auth, signal: ac.signal }),
      { params: Promise.resolve({ tripId }) },
    );
    return { res, ac };
  }

  async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string, ms = 5000) {
    const dec = new TextDecoder();
    let text = "";
    const deadline = Date.now() + ms;
    while (!text.includes(needle) && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((r) =>
          setTimeout(() => r({ done: true, value: undefined }), deadline - Date.now()),
        ),
      ]);
      if (chunk.done) break;
      text += dec.decode(chunk.value, { stream: true });
    }
    return text;
  }

  it("a viewer receives 'connected' and then changes made by an editor", async () => {
    const [owner, viewer, editor] = await Promise.all([makeUser(), makeUser(), makeUser()]);
    const t = await makeTrip(owner.user.id);
    await share(t.id, viewer, "viewer", owner);
    await share(t.id, editor, "editor", owner);
    const { res, ac } = await open(viewer.auth, t.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    try {
      const hello = await readUntil(reader, "connected");
      expect(hello).toContain(
        `data: ${JSON.stringify({ type: "connected", itineraryId: t.id, userId: viewer.user.id })}`,
      );
      const added = await addSeg(editor.auth, t.id, { type: "note", title: "live", day_index: 1 });
      expect(added.status).toBe(201);
      const ev = await readUntil(reader, "segment_added");
      const line = ev.split("\n").find((l) => l.includes("segment_added")) as string;
      expect(JSON.parse(line.replace(/^data: /, ""))).toEqual({
        type: "segment_added",
        segmentId: added.body.id,
        itineraryId: t.id,
      });
    } finally {
      ac.abort();
      await reader.cancel().catch(() => {});
    }
  });

  it("without credentials → 401", async () => {
    const res = await call(events.GET, { params: { tripId: UNKNOWN_UUID } });
    expectApiError(res, 401, "UNAUTHORIZED");
  });
});
