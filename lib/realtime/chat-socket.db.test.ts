/**
 * The TripSage REST API's WebSocket API over a real HTTP server and real sockets (the `ws` client), with
 * the offline model and the real database.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { getDb } from "@/db/client";
import { createApiKey } from "@/lib/domain/auth/api-keys";
import { addSegment, listSegments } from "@/lib/domain/itinerary/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { env } from "@/lib/platform/env";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { CHAT_WS_PATH, createChatSocketServer } from "./chat-socket";

let server: Server;
let base: string;
const chat = createChatSocketServer();

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => {
    if (!chat.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${CHAT_WS_PATH}`;
});
afterAll(async () => {
  chat.close();
  await new Promise((r) => server.close(r));
});

type Msg = Record<string, unknown> & { type: string };

/** Opens a socket and collects its messages; `next(type)` waits for the next of that type. */
function connect(token: string) {
  const ws = new WebSocket(`${base}?token=${encodeURIComponent(token)}`);
  const inbox: Msg[] = [];
  const waiters: { type: string; resolve: (m: Msg) => void }[] = [];
  ws.on("message", (data) => {
    const m = JSON.parse(data.toString()) as Msg;
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(m);
    else inbox.push(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on("close", (code, reason) => r({ code, reason: reason.toString() })),
  );
  return {
    ws,
    closed,
    send: (m: unknown) => ws.send(JSON.stringify(m)),
    next: (type: string, ms = 15_000) =>
      new Promise<Msg>((resolve, reject) => {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return resolve(inbox.splice(i, 1)[0] as Msg);
        const t = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
        waiters.push({
          type,
          resolve: (m) => {
            clearTimeout(t);
            resolve(m);
          },
        });
      }),
  };
}

const tokenOf = (auth: { authorization: string }) => auth.authorization.replace(/^Bearer /, "");

describe("chat WebSocket", () => {
  it("answers a user_message with typing indicators and an ai_response that edited the trip", async () => {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    const c = connect(tokenOf(auth));
    expect((await c.next("connection_established")).user_id).toBe(user.id);
    c.send({
      type: "user_message",
      content: "add a day trip to Kyoto on day 3",
      session_id: "new",
      context: { trip_id: trip.id },
    });
    expect(await c.next("typing_indicator")).toMatchObject({ is_typing: true });
    // Partial chunks first, then the whole answer; all echo the client's session id.
    let streamed = "";
    let reply = await c.next("ai_response");
    while (reply.is_partial === true) {
      expect(reply.session_id).toBe("new");
      streamed += reply.content as string;
      reply = await c.next("ai_response");
    }
    expect(streamed).toBe(reply.content);
    expect(reply).toMatchObject({
      is_partial: false,
      content: expect.stringContaining("Day trip to Kyoto"),
      agent: "trip_designer_agent",
      session_id: "new",
      suggestions: [expect.objectContaining({ action: "add_segment" })],
      timestamp: expect.any(String),
    });
    // The sender is subscribed to the trip, so it also hears about the change it caused.
    expect(await c.next("collaboration_event")).toMatchObject({
      event: "segment_added",
      trip_id: trip.id,
      user: { id: user.id, name: user.name },
      changes: { field: "segments", action: "added" },
    });
    c.ws.close(1000);
  });

  it("tells a subscribed collaborator about changes made over HTTP, and relays typing", async () => {
    const db = await getDb();
    const owner = await makeUser();
    const trip = await makeTrip(owner.user.id);
    const a = connect(tokenOf(owner.auth));
    const b = connect(tokenOf(owner.auth));
    await a.next("connection_established");
    await b.next("connection_established");
    a.send({ type: "subscribe", trip_id: trip.id });
    b.send({ type: "subscribe", trip_id: trip.id });
    await a.next("system_notification");
    await b.next("system_notification");
    await addSegment(
      db,
      owner.user.id,
      trip.id,
      segmentCreateSchema.parse({ type: "note", title: "Passports", day_index: 1 }),
    );
    expect(await b.next("collaboration_event")).toMatchObject({
      event: "segment_added",
      trip_id: trip.id,
      user: { id: owner.user.id },
      changes: { field: "segments", action: "added", value: { segment_id: expect.any(String) } },
    });
    a.send({ type: "typing_indicator", is_typing: true, trip_id: trip.id });
    expect(await b.next("typing_indicator")).toMatchObject({ user_id: owner.user.id, is_typing: true });
    a.ws.close();
    b.ws.close();
  });

  it("closes with 4001 for a bad token and refuses to subscribe a stranger", async () => {
    const bad = connect("not-a-token");
    expect((await bad.closed).code).toBe(4001);
    const owner = await makeUser();
    const stranger = await makeUser();
    const trip = await makeTrip(owner.user.id);
    const s = connect(tokenOf(stranger.auth));
    await s.next("connection_established");
    s.send({ type: "subscribe", trip_id: trip.id });
    expect(await s.next("error")).toMatchObject({ code: "NOT_FOUND" });
    s.send({ type: "user_message", content: "delete everything on day 1", context: { trip_id: trip.id } });
    expect(await s.next("error")).toMatchObject({ code: "NOT_FOUND" });
    s.ws.close();
  });

  it("accepts an API key with chat:access and refuses one without (1008)", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const ok = await createApiKey(db, user, { name: "ws", permissions: ["chat:access"] });
    const no = await createApiKey(db, user, { name: "ws2", permissions: ["trips:read"] });
    const c = connect(ok.key);
    await c.next("connection_established");
    c.send({ type: "ping" });
    await c.next("pong");
    c.ws.close();
    expect((await connect(no.key).closed).code).toBe(1008);
  });

  it("a key holding only chat:access cannot subscribe to trip events nor read or change the trip through a user_message", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id);
    await addSegment(
      db,
      user.id,
      trip.id,
      segmentCreateSchema.parse({ type: "note", title: "Secret note", day_index: 1 }),
    );
    const segmentsNow = async () =>
      (await listSegments(db, user.id, trip.id)).map((x) => `${x.id}:${x.title}`);
    const before = await segmentsNow();
    const chatOnly = await createApiKey(db, user, { name: "ws chat", permissions: ["chat:access"] });
    const c = connect(chatOnly.key);
    await c.next("connection_established");
    c.send({ type: "subscribe", trip_id: trip.id });
    expect(await c.next("error")).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
    for (const content of ["add a day trip to Kyoto on day 3", "what is on day 1?"]) {
      c.send({ type: "user_message", content, session_id: "new", context: { trip_id: trip.id } });
      const reply = await c.next("ai_response");
      expect(JSON.stringify(reply)).not.toContain("Secret note");
    }
    expect(await segmentsNow()).toEqual(before);
    // Not subscribed: a change made elsewhere is not delivered to this socket.
    await addSegment(
      db,
      user.id,
      trip.id,
      segmentCreateSchema.parse({ type: "note", title: "Later", day_index: 2 }),
    );
    c.send({ type: "ping" });
    await c.next("pong");
    await expect(c.next("collaboration_event", 500)).rejects.toThrow(/no collaboration_event/);
    c.ws.close();

    // Control: with trips:read and trips:write the same request edits the trip.
    const full = await createApiKey(db, user, {
      name: "ws full",
      permissions: ["chat:access", "trips:read", "trips:write"],
    });
    const f = connect(full.key);
    await f.next("connection_established");
    f.send({
      type: "user_message",
      content: "add a day trip to Kyoto on day 3",
      session_id: "new",
      context: { trip_id: trip.id },
    });
    await f.next("ai_response");
    expect((await segmentsNow()).some((x) => x.includes("Kyoto"))).toBe(true);
    f.ws.close();
  });

  it("reports bad messages without closing, and closes 1003 on binary frames", async () => {
    const { auth } = await makeUser();
    const c = connect(tokenOf(auth));
    await c.next("connection_established");
    c.ws.send("{not json");
    expect(await c.next("error")).toMatchObject({ code: "INVALID_JSON" });
    c.send({ type: "user_message" });
    expect(await c.next("error")).toMatchObject({ code: "VALIDATION_ERROR" });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.closed).code).toBe(1003);
  });

  it("closes 4003 when the access token expires while the socket is open", async () => {
    const { user } = await makeUser();
    const token = await new SignJWT({ tv: user.tokenVersion })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.id)
      .setIssuer("tripsage")
      .setAudience("tripsage-api")
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(env().AUTH_SECRET));
    const c = connect(token);
    await c.next("connection_established");
    expect((await c.closed).code).toBe(4003);
  });

  it("closes 1003 on an unknown message type", async () => {
    const { auth } = await makeUser();
    const c = connect(tokenOf(auth));
    await c.next("connection_established");
    c.send({ type: "dance" });
    expect((await c.closed).code).toBe(1003);
  });
});
