/**
 * The Trip Designer API Trip Designer API: sessions bound to an itinerary, messages answered by the
 * (offline) model with tool calls, session history with tokens and cost, stats, and the
 * `{error, message, hint?}` error shape.
 */
import { expect, test } from "@playwright/test";
import {
  body,
  createTrip,
  expectDesignerError,
  expectStatus,
  isIsoDateTime,
  registerUser,
  UNKNOWN_UUID,
} from "./helpers";

test.describe("Trip Designer sessions", () => {
  test("create a session, add a Kyoto day trip, read the session and stats", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api); // 8 days, so day 3 exists

    const created = await user.api.post("/api/chat/sessions", { itineraryId: trip.id });
    await expectStatus(created, 201);
    const { sessionId, ...rest } = await body(created);
    expect(typeof sessionId).toBe("string");
    expect(sessionId.length).toBeGreaterThan(0);
    expect(rest).toEqual({});

    const sent = await user.api.post(`/api/chat/sessions/${sessionId}/messages`, {
      message: "add a day trip to Kyoto on day 3",
    });
    await expectStatus(sent, 200);
    const reply = await body(sent);
    expect(typeof reply.message).toBe("string");
    expect(reply.message.length).toBeGreaterThan(0);
    expect(reply.itineraryUpdated).toBe(true);
    expect(Array.isArray(reply.segmentsModified)).toBe(true);
    expect(reply.segmentsModified.length).toBeGreaterThan(0);
    for (const id of reply.segmentsModified) expect(typeof id).toBe("string");
    expect(Array.isArray(reply.toolCallsMade)).toBe(true);
    const call = reply.toolCallsMade[0];
    expect(call).toMatchObject({ type: "function", function: { name: "add_segment" } });
    expect(typeof call.id).toBe("string");
    expect(typeof call.function.arguments).toBe("string"); // a JSON string, as in the Trip Designer API
    const args = JSON.parse(call.function.arguments);
    expect(args.title).toMatch(/kyoto/i);
    expect(args.day_index ?? args.dayIndex).toBe(3);
    if ("structuredQuestions" in reply) expect(Array.isArray(reply.structuredQuestions)).toBe(true);

    // The segment really is on day 3 of the itinerary.
    const day3 = await body(
      await user.api.get(`/api/itineraries/${trip.id}/segments`, { params: { day_index: 3 } }),
    );
    const segIds = day3.segments.map((s: { id: string }) => s.id);
    expect(segIds).toEqual(expect.arrayContaining(reply.segmentsModified));
    expect(day3.segments.some((s: { title: string }) => /kyoto/i.test(s.title))).toBe(true);

    const got = await user.api.get(`/api/chat/sessions/${sessionId}`);
    await expectStatus(got, 200);
    const session = await body(got);
    expect(session).toMatchObject({ id: sessionId, itineraryId: trip.id });
    expect(session.messages).toHaveLength(2);
    expect(session.messages[0]).toMatchObject({ role: "user", content: "add a day trip to Kyoto on day 3" });
    expect(session.messages[1]).toMatchObject({ role: "assistant", content: reply.message });
    for (const m of session.messages)
      expect(isIsoDateTime(m.timestamp), `timestamp ${m.timestamp}`).toBe(true);
    if (session.messages[1].tokens) {
      expect(session.messages[1].tokens).toMatchObject({
        input: expect.any(Number),
        output: expect.any(Number),
      });
    }
    expect(session.metadata).toMatchObject({ messageCount: 2 });
    expect(typeof session.metadata.totalTokens).toBe("number");
    expect(session.metadata.totalTokens).toBeGreaterThanOrEqual(0);
    expect(typeof session.metadata.costUSD).toBe("number");
    expect(session.metadata.costUSD).toBeGreaterThanOrEqual(0);
    expect(isIsoDateTime(session.createdAt)).toBe(true);
    expect(isIsoDateTime(session.lastActiveAt)).toBe(true);
    expect(session).toHaveProperty("tripProfile");

    const stats = await user.api.get("/api/chat/stats");
    await expectStatus(stats, 200);
    const sb = await body(stats);
    expect(typeof sb.activeSessions).toBe("number");
    expect(sb.activeSessions).toBeGreaterThanOrEqual(1);
  });

  test("a second message appends to the session history", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const { sessionId } = await body(await user.api.post("/api/chat/sessions", { itineraryId: trip.id }));
    await expectStatus(
      await user.api.post(`/api/chat/sessions/${sessionId}/messages`, {
        message: "add a day trip to Kyoto on day 3",
      }),
      200,
    );
    const second = await user.api.post(`/api/chat/sessions/${sessionId}/messages`, {
      message: "what's on day 3?",
    });
    await expectStatus(second, 200);
    const r2 = await body(second);
    expect(typeof r2.message).toBe("string");
    expect(typeof r2.itineraryUpdated).toBe("boolean");
    const session = await body(await user.api.get(`/api/chat/sessions/${sessionId}`));
    expect(session.metadata.messageCount).toBe(4);
    expect(session.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  test("missing itineraryId → 400 {error, message}; unknown itinerary → 404", async ({ request }) => {
    const user = await registerUser(request);
    const missing = await expectDesignerError(await user.api.post("/api/chat/sessions", {}), 400);
    expect(missing.error).not.toBe(true); // the Trip Designer API's error is a string kind, not the TripSage REST API's boolean
    await expectDesignerError(await user.api.post("/api/chat/sessions", { itineraryId: UNKNOWN_UUID }), 404);
    await expectDesignerError(await user.api.post("/api/chat/sessions", { itineraryId: "abc123" }), 404);
  });

  test("unknown session → 404 for GET and for messages", async ({ request }) => {
    const user = await registerUser(request);
    await expectDesignerError(await user.api.get(`/api/chat/sessions/${UNKNOWN_UUID}`), 404);
    await expectDesignerError(await user.api.get("/api/chat/sessions/session_1734541234567_abc123def"), 404);
    await expectDesignerError(
      await user.api.post(`/api/chat/sessions/${UNKNOWN_UUID}/messages`, { message: "hello" }),
      404,
    );
  });

  test("missing or empty message → 400", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const { sessionId } = await body(await user.api.post("/api/chat/sessions", { itineraryId: trip.id }));
    await expectDesignerError(await user.api.post(`/api/chat/sessions/${sessionId}/messages`, {}), 400);
    await expectDesignerError(
      await user.api.post(`/api/chat/sessions/${sessionId}/messages`, { message: "" }),
      400,
    );
    await expectDesignerError(
      await user.api.post(`/api/chat/sessions/${sessionId}/messages`, { message: 42 }),
      400,
    );
  });

  test("another user's session is a 404; anonymous callers get 401 in the designer shape", async ({
    request,
  }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    const { sessionId } = await body(await owner.api.post("/api/chat/sessions", { itineraryId: trip.id }));
    await expectDesignerError(await stranger.api.get(`/api/chat/sessions/${sessionId}`), 404);
    await expectDesignerError(
      await stranger.api.post(`/api/chat/sessions/${sessionId}/messages`, { message: "delete everything" }),
      404,
    );
    await expectDesignerError(await stranger.api.post("/api/chat/sessions", { itineraryId: trip.id }), 404);
    await expectDesignerError(await owner.api.as(null).get("/api/chat/stats"), 401);
    await expectDesignerError(
      await owner.api.as(null).post("/api/chat/sessions", { itineraryId: trip.id }),
      401,
    );
  });
});
