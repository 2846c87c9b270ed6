// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * Contract test: calls the real route handlers (real database) for every documented
 * operation and checks each answer against the OpenAPI document — the status is one the
 * operation documents, and the body matches the documented schema exactly (parsing with the
 * response zod schema must neither fail nor drop a field).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import * as stayOffer from "@/app/api/accommodations/[accommodationId]/route";
import * as staySearch from "@/app/api/accommodations/search/route";
import * as changePassword from "@/app/api/auth/change-password/route";
import * as login from "@/app/api/auth/login/route";
import * as logout from "@/app/api/auth/logout/route";
import * as refresh from "@/app/api/auth/refresh/route";
import * as register from "@/app/api/auth/register/route";
import * as sessionMessages from "@/app/api/chat/sessions/[sessionId]/messages/route";
import * as session from "@/app/api/chat/sessions/[sessionId]/route";
import * as sessions from "@/app/api/chat/sessions/route";
import * as chatStats from "@/app/api/chat/stats/route";
import * as features from "@/app/api/config/features/route";
import * as config from "@/app/api/config/route";
import * as flightOffer from "@/app/api/flights/[offerId]/route";
import * as flightSearch from "@/app/api/flights/search/route";
import * as watch from "@/app/api/flights/track/[watchId]/route";
import * as track from "@/app/api/flights/track/route";
import * as mcp from "@/app/api/health/mcp/route";
import * as health from "@/app/api/health/route";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as move from "@/app/api/itineraries/[tripId]/segments/[segmentId]/move/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as memPrefs from "@/app/api/memory/preferences/route";
import * as memUser from "@/app/api/memory/user/route";
import * as shareJoin from "@/app/api/share/[token]/join/route";
import * as shareToken from "@/app/api/share/[token]/route";
import * as tripChat from "@/app/api/trips/[tripId]/chat/route";
import * as collaborator from "@/app/api/trips/[tripId]/collaborators/[userId]/route";
import * as collaborators from "@/app/api/trips/[tripId]/collaborators/route";
import * as invitations from "@/app/api/trips/[tripId]/invitations/route";
import * as link from "@/app/api/trips/[tripId]/links/[linkId]/route";
import * as links from "@/app/api/trips/[tripId]/links/route";
import * as trip from "@/app/api/trips/[tripId]/route";
import * as share from "@/app/api/trips/[tripId]/share/route";
import * as transfer from "@/app/api/trips/[tripId]/transfer/route";
import * as trips from "@/app/api/trips/route";
import * as suggestions from "@/app/api/trips/suggestions/route";
import * as key from "@/app/api/user/keys/[keyId]/route";
import * as keys from "@/app/api/user/keys/route";
import * as me from "@/app/api/users/me/route";
import * as chatMessage from "@/app/api/v1/chat/message/route";
import * as deliveries from "@/app/api/webhooks/[webhookId]/deliveries/route";
import * as webhook from "@/app/api/webhooks/[webhookId]/route";
import * as webhooks from "@/app/api/webhooks/route";
import * as v1Chat from "@/app/v1/ai/chat/route";
import * as v1Refresh from "@/app/v1/ai/context/refresh/route";
import * as v1Messages from "@/app/v1/ai/conversations/[id]/messages/route";
import * as v1Conversations from "@/app/v1/ai/conversations/[id]/route";
import * as v1Planner from "@/app/v1/ai/planner/chat/route";
import { call, makeUser } from "@/lib/testing/fixtures";
import { buildOpenApiDocument, OPERATIONS } from "./document";
import { DesignerErrorSchema, ErrorResponseSchema, V1ErrorSchema } from "./responses";

const doc = buildOpenApiDocument();
const checked = new Set<string>();

type Res = Awaited<ReturnType<typeof call>>;

/** Asserts `value` matches `schema` exactly: it parses, and parsing drops nothing. */
function expectShape(schema: z.ZodType, value: unknown, where: string) {
  const r = schema.safeParse(value);
  expect(r.success, `${where}: ${r.error?.message ?? ""}\n${JSON.stringify(value)?.slice(0, 800)}`).toBe(
    true,
  );
  expect(r.data, `${where}: fields the document does not declare`).toEqual(value);
}

