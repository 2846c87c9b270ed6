/**
 * The /v1/ai assistant API, the `/v1/ai` family: page-aware chat with sources and a degraded flag,
 * conversations and their messages (token usage), context refresh, and the trip planner's
 * `plannerDraft`. Every body is `{ok, data}` or `{ok:false, error}`.
 */
import { expect, test } from "@playwright/test";
import {
  body,
  createTrip,
  expectStatus,
  expectV1Error,
  isIsoDateTime,
  registerUser,
  UNKNOWN_UUID,
} from "./helpers";

type Msg = { role: string; content: string };
const ask = (content: string): Msg[] => [{ role: "user", content }];

test.describe("/v1/ai chat, conversations, messages", () => {
  test("POST /v1/ai/chat answers {ok, data:{answer, sources[], degraded}} and is listed with its messages", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    await user.api.post(`/api/itineraries/${trip.id}/segments`, {
      type: "activity",
      title: "Meiji Shrine",
      day_index: 2,
    });

    const res = await user.api.post("/v1/ai/chat", {
      tripId: trip.id,
      pageKey: "itinerary",
      pageContext: {},
      messages: ask("What's on day 2?"),
      refresh: true,
    });
    await expectStatus(res, 200);
    const b = await body(res);
    expect(b.ok).toBe(true);
    const d = b.data;
    expect(typeof d.answer).toBe("string");
    expect(d.answer.length).toBeGreaterThan(0);
    expect(typeof d.degraded).toBe("boolean");
    expect(Array.isArray(d.sources)).toBe(true);
    for (const s of d.sources) {
      expect(typeof s.name).toBe("string");
      expect(typeof s.status).toBe("string");
      expect(isIsoDateTime(s.fetchedAt), `fetchedAt ${s.fetchedAt}`).toBe(true);
    }
    if ("highlights" in d) expect(Array.isArray(d.highlights)).toBe(true);
    if ("suggestedActions" in d) expect(Array.isArray(d.suggestedActions)).toBe(true);
    expect(typeof d.conversationId).toBe("string");

    // The /v1/ai conversations API: the trip's conversations.
    const list = await user.api.get(`/v1/ai/conversations/${trip.id}`);
    await expectStatus(list, 200);
    const lb = await body(list);
    expect(lb.ok).toBe(true);
    expect(Array.isArray(lb.data)).toBe(true);
    const conv = lb.data.find((c: { id: string }) => c.id === d.conversationId);
    expect(conv, `conversation ${d.conversationId} in ${JSON.stringify(lb.data)}`).toBeTruthy();
    expect(conv).toMatchObject({ tripId: trip.id, userId: user.id, title: expect.any(String) });
    expect(isIsoDateTime(conv.createdAt)).toBe(true);
    expect(isIsoDateTime(conv.updatedAt)).toBe(true);

    // The /v1/ai conversations API: the conversation's messages, oldest first, with token usage on the answer.
    const msgs = await user.api.get(`/v1/ai/conversations/${d.conversationId}/messages`, {
      params: { limit: 20 },
    });
    await expectStatus(msgs, 200);
    const mb = await body(msgs);
    expect(mb.ok).toBe(true);
    expect(mb.data).toHaveLength(2);
    const [q, a] = mb.data;
    expect(q).toMatchObject({ conversationId: d.conversationId, role: "user", content: "What's on day 2?" });
    expect(q.tokenUsage).toBeNull();
    expect(a).toMatchObject({ conversationId: d.conversationId, role: "assistant", content: d.answer });
    expect(typeof a.model).toBe("string");
    expect(a.tokenUsage).toMatchObject({
      promptTokens: expect.any(Number),
      completionTokens: expect.any(Number),
      totalTokens: expect.any(Number),
    });
    expect(a.tokenUsage.totalTokens).toBe(a.tokenUsage.promptTokens + a.tokenUsage.completionTokens);
    for (const m of mb.data) {
      expect(typeof m.id).toBe("string");
      expect(isIsoDateTime(m.createdAt)).toBe(true);
    }
    expect(Date.parse(q.createdAt)).toBeLessThanOrEqual(Date.parse(a.createdAt));

    // limit bounds the count (newest kept).
    const one = await body(
      await user.api.get(`/v1/ai/conversations/${d.conversationId}/messages`, { params: { limit: 1 } }),
    );
    expect(one.data).toHaveLength(1);
    await expectV1Error(
      await user.api.get(`/v1/ai/conversations/${d.conversationId}/messages`, { params: { limit: 201 } }),
      400,
    );
  });

  test("flight status without a provider: the source is `unavailable` and the answer degraded (README)", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const res = await user.api.post("/v1/ai/chat", {
      tripId: trip.id,
      pageKey: "flights",
      pageContext: {},
      messages: ask("What is the status of flight AA123 on 2026-03-15?"),
      refresh: true,
    });
    await expectStatus(res, 200);
    const d = (await body(res)).data;
    expect(typeof d.answer).toBe("string");
    expect(d.degraded).toBe(true);
    expect(
      d.sources.some((x: { status: string }) => x.status === "unavailable"),
      JSON.stringify(d.sources),
    ).toBe(true);
    // No invented flight data.
    expect(d.answer).not.toMatch(/\bTerminal\b|\bGate\b/);
  });

  test("POST /v1/ai/context/refresh answers {ok, data:{updatedAt, pageKey}}", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const res = await user.api.post("/v1/ai/context/refresh", { tripId: trip.id, pageKey: "flights" });
    await expectStatus(res, 200);
    const b = await body(res);
    expect(b.ok).toBe(true);
    expect(b.data.pageKey).toBe("flights");
    expect(isIsoDateTime(b.data.updatedAt), `updatedAt ${b.data.updatedAt}`).toBe(true);
  });
});

