// biome-ignore-all lint/suspicious/noExplicitAny: response bodies are asserted field by field
/** The `/v1/ai` family (the /v1/ai assistant API) against the real database and the offline model. */
import { describe, expect, it } from "vitest";
import * as chat from "@/app/v1/ai/chat/route";
import * as refresh from "@/app/v1/ai/context/refresh/route";
import * as messages from "@/app/v1/ai/conversations/[id]/messages/route";
import * as conversations from "@/app/v1/ai/conversations/[id]/route";
import * as planner from "@/app/v1/ai/planner/chat/route";
import { getDb } from "@/db/client";
import { addSegment } from "@/lib/domain/itinerary/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

const ask = (auth: object, body: unknown) => call(chat.POST, { method: "POST", headers: auth as any, body });

describe("POST /v1/ai/chat (the /v1/ai chat API)", () => {
  it("answers from the trip's data with sources, highlights and degraded=false", async () => {
    const db = await getDb();
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    await addSegment(
      db,
      user.id,
      trip.id,
      segmentCreateSchema.parse({
        type: "activity",
        title: "Louvre Museum",
        day_index: 2,
        time_block: "morning",
      }),
    );
    const res = await ask(auth, {
      tripId: trip.id,
      pageKey: "itinerary",
      messages: [{ role: "user", content: "What's on day 2?" }],
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    const d = res.body.data;
    expect(d.answer).toContain("Louvre Museum");
    expect(d.highlights).toEqual([
      "Read-only guidance generated from current trip context",
      "Page-aware reasoning for itinerary",
    ]);
    expect(d.sources).toEqual([
      expect.objectContaining({ name: "trip_itinerary", status: "ok", fetchedAt: expect.any(String) }),
    ]);
    expect(d.degraded).toBe(false);
    expect(d.suggestedActions.length).toBeGreaterThan(0);
    expect(d.conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("marks the answer degraded when a live source is needed and unavailable, and never changes the trip", async () => {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    const res = await ask(auth, {
      tripId: trip.id,
      pageKey: "flights",
      pageContext: {},
      messages: [{ role: "user", content: "What is the status of flight AA123 on 2026-03-15?" }],
      refresh: true,
    });
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.degraded).toBe(true);
    expect(d.sources).toContainEqual(
      expect.objectContaining({ name: "next_flight_status", status: "unavailable" }),
    );
    expect(d.answer).toMatch(/AA123/);
    const again = await ask(auth, {
      tripId: trip.id,
      pageKey: "itinerary",
      messages: [{ role: "user", content: "delete everything on day 1" }],
    });
    expect(again.body.data.answer).not.toMatch(/Removed/);
  });

  it("sums priced segments against the budget on the finance page", async () => {
    const db = await getDb();
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id, { preferences: { budget: { total: 1000, currency: "EUR" } } });
    for (const amount of [120, 80.5]) {
      await addSegment(
        db,
        user.id,
        trip.id,
        segmentCreateSchema.parse({
          type: "meal",
          title: "Dinner",
          day_index: 1,
          price: { amount, currency: "EUR" },
        }),
      );
    }
    const res = await ask(auth, {
      tripId: trip.id,
      pageKey: "finance",
      messages: [{ role: "user", content: "How is my budget?" }],
    });
    expect(res.body.data.answer).toContain("200.5 EUR");
    expect(res.body.data.answer).toContain("Remaining in EUR: 799.5");
  });

  it("refuses bad input with 400 and a stranger's trip with 403, in {ok:false, error}", async () => {
    const { auth } = await makeUser();
    const other = await makeUser();
    const trip = await makeTrip(other.user.id);
    const missing = await ask(auth, { pageKey: "flights", messages: [{ role: "user", content: "hi" }] });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ ok: false, error: expect.stringContaining("tripId") });
    const badPage = await ask(auth, {
      tripId: trip.id,
      pageKey: "weather",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(badPage.status).toBe(400);
    const noMessages = await ask(auth, { tripId: trip.id, pageKey: "overview", messages: [] });
    expect(noMessages.status).toBe(400);
    const foreign = await ask(auth, {
      tripId: trip.id,
      pageKey: "overview",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ ok: false, error: "Unauthorized trip access" });
    const nonsense = await ask(auth, {
      tripId: "trip_abc123",
      pageKey: "overview",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(nonsense.status).toBe(403);
    const anon = await call(chat.POST, {
      method: "POST",
      body: { tripId: trip.id, pageKey: "overview", messages: [] },
    });
    expect(anon.status).toBe(401);
    expect(anon.body.ok).toBe(false);
  });
});

describe("conversations and messages (the /v1/ai conversations API)", () => {
  it("lists the page conversations of a trip and their messages with token usage", async () => {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    await ask(auth, {
      tripId: trip.id,
      pageKey: "flights",
      messages: [{ role: "user", content: "Any flights?" }],
    });
    await ask(auth, {
      tripId: trip.id,
      pageKey: "transit",
      messages: [{ role: "user", content: "How do I get from Gare du Nord to the Louvre?" }],
    });
    await ask(auth, {
      tripId: trip.id,
      pageKey: "flights",
      messages: [{ role: "user", content: "And now?" }],
    });
    const list = await call(conversations.GET, { params: { id: trip.id }, headers: auth });
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: any) => c.title).sort()).toEqual([
      "Flights assistant",
      "Transit assistant",
    ]);
    const flights = list.body.data.find((c: any) => c.title === "Flights assistant");
    expect(flights).toMatchObject({
      tripId: trip.id,
      userId: user.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const msgs = await call(messages.GET, {
      params: { id: flights.id },
      headers: auth,
      path: "/v1/x?limit=3",
    });
    expect(msgs.status).toBe(200);
    expect(msgs.body.data).toHaveLength(3);
    const [u, a] = msgs.body.data.slice(-2);
    expect(u).toMatchObject({
      role: "user",
      content: "And now?",
      model: "",
      tokenUsage: null,
      conversationId: flights.id,
    });
    expect(a).toMatchObject({ role: "assistant", model: "tripsage-offline" });
    expect(a.tokenUsage.totalTokens).toBe(a.tokenUsage.promptTokens + a.tokenUsage.completionTokens);
    const bad = await call(messages.GET, {
      params: { id: flights.id },
      headers: auth,
      path: "/v1/x?limit=201",
    });
    expect(bad.status).toBe(400);
  });

  it("answers 403 for a trip or conversation that is not the caller's", async () => {
    const { user, auth } = await makeUser();
    const stranger = await makeUser();
    const trip = await makeTrip(user.id);
    await ask(auth, {
      tripId: trip.id,
      pageKey: "overview",
      messages: [{ role: "user", content: "Summary?" }],
    });
    const list = await call(conversations.GET, { params: { id: trip.id }, headers: auth });
    const id = list.body.data[0].id;
    expect((await call(conversations.GET, { params: { id: trip.id }, headers: stranger.auth })).status).toBe(
      403,
    );
    const foreign = await call(messages.GET, { params: { id }, headers: stranger.auth });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ ok: false, error: "Unauthorized conversation access" });
  });
});

describe("POST /v1/ai/context/refresh (the /v1/ai conversations API)", () => {
  it("stores a snapshot and says when", async () => {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    const res = await call(refresh.POST, {
      method: "POST",
      headers: auth,
      body: { tripId: trip.id, pageKey: "flights" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, data: { updatedAt: expect.any(String), pageKey: "flights" } });
    expect(Date.parse(res.body.data.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(
      (await call(refresh.POST, { method: "POST", headers: auth, body: { tripId: trip.id } })).status,
    ).toBe(400);
    const other = await makeUser();
    expect(
      (
        await call(refresh.POST, {
          method: "POST",
          headers: other.auth,
          body: { tripId: trip.id, pageKey: "flights" },
        })
      ).status,
    ).toBe(403);
  });
});

describe("POST /v1/ai/planner/chat (the /v1/ai planner API)", () => {
  const post = (auth: object, body: unknown) =>
    call(planner.POST, { method: "POST", headers: auth as any, body });

  it("drafts the API document's Paris example", async () => {
    const { auth } = await makeUser();
    const res = await post(auth, {
      messages: [
        {
          role: "user",
          content: "I want to visit Paris for 5 days in April with my partner. We love museums and cafes.",
        },
      ],
      plannerContext: {
        destination: "Paris",
        travelers: 2,
        mustDoExperiences: "Louvre Museum, Eiffel Tower, local cafes",
      },
    });
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.degraded).toBe(false);
    expect(d.sources[0]).toMatchObject({ name: "planner_context", status: "ok" });
    expect(d.answer).toMatch(/5-day Paris itinerary/);
    expect(d.plannerDraft).toMatchObject({
      destination: "Paris",
      country: "France",
      cities: ["Paris"],
      // "for 5 days in April": the next April, from the 1st, five days.
      startDate: expect.stringMatching(/^\d{4}-04-01$/),
      endDate: expect.stringMatching(/^\d{4}-04-05$/),
      travelers: 2,
      budgetTotal: 0,
      currency: null,
      activities: ["Louvre Museum", "Eiffel Tower", "local cafes"],
    });
    expect(d.plannerDraft.itinerary).toEqual([
      {
        dayIndex: 1,
        title: "Louvre Museum",
        timeBlock: "afternoon",
        category: "activities",
        notes: "Drafted by Agent planner conversation.",
      },
      {
        dayIndex: 2,
        title: "Eiffel Tower",
        timeBlock: "afternoon",
        category: "activities",
        notes: "Drafted by Agent planner conversation.",
      },
      {
        dayIndex: 3,
        title: "local cafes",
        timeBlock: "afternoon",
        category: "activities",
        notes: "Drafted by Agent planner conversation.",
      },
    ]);
  });

  it("reads budget, dates and travellers from the conversation, and returns null with nothing trip-like", async () => {
    const { auth } = await makeUser();
    const res = await post(auth, {
      messages: [
        { role: "user", content: "I want to visit Paris for 5 days with my partner." },
        { role: "assistant", content: "Great choice! What are your must-do experiences?" },
        {
          role: "user",
          content:
            "Louvre, Eiffel Tower, French pastries. Budget is around $3000 total, 2027-04-10 to 2027-04-15.",
        },
      ],
    });
    expect(res.body.data.plannerDraft).toMatchObject({
      destination: "Paris",
      travelers: 2,
      budgetTotal: 3000,
      currency: "USD",
      startDate: "2027-04-10",
      endDate: "2027-04-15",
    });
    expect(res.body.data.plannerDraft.activities).toEqual(
      expect.arrayContaining(["Louvre Museum", "Eiffel Tower"]),
    );
    const lisbon = await post(auth, {
      messages: [{ role: "user", content: "a week in Lisbon for 2, budget 3000 euros" }],
    });
    expect(lisbon.status).toBe(200);
    expect(lisbon.body.data.plannerDraft).toMatchObject({
      destination: "Lisbon",
      travelers: 2,
      budgetTotal: 3000,
      currency: "EUR",
    });
    const none = await post(auth, { messages: [{ role: "user", content: "hello there" }] });
    expect(none.body.data.plannerDraft).toBeNull();
    expect((await post(auth, { messages: [] })).status).toBe(400);
    expect((await post(auth, {})).body).toEqual({ ok: false, error: expect.stringContaining("messages") });
  });
});
