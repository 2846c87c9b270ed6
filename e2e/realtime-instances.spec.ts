/**
 * Two production server instances on one Postgres: the one playwright.config.ts starts, and
 * a second `npm start` this spec starts on E2E_SECOND_PORT (default 3211) with the same
 * DATABASE_URL and AUTH_SECRET. SSE, WebSocket and presence events cross between them over
 * the event bus (Postgres LISTEN/NOTIFY). Skipped without DATABASE_URL (PGlite is one process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { body, expectStatus, registerUser, tripBody } from "./api/helpers";
import { connectSocket, openSse } from "./realtime/clients";

const first = process.env.E2E_BASE_URL ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const secondPort = Number(process.env.E2E_SECOND_PORT ?? 3211);
const second = `http://localhost:${secondPort}`;

test.skip(!process.env.DATABASE_URL, "needs DATABASE_URL: two instances share one Postgres");
test.describe.configure({ timeout: 240_000 });

let proc: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  proc = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(secondPort),
      SEED_DEMO: "false",
      AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdefghijklmnop",
      OPENAI_API_KEY: "",
      NEXT_TELEMETRY_DISABLED: "1",
      TRUST_PROXY_HOPS: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const until = Date.now() + 200_000;
  for (;;) {
    const ok = await fetch(`${second}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error("the second instance did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (proc?.pid && proc.exitCode === null) process.kill(-proc.pid, "SIGTERM");
});

test("a change on one instance reaches SSE, WebSocket and presence subscribers of the other", async ({
  request,
}) => {
  const owner = await registerUser(request, { name: "Olive Owner" });
  const member = await registerUser(request, { name: "Max Member" });
  const trip = await body(await owner.api.post("/api/trips", tripBody()));
  await expectStatus(
    await owner.api.post(`/api/trips/${trip.id}/share`, {
      user_emails: [member.email],
      permission_level: "editor",
    }),
    200,
  );

  // SSE on the second instance, through a ticket issued by the first.
  const ticket = await body(await owner.api.post(`/api/itineraries/${trip.id}/events/ticket`));
  const sse = await openSse(
    `${second}/api/itineraries/${trip.id}/events?ticket=${encodeURIComponent(ticket.ticket)}`,
  );
  expect(sse.status).toBe(200);
  await sse.next("connected");
  await sse.next("presence");

  // The member's socket on the first instance joins the room: presence crosses.
  const ws = connectSocket(first, member.access_token);
  await ws.next("connection_established");
  ws.send({ type: "subscribe", trip_id: trip.id });
  await ws.next((m) => m.type === "system_notification" && m.notification_type === "subscribed");
  expect(await sse.next("presence_joined")).toMatchObject({ user: { id: member.id, name: "Max Member" } });
  // The socket on the first instance hears of the owner already present on the second.
  expect(await ws.next((m) => m.type === "collaboration_event" && m.event === "user_joined")).toMatchObject({
    user: { id: owner.id },
  });

  // A segment added through the second instance reaches the socket on the first ...
  const segRes = await fetch(`${second}/api/itineraries/${trip.id}/segments`, {
    method: "POST",
    headers: { Authorization: `Bearer ${owner.access_token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ type: "activity", title: "Across instances", day_index: 1 }),
  });
  expect(segRes.status).toBe(201);
  const seg = (await segRes.json()) as { id: string };
  expect(await ws.next((m) => m.type === "collaboration_event" && m.event === "segment_added")).toMatchObject(
    {
      user: { id: owner.id, name: "Olive Owner" },
      changes: { field: "segments", action: "added", value: { segment_id: seg.id } },
    },
  );
  // ... and one through the first reaches the SSE stream on the second.
  const other = await body(
    await member.api.post(`/api/itineraries/${trip.id}/segments`, {
      type: "meal",
      title: "Dinner",
      day_index: 1,
    }),
  );
  expect((await sse.next("segment_added")).segmentId).toBe(seg.id);
  expect((await sse.next("segment_added")).segmentId).toBe(other.id);

  // Typing crosses too: a socket on the second instance hears the member typing on the first.
  const ownerWs = connectSocket(second, owner.access_token);
  await ownerWs.next("connection_established");
  ownerWs.send({ type: "subscribe", trip_id: trip.id });
  await ownerWs.next((m) => m.type === "system_notification" && m.notification_type === "subscribed");
  ws.send({ type: "typing_indicator", is_typing: true, trip_id: trip.id });
  expect(await ownerWs.next((m) => m.type === "typing_indicator" && m.user_id === member.id)).toMatchObject({
    is_typing: true,
  });

  // The member leaving on the first instance is seen on the second.
  ws.close();
  expect(await sse.next("presence_left")).toMatchObject({ user: { id: member.id } });
  ownerWs.close();
  sse.close();
});

test("an instance shutting down closes its sockets with 1001", async ({ request }) => {
  const user = await registerUser(request);
  const ws = connectSocket(second, user.access_token);
  await ws.next("connection_established");
  const exited = new Promise((r) => proc?.once("exit", r));
  if (proc?.pid) process.kill(-proc.pid, "SIGTERM");
  expect((await ws.closed).code).toBe(1001);
  await exited;
});
