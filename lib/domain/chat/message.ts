/**
 * The TripSage REST API's `POST /api/v1/chat/message`: one message to the assistant, with an optional
 * trip in `context`. With a trip it is a designer turn (tools, the caller's rights) in the
 * session given by `session_id`, run by the turn engine through the designer's presenter
 * (lib/domain/chat/designer.ts) and shaped here into the TripSage REST API's body; without one it
 * is a planning conversation answered by the planner (lib/domain/chat/planner.ts, no tools),
 * with destination suggestions from the catalogue, stored as an exchange without usage.
 */

import { z } from "zod";
import type { Db } from "@/db/client";
import type { Caller } from "@/lib/domain/auth/bearer";
import { suggestTrips } from "@/lib/domain/suggestions/service";
import {
  createConversation,
  findOwnConversation,
  latestDesignerConversation,
  listMessages,
  saveAssistantMessage,
  saveUserMessage,
} from "./conversations";
import { runDesignerTurn } from "./designer";
import { extractDraft, planTurn } from "./planner";
import type { ChatMessageResponse } from "./schemas";

export const chatMessageSchema = z.object({
  message: z.string().trim().min(1, "Message must not be empty").max(4000),
  session_id: z.string().max(100).optional(),
  context: z
    .object({ trip_id: z.uuid().optional(), current_step: z.string().max(100).optional() })
    .catchall(z.unknown())
    .optional(),
  preferences: z
    .object({
      budget: z.number().nonnegative().optional(),
      duration_days: z.number().int().min(1).max(365).optional(),
      travel_style: z.string().max(50).optional(),
    })
    .catchall(z.unknown())
    .optional(),
});
export type ChatMessageInput = z.infer<typeof chatMessageSchema>;

/** The TripSage REST API's suggestion `type` for a tool call (its WebSocket example: `flight_search` / `search_flights`). */
const SUGGESTION_TYPE: Record<string, string> = {
  search_flights: "flight_search",
  search_hotels: "accommodation_search",
  search_activities: "activity_search",
};

/**
 * Handles one the TripSage REST API chat message.
 * @param opts.onDelta called with each piece of a designer turn's answer text as it is
 *        generated (the planner answers in one piece)
 * @returns `{message_id, response, suggestions, next_actions, session_id, timestamp}`; with a
 *          trip also `structured_questions` (the turn's questions) and `changeset_id` (when it
 *          changed the trip)
 * @throws ApiError NOT_FOUND when `context.trip_id` is a trip the caller cannot see; LLM errors
 */
export async function sendChatMessage(
  db: Db,
  caller: Caller,
  input: ChatMessageInput,
  opts: { onDelta?: (delta: string) => void } = {},
): Promise<ChatMessageResponse> {
  const tripId = input.context?.trip_id ?? null;
  if (tripId) {
    const conv =
      (await findOwnConversation(db, caller.userId, input.session_id, "designer", tripId)) ??
      (input.session_id ? null : await latestDesignerConversation(db, caller.userId, tripId)) ??
      (await createConversation(db, caller.userId, { tripId, kind: "designer", title: "Trip designer" }));
    const outcome = await runDesignerTurn(db, caller, conv, input.message, opts);
    return {
      message_id: outcome.message.id,
      response: outcome.text,
      suggestions: outcome.toolCalls.map((c) => ({
        type: SUGGESTION_TYPE[c.name] ?? "tool_call",
        action: c.name,
        parameters: c.input,
      })),
      next_actions: outcome.itineraryUpdated ? ["review_itinerary"] : ["itinerary_planning"],
      session_id: conv.id,
      itinerary_updated: outcome.itineraryUpdated,
      segments_modified: outcome.segmentsModified,
      // Additive fields: the turn's questions (same shape as the Trip Designer API's) and changeset.
      structured_questions: outcome.structuredQuestions,
      ...(outcome.changesetId && { changeset_id: outcome.changesetId }),
      timestamp: new Date().toISOString(),
    };
  }

  const conv =
    (await findOwnConversation(db, caller.userId, input.session_id, "planner", null)) ??
    (await createConversation(db, caller.userId, { tripId: null, kind: "planner", title: "Trip planning" }));
  const history = (await listMessages(db, conv.id, 40))
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as "user" | "assistant", content: m.content }));
  const messages = [...history, { role: "user" as const, content: input.message }];
  await saveUserMessage(db, conv.id, {
    id: crypto.randomUUID(),
    role: "user",
    parts: [{ type: "text", text: input.message }],
  });
  const budget = input.preferences?.budget;
  const plannerContext = budget !== undefined ? { budgetTotal: budget } : undefined;
  const { data: planned, usage } = await planTurn({ messages, plannerContext, refresh: false });
  const saved = await saveAssistantMessage(db, conv.id, {
    message: { id: crypto.randomUUID(), role: "assistant", parts: [{ type: "text", text: planned.answer }] },
    ...usage,
  });
  const draft = extractDraft({ messages, plannerContext });
  const ideas = draft?.destination
    ? []
    : await suggestTrips(db, caller.userId, { limit: 3, budget_max: input.preferences?.budget });
  const next: string[] = [];
  if (!draft?.destination) next.push("destination_selection");
  if (!draft?.startDate) next.push("date_planning");
  next.push("accommodation_preferences");
  return {
    message_id: saved.id,
    response: planned.answer,
    suggestions: ideas.map((s) => ({
      type: "destination",
      title: s.title,
      description: s.description,
      estimated_cost: s.estimated_price,
    })),
    next_actions: next,
    session_id: conv.id,
    planner_draft: planned.plannerDraft,
    timestamp: new Date().toISOString(),
  };
}
