/**
 * The conversation engine: one turn of the trip designer. It is shared by the trip page's
 * streaming chat (`/api/trips/{id}/chat`), seed 001's sessions and seed 000's chat message
 * endpoint; each consumes the same UI message stream differently (pipe it to the browser,
 * or drain it and answer with JSON).
 *
 * A turn: refuse when the conversation is over its cost limit (402); save the user message;
 * stream the model with the caller-bound tools; on finish save the assistant message with
 * its token usage and cost. The model only ever acts with the caller's rights.
 */
import {
  APICallError,
  convertToModelMessages,
  stepCountIs,
  streamText,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { Db } from "@/db/client";
import type { Conversation, Message } from "@/db/schema";
import { chooseModel } from "@/lib/ai/models";
import { costUsd } from "@/lib/ai/pricing";
import { designerSystemPrompt } from "@/lib/ai/prompt";
import { WRITE_TOOLS } from "@/lib/ai/tool-schemas";
import { createTools } from "@/lib/ai/tools";
import type { Caller } from "@/lib/auth/caller";
import { requireTripRole } from "@/lib/auth/permissions";
import { hasScope } from "@/lib/auth/scopes";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { todayUtc } from "@/lib/itinerary/dates";
import { getItinerary } from "@/lib/itinerary/service";
import { findUserById } from "@/lib/users/service";
import {
  listMessages,
  mergeTripProfile,
  saveAssistantMessage,
  saveUserMessage,
  toUIMessages,
} from "./conversations";

/** Most steps (model calls) one turn may take: tool round-trips plus the final answer. */
export const MAX_STEPS = 6;
/** How many earlier messages go back to the model as history. */
const HISTORY = 40;

export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  output: unknown;
}

export interface TurnOutcome {
  message: Message;
  text: string;
  toolCalls: ToolCallRecord[];
  /** Ids of segments added, changed, moved or deleted by this turn. */
  segmentsModified: string[];
  itineraryUpdated: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  model: string;
}

export interface DesignerTurn {
  /** UI message stream (AI SDK protocol) of the assistant's reply. */
  stream: ReadableStream<UIMessageChunk>;
  /** Settles after the assistant message is saved; rejects with an ApiError if the model failed. */
  done: Promise<TurnOutcome>;
}

/** Maps a provider failure to seed 001's statuses: 429, 503 (retryable) or 500. */
export function llmError(error: unknown): ApiError {
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 429)
      return new ApiError("RATE_LIMIT_EXCEEDED", "The AI provider is rate limiting us", { retryAfter: 30 });
    if (error.isRetryable)
      return new ApiError("LLM_UNAVAILABLE", "The AI provider is unavailable; try again shortly");
    return new ApiError("INTERNAL_ERROR", `The AI provider refused the request: ${error.message}`);
  }
  if (error instanceof ApiError) return error;
  return new ApiError("LLM_UNAVAILABLE", "The AI model failed to answer; try again shortly");
}

function segmentIdsOf(name: string, input: unknown, output: unknown): string[] {
  if (!WRITE_TOOLS.includes(name as never)) return [];
  const o = output as { segment?: { id?: string }; deleted?: string; error?: string } | undefined;
  if (!o || o.error) return [];
  if (o.segment?.id) return [o.segment.id];
  if (o.deleted) return [o.deleted];
  return name === "update_trip_profile"
    ? []
    : [String((input as { segment_id?: string })?.segment_id ?? "")].filter(Boolean);
}

/**
 * Starts one designer turn in `conversation` (which must be bound to a trip).
 * @throws ApiError COST_LIMIT_EXCEEDED (402) when the conversation has spent its budget;
 *         NOT_FOUND when the caller can no longer see the trip
 */
