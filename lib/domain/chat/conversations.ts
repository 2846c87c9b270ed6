/**
 * Conversations and their messages: the store behind the trip page's chat panel, the Trip
 * Designer API's sessions and the /v1/ai conversations API's `/v1/ai/conversations`. A conversation belongs to one user
 * (its author) and, for designer and page chats, one trip the user can see.
 *
 * This module is the only code that reads or writes the `conversations` and `messages`
 * tables, including their token and cost columns; the cost cap's policy
 * (lib/domain/chat/cost-cap.ts) and the Trip Designer session views (sessions.ts) call it.
 */

import type { UIMessage } from "ai";
import { and, count, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Conversation, conversations, type Message, messages } from "@/db/schema";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import { requireScope, type Scope } from "@/lib/domain/auth/scopes";
import { attachChangesetMessage } from "@/lib/domain/changesets/service";
import { notFound } from "@/lib/platform/errors";
import { isUuid } from "@/lib/platform/validate";

export type ConversationKind = Conversation["kind"];

/** A turn's reservation against its conversation's cost cap: its amount (USD) and the user message that carries it. */
export interface Reservation {
  usd: number;
  userMessageId: string;
}

/** Creates a conversation; for a trip, the user must be able to see it. @throws ApiError NOT_FOUND */
export async function createConversation(
  db: Db,
  userId: string,
  input: { tripId: string | null; kind: ConversationKind; title: string; pageKey?: string },
): Promise<Conversation> {
  if (input.tripId) await requireTripRole(db, userId, input.tripId, "viewer");
  const [c] = await db
    .insert(conversations)
    .values({
      userId,
      tripId: input.tripId,
      kind: input.kind,
      title: input.title,
      pageKey: input.pageKey ?? null,
    })
    .returning();
  if (!c) throw new Error("insert returned no row");
  return c;
}

/**
 * A conversation of `userId`. When it is bound to a trip, the user must still be able to
 * see that trip (a collaborator removed from a trip loses its chats).
 * @throws ApiError NOT_FOUND
 */
export async function getConversation(db: Db, userId: string, conversationId: string): Promise<Conversation> {
  const [c] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.userId, userId)));
  if (!c) throw notFound("Conversation");
  if (c.tripId) await requireTripRole(db, userId, c.tripId, "viewer");
  return c;
}

/**
 * A conversation whose history the caller may read: as {@link getConversation}, and a
 * conversation about a trip also needs `trips:read` — its messages quote the itinerary, so a
 * key holding only `chat:access` must not read them (no indirect path around the trip's scope).
 * @throws ApiError NOT_FOUND; INSUFFICIENT_PERMISSIONS without `trips:read` for a trip's conversation
 */
export async function getReadableConversation(
  db: Db,
  caller: { userId: string; scopes: readonly Scope[] },
  conversationId: string,
): Promise<Conversation> {
  const c = await getConversation(db, caller.userId, conversationId);
  if (c.tripId) requireScope(caller, "trips:read", "Reading a trip conversation's history");
  return c;
}

/** The user's conversations about one trip, most recently active first. @throws ApiError NOT_FOUND */
/** A conversation about a trip (its `tripId` is set). */
export type TripConversation = Conversation & { tripId: string };

export async function listTripConversations(
  db: Db,
  userId: string,
  tripId: string,
): Promise<TripConversation[]> {
  await requireTripRole(db, userId, tripId, "viewer");
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.tripId, tripId), eq(conversations.userId, userId)))
    .orderBy(desc(conversations.updatedAt)) as Promise<TripConversation[]>; // tripId = $tripId above
}

/**
 * The user's most recently active conversation of `kind` about a trip (and, for a page
 * conversation, that page), created when there is none — the one find-or-create of a thread.
 * The user must be able to see the trip.
 * @throws ApiError NOT_FOUND
 */
