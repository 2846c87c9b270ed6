/**
 * The live channels against the production server (`npm start`), with real clients: the
 * TripSage REST API WebSocket through the `ws` package and the Trip Designer API SSE stream
 * through an EventSource-style reader. Every WebSocket test first lets the server answer an
 * HTTP request, since Next only attaches the upgrade listener that used to kill the socket then.
 */
import { type APIRequestContext, expect, test } from "@playwright/test";
import { body, expectStatus, registerUser, type TestUser, tripBody } from "./api/helpers";
import { connectSocket, type Msg, openSse, type SocketClient, within } from "./realtime/clients";

// The server playwright.config.ts starts (or E2E_BASE_URL).
const baseURL = process.env.E2E_BASE_URL ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`;

async function sharedTrip(request: APIRequestContext, permission = "editor") {
  const owner = await registerUser(request, { name: "Olive Owner" });
  const member = await registerUser(request, { name: "Max Member" });
  const trip = await body(await owner.api.post("/api/trips", tripBody()));
  await expectStatus(
    await owner.api.post(`/api/trips/${trip.id}/share`, {
      user_emails: [member.email],
      permission_level: permission,
    }),
    200,
  );
  return { owner, member, trip: trip as { id: string; title: string } };
}

/** Opens a socket that has said hello. */
async function ready(user: TestUser): Promise<SocketClient> {
  const c = connectSocket(baseURL, user.access_token);
  await c.next("connection_established");
  return c;
}

/** Joins the trip's room with a typing indicator (a documented message) and waits until in. */
async function inRoom(c: SocketClient, tripId: string) {
  c.send({ type: "subscribe", trip_id: tripId });
  await c.next((m) => m.type === "system_notification" && m.notification_type === "subscribed");
}

const addSegment = (u: TestUser, tripId: string, title: string) =>
  u.api.post(`/api/itineraries/${tripId}/segments`, { type: "activity", title, day_index: 1 });

test.describe("WebSocket /api/chat/ws", () => {
  test("survives after Next served HTTP, and processes messages sent at open", async ({ request }) => {
    const user = await registerUser(request);
    await expectStatus(await request.get("/api/health"), 200);
    const c = connectSocket(baseURL, user.access_token, {
      onOpen: (ws) => {
        ws.send(JSON.stringify({ type: "ping" }));
        ws.send(JSON.stringify({ type: "ping" }));
      },
    });
    expect((await c.next("connection_established")).user_id).toBe(user.id);
    await c.next("pong");
    await c.next("pong");
    expect(await within(c.closed, 500)).toBe(false);
    c.close();
  });

  test("close codes: 4001 bad token, 1008 foreign Origin, 1003 unknown type, 4002 flood, 1008 over the cap", async ({
    request,
  }) => {
    expect((await connectSocket(baseURL, "not-a-token").closed).code).toBe(4001);
    const user = await registerUser(request);
    const foreign = connectSocket(baseURL, user.access_token, {
      headers: { Origin: "https://evil.example" },
    });
    expect((await foreign.closed).code).toBe(1008);
    const own = connectSocket(baseURL, user.access_token, { headers: { Origin: baseURL } });
    await own.next("connection_established");
    own.close();

    const unknown = await ready(user);
    unknown.send({ type: "dance" });
    expect((await unknown.closed).code).toBe(1003);

    const flood = await ready(user);
    for (let i = 0; i < 70; i++) flood.send({ type: "ping" });
    expect((await flood.closed).code).toBe(4002);

    const open: SocketClient[] = [];
    for (let i = 0; i < 10; i++) open.push(await ready(user));
    const extra = connectSocket(baseURL, user.access_token);
    expect((await extra.closed).code).toBe(1008);
    for (const c of open) c.close();
    await Promise.all(open.map((c) => c.closed));
    const again = await ready(user); // a slot is free again
    again.close();
  });

  test("two members: typing, presence and collaboration events with user and changes, from REST", async ({
    request,
  }) => {
    const { owner, member, trip } = await sharedTrip(request);
    const a = await ready(owner);
    const b = await ready(member);
    await inRoom(b, trip.id);
    a.send({ type: "typing_indicator", is_typing: true, context: { trip_id: trip.id } });
    expect(await b.next((m) => m.type === "typing_indicator" && m.user_id === owner.id)).toMatchObject({
      is_typing: true,
      trip_id: trip.id,
    });
    expect(await b.next((m) => m.type === "collaboration_event" && m.event === "user_joined")).toMatchObject({
      user: { id: owner.id, name: "Olive Owner" },
    });

    await expectStatus(await addSegment(owner, trip.id, "Temple walk"), 201);
    const added = await b.next((m) => m.type === "collaboration_event" && m.event === "segment_added");
    expect(added).toMatchObject({
      trip_id: trip.id,
      user: { id: owner.id, name: "Olive Owner" },
      changes: { field: "segments", action: "added", value: { segment_id: expect.any(String) } },
    });

    await expectStatus(await owner.api.put(`/api/trips/${trip.id}`, { title: "Renamed live" }), 200);
    expect(
      await b.next(
        (m) => m.type === "collaboration_event" && m.event === "trip_updated" && m.changes.field === "title",
      ),
    ).toMatchObject({ user: { id: owner.id }, changes: { action: "updated", value: "Renamed live" } });

    a.close();
    expect(await b.next((m) => m.type === "collaboration_event" && m.event === "user_left")).toMatchObject({
      user: { id: owner.id },
    });
    b.close();
  });

  test("invitations and collaborator changes: system_notification and collaboration_event", async ({
    request,
  }) => {
    const owner = await registerUser(request, { name: "Olive Owner" });
    const guest = await registerUser(request, { name: "Gus Guest" });
    const trip = await body(await owner.api.post("/api/trips", tripBody()));
    const g = await ready(guest);
    const o = await ready(owner);
    await inRoom(o, trip.id);
    await expectStatus(
      await owner.api.post(`/api/trips/${trip.id}/share`, {
        user_emails: [guest.email],
        permission_level: "viewer",
      }),
      200,
    );
    expect(await g.next("system_notification")).toMatchObject({
      notification_type: "trip_invitation",
      data: { trip_id: trip.id, invited_by: owner.id, permission_level: "viewer" },
    });
    expect(
      await o.next((m) => m.type === "collaboration_event" && m.event === "collaborators_updated"),
    ).toMatchObject({
      user: { id: owner.id },
      changes: { field: "collaborators", action: "added", value: { user_id: guest.id } },
    });
    g.close();
    o.close();
  });

  test("a non-member is refused and hears nothing of the trip", async ({ request }) => {
    const { owner, trip } = await sharedTrip(request);
    const stranger = await registerUser(request);
    const s = await ready(stranger);
    s.send({ type: "typing_indicator", is_typing: true, trip_id: trip.id });
    expect(await s.next("error")).toMatchObject({ code: "NOT_FOUND" });
    s.send({ type: "user_message", content: "delete day 1", context: { trip_id: trip.id } });
    expect(await s.next("error")).toMatchObject({ code: "NOT_FOUND" });
    await expectStatus(await addSegment(owner, trip.id, "Secret dinner"), 201);
    s.send({ type: "ping" });
    await s.next("pong");
    expect(
      s.inbox.all.filter((m: Msg) => m.type === "collaboration_event" || m.type === "ai_response"),
    ).toEqual([]);
    s.close();
  });

  test("ai_response streams partial chunks, then the whole answer, echoing the client's session_id", async ({
    request,
  }) => {
    const { owner, member, trip } = await sharedTrip(request);
    const a = await ready(owner);
    a.send({
      type: "user_message",
      content: "add a museum visit on day 2",
      session_id: "my-chat-1",
      context: { trip_id: trip.id },
    });
    let streamed = "";
    let m = await a.next("ai_response", 60_000);
    let partials = 0;
    while (m.is_partial === true) {
      partials++;
      expect(m.session_id).toBe("my-chat-1");
      streamed += m.content;
      m = await a.next("ai_response", 60_000);
    }
    expect(partials).toBeGreaterThan(0);
    expect(m).toMatchObject({
      is_partial: false,
      session_id: "my-chat-1",
      content: streamed,
      agent: "trip_designer_agent",
    });
    const firstMessage = m.message_id;

    // The same client id from another user names that user's own conversation, never this one.
    const b = await ready(member);
    b.send({
      type: "user_message",
      content: "what is on day 2?",
      session_id: "my-chat-1",
      context: { trip_id: trip.id },
    });
    let mb = await b.next("ai_response", 60_000);
    while (mb.is_partial === true) mb = await b.next("ai_response", 60_000);
    expect(mb.session_id).toBe("my-chat-1");
    const mine = JSON.stringify(await body(await owner.api.get(`/api/trips/${trip.id}/chat`)));
    const theirs = JSON.stringify(await body(await member.api.get(`/api/trips/${trip.id}/chat`)));
    expect(mine).toContain("museum visit");
    expect(mine).not.toContain("what is on day 2");
    expect(theirs).toContain("what is on day 2");
    expect(theirs).not.toContain("museum visit");
    expect(mb.message_id).not.toBe(firstMessage);
    a.close();
    b.close();
  });

  test("removal from a trip stops its events; a revoked key and logout close open sockets with 4003", async ({
    request,
  }) => {
    const { owner, member, trip } = await sharedTrip(request);
    const b = await ready(member);
    await inRoom(b, trip.id);
    await expectStatus(await owner.api.delete(`/api/trips/${trip.id}/collaborators/${member.id}`), 204);
    expect(await b.next("error")).toMatchObject({ code: "TRIP_ACCESS_REVOKED", trip_id: trip.id });
    await expectStatus(await addSegment(owner, trip.id, "After removal"), 201);
    b.send({ type: "ping" });
    await b.next("pong");
    expect(b.inbox.pending((m) => m.type === "collaboration_event" && m.event === "segment_added")).toEqual(
      [],
    );

    // A revoked API key closes the socket it opened.
    const key = await body(
      await member.api.post("/api/user/keys", { name: "ws", permissions: ["chat:access"] }),
    );
    const byKey = connectSocket(baseURL, key.key);
    await byKey.next("connection_established");
    await expectStatus(await member.api.delete(`/api/user/keys/${key.id}`), 204);
    expect((await byKey.closed).code).toBe(4003);

    const again = await ready(member);
    await expectStatus(await member.api.post("/api/auth/logout"), 200);
    expect((await again.closed).code).toBe(4003);
    expect((await b.closed).code).toBe(4003);
  });
});

test.describe("SSE /api/itineraries/{id}/events", () => {
  test("tickets: members only, one trip, events and presence; non-members 404", async ({ request }) => {
    const { owner, member, trip } = await sharedTrip(request);
    const stranger = await registerUser(request);
    const other = await body(await owner.api.post("/api/trips", tripBody()));

    const t = await owner.api.post(`/api/itineraries/${trip.id}/events/ticket`);
    await expectStatus(t, 201);
    const ticket = await body(t);
    expect(ticket).toMatchObject({ ticket: expect.any(String), expires_in: 60 });
    await expectStatus(await stranger.api.post(`/api/itineraries/${trip.id}/events/ticket`), 404);
    expect(
      (
        await openSse(`${baseURL}/api/itineraries/${trip.id}/events`, {
          Authorization: `Bearer ${stranger.access_token}`,
        })
      ).status,
    ).toBe(404);
    expect(
      (await openSse(`${baseURL}/api/itineraries/${other.id}/events?ticket=${ticket.ticket}`)).status,
    ).toBe(401);
    expect((await openSse(`${baseURL}/api/itineraries/${trip.id}/events`)).status).toBe(401);

    const s = await openSse(
      `${baseURL}/api/itineraries/${trip.id}/events?ticket=${encodeURIComponent(ticket.ticket)}`,
    );
    expect(s.status).toBe(200);
    expect(await s.next("connected")).toMatchObject({ itineraryId: trip.id });
    expect((await s.next("presence")).users).toEqual([{ id: owner.id, name: "Olive Owner" }]);

    const m = await openSse(`${baseURL}/api/itineraries/${trip.id}/events`, {
      Authorization: `Bearer ${member.access_token}`,
    });
    expect(await s.next("presence_joined")).toMatchObject({
      itineraryId: trip.id,
      user: { id: member.id, name: "Max Member" },
    });
    expect((await s.next("presence")).users).toHaveLength(2);

    const seg = await body(await addSegment(member, trip.id, "Ramen"));
    expect(await s.next("segment_added")).toEqual({
      type: "segment_added",
      segmentId: seg.id,
      itineraryId: trip.id,
    });
    await expectStatus(await member.api.delete(`/api/itineraries/${trip.id}/segments/${seg.id}`), 204);
    expect(await s.next("segment_deleted")).toMatchObject({ segmentId: seg.id });

    m.close();
    expect(await s.next("presence_left")).toMatchObject({ user: { id: member.id } });
    s.close();
  });

  test("streams end on removal from the trip, on logout and when the API key is revoked", async ({
    request,
  }) => {
    const { owner, member, trip } = await sharedTrip(request);
    const removed = await openSse(`${baseURL}/api/itineraries/${trip.id}/events`, {
      Authorization: `Bearer ${member.access_token}`,
    });
    await removed.next("connected");
    await expectStatus(await owner.api.delete(`/api/trips/${trip.id}/collaborators/${member.id}`), 204);
    await removed.next("access_revoked");
    expect(await within(removed.ended, 5_000)).toBe(true);

    const key = await body(
      await owner.api.post("/api/user/keys", { name: "sse", permissions: ["trips:read"] }),
    );
    const byKey = await openSse(`${baseURL}/api/itineraries/${trip.id}/events`, {
      Authorization: `Bearer ${key.key}`,
    });
    expect(byKey.status).toBe(200);
    await byKey.next("connected");
    const ticket = await body(await owner.api.post(`/api/itineraries/${trip.id}/events/ticket`));
    const byTicket = await openSse(
      `${baseURL}/api/itineraries/${trip.id}/events?ticket=${encodeURIComponent(ticket.ticket)}`,
    );
    await byTicket.next("connected");

    await expectStatus(await owner.api.delete(`/api/user/keys/${key.id}`), 204);
    await byKey.next("access_revoked");
    expect(await within(byKey.ended, 5_000)).toBe(true);
    expect(await within(byTicket.ended, 300)).toBe(false); // the ticket came from the owner's login

    await expectStatus(await owner.api.post("/api/auth/logout"), 200);
    await byTicket.next("access_revoked");
    expect(await within(byTicket.ended, 5_000)).toBe(true);
  });
});