test.describe("/v1/ai planner", () => {
  test("the API document's Paris example drafts a plan (plannerDraft)", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/v1/ai/planner/chat", {
      messages: ask("I want to visit Paris for 5 days in April with my partner. We love museums and cafes."),
      plannerContext: {
        destination: "Paris",
        travelers: 2,
        mustDoExperiences: "Louvre Museum, Eiffel Tower, local cafes",
      },
    });
    await expectStatus(res, 200);
    const b = await body(res);
    expect(b.ok).toBe(true);
    const d = b.data;
    expect(typeof d.answer).toBe("string");
    expect(d.answer.length).toBeGreaterThan(0);
    expect(Array.isArray(d.sources)).toBe(true);
    expect(typeof d.degraded).toBe("boolean");
    const draft = d.plannerDraft;
    expect(draft, "plannerDraft").toBeTruthy();
    expect(draft).toMatchObject({ destination: "Paris", travelers: 2 });
    expect(draft.cities).toContain("Paris");
    for (const k of ["country", "startDate", "endDate"]) expect(typeof draft[k], k).toBe("string");
    expect(typeof draft.budgetTotal).toBe("number");
    expect(draft.activities).toEqual(
      expect.arrayContaining(["Louvre Museum", "Eiffel Tower", "local cafes"]),
    );
    expect(Array.isArray(draft.itinerary)).toBe(true);
    expect(draft.itinerary.length).toBeGreaterThanOrEqual(3);
    for (const item of draft.itinerary) {
      expect(typeof item.dayIndex).toBe("number");
      expect(item.dayIndex).toBeGreaterThanOrEqual(1);
      expect(typeof item.title).toBe("string");
      expect(["morning", "afternoon", "evening"]).toContain(item.timeBlock);
      expect(typeof item.category).toBe("string");
      expect(typeof item.notes).toBe("string");
    }
    const titles = draft.itinerary.map((i: { title: string }) => i.title);
    expect(titles).toEqual(expect.arrayContaining(["Louvre Museum", "Eiffel Tower", "local cafes"]));
  });

  test("the API document's follow-up picks up the budget from the messages", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/v1/ai/planner/chat", {
      messages: [
        { role: "user", content: "I want to visit Paris for 5 days in April with my partner." },
        {
          role: "assistant",
          content: "Great choice! Paris in April is lovely. What are your must-do experiences?",
        },
        {
          role: "user",
          content:
            "Louvre, Eiffel Tower, and trying authentic French pastries. Budget is around $3000 total.",
        },
      ],
      plannerContext: {
        destination: "Paris",
        travelers: 2,
        mustDoExperiences: "Louvre, Eiffel Tower, French pastries",
      },
    });
    await expectStatus(res, 200);
    const draft = (await body(res)).data.plannerDraft;
    expect(draft).toMatchObject({ destination: "Paris", travelers: 2, budgetTotal: 3000, currency: "USD" });
  });
});

