/**
 * The page chat (`POST /v1/ai/chat`) and the designer run on one turn engine: the page chat's
 * cost is reserved, accounted and settled like a designer turn's (uncapped), and a model error
 * or an abort leaves every presenter's conversation in the same state — the user message
 * kept, no assistant message, the reservation given back.
 *
 * Prices: `AI_PRICES` gives the test model $100 per million tokens in and out, so a reply
 * with usage 1000 + 500 tokens costs exactly $0.15.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sessionMessages from "@/app/api/chat/sessions/[sessionId]/messages/route";
import * as chat from "@/app/v1/ai/chat/route";
import * as v1Messages from "@/app/v1/ai/conversations/[id]/messages/route";
import { getDb } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { toCaller } from "@/lib/domain/auth/bearer";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";
import { type FakeOpenAI, type ScriptedTurn, startFakeOpenAI } from "@/lib/testing/openai-compatible-server";
import { createConversation } from "./conversations";
import { startDesignerTurn } from "./designer";

/** A designer session's cost limit here: two $0.15 turns pass it. */
const CAP = 0.25;
let mode: ScriptedTurn = { text: "Noted.", usage: [1000, 500] };
let server: FakeOpenAI | undefined;

beforeAll(async () => {
  // Paced, so a test can abort a turn while its answer is still streaming.
  server = await startFakeOpenAI(() => mode, { paceMs: 20 });
  Object.assign(process.env, {
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: server.baseURL,
    AI_MODEL: "page-test-model",
    AI_PRICES: JSON.stringify({ "page-test-model": [100, 100] }),
    SESSION_COST_LIMIT_USD: String(CAP),
  });
});
afterAll(async () => {
  await server?.close();
});

const ask = (auth: Record<string, string>, tripId: string, content: string) =>
  call(chat.POST, {
    method: "POST",
    path: "/v1/ai/chat",
    headers: auth,
    body: { tripId, pageKey: "itinerary", messages: [{ role: "user", content }] },
  });

async function stateOf(conversationId: string) {
  const db = await getDb();
  const [c] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  const rows = await db.select().from(messages).where(eq(messages.conversationId, conversationId));
  return {
    costUsd: c?.costUsd,
    tokens: [c?.inputTokens, c?.outputTokens],
    rows: rows
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((m) => ({ role: m.role, content: m.content, costUsd: m.costUsd })),
  };
}

