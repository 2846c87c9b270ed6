/**
 * Trip Designer API streaming (`Accept: text/event-stream` on `POST /api/chat/sessions/{id}/messages`)
 * read with an SSE reader as a client would, and the turn's changeset undone through
 * `POST /api/changesets/{changesetId}/undo` (TripSage REST API): 200 with what was restored,
 * 409 once undone, 409 with the items left alone when someone edited them since.
 */
import { expect, test } from "@playwright/test";
import {
  type Api,
  body,
  createTrip,
  expectDesignerError,
  expectStatus,
  expectTripSageError,
  postSse,
  registerUser,
  UNKNOWN_UUID,
} from "./helpers";

async function session(api: Api, tripId: string): Promise<string> {
  const created = await api.post("/api/chat/sessions", { itineraryId: tripId });
  await expectStatus(created, 201);
  return (await body(created)).sessionId;
}

test.describe("Trip Designer streaming and undo", () => {
  test("streams tool call, tool result, text and a done event carrying the JSON body; undo restores", async ({
    request,
    baseURL,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const sessionId = await session(user.api, trip.id);

    const r = await postSse(baseURL as string, user.api, `/api/chat/sessions/${sessionId}/messages`, {
      message: "add a day trip to Kyoto on day 3",
    });
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^text\/event-stream/);
    const names = r.events.map((e) => e.event);
    expect(names.at(-1)).toBe("done");
    expect(names.filter((n) => n === "done" || n === "error")).toEqual(["done"]);
    const call = r.events.find((e) => e.event === "tool-call");
    expect(call?.data).toMatchObject({ name: "add_segment", arguments: { day_index: 3 } });
    const result = r.events.find((e) => e.event === "tool-result" && e.data.id === call?.data.id);
    expect(result?.data.output.segment).toMatchObject({ day_index: 3 });
    expect(names.indexOf("tool-call")).toBeLessThan(names.indexOf("tool-result"));
    const text = r.events
      .filter((e) => e.event === "text-delta")
      .map((e) => e.data.delta)
      .join("");
    const done = r.events.at(-1)?.data;
    expect(done).toMatchObject({
      message: text,
      itineraryUpdated: true,
      segmentsModified: [result?.data.output.segment.id],
      structuredQuestions: [],
      changesetId: expect.any(String),
    });
    expect(done.toolCallsMade[0]).toMatchObject({ id: call?.data.id, function: { name: "add_segment" } });

    // The segment is on day 3 — until the turn is undone.
    const day3 = async () =>
      (await body(await user.api.get(`/api/itineraries/${trip.id}/segments`, { params: { day_index: 3 } })))
        .segments as { id: string }[];
    expect((await day3()).map((s) => s.id)).toContain(result?.data.output.segment.id);
    const undone = await user.api.post(`/api/changesets/${done.changesetId}/undo`);
    await expectStatus(undone, 200);
    expect(await body(undone)).toEqual({
      changeset_id: done.changesetId,
      status: "undone",
      restored: [
        expect.objectContaining({
          kind: "segment",
          segment_id: result?.data.output.segment.id,
          action: "removed",
        }),
      ],
      left_alone: [],
    });
    expect(await day3()).toEqual([]);
    const again = await user.api.post(`/api/changesets/${done.changesetId}/undo`);
    const err = await expectTripSageError(again, 409, { code: "CONFLICT" });
    expect(err.details).toMatchObject({ changeset_id: done.changesetId });
  });

  test("undo leaves alone what someone edited since (409 lists it); viewers and strangers cannot undo", async ({
    request,
  }) => {
    const owner = await registerUser(request);
    const trip = await createTrip(owner.api);
    const sessionId = await session(owner.api, trip.id);
    const sent = await owner.api.post(`/api/chat/sessions/${sessionId}/messages`, {
      message: "add a day trip to Kyoto on day 3",
    });
    await expectStatus(sent, 200);
    const reply = await body(sent);
    const segId = reply.segmentsModified[0];
    const edited = await owner.api.patch(`/api/itineraries/${trip.id}/segments/${segId}`, { notes: "mine" });
    await expectStatus(edited, 200);

    const viewer = await registerUser(request);
    await expectStatus(
      await owner.api.post(`/api/trips/${trip.id}/share`, {
        user_emails: [viewer.email],
        permission_level: "viewer",
      }),
      200,
    );
    await expectTripSageError(await viewer.api.post(`/api/changesets/${reply.changesetId}/undo`), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
    const stranger = await registerUser(request);
    await expectTripSageError(await stranger.api.post(`/api/changesets/${reply.changesetId}/undo`), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await owner.api.post(`/api/changesets/${UNKNOWN_UUID}/undo`), 404, {
      code: "NOT_FOUND",
    });

    const undo = await owner.api.post(`/api/changesets/${reply.changesetId}/undo`);
    const err = await expectTripSageError(undo, 409, { code: "CONFLICT" });
    expect(err.details).toEqual({
      changeset_id: reply.changesetId,
      status: "undone",
      restored: [],
      left_alone: [expect.objectContaining({ segment_id: segId, reason: "edited_since" })],
    });
    const seg = await body(await owner.api.get(`/api/itineraries/${trip.id}/segments/${segId}`));
    expect(seg.notes).toBe("mine");
  });

  test("errors before the turn starts are JSON in the Trip Designer shape, even when streaming is asked for", async ({
    request,
    baseURL,
  }) => {
    const user = await registerUser(request);
    const r = await postSse(baseURL as string, user.api, `/api/chat/sessions/${UNKNOWN_UUID}/messages`, {
      message: "hello",
    });
    expect(r.status).toBe(404);
    expect(r.events[0]?.data).toMatchObject({ error: "Not Found", message: expect.any(String) });
    const trip = await createTrip(user.api);
    const sessionId = await session(user.api, trip.id);
    const bad = await user.api.post(`/api/chat/sessions/${sessionId}/messages`, { message: "" });
    await expectDesignerError(bad, 400);
  });
});