/** Checks one response against operation `METHOD /path` of the document. */
function expectDocumented(key: keyof typeof OPERATIONS, res: Res, expectedStatus?: number): Res {
  const [method, path] = key.split(" ") as [string, string];
  const op = (doc.paths as any)[path]?.[method.toLowerCase()];
  expect(op, key).toBeTruthy();
  const where = `${key} → ${res.status}`;
  expect(Object.keys(op.responses), `${where} is not a documented status`).toContain(String(res.status));
  if (expectedStatus)
    expect(res.status, `${where}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(expectedStatus);
  const spec = OPERATIONS[key];
  if (!spec) throw new Error(`no operation spec for ${key}`);
  if (res.status < 300) {
    expect(res.status, where).toBe(spec.ok.status);
    if (spec.ok.schema) expectShape(spec.ok.schema, res.body, where);
    if (spec.ok.status === 204) expect(res.body, where).toBeNull();
    for (const h of spec.ok.headers ?? []) expect(res.headers.get(h), `${where} header ${h}`).toBeTruthy();
  } else {
    const family = op["x-error-format"] as "tripsage" | "designer" | "v1";
    const schema = { tripsage: ErrorResponseSchema, designer: DesignerErrorSchema, v1: V1ErrorSchema }[
      family
    ];
    expectShape(schema, res.body, where);
  }
  checked.add(key);
  return res;
}

let owner: Awaited<ReturnType<typeof makeUser>>;
let friend: Awaited<ReturnType<typeof makeUser>>;
let joiner: Awaited<ReturnType<typeof makeUser>>;
const MISSING = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

beforeAll(async () => {
  vi.stubEnv("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
  owner = await makeUser("Owner");
  friend = await makeUser("Friend");
  joiner = await makeUser("Joiner");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("responses match the OpenAPI document", () => {
  it("health, configuration, authentication", async () => {
    const o = owner.auth;
    expectDocumented("GET /api/health", await call(health.GET), 200);
    expectDocumented("GET /api/health/mcp", await call(mcp.GET, { headers: o }), 200);
    expectDocumented("GET /api/config", await call(config.GET, { headers: o }), 200);
    expectDocumented("GET /api/config/features", await call(features.GET, { headers: o }), 200);
    expectDocumented("GET /api/config", await call(config.GET), 401);

    const email = `contract-${Date.now()}@example.com`;
    const reg = expectDocumented(
      "POST /api/auth/register",
      await call(register.POST, {
        method: "POST",
        body: { email, password: "correct horse battery", name: "C" },
      }),
      201,
    );
    expectDocumented(
      "POST /api/auth/register",
      await call(register.POST, {
        method: "POST",
        body: { email, password: "correct horse battery", name: "C" },
      }),
      409,
    );
    expectDocumented(
      "POST /api/auth/register",
      await call(register.POST, { method: "POST", body: "{" }),
      400,
    );
    expectDocumented(
      "POST /api/auth/register",
      await call(register.POST, { method: "POST", body: { email: "x" } }),
      422,
    );
    const log = expectDocumented(
      "POST /api/auth/login",
      await call(login.POST, { method: "POST", body: { email, password: "correct horse battery" } }),
      200,
    );
    expectDocumented(
      "POST /api/auth/login",
      await call(login.POST, { method: "POST", body: { email, password: "wrong password" } }),
      401,
    );
    const ref = expectDocumented(
      "POST /api/auth/refresh",
      await call(refresh.POST, { method: "POST", body: { refresh_token: log.body.refresh_token } }),
      200,
    );
    const auth = { authorization: `Bearer ${ref.body.access_token}` };
    const changed = expectDocumented(
      "POST /api/auth/change-password",
      await call(changePassword.POST, {
        method: "POST",
        headers: auth,
        body: { current_password: "correct horse battery", new_password: "another long password" },
      }),
      200,
    );
    expectDocumented(
      "POST /api/auth/logout",
      await call(logout.POST, {
        method: "POST",
        headers: { authorization: `Bearer ${changed.body.access_token}` },
      }),
      200,
    );
    expect(reg.body.user.email).toBe(email);
  });

  it("users, memory and API keys", async () => {
    const o = owner.auth;
    expectDocumented("GET /api/users/me", await call(me.GET, { headers: o }), 200);
    const put = {
      method: "PUT",
      headers: o,
      body: { profile: { bio: "Hi" }, preferences: { currency: "EUR" } },
    };
    expectDocumented("PUT /api/users/me", await call(me.PUT, put), 200);
    expectDocumented("PATCH /api/users/me", await call(me.PATCH, { ...put, method: "PATCH" }), 200);
    expectDocumented("PUT /api/users/me", await call(me.PUT, { ...put, body: { nope: 1 } }), 422);
    expectDocumented("GET /api/memory/user", await call(memUser.GET, { headers: o }), 200);
    const prefs = { method: "PUT", headers: o, body: { budget_tier: "luxury", interests: ["food", "art"] } };
    expectDocumented("PUT /api/memory/preferences", await call(memPrefs.PUT, prefs), 200);
    expectDocumented(
      "PATCH /api/memory/preferences",
      await call(memPrefs.PATCH, { ...prefs, method: "PATCH" }),
      200,
    );

    const created = expectDocumented(
      "POST /api/user/keys",
      await call(keys.POST, {
        method: "POST",
        headers: o,
        body: { name: "k", permissions: ["trips:read"], expires_in_days: 30 },
      }),
      201,
    );
    expectDocumented("GET /api/user/keys", await call(keys.GET, { headers: o }), 200);
    const viaKey = { authorization: `Bearer ${created.body.key}` };
    expectDocumented("GET /api/user/keys", await call(keys.GET, { headers: viaKey }), 403);
    expectDocumented("GET /api/trips", await call(trips.GET, { headers: viaKey }), 200);
    expectDocumented(
      "POST /api/trips",
      await call(trips.POST, { method: "POST", headers: viaKey, body: {} }),
      403,
    );
    expectDocumented(
      "DELETE /api/user/keys/{key_id}",
      await call(key.DELETE, { method: "DELETE", headers: o, params: { keyId: created.body.id } }),
      204,
    );
    expectDocumented(
      "DELETE /api/user/keys/{key_id}",
      await call(key.DELETE, { method: "DELETE", headers: o, params: { keyId: created.body.id } }),
      404,
    );
  });

  it("trips, itinerary, sharing, chat and webhooks", async () => {
    const o = owner.auth;
    const t = expectDocumented(
      "POST /api/trips",
      await call(trips.POST, {
        method: "POST",
        headers: o,
        body: {
          title: "Kyoto",
          start_date: "2030-04-01",
          end_date: "2030-04-05",
          destinations: [
            { name: "Kyoto", country: "Japan", coordinates: { latitude: 35.01, longitude: 135.77 } },
          ],
          preferences: { budget: { total: 3000, currency: "usd" }, interests: ["culture"] },
        },
      }),
      201,
    ).body;
    const tp = { tripId: t.id };
    expectDocumented(
      "GET /api/trips",
      await call(trips.GET, { headers: o, path: "/api/trips?limit=5" }),
      200,
    );
    expectDocumented(
      "GET /api/trips",
      await call(trips.GET, { headers: o, path: "/api/trips?limit=500" }),
      422,
    );
    expectDocumented("GET /api/trips/{trip_id}", await call(trip.GET, { headers: o, params: tp }), 200);
    expectDocumented(
      "GET /api/trips/{trip_id}",
      await call(trip.GET, { headers: o, params: { tripId: MISSING } }),
      404,
    );
    expectDocumented(
      "PUT /api/trips/{trip_id}",
      await call(trip.PUT, {
        method: "PUT",
        headers: { ...o, "if-match": '"v999"' },
        params: tp,
        body: { title: "x" },
      }),
      412,
    );
    expectDocumented(
      "PATCH /api/trips/{trip_id}",
      await call(trip.PATCH, { method: "PATCH", headers: o, params: tp, body: { description: "Temples" } }),
      200,
    );
    expectDocumented(
      "PUT /api/trips/{trip_id}",
      await call(trip.PUT, { method: "PUT", headers: o, params: tp, body: { title: "Kyoto & Nara" } }),
      200,
    );
    expectDocumented(
      "GET /api/trips/suggestions",
      await call(suggestions.GET, { headers: o, path: "/api/trips/suggestions?limit=3&category=culture" }),
      200,
    );
    expectDocumented(
      "GET /api/trips/suggestions",
      await call(suggestions.GET, { headers: o, path: "/api/trips/suggestions?category=space" }),
      422,
    );

    // itinerary
    const flight = expectDocumented(
      "POST /api/itineraries/{trip_id}/segments",
      await call(segs.POST, {
        method: "POST",
        headers: o,
        params: tp,
        body: {
          type: "flight",
          title: "KIX",
          day_index: 1,
          start_time: "2030-04-01T09:00",
          timezone: "Asia/Tokyo",
          price: { amount: 120, currency: "jpy" },
          location: { name: "Kansai", iata_code: "kix" },
          details: { carrier: "ANA", flight_number: "NH94", origin: "hnd", destination: "kix" },
        },
      }),
      201,
    ).body;
    const sp = { tripId: t.id, segmentId: flight.id };
    expectDocumented(
      "POST /api/itineraries/{trip_id}/segments",
      await call(segs.POST, {
        method: "POST",
        headers: o,
        params: tp,
        body: { type: "note", title: "x", day_index: 40 },
      }),
      422,
    );
    const note = expectDocumented(
      "POST /api/itineraries/{trip_id}/segments",
      await call(segs.POST, {
        method: "POST",
        headers: o,
        params: tp,
        body: { type: "note", title: "Unscheduled" },
      }),
      201,
    ).body;
    expectDocumented("GET /api/itineraries/{trip_id}", await call(itin.GET, { headers: o, params: tp }), 200);
    expectDocumented(
      "GET /api/itineraries/{trip_id}/segments",
      await call(segs.GET, { headers: o, params: tp, path: "/api/x?day_index=1" }),
      200,
    );
    expectDocumented(
      "GET /api/itineraries/{trip_id}/segments/{segment_id}",
      await call(seg.GET, { headers: o, params: sp }),
      200,
    );
    expectDocumented(
      "PUT /api/itineraries/{trip_id}/segments/{segment_id}",
      await call(seg.PUT, { method: "PUT", headers: o, params: sp, body: { notes: "Window seat" } }),
      200,
    );
    expectDocumented(
      "PATCH /api/itineraries/{trip_id}/segments/{segment_id}",
      await call(seg.PATCH, {
        method: "PATCH",
        headers: { ...o, "if-match": '"v1"' },
        params: sp,
        body: { notes: "x" },
      }),
      412,
    );
    expectDocumented(
      "POST /api/itineraries/{trip_id}/segments/{segment_id}/move",
      await call(move.POST, { method: "POST", headers: o, params: sp, body: { day_index: 2, position: 0 } }),
      200,
    );
    expectDocumented(
      "DELETE /api/itineraries/{trip_id}/segments/{segment_id}",
      await call(seg.DELETE, { method: "DELETE", headers: o, params: { tripId: t.id, segmentId: note.id } }),
      204,
    );

    // sharing
    expectDocumented(
      "POST /api/trips/{trip_id}/share",
      await call(share.POST, {
        method: "POST",
        headers: o,
        params: tp,
        body: { user_emails: [friend.user.email, "nobody-yet@example.com"], permission_level: "editor" },
      }),
      200,
    );
    expectDocumented(
      "GET /api/trips/{trip_id}/collaborators",
      await call(collaborators.GET, { headers: o, params: tp }),
      200,
    );
    const cp = { tripId: t.id, userId: friend.user.id };
    expectDocumented(
      "PUT /api/trips/{trip_id}/collaborators/{user_id}",
      await call(collaborator.PUT, {
        method: "PUT",
        headers: o,
        params: cp,
        body: { permission_level: "admin" },
      }),
      200,
    );
    expectDocumented(
      "PATCH /api/trips/{trip_id}/collaborators/{user_id}",
      await call(collaborator.PATCH, {
        method: "PATCH",
        headers: o,
        params: cp,
        body: { permission_level: "viewer" },
      }),
      200,
    );
    expectDocumented(
      "DELETE /api/trips/{trip_id}/invitations",
      await call(invitations.DELETE, {
        method: "DELETE",
        headers: o,
        params: tp,
        path: "/api/x?email=nobody-yet@example.com",
      }),
      204,
    );
    const l = expectDocumented(
      "POST /api/trips/{trip_id}/links",
      await call(links.POST, {
        method: "POST",
        headers: o,
        params: tp,
        body: { public: true, expires_in_days: 7 },
      }),
      201,
    ).body;
    expectDocumented(
      "GET /api/trips/{trip_id}/links",
      await call(links.GET, { headers: o, params: tp }),
      200,
    );
    expectDocumented(
      "GET /api/share/{token}",
      await call(shareToken.GET, { params: { token: l.token } }),
      200,
    );
    expectDocumented(
      "GET /api/share/{token}",
      await call(shareToken.GET, { params: { token: "short" } }),
      404,
    );
    expectDocumented(
      "POST /api/share/{token}/join",
      await call(shareJoin.POST, { method: "POST", headers: joiner.auth, params: { token: l.token } }),
      200,
    );
    expectDocumented(
      "DELETE /api/trips/{trip_id}/links/{link_id}",
      await call(link.DELETE, { method: "DELETE", headers: o, params: { tripId: t.id, linkId: l.id } }),
      204,
    );
    expectDocumented(
      "DELETE /api/trips/{trip_id}/collaborators/{user_id}",
      await call(collaborator.DELETE, {
        method: "DELETE",
        headers: joiner.auth,
        params: { tripId: t.id, userId: joiner.user.id },
      }),
      204,
    );

    // chat (offline designer model)
    expectDocumented(
      "GET /api/trips/{trip_id}/chat",
      await call(tripChat.GET, { headers: o, params: tp }),
      200,
    );
    const s = expectDocumented(
      "POST /api/chat/sessions",
      await call(sessions.POST, { method: "POST", headers: o, body: { itineraryId: t.id } }),
      201,
    ).body;
    expectDocumented(
      "POST /api/chat/sessions",
      await call(sessions.POST, { method: "POST", headers: o, body: {} }),
      400,
    );
    expectDocumented(
      "POST /api/chat/sessions",
      await call(sessions.POST, { method: "POST", headers: o, body: { itineraryId: MISSING } }),
      404,
    );
    expectDocumented(
      "POST /api/chat/sessions/{session_id}/messages",
      await call(sessionMessages.POST, {
        method: "POST",
        headers: o,
        params: { sessionId: s.sessionId },
        body: { message: "Add a visit to Fushimi Inari on day 2" },
      }),
      200,
    );
    expectDocumented(
      "GET /api/chat/sessions/{session_id}",
      await call(session.GET, { headers: o, params: { sessionId: s.sessionId } }),
      200,
    );
    expectDocumented(
      "GET /api/chat/sessions/{session_id}",
      await call(session.GET, { headers: o, params: { sessionId: MISSING } }),
      404,
    );
    expectDocumented("GET /api/chat/stats", await call(chatStats.GET, { headers: o }), 200);
    const sent = expectDocumented(
      "POST /api/v1/chat/message",
      await call(chatMessage.POST, {
        method: "POST",
        headers: o,
        body: { message: "add a day trip to Nara on day 3", context: { trip_id: t.id } },
      }),
      200,
    ).body;
    expect(sent.itinerary_updated).toBe(true);
    expectDocumented(
      "POST /api/v1/chat/message",
      await call(chatMessage.POST, {
        method: "POST",
        headers: o,
        body: {
          message: "I want to plan a romantic trip for my anniversary",
          context: { current_step: "destination_selection" },
          preferences: { budget: 4000, duration_days: 10, travel_style: "romantic" },
        },
      }),
      200,
    );
    expectDocumented(
      "POST /api/v1/chat/message",
      await call(chatMessage.POST, { method: "POST", headers: o, body: { message: "" } }),
      422,
    );
    expectDocumented(
      "POST /api/v1/chat/message",
      await call(chatMessage.POST, {
        method: "POST",
        headers: o,
        body: { message: "what's on day 1?", context: { trip_id: MISSING } },
      }),
      404,
    );
    expectDocumented("GET /api/chat/stats", await call(chatStats.GET), 401);

    // webhooks
    const w = expectDocumented(
      "POST /api/webhooks",
      await call(webhooks.POST, {
        method: "POST",
        headers: o,
        body: { url: "http://127.0.0.1:9/hook", events: ["trip.updated"] },
      }),
      201,
    ).body;
    expectDocumented("GET /api/webhooks", await call(webhooks.GET, { headers: o }), 200);
    expectDocumented(
      "GET /api/webhooks/{webhook_id}",
      await call(webhook.GET, { headers: o, params: { webhookId: w.id } }),
      200,
    );
    await call(trip.PATCH, { method: "PATCH", headers: o, params: tp, body: { title: "Kyoto again" } });
    expectDocumented(
      "GET /api/webhooks/{webhook_id}/deliveries",
      await call(deliveries.GET, { headers: o, params: { webhookId: w.id } }),
      200,
    );
    expectDocumented(
      "DELETE /api/webhooks/{webhook_id}",
      await call(webhook.DELETE, { method: "DELETE", headers: o, params: { webhookId: w.id } }),
      204,
    );

    // ownership, then delete
    await call(share.POST, {
      method: "POST",
      headers: o,
      params: tp,
      body: { user_emails: [friend.user.email] },
    });
    expectDocumented(
      "POST /api/trips/{trip_id}/transfer",
      await call(transfer.POST, {
        method: "POST",
        headers: o,
        params: tp,
        body: { user_id: friend.user.id },
      }),
      200,
    );
    expectDocumented(
      "DELETE /api/trips/{trip_id}",
      await call(trip.DELETE, { method: "DELETE", headers: friend.auth, params: tp }),
      204,
    );
  });

  it("/v1/ai: assistant, conversations, context snapshots and planner (seeds 002-004)", async () => {
    const o = owner.auth;
    const t = expectDocumented(
      "POST /api/trips",
      await call(trips.POST, {
        method: "POST",
        headers: o,
        body: { title: "Lisbon", start_date: "2030-05-01", end_date: "2030-05-04" },
      }),
      201,
    ).body;
    const chatBody = (pageKey: string, content: string) => ({
      tripId: t.id,
      pageKey,
      pageContext: {},
      messages: [{ role: "user", content }],
      refresh: true,
    });
    const answered = expectDocumented(
      "POST /v1/ai/chat",
      await call(v1Chat.POST, {
        method: "POST",
        headers: o,
        body: chatBody("flights", "What is the status of flight AA123 on 2026-03-15?"),
      }),
      200,
    ).body;
    expect(answered.data.degraded).toBe(true);
    expectDocumented(
      "POST /v1/ai/chat",
      await call(v1Chat.POST, { method: "POST", headers: o, body: chatBody("finance", "How much is left?") }),
      200,
    );
    expectDocumented(
      "POST /v1/ai/chat",
      await call(v1Chat.POST, { method: "POST", headers: o, body: { tripId: t.id, pageKey: "flights" } }),
      400,
    );
    expectDocumented(
      "POST /v1/ai/chat",
      await call(v1Chat.POST, { method: "POST", headers: friend.auth, body: chatBody("overview", "Hi") }),
      403,
    );
    expectDocumented("POST /v1/ai/chat", await call(v1Chat.POST, { method: "POST", body: "{" }), 401);

    expectDocumented(
      "POST /v1/ai/context/refresh",
      await call(v1Refresh.POST, { method: "POST", headers: o, body: { tripId: t.id, pageKey: "transit" } }),
      200,
    );
    expectDocumented(
      "POST /v1/ai/context/refresh",
      await call(v1Refresh.POST, { method: "POST", headers: o, body: { tripId: t.id, pageKey: "nope" } }),
      400,
    );
    expectDocumented(
      "POST /v1/ai/context/refresh",
      await call(v1Refresh.POST, {
        method: "POST",
        headers: o,
        body: { tripId: "trip_abc123", pageKey: "flights" },
      }),
      403,
    );

    const list = expectDocumented(
      "GET /v1/ai/conversations/{tripId}",
      await call(v1Conversations.GET, { headers: o, params: { id: t.id } }),
      200,
    ).body;
    expect(list.data.length).toBeGreaterThan(0);
    expectDocumented(
      "GET /v1/ai/conversations/{tripId}",
      await call(v1Conversations.GET, { headers: o, params: { id: MISSING } }),
      403,
    );
    expectDocumented(
      "GET /v1/ai/conversations/{tripId}",
      await call(v1Conversations.GET, { params: { id: t.id } }),
      401,
    );
    const conversationId = answered.data.conversationId;
    const msgs = expectDocumented(
      "GET /v1/ai/conversations/{conversationId}/messages",
      await call(v1Messages.GET, { headers: o, params: { id: conversationId }, path: "/v1/x?limit=10" }),
      200,
    ).body;
    expect(msgs.data.map((m: any) => m.role)).toEqual(["user", "assistant"]);
    expect(msgs.data[1].tokenUsage).not.toBeNull();
    expectDocumented(
      "GET /v1/ai/conversations/{conversationId}/messages",
      await call(v1Messages.GET, { headers: o, params: { id: conversationId }, path: "/v1/x?limit=201" }),
      400,
    );
    expectDocumented(
      "GET /v1/ai/conversations/{conversationId}/messages",
      await call(v1Messages.GET, { headers: friend.auth, params: { id: conversationId } }),
      403,
    );

    const planned = expectDocumented(
      "POST /v1/ai/planner/chat",
      await call(v1Planner.POST, {
        method: "POST",
        headers: o,
        body: {
          messages: [{ role: "user", content: "5 days in Paris in April with my partner, budget $3000" }],
          plannerContext: { destination: "Paris", travelers: 2, mustDoExperiences: "Louvre, Eiffel Tower" },
        },
      }),
      200,
    ).body;
    expect(planned.data.plannerDraft).not.toBeNull();
    const nothing = expectDocumented(
      "POST /v1/ai/planner/chat",
      await call(v1Planner.POST, {
        method: "POST",
        headers: o,
        body: { messages: [{ role: "user", content: "hi" }] },
      }),
      200,
    ).body;
    expect(nothing.data.plannerDraft).toBeNull();
    expectDocumented(
      "POST /v1/ai/planner/chat",
      await call(v1Planner.POST, { method: "POST", headers: o, body: { messages: [] } }),
      400,
    );
  });

  it("flights and accommodations (seed 000)", async () => {
    const o = owner.auth;
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const flights = expectDocumented(
      "POST /api/flights/search",
      await call(flightSearch.POST, {
        method: "POST",
        headers: o,
        body: {
          origin: "JFK",
          destination: "TYO",
          departure_date: inDays(40),
          return_date: inDays(47),
          passengers: 2,
          preferred_airlines: ["ANA", "JAL"],
          flexible_dates: { enabled: true, days_before: 1, days_after: 1 },
          limit: 5,
        },
      }),
      200,
    ).body;
    expect(flights.results.length).toBeGreaterThan(0);
    expect(flights.results[0].return).toBeDefined();
    const oneWay = expectDocumented(
      "POST /api/flights/search",
      await call(flightSearch.POST, {
        method: "POST",
        headers: o,
        body: { origin: "LHR", destination: "CDG", departure_date: inDays(20), limit: 3 },
      }),
      200,
    ).body;
    expect(oneWay.results[0]).not.toHaveProperty("return");
    expectDocumented(
      "POST /api/flights/search",
      await call(flightSearch.POST, {
        method: "POST",
        headers: o,
        body: { origin: "JFK", destination: "JFK", departure_date: "2020-01-01" },
      }),
      422,
    );
    expectDocumented(
      "POST /api/flights/search",
      await call(flightSearch.POST, {
        method: "POST",
        headers: o,
        body: { origin: "JFK", destination: "QQQ", departure_date: inDays(20) },
      }),
      422,
    );
    const offerId = flights.results[0].id;
    expectDocumented(
      "GET /api/flights/{flight_offer_id}",
      await call(flightOffer.GET, { headers: o, params: { offerId } }),
      200,
    );
    expectDocumented(
      "GET /api/flights/{flight_offer_id}",
      await call(flightOffer.GET, { headers: friend.auth, params: { offerId } }),
      404,
    );
    expectDocumented(
      "GET /api/flights/{flight_offer_id}",
      await call(flightOffer.GET, { params: { offerId } }),
      401,
    );

    const stays = expectDocumented(
      "POST /api/accommodations/search",
      await call(staySearch.POST, {
        method: "POST",
        headers: o,
        body: {
          location: "Tokyo, Japan",
          check_in: inDays(40),
          check_out: inDays(44),
          guests: 2,
          amenities: ["wifi"],
          coordinates: { latitude: 35.6762, longitude: 139.6503, radius_km: 10 },
          limit: 5,
        },
      }),
      200,
    ).body;
    expect(stays.results.length).toBeGreaterThan(0);
    expectDocumented(
      "POST /api/accommodations/search",
      await call(staySearch.POST, {
        method: "POST",
        headers: o,
        body: { location: "Atlantis Under The Sea", check_in: inDays(40), check_out: inDays(44) },
      }),
      422,
    );
    expectDocumented(
      "POST /api/accommodations/search",
      await call(staySearch.POST, {
        method: "POST",
        headers: o,
        body: { location: "Tokyo", check_in: inDays(40), check_out: inDays(40), rooms: 3, guests: 2 },
      }),
      422,
    );
    const accommodationId = stays.results[0].id;
    expectDocumented(
      "GET /api/accommodations/{accommodation_id}",
      await call(stayOffer.GET, { headers: o, params: { accommodationId } }),
      200,
    );
    expectDocumented(
      "GET /api/accommodations/{accommodation_id}",
      await call(stayOffer.GET, { headers: friend.auth, params: { accommodationId } }),
      404,
    );

    const t = expectDocumented(
      "POST /api/trips",
      await call(trips.POST, {
        method: "POST",
        headers: o,
        body: { title: "Tokyo", start_date: "2030-04-01", end_date: "2030-04-08" },
      }),
      201,
    ).body;
    const created = expectDocumented(
      "POST /api/flights/track",
      await call(track.POST, {
        method: "POST",
        headers: o,
        body: {
          route: { origin: "JFK", destination: "NRT", departure_date: inDays(40), return_date: inDays(47) },
          passengers: 2,
          target_price: 1200,
          trip_id: t.id,
          notification_email: "user@example.com",
        },
      }),
      201,
    );
    const w = created.body;
    expect(created.headers.get("location")).toBe(`/api/flights/track/${w.id}`);
    expect(w.current_price).toBeGreaterThan(0);
    expectDocumented(
      "POST /api/flights/track",
      await call(track.POST, {
        method: "POST",
        headers: o,
        body: { route: { origin: "JFK", departure_date: "yesterday" }, passengers: 0 },
      }),
      422,
    );
    expectDocumented(
      "POST /api/flights/track",
      await call(track.POST, {
        method: "POST",
        headers: friend.auth,
        body: { route: { origin: "JFK", destination: "NRT", departure_date: inDays(40) }, trip_id: t.id },
      }),
      404,
    );
    const list = expectDocumented("GET /api/flights/track", await call(track.GET, { headers: o }), 200).body;
    expect(list.watches.map((x: any) => x.id)).toContain(w.id);
    expectDocumented(
      "GET /api/flights/track/{watch_id}",
      await call(watch.GET, { headers: o, params: { watchId: w.id } }),
      200,
    );
    expectDocumented(
      "GET /api/flights/track/{watch_id}",
      await call(watch.GET, { headers: friend.auth, params: { watchId: w.id } }),
      404,
    );
    const noFlights = expectDocumented(
      "POST /api/user/keys",
      await call(keys.POST, {
        method: "POST",
        headers: o,
        body: { name: "no flights", permissions: ["trips:read", "accommodations:read"] },
      }),
      201,
    ).body;
    expectDocumented(
      "GET /api/flights/track",
      await call(track.GET, { headers: { authorization: `Bearer ${noFlights.key}` } }),
      403,
    );
    expectDocumented(
      "DELETE /api/flights/track/{watch_id}",
      await call(watch.DELETE, { method: "DELETE", headers: friend.auth, params: { watchId: w.id } }),
      404,
    );
    expectDocumented(
      "DELETE /api/flights/track/{watch_id}",
      await call(watch.DELETE, { method: "DELETE", headers: o, params: { watchId: w.id } }),
      204,
    );
    expectDocumented(
      "DELETE /api/flights/track/{watch_id}",
      await call(watch.DELETE, { method: "DELETE", headers: o, params: { watchId: w.id } }),
      404,
    );
  });

  it("covered every JSON operation except the streams", () => {
    const streams = ["GET /api/itineraries/{trip_id}/events", "POST /api/trips/{trip_id}/chat"];
    const untested = Object.keys(OPERATIONS).filter((k) => !checked.has(k) && !streams.includes(k));
    expect(untested).toEqual([]);
  });
});
