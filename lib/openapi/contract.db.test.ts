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
import * as undo from "@/app/api/changesets/[changesetId]/undo/route";
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
import * as mcpHealth from "@/app/api/health/mcp/route";
import * as health from "@/app/api/health/route";
import * as ticket from "@/app/api/itineraries/[tripId]/events/ticket/route";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as move from "@/app/api/itineraries/[tripId]/segments/[segmentId]/move/route";
import * as seg from "@/app/api/itineraries/[tripId]/segments/[segmentId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as mcp from "@/app/api/mcp/route";
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
import { buildOpenApiDocument } from "./document";
import { OPERATIONS, type OperationKey } from "./registry";
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
function expectDocumented(key: OperationKey, res: Res, expectedStatus?: number): Res {
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
    expect([spec.ok.status, ...(spec.ok.also ?? []).map((a) => a.status)], where).toContain(res.status);
    if (spec.ok.schema && res.status === spec.ok.status) expectShape(spec.ok.schema, res.body, where);
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

type Handler = Parameters<typeof call>[0];
type CallOpts = Omit<NonNullable<Parameters<typeof call>[1]>, "method">;

/** Headers for an unauthenticated request (`check` otherwise sends the owner's). */
const ANON = {};

/**
 * Calls `handler` with the method of operation `key`, as the owner unless `opts.headers` says
 * otherwise, and checks the answer has `status` and matches the document (see expectDocumented).
 */
async function check(key: OperationKey, handler: Handler, status: number, opts: CallOpts = {}) {
  const method = key.split(" ")[0];
  return expectDocumented(key, await call(handler, { method, headers: owner.auth, ...opts }), status);
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
    await check("GET /api/health", health.GET, 200, { headers: ANON });
    await check("GET /api/health/mcp", mcpHealth.GET, 200);
    await check("GET /api/config", config.GET, 200);
    await check("GET /api/config/features", features.GET, 200);
    await check("GET /api/config", config.GET, 401, { headers: ANON });

    const email = `contract-${Date.now()}@example.com`;
    const signup = { headers: ANON, body: { email, password: "correct horse battery", name: "C" } };
    const reg = await check("POST /api/auth/register", register.POST, 201, signup);
    await check("POST /api/auth/register", register.POST, 409, signup);
    await check("POST /api/auth/register", register.POST, 400, { headers: ANON, body: "{" });
    await check("POST /api/auth/register", register.POST, 422, { headers: ANON, body: { email: "x" } });
    const log = await check("POST /api/auth/login", login.POST, 200, {
      headers: ANON,
      body: { email, password: "correct horse battery" },
    });
    await check("POST /api/auth/login", login.POST, 401, {
      headers: ANON,
      body: { email, password: "wrong password" },
    });
    const ref = await check("POST /api/auth/refresh", refresh.POST, 200, {
      headers: ANON,
      body: { refresh_token: log.body.refresh_token },
    });
    const changed = await check("POST /api/auth/change-password", changePassword.POST, 200, {
      headers: { authorization: `Bearer ${ref.body.access_token}` },
      body: { current_password: "correct horse battery", new_password: "another long password" },
    });
    await check("POST /api/auth/logout", logout.POST, 200, {
      headers: { authorization: `Bearer ${changed.body.access_token}` },
    });
    expect(reg.body.user.email).toBe(email);
  });

  it("users, memory and API keys", async () => {
    await check("GET /api/users/me", me.GET, 200);
    const profile = { body: { profile: { bio: "Hi" }, preferences: { currency: "EUR" } } };
    await check("PUT /api/users/me", me.PUT, 200, profile);
    await check("PATCH /api/users/me", me.PATCH, 200, profile);
    await check("PUT /api/users/me", me.PUT, 422, { body: { nope: 1 } });
    await check("GET /api/memory/user", memUser.GET, 200);
    const prefs = { body: { budget_tier: "luxury", interests: ["food", "art"] } };
    await check("PUT /api/memory/preferences", memPrefs.PUT, 200, prefs);
    await check("PATCH /api/memory/preferences", memPrefs.PATCH, 200, prefs);

    const created = await check("POST /api/user/keys", keys.POST, 201, {
      body: { name: "k", permissions: ["trips:read"], expires_in_days: 30 },
    });
    await check("GET /api/user/keys", keys.GET, 200);
    const viaKey = { authorization: `Bearer ${created.body.key}` };
    await check("GET /api/user/keys", keys.GET, 403, { headers: viaKey });
    await check("GET /api/trips", trips.GET, 200, { headers: viaKey });
    await check("POST /api/trips", trips.POST, 403, { headers: viaKey, body: {} });
    const keyId = { params: { keyId: created.body.id } };
    await check("DELETE /api/user/keys/{key_id}", key.DELETE, 204, keyId);
    await check("DELETE /api/user/keys/{key_id}", key.DELETE, 404, keyId);
  });

  it("trips, itinerary, sharing, chat and webhooks", async () => {
    const o = owner.auth;
    const t = (
      await check("POST /api/trips", trips.POST, 201, {
        body: {
          title: "Kyoto",
          start_date: "2030-04-01",
          end_date: "2030-04-05",
          destinations: [
            { name: "Kyoto", country: "Japan", coordinates: { latitude: 35.01, longitude: 135.77 } },
          ],
          preferences: { budget: { total: 3000, currency: "usd" }, interests: ["culture"] },
        },
      })
    ).body;
    const tp = { tripId: t.id };
    await check("GET /api/trips", trips.GET, 200, { path: "/api/trips?limit=5" });
    await check("GET /api/trips", trips.GET, 422, { path: "/api/trips?limit=500" });
    await check("GET /api/trips/{trip_id}", trip.GET, 200, { params: tp });
    await check("GET /api/trips/{trip_id}", trip.GET, 404, { params: { tripId: MISSING } });
    await check("PUT /api/trips/{trip_id}", trip.PUT, 412, {
      headers: { ...o, "if-match": '"v999"' },
      params: tp,
      body: { title: "x" },
    });
    await check("PATCH /api/trips/{trip_id}", trip.PATCH, 200, {
      params: tp,
      body: { description: "Temples" },
    });
    await check("PUT /api/trips/{trip_id}", trip.PUT, 200, { params: tp, body: { title: "Kyoto & Nara" } });
    const suggest = (query: string) => ({ path: `/api/trips/suggestions?${query}` });
    await check("GET /api/trips/suggestions", suggestions.GET, 200, suggest("limit=3&category=culture"));
    await check("GET /api/trips/suggestions", suggestions.GET, 422, suggest("category=space"));

    // itinerary
    const addSegment = (status: number, body: object) =>
      check("POST /api/itineraries/{trip_id}/segments", segs.POST, status, { params: tp, body });
    const flight = (
      await addSegment(201, {
        type: "flight",
        title: "KIX",
        day_index: 1,
        start_time: "2030-04-01T09:00",
        timezone: "Asia/Tokyo",
        price: { amount: 120, currency: "jpy" },
        location: { name: "Kansai", iata_code: "kix" },
        details: { carrier: "ANA", flight_number: "NH94", origin: "hnd", destination: "kix" },
      })
    ).body;
    const sp = { tripId: t.id, segmentId: flight.id };
    await addSegment(422, { type: "note", title: "x", day_index: 40 });
    const note = (await addSegment(201, { type: "note", title: "Unscheduled" })).body;
    await check("GET /api/itineraries/{trip_id}", itin.GET, 200, { params: tp });
    await check("POST /api/itineraries/{trip_id}/events/ticket", ticket.POST, 201, { params: tp });
    await check("POST /api/itineraries/{trip_id}/events/ticket", ticket.POST, 404, {
      params: tp,
      headers: friend.auth,
    });
    await check("GET /api/itineraries/{trip_id}/segments", segs.GET, 200, {
      params: tp,
      path: "/api/x?day_index=1",
    });
    await check("GET /api/itineraries/{trip_id}/segments/{segment_id}", seg.GET, 200, { params: sp });
    await check("PUT /api/itineraries/{trip_id}/segments/{segment_id}", seg.PUT, 200, {
      params: sp,
      body: { notes: "Window seat" },
    });
    await check("PATCH /api/itineraries/{trip_id}/segments/{segment_id}", seg.PATCH, 412, {
      headers: { ...o, "if-match": '"v1"' },
      params: sp,
      body: { notes: "x" },
    });
    await check("POST /api/itineraries/{trip_id}/segments/{segment_id}/move", move.POST, 200, {
      params: sp,
      body: { day_index: 2, position: 0 },
    });
    await check("DELETE /api/itineraries/{trip_id}/segments/{segment_id}", seg.DELETE, 204, {
      params: { tripId: t.id, segmentId: note.id },
    });

    // sharing
    await check("POST /api/trips/{trip_id}/share", share.POST, 200, {
      params: tp,
      body: { user_emails: [friend.user.email, "nobody-yet@example.com"], permission_level: "editor" },
    });
    await check("GET /api/trips/{trip_id}/collaborators", collaborators.GET, 200, { params: tp });
    const cp = { tripId: t.id, userId: friend.user.id };
    await check("PUT /api/trips/{trip_id}/collaborators/{user_id}", collaborator.PUT, 200, {
      params: cp,
      body: { permission_level: "admin" },
    });
    await check("PATCH /api/trips/{trip_id}/collaborators/{user_id}", collaborator.PATCH, 200, {
      params: cp,
      body: { permission_level: "viewer" },
    });
    await check("DELETE /api/trips/{trip_id}/invitations", invitations.DELETE, 204, {
      params: tp,
      path: "/api/x?email=nobody-yet@example.com",
    });
    const l = (
      await check("POST /api/trips/{trip_id}/links", links.POST, 201, {
        params: tp,
        body: { public: true, expires_in_days: 7 },
      })
    ).body;
    await check("GET /api/trips/{trip_id}/links", links.GET, 200, { params: tp });
    await check("GET /api/share/{token}", shareToken.GET, 200, { headers: ANON, params: { token: l.token } });
    await check("GET /api/share/{token}", shareToken.GET, 404, { headers: ANON, params: { token: "short" } });
    await check("POST /api/share/{token}/join", shareJoin.POST, 200, {
      headers: joiner.auth,
      params: { token: l.token },
    });
    await check("DELETE /api/trips/{trip_id}/links/{link_id}", link.DELETE, 204, {
      params: { tripId: t.id, linkId: l.id },
    });
    await check("DELETE /api/trips/{trip_id}/collaborators/{user_id}", collaborator.DELETE, 204, {
      headers: joiner.auth,
      params: { tripId: t.id, userId: joiner.user.id },
    });

    // chat (offline designer model)
    await check("GET /api/trips/{trip_id}/chat", tripChat.GET, 200, { params: tp });
    const s = (await check("POST /api/chat/sessions", sessions.POST, 201, { body: { itineraryId: t.id } }))
      .body;
    await check("POST /api/chat/sessions", sessions.POST, 400, { body: {} });
    await check("POST /api/chat/sessions", sessions.POST, 404, { body: { itineraryId: MISSING } });
    const added = (
      await check("POST /api/chat/sessions/{session_id}/messages", sessionMessages.POST, 200, {
        params: { sessionId: s.sessionId },
        body: { message: "Add a visit to Fushimi Inari on day 2" },
      })
    ).body;
    expect(added.changesetId).toEqual(expect.any(String));
    const cs = { params: { changesetId: added.changesetId } };
    await check("POST /api/changesets/{changeset_id}/undo", undo.POST, 200, cs);
    await check("POST /api/changesets/{changeset_id}/undo", undo.POST, 409, cs);
    await check("POST /api/changesets/{changeset_id}/undo", undo.POST, 404, {
      params: { changesetId: MISSING },
    });
    await check("GET /api/chat/sessions/{session_id}", session.GET, 200, {
      params: { sessionId: s.sessionId },
    });
    await check("GET /api/chat/sessions/{session_id}", session.GET, 404, { params: { sessionId: MISSING } });
    await check("GET /api/chat/stats", chatStats.GET, 200);
    const sendMessage = (status: number, body: object) =>
      check("POST /api/v1/chat/message", chatMessage.POST, status, { body });
    const sent = (
      await sendMessage(200, { message: "add a day trip to Nara on day 3", context: { trip_id: t.id } })
    ).body;
    expect(sent.itinerary_updated).toBe(true);
    await sendMessage(200, {
      message: "I want to plan a romantic trip for my anniversary",
      context: { current_step: "destination_selection" },
      preferences: { budget: 4000, duration_days: 10, travel_style: "romantic" },
    });
    await sendMessage(422, { message: "" });
    await sendMessage(404, { message: "what's on day 1?", context: { trip_id: MISSING } });
    await check("GET /api/chat/stats", chatStats.GET, 401, { headers: ANON });

    // webhooks
    const w = (
      await check("POST /api/webhooks", webhooks.POST, 201, {
        body: { url: "http://127.0.0.1:9/hook", events: ["trip.updated"] },
      })
    ).body;
    const wp = { params: { webhookId: w.id } };
    await check("GET /api/webhooks", webhooks.GET, 200);
    await check("GET /api/webhooks/{webhook_id}", webhook.GET, 200, wp);
    await call(trip.PATCH, { method: "PATCH", headers: o, params: tp, body: { title: "Kyoto again" } });
    await check("GET /api/webhooks/{webhook_id}/deliveries", deliveries.GET, 200, wp);
    await check("DELETE /api/webhooks/{webhook_id}", webhook.DELETE, 204, wp);

    // ownership, then delete
    await call(share.POST, {
      method: "POST",
      headers: o,
      params: tp,
      body: { user_emails: [friend.user.email] },
    });
    await check("POST /api/trips/{trip_id}/transfer", transfer.POST, 200, {
      params: tp,
      body: { user_id: friend.user.id },
    });
    await check("DELETE /api/trips/{trip_id}", trip.DELETE, 204, { headers: friend.auth, params: tp });
  });

  it("/v1/ai: assistant, conversations, context snapshots and planner (the /v1/ai assistant API)", async () => {
    const t = (
      await check("POST /api/trips", trips.POST, 201, {
        body: { title: "Lisbon", start_date: "2030-05-01", end_date: "2030-05-04" },
      })
    ).body;
    const chatBody = (pageKey: string, content: string) => ({
      tripId: t.id,
      pageKey,
      pageContext: {},
      messages: [{ role: "user", content }],
      refresh: true,
    });
    const aiChat = (status: number, opts: CallOpts) => check("POST /v1/ai/chat", v1Chat.POST, status, opts);
    const answered = (
      await aiChat(200, { body: chatBody("flights", "What is the status of flight AA123 on 2026-03-15?") })
    ).body;
    expect(answered.data.degraded).toBe(true);
    await aiChat(200, { body: chatBody("finance", "How much is left?") });
    await aiChat(400, { body: { tripId: t.id, pageKey: "flights" } });
    await aiChat(403, { headers: friend.auth, body: chatBody("overview", "Hi") });
    await aiChat(401, { headers: ANON, body: "{" });

    const refreshContext = (status: number, body: object) =>
      check("POST /v1/ai/context/refresh", v1Refresh.POST, status, { body });
    await refreshContext(200, { tripId: t.id, pageKey: "transit" });
    await refreshContext(400, { tripId: t.id, pageKey: "nope" });
    await refreshContext(403, { tripId: "trip_abc123", pageKey: "flights" });

    const conversations = (status: number, opts: CallOpts) =>
      check("GET /v1/ai/conversations/{tripId}", v1Conversations.GET, status, opts);
    const list = (await conversations(200, { params: { id: t.id } })).body;
    expect(list.data.length).toBeGreaterThan(0);
    await conversations(403, { params: { id: MISSING } });
    await conversations(401, { headers: ANON, params: { id: t.id } });
    const conversationId = answered.data.conversationId;
    const messages = (status: number, opts: CallOpts) =>
      check("GET /v1/ai/conversations/{conversationId}/messages", v1Messages.GET, status, {
        params: { id: conversationId },
        ...opts,
      });
    const msgs = (await messages(200, { path: "/v1/x?limit=10" })).body;
    expect(msgs.data.map((m: any) => m.role)).toEqual(["user", "assistant"]);
    expect(msgs.data[1].tokenUsage).not.toBeNull();
    await messages(400, { path: "/v1/x?limit=201" });
    await messages(403, { headers: friend.auth });

    const plan = (status: number, body: object) =>
      check("POST /v1/ai/planner/chat", v1Planner.POST, status, { body });
    const planned = (
      await plan(200, {
        messages: [{ role: "user", content: "5 days in Paris in April with my partner, budget $3000" }],
        plannerContext: { destination: "Paris", travelers: 2, mustDoExperiences: "Louvre, Eiffel Tower" },
      })
    ).body;
    expect(planned.data.plannerDraft).not.toBeNull();
    const nothing = (await plan(200, { messages: [{ role: "user", content: "hi" }] })).body;
    expect(nothing.data.plannerDraft).toBeNull();
    await plan(400, { messages: [] });
  });

  it("flights and accommodations (the TripSage REST API)", async () => {
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const searchFlights = (status: number, body: object) =>
      check("POST /api/flights/search", flightSearch.POST, status, { body });
    const flights = (
      await searchFlights(200, {
        origin: "JFK",
        destination: "TYO",
        departure_date: inDays(40),
        return_date: inDays(47),
        passengers: 2,
        preferred_airlines: ["ANA", "JAL"],
        flexible_dates: { enabled: true, days_before: 1, days_after: 1 },
        limit: 5,
      })
    ).body;
    expect(flights.results.length).toBeGreaterThan(0);
    expect(flights.results[0].return).toBeDefined();
    const oneWay = (
      await searchFlights(200, { origin: "LHR", destination: "CDG", departure_date: inDays(20), limit: 3 })
    ).body;
    expect(oneWay.results[0]).not.toHaveProperty("return");
    await searchFlights(422, { origin: "JFK", destination: "JFK", departure_date: "2020-01-01" });
    await searchFlights(422, { origin: "JFK", destination: "QQQ", departure_date: inDays(20) });
    const offer = { params: { offerId: flights.results[0].id } };
    await check("GET /api/flights/{flight_offer_id}", flightOffer.GET, 200, offer);
    await check("GET /api/flights/{flight_offer_id}", flightOffer.GET, 404, {
      ...offer,
      headers: friend.auth,
    });
    await check("GET /api/flights/{flight_offer_id}", flightOffer.GET, 401, { ...offer, headers: ANON });

    const searchStays = (status: number, body: object) =>
      check("POST /api/accommodations/search", staySearch.POST, status, { body });
    const stays = (
      await searchStays(200, {
        location: "Tokyo, Japan",
        check_in: inDays(40),
        check_out: inDays(44),
        guests: 2,
        amenities: ["wifi"],
        coordinates: { latitude: 35.6762, longitude: 139.6503, radius_km: 10 },
        limit: 5,
      })
    ).body;
    expect(stays.results.length).toBeGreaterThan(0);
    await searchStays(422, {
      location: "Atlantis Under The Sea",
      check_in: inDays(40),
      check_out: inDays(44),
    });
    await searchStays(422, {
      location: "Tokyo",
      check_in: inDays(40),
      check_out: inDays(40),
      rooms: 3,
      guests: 2,
    });
    const stay = { params: { accommodationId: stays.results[0].id } };
    await check("GET /api/accommodations/{accommodation_id}", stayOffer.GET, 200, stay);
    await check("GET /api/accommodations/{accommodation_id}", stayOffer.GET, 404, {
      ...stay,
      headers: friend.auth,
    });

    const t = (
      await check("POST /api/trips", trips.POST, 201, {
        body: { title: "Tokyo", start_date: "2030-04-01", end_date: "2030-04-08" },
      })
    ).body;
    const trackFlight = (status: number, opts: CallOpts) =>
      check("POST /api/flights/track", track.POST, status, opts);
    const created = await trackFlight(201, {
      body: {
        route: { origin: "JFK", destination: "NRT", departure_date: inDays(40), return_date: inDays(47) },
        passengers: 2,
        target_price: 1200,
        trip_id: t.id,
        notification_email: "user@example.com",
      },
    });
    const w = created.body;
    expect(created.headers.get("location")).toBe(`/api/flights/track/${w.id}`);
    expect(w.current_price).toBeGreaterThan(0);
    await trackFlight(422, {
      body: { route: { origin: "JFK", departure_date: "yesterday" }, passengers: 0 },
    });
    await trackFlight(404, {
      headers: friend.auth,
      body: { route: { origin: "JFK", destination: "NRT", departure_date: inDays(40) }, trip_id: t.id },
    });
    const list = (await check("GET /api/flights/track", track.GET, 200)).body;
    expect(list.watches.map((x: any) => x.id)).toContain(w.id);
    const wp = { params: { watchId: w.id } };
    await check("GET /api/flights/track/{watch_id}", watch.GET, 200, wp);
    await check("GET /api/flights/track/{watch_id}", watch.GET, 404, { ...wp, headers: friend.auth });
    const noFlights = (
      await check("POST /api/user/keys", keys.POST, 201, {
        body: { name: "no flights", permissions: ["trips:read", "accommodations:read"] },
      })
    ).body;
    await check("GET /api/flights/track", track.GET, 403, {
      headers: { authorization: `Bearer ${noFlights.key}` },
    });
    await check("DELETE /api/flights/track/{watch_id}", watch.DELETE, 404, { ...wp, headers: friend.auth });
    await check("DELETE /api/flights/track/{watch_id}", watch.DELETE, 204, wp);
    await check("DELETE /api/flights/track/{watch_id}", watch.DELETE, 404, wp);
  });

  it("MCP: tools/list, a tool call, a notification, bad JSON-RPC", async () => {
    const rpc = (body: unknown, headers: Record<string, string> = owner.auth) =>
      check("POST /api/mcp", mcp.POST, 200, {
        headers: { ...headers, accept: "application/json, text/event-stream" },
        body,
      });
    const listed = (await rpc({ jsonrpc: "2.0", id: 1, method: "tools/list" })).body;
    expect(listed.result.tools.map((t: any) => t.name)).toContain("get_itinerary");
    const t = (
      await check("POST /api/trips", trips.POST, 201, {
        body: { title: "Agent trip", start_date: "2030-06-01", end_date: "2030-06-03" },
      })
    ).body;
    const called = (
      await rpc({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "get_trip", arguments: { trip_id: t.id } },
      })
    ).body;
    expect(called.result.isError).toBe(false);
    expect(called.result.structuredContent.id).toBe(t.id);
    await check("POST /api/mcp", mcp.POST, 202, {
      headers: { ...owner.auth, accept: "application/json, text/event-stream" },
      body: { jsonrpc: "2.0", method: "notifications/initialized" },
    });
    await check("POST /api/mcp", mcp.POST, 422, { body: { jsonrpc: "2.0", id: 3 } });
    await check("POST /api/mcp", mcp.POST, 401, {
      headers: ANON,
      body: { jsonrpc: "2.0", id: 4, method: "tools/list" },
    });
  });

  it("covered every JSON operation except the streams", () => {
    const streams = ["GET /api/itineraries/{trip_id}/events", "POST /api/trips/{trip_id}/chat"];
    const untested = Object.keys(OPERATIONS).filter((k) => !checked.has(k) && !streams.includes(k));
    expect(untested).toEqual([]);
  });
});
