/**
 * Response schemas of the assistant: the Trip Designer API (sessions, replies, structured
 * questions), the TripSage REST API's chat message endpoint and trip chat, and the /v1/ai
 * assistant API (conversations, messages, context refresh, page chat, planner). The chat
 * presenters' return types are `z.infer` of these; lib/openapi/responses.ts names them as
 * components of the OpenAPI document, so a field added here appears in both.
 */
import { z } from "zod";
import { changesetSchema } from "@/lib/domain/changesets/schemas";
import { dateTime, uuid } from "@/lib/platform/schema-fields";

/** Pages a /v1/ai page assistant can serve. */
export const PAGE_KEYS = ["flights", "transit", "finance", "itinerary", "overview"] as const;
/** A page key. */
export type PageKey = (typeof PAGE_KEYS)[number];

/** Trip Designer API `StructuredQuestion` (asked through the `ask_question` tool). */
export const structuredQuestionSchema = z.object({
  id: z.string().meta({ example: "q1" }),
  type: z.enum(["single_choice", "multiple_choice", "text", "date", "date_range"]),
  question: z.string().meta({ example: "Which dinner should I remove?" }),
  options: z
    .array(z.object({ id: z.string(), label: z.string() }))
    .optional()
    .meta({
      description: "For `single_choice` and `multiple_choice`; answer with an option's label or id.",
    }),
});

export const tripChatSchema = z.object({
  conversationId: uuid(),
  messages: z.array(
    z.object({
      id: z.string(),
      role: z.enum(["user", "assistant"]),
      parts: z.array(z.looseObject({ type: z.string() })).meta({
        description: "AI SDK UI message parts (`text`, `tool-*`, …).",
      }),
    }),
  ),
  changesets: z
    .array(changesetSchema)
    .meta({ description: "The conversation's changesets, newest first (write tool results name theirs)." }),
});

const tokens = () => z.object({ input: z.int(), output: z.int() });

export const sessionCreatedSchema = z.object({ sessionId: uuid() });

export const sessionSchema = z.object({
  id: uuid(),
  itineraryId: uuid().nullable(),
  messages: z.array(
    z.object({
      role: z.enum(["user", "assistant"]),
      content: z.string(),
      timestamp: dateTime(),
      tokens: tokens().optional().meta({ description: "Assistant messages only." }),
    }),
  ),
  tripProfile: z.record(z.string(), z.unknown()).nullable().meta({
    description: "What the designer learned (travellers, budget, …), with `extractedAt`.",
  }),
  createdAt: dateTime(),
  lastActiveAt: dateTime(),
  metadata: z.object({ messageCount: z.int(), totalTokens: z.int(), costUSD: z.number() }),
});

export const designerReplySchema = z.object({
  message: z.string().meta({ description: "The agent's natural-language answer." }),
  itineraryUpdated: z.boolean(),
  segmentsModified: z.array(uuid()),
  toolCallsMade: z.array(
    z.object({
      id: z.string(),
      type: z.literal("function"),
      function: z.object({ name: z.string(), arguments: z.string().meta({ description: "JSON text." }) }),
    }),
  ),
  structuredQuestions: z.array(structuredQuestionSchema),
  changesetId: uuid().optional().meta({
    description: "Present when the turn changed the trip: undo with `POST /api/changesets/{id}/undo`.",
  }),
  tokens: tokens(),
  costUSD: z.number(),
});

export const chatStatsSchema = z.object({ activeSessions: z.int() });

export const chatMessageResponseSchema = z.object({
  message_id: uuid(),
  response: z.string(),
  suggestions: z.array(z.looseObject({ type: z.string() })).meta({
    description:
      'Without a trip: destination ideas `{type:"destination", title, description, estimated_cost}`; with a trip: the tool calls made `{type:"tool_call", action, parameters}`.',
  }),
  next_actions: z.array(z.string()),
  session_id: uuid(),
  itinerary_updated: z.boolean().optional(),
  segments_modified: z.array(uuid()).optional(),
  structured_questions: z.array(structuredQuestionSchema).optional(),
  changeset_id: uuid().optional(),
  planner_draft: z.record(z.string(), z.unknown()).nullable().optional(),
  timestamp: dateTime(),
});

// ---- /v1/ai (the /v1/ai assistant API) ----------------------------------------------------------

/** The /v1/ai assistant API's success envelope `{ok:true, data}`. */
const v1Ok = <T extends z.ZodType>(data: T) => z.object({ ok: z.literal(true), data });

