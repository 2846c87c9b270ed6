/**
 * The Trip Designer API's views over conversations: a "session" is a designer conversation
 * bound to an itinerary (trip). Reads go through lib/domain/chat/conversations.ts; a turn's
 * outcome comes from the turn engine (lib/domain/chat/engine.ts).
 */

import type { Db } from "@/db/client";
import type { Conversation } from "@/db/schema";
import { countActiveConversations, listMessages } from "./conversations";
import type { TurnOutcome } from "./engine";
import type { DesignerReply, SessionBody } from "./schemas";

/** A session counts as active while it saw a message in the last 30 minutes. */
export const ACTIVE_WINDOW_MS = 30 * 60 * 1000;

/** The Trip Designer API `GET /api/chat/sessions/{id}` body. */
export async function sessionView(db: Db, c: Conversation): Promise<SessionBody> {
  const rows = await listMessages(db, c.id, 500);
  return {
    id: c.id,
    itineraryId: c.tripId,
    messages: rows
      .filter(
        (m): m is typeof m & { role: "user" | "assistant" } => m.role === "user" || m.role === "assistant",
      )
      .map((m) => ({
        role: m.role,
        content: m.content,
        timestamp: m.createdAt.toISOString(),
        ...(m.role === "assistant" && { tokens: { input: m.inputTokens ?? 0, output: m.outputTokens ?? 0 } }),
      })),
    tripProfile: c.tripProfile ?? null,
    createdAt: c.createdAt.toISOString(),
    lastActiveAt: c.updatedAt.toISOString(),
    metadata: {
      messageCount: rows.length,
      totalTokens: c.inputTokens + c.outputTokens,
      // Settled spend: the conversation's total less reservations of turns still running
      // (carried by their user messages, lib/domain/chat/cost-cap.ts).
      costUSD: Number(
        (c.costUsd - rows.reduce((sum, m) => sum + (m.role === "user" ? (m.costUsd ?? 0) : 0), 0)).toFixed(6),
      ),
    },
  };
}

/**
 * Trip Designer API `POST /api/chat/sessions/{id}/messages` body from a finished turn.
 * `structuredQuestions` holds the questions the turn asked (answer with the option's label
 * or id as the next message); `changesetId` (added field) is present when the turn changed
 * the trip, for `POST /api/changesets/{changesetId}/undo`.
 */
export function messageView(o: TurnOutcome): DesignerReply {
  return {
    message: o.text,
    itineraryUpdated: o.itineraryUpdated,
    segmentsModified: o.segmentsModified,
    toolCallsMade: o.toolCalls.map((c) => ({
      id: c.id,
      type: "function" as const,
      function: { name: c.name, arguments: JSON.stringify(c.input ?? {}) },
    })),
    structuredQuestions: o.structuredQuestions,
    ...(o.changesetId && { changesetId: o.changesetId }),
    tokens: { input: o.inputTokens, output: o.outputTokens },
    costUSD: Number(o.costUsd.toFixed(6)),
  };
}

/** Number of designer sessions of `userId` active within ACTIVE_WINDOW_MS. */
export async function activeSessionCount(db: Db, userId: string, now = Date.now()): Promise<number> {
  return countActiveConversations(db, userId, "designer", new Date(now - ACTIVE_WINDOW_MS));
}
