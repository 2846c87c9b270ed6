/**
 * The turn engine: one exchange with the model in a conversation, shared by every chat
 * surface. Presenters build its input and shape its outcome:
 * - the Trip Designer (lib/domain/chat/designer.ts): the trip page's streaming chat
 *   (`/api/trips/{id}/chat`), the Trip Designer API's sessions (JSON and server-sent events),
 *   the TripSage REST API's `POST /api/v1/chat/message` with a trip, and the WebSocket;
 * - the /v1/ai page-aware chat (lib/domain/chat/page-chat.ts), read-only.
 *
 * A turn ({@link startTurn}): reserve its estimated cost against the conversation's cost cap and
 * save the user message (402 when the cap or the message limit is reached, unless uncapped;
 * lib/domain/chat/cost-cap.ts); stream the model with the presenter's caller-bound tools; on
 * finish save the assistant message (its parts, tool calls included) with its token usage and
 * cost, settling the reservation to it. A turn that fails or is aborted settles the
 * reservation to what its completed model calls cost and stores no assistant message (the
 * user message stays in the history). The model only ever acts with the caller's rights.
 */
import {
  APICallError,
  type ModelMessage,
  RetryError,
  stepCountIs,
  streamText,
  type ToolSet,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { Db } from "@/db/client";
import type { Conversation, Message } from "@/db/schema";
import { type ChosenModel, chooseModel } from "@/lib/domain/ai/models";
import { costUsd } from "@/lib/domain/ai/pricing";
import { type ToolInput, WRITE_TOOLS } from "@/lib/domain/ai/tool-schemas";
import type { Caller } from "@/lib/domain/auth/bearer";
import type { ChangesetRecorder } from "@/lib/domain/changesets/service";
import { ApiError, notFound } from "@/lib/platform/errors";
import { saveAssistantMessage } from "./conversations";
import { releaseReservation, reservationUsd, reserveTurn } from "./cost-cap";

export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  output: unknown;
}

/** Trip Designer API `StructuredQuestion`, as asked through the `ask_question` tool. */
export type StructuredQuestion = ToolInput<"ask_question">["questions"][number];

/** What every turn ends with; each presenter shapes it into its family's response. */
export interface TurnOutcome {
  /** The stored assistant message. */
  message: Message;
  /** Its text (the stored `content`). */
  text: string;
  /** The turn's tool calls, without identical parallel copies (which were not run). */
  toolCalls: ToolCallRecord[];
  /** Questions the turn asked (from its successful `ask_question` calls), in order. */
  structuredQuestions: StructuredQuestion[];
  /** The turn's changeset when it changed something (null without a recorder) (undo with `POST /api/changesets/{id}/undo`). */
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
  /** Model id, as recorded on the message and used for pricing. */
  model: string;
  /** The model's provider (`offline` for the built-in model). */
  provider: ChosenModel["provider"];
}

/** A running turn. */
export interface Turn {
  /** UI message stream (AI SDK protocol) of the assistant's reply. */
  stream: ReadableStream<UIMessageChunk>;
  /** Settles after the assistant message is saved; rejects with an ApiError if the model failed. */
  done: Promise<TurnOutcome>;
}
/** A running designer turn (the designer's presenter, lib/domain/chat/designer.ts). */
export type DesignerTurn = Turn;

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

/** What one turn needs; the presenter builds it. */
export interface TurnRequest {
  /** The caller's conversation the exchange is stored in. */
  conversation: Conversation;
  /** Who is talking; the tools must be bound to this caller's rights and scopes. */
  caller: Caller;
  /** The user's message, stored (carrying the reservation) before the model runs. */
  userMessage: UIMessage;
  /** What the model is sent: the history and, last, the user's message. */
  messages: ModelMessage[];
  system: string;
  tools: ToolSet;
  /** Most model calls (tool round-trips plus the final answer). */
  maxSteps: number;
  /** False: reserve and settle without the session limits (never 402/429). Default true. */
  capped?: boolean;
  /** Collects the turn's writes; settled and linked to the assistant message. */
  changeset?: ChangesetRecorder;
  abortSignal?: AbortSignal;
  /** The model to run (default: {@link chooseModel}). */
  model?: ChosenModel;
  /**
   * The answer to store instead of the model's text (the stored message keeps its other
   * parts): the page chat's offline fallback. Not applied to the stream.
   */
  answer?: (reply: {
    text: string;
    toolCalls: ToolCallRecord[];
    provider: ChosenModel["provider"];
  }) => string;
}

/** Longest a failed or aborted turn waits for the cost of its completed steps. */
const USED_COST_WAIT_MS = 5_000;

/** `message` with its text parts replaced by one part holding `text` (other parts kept in place). */
function withText(message: UIMessage, text: string): UIMessage {
  const parts = message.parts.filter((p) => p.type !== "text");
  return { ...message, parts: [...parts, { type: "text", text }] };
}

/**
 * Starts one turn (see the module doc): reserves and stores the user message, then streams
 * the model. The stream must be read to its end for the turn to settle (or use {@link runTurn}).
 * @throws ApiError COST_LIMIT_EXCEEDED (402) when a capped conversation has spent its budget or
 *         message limit; RATE_LIMIT_EXCEEDED (429) when in-flight turns hold the rest of it;
 *         NOT_FOUND when the conversation is not the caller's or is gone
 */
