/**
 * The Trip Designer's presenter over the turn engine (lib/domain/chat/engine.ts): builds a
 * designer turn's input — the system prompt (itinerary, memory, write rights), the history,
 * the full tool set bound to the caller's rights and scopes (lib/domain/ai/tool-scopes.ts) and
 * the turn's changeset — for every designer surface: the trip page's streaming chat, the Trip
 * Designer API's sessions, `POST /api/v1/chat/message` with a trip and the WebSocket. Each
 * shapes the engine's {@link TurnOutcome} into its own family's response.
 */
import { convertToModelMessages, type UIMessage } from "ai";
import type { Db } from "@/db/client";
import type { Conversation } from "@/db/schema";
import { designerSystemPrompt } from "@/lib/domain/ai/prompt";
import { createTools } from "@/lib/domain/ai/tools";
import type { Caller } from "@/lib/domain/auth/bearer";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import { hasScope } from "@/lib/domain/auth/scopes";
import { ChangesetRecorder } from "@/lib/domain/changesets/service";
import { todayUtc } from "@/lib/domain/itinerary/dates";
import { getItinerary } from "@/lib/domain/itinerary/service";
import { memoryForPrompt } from "@/lib/domain/users/memory";
import { findUserById } from "@/lib/domain/users/service";
import { ApiError } from "@/lib/platform/errors";
import { listMessages, mergeTripProfile, toUIMessages } from "./conversations";
import { drainTurn, startTurn, type Turn, type TurnOutcome } from "./engine";

/** Most steps (model calls) one designer turn may take: tool round-trips plus the final answer. */
export const MAX_STEPS = 6;
/** How many earlier messages go back to the model as history. */
const HISTORY = 40;

/**
 * Starts one designer turn in `conversation` (which must be bound to a trip).
 * @returns the engine's running turn: its UI message stream and its outcome
 * @throws ApiError COST_LIMIT_EXCEEDED (402) when the conversation has spent its budget;
 *         RATE_LIMIT_EXCEEDED (429) when running turns hold the rest; NOT_FOUND when the
 *         caller can no longer see the trip; BAD_REQUEST for a conversation about no trip
 */
export async function startDesignerTurn(
  db: Db,
  caller: Caller,
  conversation: Conversation,
  userMessage: UIMessage,
  opts: { abortSignal?: AbortSignal } = {},
): Promise<Turn> {
  if (!conversation.tripId) throw new ApiError("BAD_REQUEST", "This conversation is not bound to a trip");
  const tripId = conversation.tripId;
  // The prompt carries the itinerary only for a caller holding trips:read, and memory only
  // with memory:read; a chat-only API key still needs access to the trip to talk about it.
  let itinerary: Awaited<ReturnType<typeof getItinerary>> | null = null;
  if (hasScope(caller, "trips:read")) itinerary = await getItinerary(db, caller.userId, tripId);
  else await requireTripRole(db, caller.userId, tripId, "viewer");
  const history = toUIMessages(await listMessages(db, conversation.id, HISTORY));
  const user = await findUserById(db, caller.userId);
  const system = designerSystemPrompt(
    itinerary,
    todayUtc(),
    hasScope(caller, "memory:read") ? memoryForPrompt(user?.preferences.memory) : undefined,
    hasScope(caller, "trips:write"),
  );
  const changeset = new ChangesetRecorder(db, {
    tripId,
    conversationId: conversation.id,
    userId: caller.userId,
  });
  const tools = createTools({
    db,
    caller,
    tripId,
    conversationId: conversation.id,
    changeset,
    onProfile: (p) =>
      mergeTripProfile(db, conversation.id, {
        ...(p.travelers !== undefined && { travelers: { count: p.travelers } }),
        ...(p.budget && { budget: p.budget }),
        confidence: 1,
      }),
  });
  const messages = await convertToModelMessages([...history, userMessage], {
    tools,
    ignoreIncompleteToolCalls: true,
  });
  return startTurn(db, {
    conversation,
    caller,
    userMessage,
    messages,
    system,
    tools,
    maxSteps: MAX_STEPS,
    changeset,
    abortSignal: opts.abortSignal,
  });
}

/**
 * Runs a designer turn to completion (the JSON chat endpoints, and the WebSocket, which
 * relays the answer's text as it is generated).
 * @param opts.onDelta called with each piece of the answer's text as the model produces it
 * @throws ApiError as {@link startDesignerTurn}; the model's failure (lib/domain/chat/engine.ts `llmError`)
 */
export async function runDesignerTurn(
  db: Db,
  caller: Caller,
  conversation: Conversation,
  text: string,
  opts: { onDelta?: (delta: string) => void } = {},
): Promise<TurnOutcome> {
  const turn = await startDesignerTurn(db, caller, conversation, {
    id: crypto.randomUUID(),
    role: "user",
    parts: [{ type: "text", text }],
  });
  return drainTurn(turn, opts);
}
