/**
 * The Trip Designer session's budget, enforced atomically. A turn *reserves* an estimate of
 * its cost before the model is called and *settles* to the real usage afterwards, both on
 * the conversation's own `cost_usd` column (so the column holds settled spend plus the
 * reservations of turns still running):
 *
 * 1. reserve — one transaction locks the conversation row (`SELECT … FOR UPDATE`), refuses
 *    with 402 when the settled spend has reached `SESSION_COST_LIMIT_USD` or the session has
 *    `SESSION_MESSAGE_LIMIT` user messages, waits while spend + reservations has, then adds
 *    the reservation and stores the user message. Concurrent messages queue on the row lock, and each sees the
 *    reservations of those before it; so at most one reservation can cross the cap, and the
 *    recorded spend ends below `cap + one reservation` as long as a turn costs no more than it
 *    reserved.
 * 2. settle — in the transaction that stores the assistant message: `cost_usd += actual −
 *    reserved` (lib/domain/chat/conversations.ts `saveAssistantMessage`).
 *
 * While its turn runs, the user message's own `cost_usd` holds the outstanding reservation
 * (user messages otherwise have none), so a new message can tell settled spend from money
 * merely reserved: settled spend at the cap is a 402, reservations at the cap mean "wait".
 * 3. release — when the model fails: `cost_usd += used − reserved`, with the usage of the
 *    steps that completed (0 when none did).
 *
 * A process that dies mid-turn leaves its reservation counted as spent: the cap errs on the
 * side of refusing. The offline model is free (lib/domain/ai/pricing.ts), so for it only the message
 * cap bounds a session.
 *
 * An uncapped turn (the /v1/ai page chat, whose conversation lives as long as its page) takes
 * the same reservation and settles it the same way, without the limits or the wait.
 *
 * This module holds the policy (reservation size, limits, waits, staleness); the SQL on the
 * conversation's cost columns is lib/domain/chat/conversations.ts's.
 */

import type { UIMessage } from "ai";
import type { Db } from "@/db/client";
import type { Message } from "@/db/schema";
import { costUsd } from "@/lib/domain/ai/pricing";
import { env } from "@/lib/platform/env";
import { ApiError } from "@/lib/platform/errors";
import {
  lockConversationCost,
  type Reservation,
  saveReservedUserMessage,
  settleReservation,
  userMessageTally,
} from "./conversations";

export type { Reservation } from "./conversations";

/** Output tokens a reservation assumes for each model call of a turn. */
export const RESERVED_OUTPUT_TOKENS_PER_STEP = 1024;
/** Characters per token assumed when estimating a prompt (OpenAI's rule of thumb for English). */
export const CHARS_PER_TOKEN = 4;

/**
 * The reservation for one turn in USD: the prompt resent on each of `maxSteps` model calls,
 * plus {@link RESERVED_OUTPUT_TOKENS_PER_STEP} output tokens per call, at `model`'s price.
 * Tool results make later prompts longer than the first; the output allowance usually covers
 * that, but a turn can cost more than this estimate (the cap's bound then grows by the excess).
 * @param promptChars characters of the system prompt and history sent to the model
 */
export function reservationUsd(model: string, promptChars: number, maxSteps: number): number {
  const inputTokens = Math.ceil(promptChars / CHARS_PER_TOKEN) * maxSteps;
  const usd = costUsd(model, inputTokens, RESERVED_OUTPUT_TOKENS_PER_STEP * maxSteps);
  // Whole micro-dollars (the column's scale), rounded up, so reserve and settle cancel exactly.
  return Math.ceil(usd * 1e6) / 1e6;
}

/** How long a message waits for in-flight turns of its session to settle before a 429. */
export const RESERVATION_WAIT_MS = 30_000;
/** A reservation older than this (its turn's process died) counts as spent. */
export const STALE_RESERVATION_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Step 1: checks the session's budget and message cap, reserves `reserveUsd` and stores the
 * user message (carrying its outstanding reservation in `cost_usd` until the turn settles),
 * in one transaction holding the conversation's row lock.
 *
 * When the settled spend is under the cap but spend + the reservations of turns still
 * running is not, the message waits for them (polling, up to {@link RESERVATION_WAIT_MS}):
 * whether the session is really out of budget is only known once they settle.
 * @param opts.capped false: reserve and store without checking the limits (never 402/429)
 * @returns the stored user message
 * @throws ApiError COST_LIMIT_EXCEEDED (402, with a hint to start a new session) when the
 *         settled spend has reached `SESSION_COST_LIMIT_USD` or the session has
 *         `SESSION_MESSAGE_LIMIT` user messages; RATE_LIMIT_EXCEEDED (429, `retryAfter` 5 s) when
 *         in-flight turns still hold the rest of the budget after the wait; NOT_FOUND when the
 *         conversation is gone
 */
export async function reserveTurn(
  db: Db,
  conversationId: string,
  userMessage: UIMessage,
  reserveUsd: number,
  opts: { waitMs?: number; capped?: boolean } = {},
): Promise<Message> {
  const deadline = Date.now() + (opts.waitMs ?? RESERVATION_WAIT_MS);
  for (let attempt = 0; ; attempt++) {
    const row = await tryReserve(db, conversationId, userMessage, reserveUsd, opts.capped ?? true);
    if (row) return row;
    if (Date.now() >= deadline) {
      throw new ApiError("RATE_LIMIT_EXCEEDED", "Other messages of this session are still being answered", {
        retryAfter: 5,
        hint: "Retry once the earlier messages have been answered",
      });
    }
    await sleep(Math.min(1000, 100 * 2 ** Math.min(attempt, 3)) * (0.5 + Math.random()));
  }
}

/** One locked attempt of {@link reserveTurn}; null when in-flight reservations block it. */
async function tryReserve(
  db: Db,
  conversationId: string,
  userMessage: UIMessage,
  reserveUsd: number,
  capped: boolean,
): Promise<Message | null> {
  const e = env();
  return db.transaction(async (tx) => {
    const spent = await lockConversationCost(tx, conversationId);
    if (spent === null) throw new ApiError("NOT_FOUND", "Session not found");
    if (capped) {
      const tally = await userMessageTally(tx, conversationId, new Date(Date.now() - STALE_RESERVATION_MS));
      if (spent - tally.reservedUsd >= e.SESSION_COST_LIMIT_USD) {
        throw new ApiError(
          "COST_LIMIT_EXCEEDED",
          `This session has used its $${e.SESSION_COST_LIMIT_USD.toFixed(2)} cost limit`,
          { hint: "Create a new session to continue" },
        );
      }
      if (tally.sent >= e.SESSION_MESSAGE_LIMIT) {
        throw new ApiError(
          "COST_LIMIT_EXCEEDED",
          `This session has reached its limit of ${e.SESSION_MESSAGE_LIMIT} messages`,
          { hint: "Create a new session to continue" },
        );
      }
      if (spent >= e.SESSION_COST_LIMIT_USD) return null; // the rest is reserved by running turns
    }
    return saveReservedUserMessage(tx, conversationId, userMessage, reserveUsd);
  });
}

/**
 * Step 3: settles a failed turn's reservation to what its completed steps cost, in one
 * transaction.
 * @param usedUsd the real cost so far (0 when no model call completed)
 */
export async function releaseReservation(
  db: Db,
  conversationId: string,
  reservation: Reservation,
  usedUsd = 0,
): Promise<void> {
  await db.transaction((tx) => settleReservation(tx, conversationId, reservation, usedUsd));
}