export async function findOrCreateConversation(
  db: Db,
  userId: string,
  input: { tripId: string; kind: ConversationKind; title: string; pageKey?: string },
): Promise<Conversation> {
  const [c] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.tripId, input.tripId),
        eq(conversations.userId, userId),
        eq(conversations.kind, input.kind),
        input.pageKey !== undefined ? eq(conversations.pageKey, input.pageKey) : undefined,
      ),
    )
    .orderBy(desc(conversations.updatedAt))
    .limit(1);
  if (c) {
    await requireTripRole(db, userId, input.tripId, "viewer");
    return c;
  }
  return createConversation(db, userId, input);
}

/** The user's most recent designer conversation for a trip, created when there is none. @throws ApiError NOT_FOUND */
export async function latestDesignerConversation(
  db: Db,
  userId: string,
  tripId: string,
): Promise<Conversation> {
  return findOrCreateConversation(db, userId, { tripId, kind: "designer", title: "Trip designer" });
}

/**
 * The conversation a client names by id (`session_id`), when it is the user's, of `kind` and
 * about `tripId` (null: about no trip); null otherwise (a malformed, unknown or foreign id
 * starts a new conversation rather than failing).
 */
export async function findOwnConversation(
  db: Db,
  userId: string,
  conversationId: string | undefined,
  kind: ConversationKind,
  tripId: string | null,
): Promise<Conversation | null> {
  if (!isUuid(conversationId)) return null;
  const [c] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.userId, userId),
        eq(conversations.kind, kind),
      ),
    );
  if (!c || c.tripId !== tripId) return null;
  return c;
}

/** Messages of a conversation, oldest first; `limit` keeps the newest N. */
export async function listMessages(db: Db, conversationId: string, limit = 200): Promise<Message[]> {
  const rows = await db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  return rows.reverse();
}

/** Rebuilds AI SDK UI messages (for `useChat` and for the model's history) from rows. */
export function toUIMessages(rows: Message[]): UIMessage[] {
  return rows
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({
      id: m.id,
      role: m.role as "user" | "assistant",
      parts: (m.parts.length ? m.parts : [{ type: "text", text: m.content }]) as UIMessage["parts"],
    }));
}

/** Plain text of a UI message (its text parts joined). */
function textOf(message: Pick<UIMessage, "parts">): string {
  return message.parts
    .filter((p): p is { type: "text"; text: string } => p.type === "text")
    .map((p) => p.text)
    .join("");
}

/** Stores a user message; returns the row. */
export async function saveUserMessage(db: Db, conversationId: string, message: UIMessage): Promise<Message> {
  const [row] = await db
    .insert(messages)
    .values({ conversationId, role: "user", content: textOf(message), parts: message.parts })
    .returning();
  await db.update(conversations).set({ updatedAt: new Date() }).where(eq(conversations.id, conversationId));
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * Stores an assistant message with its usage, adds the usage to the conversation's totals
 * and links the turn's changeset, in one transaction. The turn's `reservation` against the
 * cost cap (lib/domain/chat/cost-cap.ts) is taken back in the same transaction ({@link settleReservation}), so the session's
 * total moves from the estimate to the real cost atomically.
 */
export async function saveAssistantMessage(
  db: Db,
  conversationId: string,
  input: {
    message: UIMessage;
    model: string;
    inputTokens: number;
    outputTokens: number;
    /** Real cost of the turn, USD. */
    costUsd: number;
    /** The turn's cost-cap reservation, settled to `costUsd` in the same transaction. */
    reservation?: Reservation;
    /** The turn's changeset, linked to the saved message in the same transaction. */
    changesetId?: string | null;
  },
): Promise<Message> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        conversationId,
        role: "assistant",
        content: textOf(input.message),
        parts: input.message.parts,
        model: input.model,
        inputTokens: input.inputTokens,
        outputTokens: input.outputTokens,
        costUsd: input.costUsd,
      })
      .returning();
    await tx
      .update(conversations)
      .set({
        inputTokens: sql`${conversations.inputTokens} + ${input.inputTokens}`,
        outputTokens: sql`${conversations.outputTokens} + ${input.outputTokens}`,
        costUsd: sql`${conversations.costUsd} + ${input.costUsd}`,
        updatedAt: new Date(),
      })
      .where(eq(conversations.id, conversationId));
    if (input.reservation) await settleReservation(tx, conversationId, input.reservation, 0);
    if (!row) throw new Error("insert returned no row");
    if (input.changesetId) await attachChangesetMessage(tx, input.changesetId, row.id);
    return row;
  });
}

