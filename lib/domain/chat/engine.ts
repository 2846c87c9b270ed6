/**
 * The conversation engine: one turn of the trip designer. It is shared by the trip page's
 * streaming chat (`/api/trips/{id}/chat`), the Trip Designer API's sessions and the TripSage REST API's chat message
 * endpoint; each consumes the same UI message stream differently (pipe it to the browser,
 * or drain it and answer with JSON).
 *
 * A turn: reserve its estimated cost against the session's cap and save the user message
 * (402 when the cap or the message limit is reached; lib/domain/chat/cost-cap.ts); stream the model
 * with the caller-bound tools; on finish save the assistant message with its token usage and
 * cost, settling the reservation to it. The model only ever acts with the caller's rights.
 */
import {
  APICallError,
  convertToModelMessages,
  RetryError,
  stepCountIs,
  streamText,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { Db } from "@/db/client";
import type { Conversation, Message } from "@/db/schema";
import { chooseModel } from "@/lib/domain/ai/models";
import { costUsd } from "@/lib/domain/ai/pricing";
import { designerSystemPrompt } from "@/lib/domain/ai/prompt";
import { type ToolInput, WRITE_TOOLS } from "@/lib/domain/ai/tool-schemas";
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
import { listMessages, mergeTripProfile, saveAssistantMessage, toUIMessages } from "./conversations";
import { releaseReservation, reservationUsd, reserveTurn } from "./cost-cap";

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

/** Trip Designer API `StructuredQuestion`, as asked through the `ask_question` tool. */
export type StructuredQuestion = ToolInput<"ask_question">["questions"][number];

export interface TurnOutcome {
  message: Message;
  text: string;
  /** The turn's tool calls, without identical parallel copies (which were not run). */
  toolCalls: ToolCallRecord[];
  /** Questions the turn asked (from its successful `ask_question` calls), in order. */
  structuredQuestions: StructuredQuestion[];
  /** The turn's changeset when it changed something (undo with `POST /api/changesets/{id}/undo`). */
  changesetId: string | null;
  /** Segments and trip fields in that changeset. */
  changeCount: number;
  /** Ids of segments added, changed, moved or deleted by this turn. */
  segmentsModified: string[];
  itineraryUpdated: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** What the turn reserved against the session's cost cap before the model ran, USD. */
  reservedUsd: number;
  model: string;
}

export interface DesignerTurn {
  /** UI message stream (AI SDK protocol) of the assistant's reply. */
  stream: ReadableStream<UIMessageChunk>;
  /** Settles after the assistant message is saved; rejects with an ApiError if the model failed. */
  done: Promise<TurnOutcome>;
}

/** Seconds to wait after a provider 429 that names no delay of its own. */
const PROVIDER_RETRY_AFTER_S = 30;

/**
 * Seconds from a provider's `Retry-After` (delta-seconds or an HTTP date) or OpenAI's
 * `retry-after-ms`/`x-ratelimit-reset-requests` style headers; undefined when absent.
 */
function retryAfterOf(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(h["retry-after-ms"]);
  if (Number.isFinite(ms) && ms > 0) return Math.max(1, Math.ceil(ms / 1000));
  const raw = h["retry-after"];
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return Math.max(1, Math.ceil(secs));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/**
 * Maps a provider failure to the Trip Designer API's statuses: 429 (with `retryAfter` from the
 * provider's `Retry-After`, else 30 s), 503 (provider down or failing, retryable) or 500.
 * The AI SDK wraps a failure that survived its retries in a RetryError; its last error decides.
 */
export function llmError(error: unknown): ApiError {
  if (RetryError.isInstance(error) && error.lastError !== undefined) return llmError(error.lastError);
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 429)
      return new ApiError("RATE_LIMIT_EXCEEDED", "The AI provider is rate limiting us; try again later", {
        retryAfter: retryAfterOf(error.responseHeaders) ?? PROVIDER_RETRY_AFTER_S,
      });
    if (error.isRetryable)
      return new ApiError("LLM_UNAVAILABLE", "The AI provider is unavailable; try again shortly");
    return new ApiError("INTERNAL_ERROR", `The AI provider refused the request: ${error.message}`);
  }
  if (error instanceof ApiError) return error;
  return new ApiError("LLM_UNAVAILABLE", "The AI model failed to answer; try again shortly");
}

/** True when a tool call wrote something: a write tool that did not refuse, or an undo that restored something. */
export function callChanged(c: Pick<ToolCallRecord, "name" | "output">): boolean {
  const o = c.output as { error?: string; restored?: unknown[] } | undefined;
  if (!o || o.error) return false;
  if (c.name === "undo_last_change") return (o.restored?.length ?? 0) > 0;
  return WRITE_TOOLS.includes(c.name as never);
}

/** The questions asked by a turn's `ask_question` calls (refused calls ask nothing). */
export function questionsOf(calls: ToolCallRecord[]): StructuredQuestion[] {
  return calls.flatMap((c) => {
    if (c.name !== "ask_question") return [];
    const o = c.output as { questions?: StructuredQuestion[]; error?: string } | undefined;
    return o && !o.error ? (o.questions ?? []) : [];
  });
}

