/**
 * The Trip Designer session's cost cap under concurrency, and provider failures, through
 * the whole pipeline: @ai-sdk/openai (Chat Completions) against the local scripted
 * OpenAI-compatible server, streamText, our tools and the real database.
 *
 * Prices: `AI_PRICES` gives the test model $100 per million tokens in and out, so each turn
 * the server answers with usage 1000 + 500 tokens costs exactly $0.15.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as sessionMessages from "@/app/api/chat/sessions/[sessionId]/messages/route";
import * as chatMessage from "@/app/api/v1/chat/message/route";
import { getDb } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { toCaller } from "@/lib/domain/auth/bearer";
import { ApiError } from "@/lib/platform/errors";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";
import type { ScriptedTurn } from "@/lib/testing/openai-compatible-server";
import { serveScriptedModel } from "@/lib/testing/scripted-model";
import { createConversation } from "./conversations";
import { runDesignerTurn } from "./designer";
import type { TurnOutcome } from "./engine";

const CAP = 3;
const TURN_USD = 0.15;
/** What the scripted provider answers next: a text reply, or a failure. */
let mode: ScriptedTurn = { text: "Noted.", usage: [1000, 500] };

serveScriptedModel(() => mode, {
  model: "capped-test-model",
  env: {
    AI_PRICES: JSON.stringify({ "capped-test-model": [100, 100] }),
    SESSION_COST_LIMIT_USD: String(CAP),
    SESSION_MESSAGE_LIMIT: "150",
  },
});

async function spentOf(conversationId: string) {
  const db = await getDb();
  const [c] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  const rows = await db.select().from(messages).where(eq(messages.conversationId, conversationId));
  return { recorded: c?.costUsd ?? Number.NaN, rows };
}

describe("session cost cap", () => {
  it("100 concurrent messages against a small cap: spend never exceeds the cap by more than one reservation", async () => {
    mode = { text: "Noted.", usage: [1000, 500] };
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id);
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });

    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => runDesignerTurn(db, toCaller(user, "jwt"), conv, `message ${i}`)),
    );
    const ok = results
      .filter((r): r is PromiseFulfilledResult<TurnOutcome> => r.status === "fulfilled")
      .map((r) => r.value);
    const refused = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    // Every refusal is documented: 402 once the budget is spent, or 429 (retry shortly) for a
    // message that waited too long for earlier turns to settle; nothing else went wrong.
    for (const err of refused) {
      expect(err).toBeInstanceOf(ApiError);
      expect([402, 429]).toContain((err as ApiError).status);
    }
    expect(refused.some((e) => (e as ApiError).status === 402)).toBe(true);
    console.info(
      `[cost-cap] ${ok.length} turns accepted, ${refused.length} refused; reservation ≤ $${Math.max(...ok.map((o) => o.reservedUsd)).toFixed(4)}`,
    );
    for (const o of ok) expect(o.costUsd).toBeCloseTo(TURN_USD, 9);

    const maxReservation = Math.max(...ok.map((o) => o.reservedUsd));
    // The reservation is a real estimate (a fraction of the cap), so several turns were in flight at once.
    expect(maxReservation).toBeGreaterThan(TURN_USD);
    expect(maxReservation).toBeLessThan(CAP);

    const { recorded, rows } = await spentOf(conv.id);
    // Settled exactly: the session's total is the sum of its assistant messages (no reservation left over).
    const assistantCost = rows
      .filter((m) => m.role === "assistant")
      .reduce((s, m) => s + (m.costUsd ?? 0), 0);
    expect(recorded).toBeCloseTo(assistantCost, 6);
    expect(recorded).toBeCloseTo(ok.length * TURN_USD, 6);
    // The cap was reached, and overshot by less than one reservation.
    expect(recorded).toBeGreaterThanOrEqual(CAP);
    expect(recorded).toBeLessThan(CAP + maxReservation);
    // Refused messages were not stored; accepted ones were, once each.
    expect(rows.filter((m) => m.role === "user")).toHaveLength(ok.length);

    // Sequentially, the next message is refused too.
    await expect(runDesignerTurn(db, toCaller(user, "jwt"), conv, "one more")).rejects.toMatchObject({
      code: "COST_LIMIT_EXCEEDED",
    });
  }, 180_000);

  it("bounds a session by its message cap even when turns cost nothing", async () => {
    mode = { text: "Free.", usage: [0, 0] };
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id);
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    // Pre-fill 149 user messages; the 150th is accepted, the 151st refused.
    await db.insert(messages).values(
      Array.from({ length: 149 }, (_, i) => ({
        conversationId: conv.id,
        role: "user" as const,
        content: `m${i}`,
      })),
    );
    await runDesignerTurn(db, toCaller(user, "jwt"), conv, "the 150th");
    await expect(runDesignerTurn(db, toCaller(user, "jwt"), conv, "the 151st")).rejects.toMatchObject({
      status: 402,
      message: expect.stringContaining("150 messages"),
    });
  });
});

describe("provider failures", () => {
  async function session() {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    const db = await getDb();
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    return { auth, trip, conv };
  }

  it("a provider 429 answers 429 with retryAfter (Trip Designer API) and retry_after (TripSage REST API)", async () => {
    mode = { status: 429, headers: { "retry-after": "2" }, message: "Rate limit reached for requests" };
    const { auth, trip, conv } = await session();

    const designer = await call(sessionMessages.POST, {
      method: "POST",
      path: `/api/chat/sessions/${conv.id}/messages`,
      params: { sessionId: conv.id },
      headers: auth,
      body: { message: "add a museum on day 1" },
    });
    expect(designer.status).toBe(429);
    expect(designer.body).toMatchObject({ error: "Too Many Requests", retryAfter: 2 });
    expect(designer.headers.get("retry-after")).toBe("2");
    // The failed turn's reservation was given back.
    expect((await spentOf(conv.id)).recorded).toBe(0);

    const rest = await call(chatMessage.POST, {
      method: "POST",
      path: "/api/v1/chat/message",
      headers: auth,
      body: { message: "add a museum on day 1", context: { trip_id: trip.id } },
    });
    expect(rest.status).toBe(429);
    expect(rest.body).toMatchObject({
      error: true,
      code: "RATE_LIMIT_EXCEEDED",
      type: "ratelimit",
      retry_after: 2,
    });
    expect(rest.headers.get("retry-after")).toBe("2");
  }, 60_000);

  it("a provider that is down (503, or not listening) answers 503", async () => {
    mode = { status: 503, message: "The server is overloaded" };
    const { auth, conv } = await session();
    const res = await call(sessionMessages.POST, {
      method: "POST",
      path: `/api/chat/sessions/${conv.id}/messages`,
      params: { sessionId: conv.id },
      headers: auth,
      body: { message: "hello" },
    });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: "Service Unavailable" });
    expect((await spentOf(conv.id)).recorded).toBe(0);
  }, 60_000);
});
