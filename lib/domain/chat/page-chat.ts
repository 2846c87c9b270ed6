/**
 * The page-aware assistant of the /v1/ai chat API (`POST /v1/ai/chat`) and the conversation listings
 * of the /v1/ai conversations API. It gives read-only guidance: the model gets the page's facts and only the
 * `get_segments` tool, bound to the caller, so it can read but never change the trip; a
 * caller without `trips:read` gets no trip data (lib/domain/ai/tool-scopes.ts).
 *
 * A presenter over the turn engine (lib/domain/chat/engine.ts): the turn reserves, accounts
 * and settles its cost like a designer turn, uncapped (the page's conversation lives as long
 * as the page, and the /v1/ai chat API documents no 402).
 */

import type { ModelMessage } from "ai";
import { z } from "zod";
import type { Db } from "@/db/client";
import { itinerarySnapshot } from "@/lib/domain/ai/prompt";
import { createTools } from "@/lib/domain/ai/tools";
import type { Caller } from "@/lib/domain/auth/bearer";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import { hasScope } from "@/lib/domain/auth/scopes";
import { getItinerary } from "@/lib/domain/itinerary/service";
import {
  findOrCreateConversation,
  saveAssistantMessage,
  saveUserMessage,
  type TripConversation,
} from "./conversations";
import { runTurn } from "./engine";
import { buildPageContext, type PageKey, pageKeySchema, saveSnapshot } from "./page-context";
import type { V1Conversation, V1PageChat } from "./schemas";

const chatMessage = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().trim().min(1).max(4000),
});

export const pageChatSchema = z.object({
  tripId: z.string().min(1, "tripId is required"),
  pageKey: pageKeySchema,
  pageContext: z.record(z.string(), z.unknown()).optional(),
  messages: z
    .array(chatMessage)
    .min(1, "messages must not be empty")
    .max(50)
    .refine((m) => m.at(-1)?.role === "user", "The last message must be from the user"),
  refresh: z.boolean().default(false),
});
export type PageChatInput = z.infer<typeof pageChatSchema>;

/** Most model calls of a page chat turn. */
const MAX_STEPS = 3;

function pageTitle(pageKey: PageKey): string {
  return `${pageKey[0]?.toUpperCase()}${pageKey.slice(1)} assistant`;
}

/**
 * Answers one page-aware question and stores the exchange in the page's conversation.
 * @returns the /v1/ai chat API's `data`: conversationId, answer, highlights, suggestedActions, sources, degraded
 * @throws ApiError NOT_FOUND when the caller cannot see the trip; the model's failure (lib/domain/chat/engine.ts `llmError`)
 */
export async function pageChat(db: Db, caller: Caller, input: PageChatInput): Promise<V1PageChat> {
  const last = input.messages.at(-1)?.content ?? "";
  // Without trips:read (an API key holding only chat:access) the model gets no trip data at
  // all: the caller must still have access to the trip, and is told what the key lacks.
  if (!hasScope(caller, "trips:read")) {
    await requireTripRole(db, caller.userId, input.tripId, "viewer");
    return scopelessPageChat(db, caller, input, last);
  }
  const ctx = await buildPageContext(db, caller.userId, input.tripId, input.pageKey, {
    message: last,
    refresh: input.refresh,
  });
  if (input.refresh) await saveSnapshot(db, caller.userId, input.tripId, ctx);
  const conversation = await findOrCreateConversation(db, caller.userId, {
    tripId: input.tripId,
    kind: "page",
    title: pageTitle(input.pageKey),
    pageKey: input.pageKey,
  });
  const it = await getItinerary(db, caller.userId, input.tripId);
  // Read-only guidance: the model is told the user can only view, whatever their role.
  const snapshot = itinerarySnapshot(it, "viewer");
  const system = [
    `You are TripSage's ${input.pageKey} assistant. Give short, practical, read-only guidance about this trip; you cannot change it.`,
    "Use only the facts below and the get_segments tool. If live data is marked unavailable, say so plainly.",
    ...ctx.facts,
    ...ctx.sources
      .filter((s) => s.status !== "ok")
      .map((s) => `Source ${s.name} is ${s.status}: ${s.detail}`),
    input.pageContext && Object.keys(input.pageContext).length
      ? `Page context: ${JSON.stringify(input.pageContext)}`
      : "",
    "Current itinerary snapshot:",
    snapshot,
  ]
    .filter(Boolean)
    .join("\n");

  const { get_segments } = createTools({ db, caller, tripId: input.tripId });
  const outcome = await runTurn(db, {
    conversation,
    caller,
    userMessage: { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text: last }] },
    messages: input.messages.map((m) => ({ role: m.role, content: m.content }) as ModelMessage),
    system,
    tools: { get_segments },
    maxSteps: MAX_STEPS,
    capped: false,
    // The offline model only understands itinerary requests; for anything else it answers
    // from the page's facts rather than with its "didn't understand" note.
    answer: ({ text, toolCalls, provider }) => {
      if (provider !== "offline") return text;
      const unavailable = ctx.sources.filter((s) => s.status === "unavailable").map((s) => `${s.detail}.`);
      return [...(toolCalls.length > 0 ? [text] : ctx.facts), ...unavailable].join(" ");
    },
  });
  return {
    conversationId: conversation.id,
    answer: outcome.text,
    highlights: [
      "Read-only guidance generated from current trip context",
      `Page-aware reasoning for ${input.pageKey}`,
    ],
    suggestedActions: ctx.suggestedActions,
    sources: ctx.sources,
    degraded: ctx.degraded,
  };
}

const NO_TRIPS_READ =
  "This API key lacks the 'trips:read' scope, so the assistant cannot read this trip. Add 'trips:read' to the key to get guidance about it.";

/** Page chat for a caller without `trips:read`: the exchange is stored, no trip data is read or returned. */
async function scopelessPageChat(
  db: Db,
  caller: Caller,
  input: PageChatInput,
  last: string,
): Promise<V1PageChat> {
  const conversation = await findOrCreateConversation(db, caller.userId, {
    tripId: input.tripId,
    kind: "page",
    title: pageTitle(input.pageKey),
    pageKey: input.pageKey,
  });
  await saveUserMessage(db, conversation.id, {
    id: crypto.randomUUID(),
    role: "user",
    parts: [{ type: "text", text: last }],
  });
  await saveAssistantMessage(db, conversation.id, {
    message: { id: crypto.randomUUID(), role: "assistant", parts: [{ type: "text", text: NO_TRIPS_READ }] },
    model: "none",
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  });
  return {
    conversationId: conversation.id,
    answer: NO_TRIPS_READ,
    highlights: ["The trip was not read: the credentials lack the 'trips:read' scope"],
    suggestedActions: ["Use an API key holding 'trips:read'"],
    sources: [],
    degraded: true,
  };
}

/** The /v1/ai conversations API conversation item. */
export function toV1Conversation(c: TripConversation): V1Conversation {
  return {
    id: c.id,
    tripId: c.tripId,
    userId: c.userId,
    title: c.title,
    pageKey: c.pageKey,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