/**
 * Locks the conversation's row for the rest of transaction `tx` (`SELECT … FOR UPDATE`) and
 * returns its `cost_usd`: settled spend plus the reservations of turns still running, USD.
 * @returns null when the conversation does not exist
 */
export async function lockConversationCost(tx: Db, conversationId: string): Promise<number | null> {
  const [c] = await tx
    .select({ costUsd: conversations.costUsd })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .for("update");
  return c ? c.costUsd : null;
}

/**
 * The conversation's user messages: how many were sent, and the reservations (USD) still
 * carried by those created after `freshSince` (older ones count as spent).
 */
export async function userMessageTally(
  tx: Db,
  conversationId: string,
  freshSince: Date,
): Promise<{ sent: number; reservedUsd: number }> {
  const [row] = await tx
    .select({
      sent: count(),
      reserved: sql<string>`coalesce(sum(${messages.costUsd}) filter (where ${messages.createdAt} > ${freshSince.toISOString()}), 0)`,
    })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.role, "user")));
  return { sent: row?.sent ?? 0, reservedUsd: Number(row?.reserved ?? 0) };
}

/**
 * Inside `tx`: adds `reserveUsd` to the conversation's `cost_usd` and stores the user message
 * carrying that outstanding reservation in its own `cost_usd` (until
 * {@link settleReservation}). Returns the row.
 */
export async function saveReservedUserMessage(
  tx: Db,
  conversationId: string,
  message: UIMessage,
  reserveUsd: number,
): Promise<Message> {
  await tx
    .update(conversations)
    .set({ costUsd: sql`${conversations.costUsd} + ${reserveUsd}`, updatedAt: new Date() })
    .where(eq(conversations.id, conversationId));
  const [row] = await tx
    .insert(messages)
    .values({
      conversationId,
      role: "user",
      content: textOf(message),
      parts: message.parts,
      costUsd: reserveUsd,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * Settles a reservation inside `tx` (the transaction that records the turn's outcome):
 * `cost_usd += actualUsd − reserved` on the conversation, and the user message no longer
 * carries an outstanding reservation.
 * @param actualUsd the cost (≥ 0, USD) to add besides what the transaction already added
 */
export async function settleReservation(
  tx: Db,
  conversationId: string,
  reservation: Reservation,
  actualUsd: number,
): Promise<void> {
  await tx
    .update(conversations)
    .set({ costUsd: sql`${conversations.costUsd} + ${actualUsd - reservation.usd}`, updatedAt: new Date() })
    .where(eq(conversations.id, conversationId));
  await tx.update(messages).set({ costUsd: null }).where(eq(messages.id, reservation.userMessageId));
}

/** Number of `userId`'s conversations of `kind` that saw a message after `since`. */
export async function countActiveConversations(
  db: Db,
  userId: string,
  kind: ConversationKind,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(conversations)
    .where(
      and(eq(conversations.userId, userId), eq(conversations.kind, kind), gt(conversations.updatedAt, since)),
    );
  return row?.n ?? 0;
}

/** Merges `patch` into the conversation's the Trip Designer API `tripProfile`. */
export async function mergeTripProfile(
  db: Db,
  conversationId: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const [c] = await db
    .select({ p: conversations.tripProfile })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  await db
    .update(conversations)
    .set({ tripProfile: { ...(c?.p ?? {}), ...patch, extractedAt: new Date().toISOString() } })
    .where(eq(conversations.id, conversationId));
}