export const v1ConversationSchema = z.object({
  id: uuid(),
  tripId: uuid(),
  userId: uuid(),
  title: z.string().meta({ example: "Flights assistant" }),
  pageKey: z.string().nullable().meta({
    description: "The page of a page-assistant conversation (`flights`, …); null for the trip designer's.",
    example: "flights",
  }),
  createdAt: dateTime(),
  updatedAt: dateTime(),
});

export const v1ConversationListSchema = v1Ok(
  z.array(v1ConversationSchema).meta({ description: "Most recently active first." }),
);

export const v1MessageListSchema = v1Ok(
  z
    .array(
      z.object({
        id: uuid(),
        conversationId: uuid(),
        role: z.enum(["user", "assistant"]),
        content: z.string(),
        model: z.string().meta({ description: "Model id; empty for user messages.", example: "gpt-4o-mini" }),
        tokenUsage: z
          .object({ promptTokens: z.int(), completionTokens: z.int(), totalTokens: z.int() })
          .nullable()
          .meta({ description: "Null for user messages." }),
        createdAt: dateTime(),
      }),
    )
    .meta({ description: "Oldest first." }),
);

/** The page of a page-assistant answer (its own instance: the request schema's stays inline in the document). */
export const pageKeyResponseSchema = z.enum(PAGE_KEYS);

export const v1ContextRefreshSchema = v1Ok(
  z.object({ updatedAt: dateTime(), pageKey: pageKeyResponseSchema }),
);

const SOURCE_STATUSES = ["ok", "unavailable", "skipped", "error"] as const;

export const sourceSchema = z.object({
  name: z.string().meta({ example: "next_flight_status" }),
  status: z.enum(SOURCE_STATUSES).meta({
    description:
      "`unavailable`: a live source the question needed has no provider (the answer is `degraded`).",
  }),
  fetchedAt: dateTime(),
  detail: z.string(),
});

export const v1PageChatSchema = v1Ok(
  z.object({
    conversationId: uuid().meta({ description: "The page's conversation the exchange was stored in." }),
    answer: z.string(),
    highlights: z.array(z.string()),
    suggestedActions: z.array(z.string()),
    sources: z.array(sourceSchema),
    degraded: z
      .boolean()
      .meta({ description: "True when a live source the question needed was unavailable." }),
  }),
);

export const plannerDraftSchema = z.object({
  destination: z.string().meta({ example: "Paris" }),
  country: z.string().meta({ description: "Empty when unknown." }),
  cities: z.array(z.string()),
  startDate: z.string().meta({ description: "`YYYY-MM-DD`, or empty when unknown." }),
  endDate: z.string().meta({ description: "`YYYY-MM-DD`, or empty when unknown." }),
  travelers: z.int().meta({ description: "0 when unknown." }),
  budgetTotal: z.number().meta({ description: "0 when unknown." }),
  currency: z.string().nullable().meta({
    description:
      'ISO 4217 code of the currency the budget was stated in ("3000 euros" → `EUR`, `$` → `USD`, "yen" → `JPY`); null when none was named or there is no budget.',
    example: "EUR",
  }),
  activities: z.array(z.string()),
  itinerary: z.array(
    z.object({
      dayIndex: z.int(),
      title: z.string(),
      timeBlock: z.enum(["morning", "afternoon", "evening"]),
      category: z.string(),
      notes: z.string(),
    }),
  ),
});

export const v1PlannerChatSchema = v1Ok(
  z.object({
    answer: z.string(),
    sources: z.array(sourceSchema),
    degraded: z.boolean(),
    /** Null when nothing trip-like was said (a `.meta()` here would inline the component). */
    plannerDraft: plannerDraftSchema.nullable(),
  }),
);

/** Where part of an answer's context came from (the /v1/ai chat API's `sources[]`). */
export type Source = z.infer<typeof sourceSchema>;
/** The planner's draft trip: destination, dates (ISO 8601), travellers, budget and its ISO 4217 currency, day-by-day items. */
export type PlannerDraft = z.infer<typeof plannerDraftSchema>;
/** The Trip Designer API `GET /api/chat/sessions/{id}` body. */
export type SessionBody = z.infer<typeof sessionSchema>;
/** The Trip Designer API's reply to a message. */
export type DesignerReply = z.infer<typeof designerReplySchema>;
/** The TripSage REST API's `POST /api/v1/chat/message` body. */
export type ChatMessageResponse = z.infer<typeof chatMessageResponseSchema>;
/** A /v1/ai conversation. */
export type V1Conversation = z.infer<typeof v1ConversationSchema>;
/** The `data` of a /v1/ai page chat answer. */
export type V1PageChat = z.infer<typeof v1PageChatSchema>["data"];
/** The `data` of a /v1/ai planner answer. */
export type V1PlannerChat = z.infer<typeof v1PlannerChatSchema>["data"];