describe("page chat on the turn engine", () => {
  it("accounts the turn's usage and cost like a designer turn and leaves no reservation behind", async () => {
    const answer = "Day 2 is free so far, so there is room for a museum or a long lunch.";
    mode = { text: answer, usage: [1000, 500] };
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    const db = await getDb();
    const pending = ask(auth, trip.id, "What's on day 2?");
    // While the answer streams, the user message carries the turn's outstanding reservation.
    let reserved = 0;
    for (let i = 0; i < 300 && reserved === 0; i++) {
      const [row] = await db
        .select({ costUsd: messages.costUsd, conversationId: messages.conversationId })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(eq(conversations.userId, user.id));
      reserved = row?.costUsd ?? 0;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(reserved).toBeGreaterThan(0.15);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, data: { answer, degraded: false } });
    const id = res.body.data.conversationId as string;

    const s = await stateOf(id);
    expect(s.costUsd).toBeCloseTo(0.15, 9);
    expect(s.tokens).toEqual([1000, 500]);
    expect(s.rows).toEqual([
      { role: "user", content: "What's on day 2?", costUsd: null },
      { role: "assistant", content: answer, costUsd: expect.closeTo(0.15, 9) },
    ]);
    // The model was offered the read-only tool only.
    const sent = server?.requests.at(-1) as { tools: { function: { name: string } }[] };
    expect(sent.tools.map((t) => t.function.name)).toEqual(["get_segments"]);

    // The /v1/ai conversations API reports the same usage on the stored reply.
    const listed = await call(v1Messages.GET, {
      path: `/v1/ai/conversations/${id}/messages`,
      params: { id },
      headers: auth,
    });
    expect(listed.body.data.map((m: { tokenUsage: unknown }) => m.tokenUsage)).toEqual([
      null,
      { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 },
    ]);
  }, 30_000);

  it("is not bound by the designer session's cost limit (the /v1/ai chat API documents no 402)", async () => {
    mode = { text: "Noted.", usage: [1000, 500] };
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    let id = "";
    for (const n of [1, 2, 3]) {
      const res = await ask(auth, trip.id, `question ${n}`);
      expect(res.status).toBe(200);
      id = res.body.data.conversationId;
    }
    expect((await stateOf(id)).costUsd).toBeCloseTo(0.45, 9);

    // A designer session at the same spend is refused.
    const db = await getDb();
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    const say = () =>
      call(sessionMessages.POST, {
        method: "POST",
        path: `/api/chat/sessions/${conv.id}/messages`,
        params: { sessionId: conv.id },
        headers: auth,
        body: { message: "hello" },
      });
    expect((await say()).status).toBe(200);
    expect((await say()).status).toBe(200);
    expect((await say()).status).toBe(402);
  }, 30_000);

  it("a provider failure keeps the user message, stores no reply and gives the reservation back, for the page chat and the designer alike", async () => {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    mode = { text: "First answer.", usage: [1000, 500] };
    const first = await ask(auth, trip.id, "first");
    const id = first.body.data.conversationId as string;

    mode = { status: 503, message: "The server is overloaded" };
    const res = await ask(auth, trip.id, "second");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ ok: false, error: expect.any(String) });
    const page = await stateOf(id);
    // Only the first turn's cost is recorded: the failed turn's reservation was settled to 0.
    expect(page.costUsd).toBeCloseTo(0.15, 9);
    expect(page.tokens).toEqual([1000, 500]);
    expect(page.rows).toEqual([
      { role: "user", content: "first", costUsd: null },
      { role: "assistant", content: "First answer.", costUsd: expect.closeTo(0.15, 9) },
      { role: "user", content: "second", costUsd: null },
    ]);

    // The designer's presenter leaves its session in the same state.
    const db = await getDb();
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    const designer = await call(sessionMessages.POST, {
      method: "POST",
      path: `/api/chat/sessions/${conv.id}/messages`,
      params: { sessionId: conv.id },
      headers: auth,
      body: { message: "second" },
    });
    expect(designer.status).toBe(503);
    const session = await stateOf(conv.id);
    expect(session.costUsd).toBe(0);
    expect(session.rows).toEqual([{ role: "user", content: "second", costUsd: null }]);
  }, 30_000);

  it("an aborted turn rejects, stores no reply and gives its reservation back", async () => {
    mode = {
      text: "This answer is long enough to be cut off well before its last word arrives.",
      usage: [1000, 500],
    };
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id);
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    const abort = new AbortController();
    const turn = await startDesignerTurn(
      db,
      toCaller(user, "jwt"),
      conv,
      { id: "m1", role: "user", parts: [{ type: "text", text: "tell me a story" }] },
      { abortSignal: abort.signal },
    );
    // While the answer streams, the reservation is outstanding on the user message.
    const during = await stateOf(conv.id);
    expect(during.costUsd).toBeGreaterThan(0);
    expect(during.rows[0]?.costUsd).toBe(during.costUsd);

    const reader = turn.stream.getReader();
    let deltas = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === "text-delta" && ++deltas === 2) abort.abort();
    }
    await expect(turn.done).rejects.toMatchObject({ code: "LLM_UNAVAILABLE" });
    const after = await stateOf(conv.id);
    expect(after.costUsd).toBe(0);
    expect(after.rows).toEqual([{ role: "user", content: "tell me a story", costUsd: null }]);
  }, 30_000);
});