function segmentIdsOf(name: string, input: unknown, output: unknown): string[] {
  if (name === "undo_last_change") {
    const o = output as { restored?: { segment_id?: string }[]; error?: string } | undefined;
    return o?.error ? [] : (o?.restored ?? []).flatMap((r) => (r.segment_id ? [r.segment_id] : []));
  }
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
  if (!conversation.tripId) throw new ApiError("BAD_REQUEST", "This conversation is not bound to a trip");
  const tripId = conversation.tripId;
  // The prompt carries the itinerary only for a caller holding trips:read, and memory only
  // with memory:read; a chat-only API key still needs access to the trip to talk about it.
  let itinerary: Awaited<ReturnType<typeof getItinerary>> | null = null;
  if (hasScope(caller, "trips:read")) itinerary = await getItinerary(db, caller.userId, tripId);
  else await requireTripRole(db, caller.userId, tripId, "viewer");
  const history = toUIMessages(await listMessages(db, conversation.id, HISTORY));
  const user = await findUserById(db, caller.userId);
  const chosen = chooseModel();
  const system = designerSystemPrompt(
    itinerary,
    todayUtc(),
    hasScope(caller, "memory:read") ? memoryForPrompt(user?.preferences.memory) : undefined,
    hasScope(caller, "trips:write"),
  );
  const uiHistory = [...history, userMessage];
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
  const modelMessages = await convertToModelMessages(uiHistory, { tools, ignoreIncompleteToolCalls: true });
  // Reserve before the model runs (atomic against concurrent messages); settled in onFinish.
  const reservedUsd = reservationUsd(chosen.id, system.length + JSON.stringify(uiHistory).length, MAX_STEPS);
  const saved = await reserveTurn(db, conversation.id, userMessage, reservedUsd);
  const reservation = { usd: reservedUsd, userMessageId: saved.id };
  let failure: unknown;
  const result = streamText({
    model: chosen.model,
    system,
    messages: modelMessages,
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
  // What the steps that completed cost, for a failed turn (0 when none did).
  const usedSoFar = async () => {
    try {
      const steps = await result.steps;
      return steps.reduce(
        (sum, s) => sum + costUsd(chosen.id, s.usage.inputTokens ?? 0, s.usage.outputTokens ?? 0),
        0,
      );
    } catch {
      return 0;
    }
  };

  const stream = result.toUIMessageStream({
    originalMessages: uiHistory,
    generateMessageId: () => crypto.randomUUID(),
    onError: (error) => {
      failure ??= error;
      return llmError(error).message;
    },
    onFinish: async ({ responseMessage }) => {
      try {
        if (failure) {
          await releaseReservation(db, conversation.id, reservation, await usedSoFar()).catch((err) =>
            console.error("[chat] could not release a cost reservation", err),
          );
          throw llmError(failure);
        }
        const usage = await result.totalUsage;
        const steps = await result.steps;
        const inputTokens = usage.inputTokens ?? 0;
        const outputTokens = usage.outputTokens ?? 0;
        const cost = costUsd(chosen.id, inputTokens, outputTokens);
        const changesetId = await changeset.settle();
        const message = await saveAssistantMessage(db, conversation.id, {
          changesetId,
          message: responseMessage,
          model: chosen.id,
          inputTokens,
          outputTokens,
          costUsd: cost,
          reservation,
        });
        const toolCalls: ToolCallRecord[] = steps
          .flatMap((s) =>
            s.toolCalls.map((c) => ({
              id: c.toolCallId,
              name: c.toolName,
              input: c.input,
              output: s.toolResults.find((r) => r.toolCallId === c.toolCallId)?.output,
            })),
          )
          .filter((c) => !(c.output as { duplicate_of?: string } | undefined)?.duplicate_of);
        const segmentsModified = [
          ...new Set(toolCalls.flatMap((c) => segmentIdsOf(c.name, c.input, c.output))),
        ];
        resolveDone({
          message,
          text: message.content,
          toolCalls,
          structuredQuestions: questionsOf(toolCalls),
          changesetId,
          changeCount: changeset.entries.length,
          segmentsModified,
          itineraryUpdated: toolCalls.some(callChanged),
          inputTokens,
          outputTokens,
          costUsd: cost,
          reservedUsd,
          model: chosen.id,
        });
      } catch (err) {
        rejectDone(err);
      }
    },
  });
  return { stream, done };
}

/**
 * Runs a turn to completion (the JSON chat endpoints, and the WebSocket, which relays the
 * answer's text as it is generated).
 * @param opts.onDelta called with each piece of the answer's text as the model produces it
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
  const reader = turn.stream.getReader();
  for (;;) {
    // The outcome is assembled in onFinish; text deltas are relayed to a streaming caller.
    const { done, value } = await reader.read();
    if (done) break;
    if (opts.onDelta && value.type === "text-delta" && value.delta) opts.onDelta(value.delta);
  }
  return settleTurn(turn);
}

/**
 * Waits for a turn whose stream has been read to the end.
 * @throws ApiError LLM_UNAVAILABLE when the outcome does not settle within 15 s; the turn's own error
 */
export async function settleTurn(turn: DesignerTurn): Promise<TurnOutcome> {
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