export async function startDesignerTurn(
  db: Db,
  caller: Caller,
  conversation: Conversation,
  userMessage: UIMessage,
  opts: { abortSignal?: AbortSignal } = {},
): Promise<DesignerTurn> {
  const e = env();
  if (!conversation.tripId) throw new ApiError("BAD_REQUEST", "This conversation is not bound to a trip");
  if (conversation.costUsd >= e.SESSION_COST_LIMIT_USD) {
    throw new ApiError(
      "COST_LIMIT_EXCEEDED",
      `This session has used its $${e.SESSION_COST_LIMIT_USD.toFixed(2)} cost limit`,
      { hint: "Create a new session to continue" },
    );
  }
  const tripId = conversation.tripId;
  // The prompt carries the itinerary only for a caller holding trips:read, and memory only
  // with memory:read; a chat-only API key still needs access to the trip to talk about it.
  let itinerary: Awaited<ReturnType<typeof getItinerary>> | null = null;
  if (hasScope(caller, "trips:read")) itinerary = await getItinerary(db, caller.userId, tripId);
  else await requireTripRole(db, caller.userId, tripId, "viewer");
  const history = toUIMessages(await listMessages(db, conversation.id, HISTORY));
  await saveUserMessage(db, conversation.id, userMessage);
  const user = await findUserById(db, caller.userId);
  const chosen = chooseModel();
  const tools = createTools({
    db,
    caller,
    tripId,
    onProfile: (p) =>
      mergeTripProfile(db, conversation.id, {
        ...(p.travelers !== undefined && { travelers: { count: p.travelers } }),
        ...(p.budget && { budget: p.budget }),
        confidence: 1,
      }),
  });
  const uiHistory = [...history, userMessage];
  let failure: unknown;
  const result = streamText({
    model: chosen.model,
    system: designerSystemPrompt(
      itinerary,
      todayUtc(),
      hasScope(caller, "memory:read") ? user?.preferences.memory : undefined,
      hasScope(caller, "trips:write"),
    ),
    messages: await convertToModelMessages(uiHistory, { tools, ignoreIncompleteToolCalls: true }),
    tools,
    stopWhen: stepCountIs(MAX_STEPS),
    abortSignal: opts.abortSignal,
    maxRetries: 1,
    onError: ({ error }) => {
      failure = error;
    },
  });

  // Keep the model running to the end even if the browser disconnects, so the reply is saved.
  void result.consumeStream();

  let resolveDone!: (o: TurnOutcome) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<TurnOutcome>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => {}); // the streaming consumer may never look at it

  const stream = result.toUIMessageStream({
    originalMessages: uiHistory,
    generateMessageId: () => crypto.randomUUID(),
    onError: (error) => {
      failure ??= error;
      return llmError(error).message;
    },
    onFinish: async ({ responseMessage }) => {
      try {
        if (failure) throw llmError(failure);
        const usage = await result.totalUsage;
        const steps = await result.steps;
        const inputTokens = usage.inputTokens ?? 0;
        const outputTokens = usage.outputTokens ?? 0;
        const cost = costUsd(chosen.id, inputTokens, outputTokens);
        const message = await saveAssistantMessage(db, conversation.id, {
          message: responseMessage,
          model: chosen.id,
          inputTokens,
          outputTokens,
          costUsd: cost,
        });
        const toolCalls: ToolCallRecord[] = steps.flatMap((s) =>
          s.toolCalls.map((c) => ({
            id: c.toolCallId,
            name: c.toolName,
            input: c.input,
            output: s.toolResults.find((r) => r.toolCallId === c.toolCallId)?.output,
          })),
        );
        const segmentsModified = [
          ...new Set(toolCalls.flatMap((c) => segmentIdsOf(c.name, c.input, c.output))),
        ];
        resolveDone({
          message,
          text: message.content,
          toolCalls,
          segmentsModified,
          itineraryUpdated: toolCalls.some(
            (c) =>
              WRITE_TOOLS.includes(c.name as never) && !(c.output as { error?: string } | undefined)?.error,
          ),
          inputTokens,
          outputTokens,
          costUsd: cost,
          model: chosen.id,
        });
      } catch (err) {
        rejectDone(err);
      }
    },
  });
  return { stream, done };
}

/** Runs a turn to completion without streaming (seed 000/001 JSON endpoints). */
export async function runDesignerTurn(
  db: Db,
  caller: Caller,
  conversation: Conversation,
  text: string,
): Promise<TurnOutcome> {
  const turn = await startDesignerTurn(db, caller, conversation, {
    id: crypto.randomUUID(),
    role: "user",
    parts: [{ type: "text", text }],
  });
  const reader = turn.stream.getReader();
  while (!(await reader.read()).done) {
    // drain: the outcome is assembled in onFinish
  }
  // onFinish runs when the stream closes; if it somehow never settles, fail rather than hang.
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ApiError("LLM_UNAVAILABLE", "The AI model did not finish its answer")),
      15_000,
    );
  });
  try {
    return await Promise.race([turn.done, stalled]);
  } finally {
    clearTimeout(timer);
  }
}