export async function startTurn(db: Db, req: TurnRequest): Promise<Turn> {
  const { conversation } = req;
  if (conversation.userId !== req.caller.userId) throw notFound("Conversation");
  const chosen = req.model ?? chooseModel();
  // Reserve before the model runs (atomic against concurrent messages); settled in onFinish.
  const reservedUsd = reservationUsd(
    chosen.id,
    req.system.length + JSON.stringify(req.messages).length,
    req.maxSteps,
  );
  const saved = await reserveTurn(db, conversation.id, req.userMessage, reservedUsd, {
    capped: req.capped ?? true,
  });
  const reservation = { usd: reservedUsd, userMessageId: saved.id };
  let settled = false;
  /** Settles the reservation of a turn that stored no answer to `usedUsd`; once. */
  const release = async (usedUsd: () => Promise<number>) => {
    if (settled) return;
    settled = true;
    await releaseReservation(db, conversation.id, reservation, await usedUsd()).catch((err) =>
      console.error("[chat] could not release a cost reservation", err),
    );
  };

  let failure: unknown;
  let result: ReturnType<typeof streamText<ToolSet>>;
  try {
    result = streamText({
      model: chosen.model,
      system: req.system,
      messages: req.messages,
      tools: req.tools,
      stopWhen: stepCountIs(req.maxSteps),
      abortSignal: req.abortSignal,
      maxRetries: 1,
      onError: ({ error }) => {
        failure = error;
      },
    });
  } catch (err) {
    await release(async () => 0);
    throw llmError(err);
  }

  // Keep the model running to the end even if the browser disconnects, so the reply is saved.
  void result.consumeStream();

  let resolveDone!: (o: TurnOutcome) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<TurnOutcome>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => {}); // the streaming consumer may never look at it
  // What the steps that completed cost, for a failed turn (0 when none did, or it cannot tell).
  const usedSoFar = async () => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<number>((res) => {
      timer = setTimeout(() => res(0), USED_COST_WAIT_MS);
    });
    try {
      const steps = Promise.resolve(result.steps).then((all) =>
        all.reduce(
          (sum, s) => sum + costUsd(chosen.id, s.usage.inputTokens ?? 0, s.usage.outputTokens ?? 0),
          0,
        ),
      );
      return await Promise.race([steps, gaveUp]);
    } catch {
      return 0;
    } finally {
      clearTimeout(timer);
    }
  };

  const stream = result.toUIMessageStream({
    originalMessages: [req.userMessage],
    generateMessageId: () => crypto.randomUUID(),
    onError: (error) => {
      failure ??= error;
      return llmError(error).message;
    },
    onFinish: async ({ responseMessage, isAborted }) => {
      try {
        if (failure || isAborted) {
          await release(usedSoFar);
          throw llmError(failure ?? new Error("The turn was aborted"));
        }
        const usage = await result.totalUsage;
        const steps = await result.steps;
        const inputTokens = usage.inputTokens ?? 0;
        const outputTokens = usage.outputTokens ?? 0;
        const cost = costUsd(chosen.id, inputTokens, outputTokens);
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
        const answer = req.answer?.({ text: await result.text, toolCalls, provider: chosen.provider });
        const changesetId = (await req.changeset?.settle()) ?? null;
        const message = await saveAssistantMessage(db, conversation.id, {
          changesetId,
          message: answer === undefined ? responseMessage : withText(responseMessage, answer),
          model: chosen.id,
          inputTokens,
          outputTokens,
          costUsd: cost,
          reservation,
        });
        settled = true;
        const segmentsModified = [
          ...new Set(toolCalls.flatMap((c) => segmentIdsOf(c.name, c.input, c.output))),
        ];
        resolveDone({
          message,
          text: message.content,
          toolCalls,
          structuredQuestions: questionsOf(toolCalls),
          changesetId,
          changeCount: req.changeset?.entries.length ?? 0,
          segmentsModified,
          itineraryUpdated: toolCalls.some(callChanged),
          inputTokens,
          outputTokens,
          costUsd: cost,
          reservedUsd,
          model: chosen.id,
          provider: chosen.provider,
        });
      } catch (err) {
        await release(usedSoFar); // no-op when the answer was stored (and the reservation settled)
        rejectDone(err);
      }
    },
  });
  return { stream, done };
}

/**
 * Reads a started turn to its end and waits for its outcome (the JSON endpoints, and the
 * WebSocket, which relays the answer's text as it is generated).
 * @param opts.onDelta called with each piece of the answer's text as the model produces it
 * @throws ApiError the turn's error (see {@link settleTurn})
 */
export async function drainTurn(
  turn: Turn,
  opts: { onDelta?: (delta: string) => void } = {},
): Promise<TurnOutcome> {
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
 * Runs a turn to completion: {@link startTurn} then {@link drainTurn}.
 * @throws ApiError as both
 */
export async function runTurn(
  db: Db,
  req: TurnRequest,
  opts: { onDelta?: (delta: string) => void } = {},
): Promise<TurnOutcome> {
  return drainTurn(await startTurn(db, req), opts);
}

/**
 * Waits for a turn whose stream has been read to the end.
 * @throws ApiError LLM_UNAVAILABLE when the outcome does not settle within 15 s; the turn's own error
 */
export async function settleTurn(turn: Turn): Promise<TurnOutcome> {
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
