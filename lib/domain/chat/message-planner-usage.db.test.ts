/**
 * The chat message endpoint without a trip is answered by the planner; with a real model the
 * exchange is stored with the model's id, its tokens and their price, like a designer turn
 * (it used to be stored as model "planner" at no cost, so a provider's spend went unrecorded).
 * The model is the local OpenAI-compatible server; everything else runs for real.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as chatMessage from "@/app/api/v1/chat/message/route";
import { getDb } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { call, makeUser } from "@/lib/testing/fixtures";
import { serveScriptedModel } from "@/lib/testing/scripted-model";

serveScriptedModel(
  () => ({ text: "Lisbon in spring is lovely. Day 1: Belém Tower. Shall I add more?", usage: [400, 150] }),
  {
    model: "planner-test-model",
    // USD per million tokens: [input, output]
    env: { AI_PRICES: JSON.stringify({ "planner-test-model": [2, 8] }) },
  },
);

describe("planner answers of the chat message endpoint", () => {
  it("store the model, tokens and cost on the assistant message and the conversation", async () => {
    const { user, auth } = await makeUser("Planner Spender");
    const res = await call(chatMessage.POST, {
      method: "POST",
      path: "/api/v1/chat/message",
      headers: auth,
      body: { message: "a long weekend in Lisbon for two in April" },
    });
    expect(res.status).toBe(200);
    const db = await getDb();
    const rows = await db.select().from(messages).where(eq(messages.conversationId, res.body.session_id));
    const reply = rows.find((m) => m.role === "assistant");
    expect(reply).toMatchObject({ model: "planner-test-model", inputTokens: 400, outputTokens: 150 });
    const expected = (400 * 2 + 150 * 8) / 1_000_000;
    expect(reply?.costUsd).toBeCloseTo(expected, 10);
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, res.body.session_id));
    expect(conv?.userId).toBe(user.id);
    expect(conv?.costUsd).toBeCloseTo(expected, 10);
    expect(res.body.response).toMatch(/Belém Tower/);
  });
});