test.describe("/v1/ai errors are {ok:false, error}", () => {
  test("400 for invalid input", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    await expectV1Error(await user.api.post("/v1/ai/planner/chat", {}), 400);
    await expectV1Error(await user.api.post("/v1/ai/planner/chat", { messages: [] }), 400);
    await expectV1Error(await user.api.post("/v1/ai/chat", { tripId: trip.id, pageKey: "flights" }), 400);
    await expectV1Error(await user.api.post("/v1/ai/chat", { pageKey: "flights", messages: ask("hi") }), 400);
    await expectV1Error(await user.api.post("/v1/ai/chat", { tripId: trip.id, messages: ask("hi") }), 400);
    await expectV1Error(await user.api.post("/v1/ai/context/refresh", { tripId: trip.id }), 400);
    await expectV1Error(await user.api.post("/v1/ai/context/refresh", { pageKey: "flights" }), 400);
  });

  test("401 without a token", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const anon = user.api.as(null);
    await expectV1Error(
      await anon.post("/v1/ai/chat", { tripId: trip.id, pageKey: "overview", messages: ask("hi") }),
      401,
    );
    await expectV1Error(await anon.get(`/v1/ai/conversations/${trip.id}`), 401);
    await expectV1Error(
      await anon.post("/v1/ai/context/refresh", { tripId: trip.id, pageKey: "flights" }),
      401,
    );
    await expectV1Error(await anon.post("/v1/ai/planner/chat", { messages: ask("Paris") }), 401);
  });

  test("403 for a trip or conversation that is not the caller's", async ({ request }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    const chat = await body(
      await owner.api.post("/v1/ai/chat", {
        tripId: trip.id,
        pageKey: "overview",
        messages: ask("Summarise the trip"),
      }),
    );
    const conversationId = chat.data.conversationId;

    await expectV1Error(
      await stranger.api.post("/v1/ai/chat", { tripId: trip.id, pageKey: "overview", messages: ask("hi") }),
      403,
    );
    await expectV1Error(await stranger.api.get(`/v1/ai/conversations/${trip.id}`), 403);
    await expectV1Error(await stranger.api.get(`/v1/ai/conversations/${conversationId}/messages`), 403);
    await expectV1Error(
      await stranger.api.post("/v1/ai/context/refresh", { tripId: trip.id, pageKey: "flights" }),
      403,
    );
    // Unknown or malformed ids are access errors too (the /v1/ai conversations API).
    await expectV1Error(await stranger.api.get(`/v1/ai/conversations/${UNKNOWN_UUID}`), 403);
    await expectV1Error(
      await stranger.api.post("/v1/ai/chat", {
        tripId: "trip_abc123",
        pageKey: "flights",
        messages: ask("hi"),
      }),
      403,
    );
  });

  test("unknown /v1 paths answer a JSON 404 in the family's shape", async ({ request }) => {
    const user = await registerUser(request);
    await expectV1Error(await user.api.get("/v1/ai/nothing-here"), 404);
  });
});
