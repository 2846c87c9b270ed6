/**
 * The OpenAPI 3.1 document of the API, generated from the route table (./routes.ts), the
 * zod schemas the route handlers parse requests with (lib/domain/validators, lib/domain/auth/api-keys.ts,
 * lib/domain/users/profile.ts, lib/domain/suggestions/service.ts, lib/domain/webhooks/service.ts,
 * lib/domain/chat/page-chat.ts, lib/domain/chat/planner.ts, lib/domain/validators/travel.ts) and the response schemas
 * of ./responses.ts. Served by `GET /api/openapi.json`.
 *
 * Every (path, method) of the route table must have an entry in {@link OPERATIONS} and vice
 * versa; {@link buildOpenApiDocument} throws otherwise, and document.test.ts checks the route
 * table against the route files on disk.
 */

import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { createKeySchema } from "@/lib/domain/auth/api-keys";
import { chatMessageSchema } from "@/lib/domain/chat/message";
import { pageChatSchema } from "@/lib/domain/chat/page-chat";
import { pageKeySchema } from "@/lib/domain/chat/page-context";
import { plannerChatSchema } from "@/lib/domain/chat/planner";
import { suggestionsQuerySchema } from "@/lib/domain/suggestions/service";
import { memoryPreferencesSchema, updateMeSchema } from "@/lib/domain/users/profile";
import {
  changePasswordSchema,
  emailSchema,
  loginSchema,
  refreshSchema,
  registerSchema,
} from "@/lib/domain/validators/auth";
import { uiChatRequestSchema } from "@/lib/domain/validators/chat";
import { createSessionSchema, sendMessageSchema } from "@/lib/domain/validators/designer";
import {
  segmentCreateSchema,
  segmentMoveSchema,
  segmentUpdateSchema,
} from "@/lib/domain/validators/segments";
import {
  collaboratorUpdateSchema,
  shareLinkCreateSchema,
  shareSchema,
  transferSchema,
} from "@/lib/domain/validators/sharing";
import {
  accommodationSearchSchema,
  flightSearchSchema,
  flightTrackSchema,
} from "@/lib/domain/validators/travel";
import { pagingSchema, tripCreateSchema, tripUpdateSchema } from "@/lib/domain/validators/trips";
import { deliveriesQuerySchema, webhookCreateSchema } from "@/lib/domain/webhooks/service";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { WEBHOOK_EVENTS } from "@/lib/platform/outbox";
import { eventsQuerySchema } from "@/lib/realtime/tickets";
import * as R from "./responses";
import { type ApiOperationMeta, type ApiRoute, DOCUMENTED_ROUTES, type HttpMethod } from "./routes";
import { annotate, component, z } from "./zod";

// ---- request schemas the route files declare inline (not exported) ---------------------------
// Mirrors of schemas the route files declare inline. They should be exported from
// lib/domain/validators so the route and this document share one instance; until then document.test.ts
// checks each mirror against the route file's source text.

/** Mirror of the inline `query` in app/api/itineraries/[tripId]/segments/route.ts. */
const segmentListQuery = z.object({ day_index: z.coerce.number().int().min(1).optional() });
/** Mirror of the inline query in app/api/trips/[tripId]/invitations/route.ts. */
const invitationQuery = z.object({ email: emailSchema });
/** Mirror of the inline `token` check in app/api/share/[token]/route.ts and join/route.ts. */
const shareToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** Mirror of the inline `query` in app/v1/ai/conversations/[id]/messages/route.ts. */
const v1MessagesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
/** Mirror of the inline `body` in app/v1/ai/context/refresh/route.ts. */
const v1RefreshBody = z.object({ tripId: z.string().min(1, "tripId is required"), pageKey: pageKeySchema });

annotate(emailSchema, { format: "email", example: "user@example.com" });

// ---- operation table ---------------------------------------------------------------------------

/** The success response of an operation. */
interface Success {
  status: 200 | 201 | 204;
  description: string;
  /** JSON body schema (omitted for 204). */
  schema?: z.ZodType;
  /** Non-JSON body (`text/event-stream`) with a description of the stream. */
  stream?: { contentType: string; description: string; example?: string };
  /** Extra response headers (component names, see {@link HEADERS}). */
  headers?: (keyof typeof HEADERS)[];
}

/** What document.ts adds to the route table for one operation. */
interface OperationSpec {
  ok: Success;
  body?: { schema: z.ZodType; name: string; example?: unknown };
  query?: z.ZodObject;
  /** Honours `If-Match` (adds the parameter and a 412). */
  ifMatch?: boolean;
  /** Error statuses beyond those derived from auth/body/query/path/family (e.g. 409, 402, 503). */
  errors?: number[];
  /** Longer explanation (Markdown). */
  description?: string;
}

type Key = `${HttpMethod} ${string}`;

const ETAG: Success["headers"] = ["ETag"];

const tripPutSpec: OperationSpec = {
  body: {
    schema: tripUpdateSchema,
    name: "TripUpdate",
    example: { title: "Updated Trip Title", end_date: "2025-04-10" },
  },
  ok: { status: 200, description: "The updated trip.", schema: R.TripSchema, headers: ETAG },
  ifMatch: true,
  description:
    "Partial update: only the fields sent change; `preferences` merges key by key. " +
    "Moving `start_date` shifts every timed segment by the same number of days. " +
    "Send the `ETag` of your last read as `If-Match` to get 412 instead of overwriting someone else's change.",
};

const segmentPutSpec: OperationSpec = {
  body: {
    schema: segmentUpdateSchema,
    name: "SegmentUpdate",
    example: { title: "Dinner at Kikunoi", time_block: "evening" },
  },
  ok: { status: 200, description: "The updated segment.", schema: R.SegmentSchema, headers: ETAG },
  ifMatch: true,
  description: "Partial update. When `type` changes, `details` is re-validated for the new type.",
};

const collaboratorPutSpec: OperationSpec = {
  body: {
    schema: collaboratorUpdateSchema,
    name: "CollaboratorUpdate",
    example: { permission_level: "editor" },
  },
  ok: { status: 200, description: "The collaborator with the new level.", schema: R.CollaboratorSchema },
};

const memoryPutSpec: OperationSpec = {
  body: {
    schema: memoryPreferencesSchema,
    name: "MemoryPreferences",
    example: { budget_tier: "mid-range", interests: ["food", "history"], travel_style: "slow" },
  },
  ok: { status: 200, description: "The caller's memory after the merge.", schema: R.MemorySchema },
};

const mePutSpec: OperationSpec = {
  body: {
    schema: updateMeSchema,
    name: "UpdateMe",
    example: { name: "John Doe", profile: { bio: "Adventure seeker" }, preferences: { currency: "EUR" } },
  },
  ok: { status: 200, description: "The updated profile.", schema: R.MeSchema },
};

const SSE_EXAMPLE =
  'data: {"type":"connected","itineraryId":"4f1c…"}\n\n:ping\n\ndata: {"type":"segment_added","segmentId":"9a2e…","itineraryId":"4f1c…"}\n\n';

/**
 * Request and response details per `METHOD /path`. Keys must match the route table exactly
 * (checked by {@link buildOpenApiDocument}).
 */
export const OPERATIONS: Record<Key, OperationSpec> = {
  "GET /api/health": { ok: { status: 200, description: "The API is up.", schema: R.HealthSchema } },
  "GET /api/health/mcp": {
    ok: {
      status: 200,
      description: "Configured external services and probe results.",
      schema: R.ServicesHealthSchema,
    },
  },
  "GET /api/config": {
    ok: { status: 200, description: "Deployment configuration.", schema: R.ConfigSchema },
  },
  "GET /api/config/features": {
    ok: { status: 200, description: "Feature flags.", schema: R.FeaturesSchema },
  },

  "POST /api/auth/register": {
    body: {
      schema: registerSchema,
      name: "RegisterRequest",
      example: { email: "user@example.com", password: "secure_password", name: "John Doe" },
    },
    ok: { status: 201, description: "Account created; the caller is signed in.", schema: R.TokenPairSchema },
    errors: [409, 503],
  },
  "POST /api/auth/login": {
    body: {
      schema: loginSchema,
      name: "LoginRequest",
      example: { email: "user@example.com", password: "secure_password" },
    },
    ok: { status: 200, description: "Access and refresh token.", schema: R.TokenPairSchema },
    errors: [401, 503],
    description:
      "At most 5 attempts per minute per account and 30 per client IP, on top of the request limit.",
  },
  "POST /api/auth/refresh": {
    body: { schema: refreshSchema, name: "RefreshRequest", example: { refresh_token: "rt_…" } },
    ok: {
      status: 200,
      description: "A new token pair; the old refresh token is spent.",
      schema: R.TokenPairSchema,
    },
    errors: [401, 503],
    description:
      "Presenting a refresh token a second time revokes its whole family (rotation with reuse detection).",
  },
  "POST /api/auth/logout": {
    ok: { status: 200, description: "Every session of the caller is revoked.", schema: R.MessageSchema },
    errors: [503],
  },
  "POST /api/auth/change-password": {
    body: {
      schema: changePasswordSchema,
      name: "ChangePasswordRequest",
      example: { current_password: "old_password", new_password: "new_secure_password" },
    },
    ok: {
      status: 200,
      description: "Password changed; continue with the fresh token pair returned.",
      schema: R.PasswordChangedSchema,
    },
    errors: [503],
  },

  "GET /api/users/me": { ok: { status: 200, description: "The caller's profile.", schema: R.MeSchema } },
  "PUT /api/users/me": mePutSpec,
  "PATCH /api/users/me": mePutSpec,
  "GET /api/memory/user": {
    ok: { status: 200, description: "The caller's memory.", schema: R.MemorySchema },
  },
  "PUT /api/memory/preferences": memoryPutSpec,
  "PATCH /api/memory/preferences": memoryPutSpec,
  "GET /api/user/keys": {
    ok: { status: 200, description: "The caller's keys.", schema: R.ApiKeyListSchema },
  },
  "POST /api/user/keys": {
    body: {
      schema: createKeySchema,
      name: "CreateApiKeyRequest",
      example: {
        name: "Travel App Integration",
        permissions: ["trips:read", "trips:write"],
        expires_in_days: 365,
      },
    },
    ok: {
      status: 201,
      description: "The key, including its secret (shown once).",
      schema: R.ApiKeyCreatedSchema,
    },
    description: "A key can only carry scopes its owner has (403 otherwise).",
  },
  "DELETE /api/user/keys/{key_id}": { ok: { status: 204, description: "Revoked." } },

  "GET /api/trips": {
    query: pagingSchema,
    ok: {
      status: 200,
      description: "A page of trips, newest first.",
      schema: R.TripListSchema,
      headers: ["ETag"],
    },
    description:
      "The `ETag` is computed over the page; send it back as `If-None-Match` to get `304 Not Modified` " +
      "with no body while the page is unchanged.",
  },
  "POST /api/trips": {
    body: {
      schema: tripCreateSchema,
      name: "TripCreate",
      example: {
        title: "Tokyo Cherry Blossom Trip",
        start_date: "2025-04-01",
        end_date: "2025-04-08",
        destinations: [{ name: "Tokyo", country: "Japan", city: "Tokyo" }],
        preferences: { budget: { total: 3000, currency: "USD" }, interests: ["culture", "food"] },
      },
    },
    ok: { status: 201, description: "The new trip.", schema: R.TripSchema, headers: ["ETag", "Location"] },
    description:
      "`startDate`/`endDate` (camelCase, as in the TripSage REST API's tutorial) are accepted too.",
  },
  "GET /api/trips/suggestions": {
    query: suggestionsQuerySchema,
    ok: { status: 200, description: "Suggestions, best first.", schema: z.array(R.SuggestionSchema) },
    description:
      "Deterministic ranking of a curated catalogue by the caller's interests, budget tier and season.",
  },
  "GET /api/trips/{trip_id}": {
    ok: { status: 200, description: "The trip.", schema: R.TripSchema, headers: ETAG },
  },
  "PUT /api/trips/{trip_id}": tripPutSpec,
  "PATCH /api/trips/{trip_id}": tripPutSpec,
  "DELETE /api/trips/{trip_id}": {
    ok: { status: 204, description: "Deleted with its segments and conversations." },
  },

  "GET /api/itineraries/{trip_id}": {
    ok: { status: 200, description: "The itinerary.", schema: R.ItinerarySchema, headers: ETAG },
    description:
      "The `ETag` is the trip's version, which every change to the trip or its segments bumps. Send it " +
      "back as `If-None-Match` to get `304 Not Modified` with no body while nothing changed (cheap polling).",
  },
  "GET /api/itineraries/{trip_id}/segments": {
    query: segmentListQuery,
    ok: { status: 200, description: "Segments by day and position.", schema: R.SegmentListSchema },
  },
  "POST /api/itineraries/{trip_id}/segments": {
    body: {
      schema: segmentCreateSchema,
      name: "SegmentCreate",
      example: { type: "activity", title: "Fushimi Inari at dawn", day_index: 2, time_block: "morning" },
    },
    ok: { status: 201, description: "The new segment.", schema: R.SegmentSchema, headers: ETAG },
    description:
      "`details` is validated by `type` (a flight needs carrier, flight number and IATA origin/destination). " +
      "A `day_index` outside the trip's days is 422 `OUTSIDE_TRIP_DATES`.",
  },
  "GET /api/itineraries/{trip_id}/segments/{segment_id}": {
    ok: { status: 200, description: "The segment.", schema: R.SegmentSchema, headers: ETAG },
  },
  "PUT /api/itineraries/{trip_id}/segments/{segment_id}": segmentPutSpec,
  "PATCH /api/itineraries/{trip_id}/segments/{segment_id}": segmentPutSpec,
  "DELETE /api/itineraries/{trip_id}/segments/{segment_id}": {
    ok: { status: 204, description: "Removed." },
    ifMatch: true,
    description: "With `If-Match`, a segment changed since that version is not removed (412).",
  },
  "POST /api/itineraries/{trip_id}/segments/{segment_id}/move": {
    body: { schema: segmentMoveSchema, name: "SegmentMove", example: { day_index: 3, position: 0 } },
    ok: { status: 200, description: "The moved segment.", schema: R.SegmentSchema, headers: ETAG },
    ifMatch: true,
    description:
      "`day_index: null` unschedules the segment. Positions in both days stay dense. " +
      "With `If-Match`, a segment changed since that version is not moved (412).",
  },
  "GET /api/itineraries/{trip_id}/events": {
    query: eventsQuerySchema,
    ok: {
      status: 200,
      description: "Server-sent events: `connected`, then itinerary changes; `:ping` every 30 s.",
      stream: {
        contentType: "text/event-stream",
        description:
          "Each event is `data: <json>` with `type` one of `connected`, `segment_added`, " +
          "`segment_modified`, `segment_deleted`, `itinerary_updated`, `presence` (`users`), " +
          "`presence_joined` / `presence_left` (`user`), and `access_revoked` before the stream ends " +
          "when the caller loses access.",
        example: SSE_EXAMPLE,
      },
    },
    description:
      "Authenticate with a Bearer header, the app's session cookie (a browser `EventSource` on the " +
      "app's pages), or `?ticket=` from `POST /api/itineraries/{trip_id}/events/ticket`; never put a " +
      "long-lived token in the URL. Credentials and membership are re-checked before every event.",
  },
  "POST /api/itineraries/{trip_id}/events/ticket": {
    ok: {
      status: 201,
      description:
        "A ticket for `GET /api/itineraries/{trip_id}/events?ticket=…`, valid `expires_in` seconds, for this trip only.",
      schema: R.EventsTicketSchema,
    },
  },

  "POST /api/trips/{trip_id}/share": {
    body: {
      schema: shareSchema,
      name: "ShareRequest",
      example: {
        user_emails: ["friend@example.com"],
        permission_level: "editor",
        message: "Let's plan this together!",
      },
    },
    ok: {
      status: 200,
      description: "Collaborators added or updated, and invitations for emails without an account.",
      schema: z.array(R.CollaboratorSchema),
    },
    description:
      "Unknown emails become pending invitations, claimed at sign-up. More than 10 is 403 `LIMIT_EXCEEDED`.",
  },
  "GET /api/trips/{trip_id}/collaborators": {
    ok: {
      status: 200,
      description: "Collaborators, then pending invitations.",
      schema: R.CollaboratorListSchema,
    },
  },
  "PUT /api/trips/{trip_id}/collaborators/{user_id}": collaboratorPutSpec,
  "PATCH /api/trips/{trip_id}/collaborators/{user_id}": collaboratorPutSpec,
  "DELETE /api/trips/{trip_id}/collaborators/{user_id}": { ok: { status: 204, description: "Removed." } },
  "DELETE /api/trips/{trip_id}/invitations": {
    query: invitationQuery,
    ok: { status: 204, description: "Invitation withdrawn." },
  },
  "GET /api/trips/{trip_id}/links": {
    ok: { status: 200, description: "Share links.", schema: R.ShareLinkListSchema },
  },
  "POST /api/trips/{trip_id}/links": {
    body: {
      schema: shareLinkCreateSchema,
      name: "ShareLinkCreate",
      example: { permission_level: "viewer", public: true, expires_in_days: 30 },
    },
    ok: { status: 201, description: "The new link.", schema: R.ShareLinkSchema },
  },
  "DELETE /api/trips/{trip_id}/links/{link_id}": { ok: { status: 204, description: "Revoked." } },
  "POST /api/trips/{trip_id}/transfer": {
    body: { schema: transferSchema, name: "TransferRequest" },
    ok: {
      status: 200,
      description: "Ownership moved; the previous owner stays as admin.",
      schema: R.TransferResultSchema,
    },
  },
  "GET /api/share/{token}": {
    ok: { status: 200, description: "What the link offers.", schema: R.ShareLinkInfoSchema },
  },
  "POST /api/share/{token}/join": {
    ok: { status: 200, description: "The caller's role on the trip.", schema: R.JoinResultSchema },
    description: "An existing higher role is kept. A full trip is 403 `LIMIT_EXCEEDED`.",
  },

  "POST /api/changesets/{changeset_id}/undo": {
    ok: { status: 200, description: "Everything the turn changed is restored.", schema: R.UndoResultSchema },
    errors: [409],
    description:
      "Reverts the writes of one assistant turn (its `changesetId` from the Trip Designer API, " +
      "`changeset_id` from `POST /api/v1/chat/message`). Needs editor rights on the trip. An item " +
      "someone edited since the turn (its version moved on) is left alone, never overwritten: then " +
      "the answer is 409 `CONFLICT` with `details: {changeset_id, restored, left_alone}` — what could " +
      "be restored is restored. A changeset is undone once; undoing it again is 409 `CONFLICT` with the " +
      "first result in `details`.",
  },
  "GET /api/trips/{trip_id}/chat": {
    ok: { status: 200, description: "The conversation and its messages.", schema: R.TripChatSchema },
    errors: [503],
  },
  "POST /api/trips/{trip_id}/chat": {
    body: {
      schema: uiChatRequestSchema,
      name: "TripChatRequest",
      example: {
        message: { id: "m1", role: "user", parts: [{ type: "text", text: "Add a day trip to Nara" }] },
      },
    },
    ok: {
      status: 200,
      description: "The designer's reply as an AI SDK UI message stream.",
      stream: {
        contentType: "text/event-stream",
        description: "AI SDK UI message stream protocol (for `useChat`).",
      },
      headers: ["X-Conversation-Id"],
    },
    errors: [402, 503],
  },
  "POST /api/chat/sessions": {
    body: { schema: createSessionSchema, name: "CreateSessionRequest" },
    ok: { status: 201, description: "The new session.", schema: R.SessionCreatedSchema },
    errors: [404],
    description: "`itineraryId` is a trip id; an unknown one is 404.",
  },
  "GET /api/chat/sessions/{session_id}": {
    ok: { status: 200, description: "The session.", schema: R.SessionSchema },
    description:
      "A session is about a trip, so an API key needs `trips:read` as well as `chat:access` to read its history.",
  },
  "POST /api/chat/sessions/{session_id}/messages": {
    body: {
      schema: sendMessageSchema,
      name: "SendMessageRequest",
      example: { message: "I want to add a day trip to Kyoto" },
    },
    ok: {
      status: 200,
      description:
        "The designer's answer (JSON), or the same turn streamed with `Accept: text/event-stream`.",
      schema: R.DesignerReplySchema,
      stream: {
        contentType: "text/event-stream",
        description:
          "Named server-sent events, each `data:` one JSON object: `text-delta` {delta}, `tool-call` " +
          "{id, name, arguments}, `tool-result` {id, name, output}, `structured-questions` {questions}, then " +
          "exactly one of `done` (the DesignerReply body) or `error` ({error, message}, the Trip Designer error shape).",
        example:
          'event: text-delta\ndata: {"delta":"Added "}\n\nevent: done\ndata: {"message":"Added …","itineraryUpdated":true,…}\n\n',
      },
    },
    errors: [402, 500, 503],
    description:
      "A session stops answering (402) once it has spent its cost limit (default $2.00). `structuredQuestions` " +
      "holds the questions the designer asked (answer with an option's label or id as the next message); " +
      "`changesetId` is present when the turn changed the trip (undo: `POST /api/changesets/{changeset_id}/undo`).",
  },
  "POST /api/v1/chat/message": {
    body: {
      schema: chatMessageSchema,
      name: "ChatMessageRequest",
      example: {
        message: "I want to plan a romantic trip to Italy for my anniversary",
        context: { current_step: "destination_selection" },
        preferences: { budget: 4000, duration_days: 10, travel_style: "romantic" },
      },
    },
    ok: { status: 200, description: "The assistant's answer.", schema: R.ChatMessageResponseSchema },
    errors: [402, 404, 500, 503],
    description:
      "Without `context.trip_id` the planner answers and suggests destinations; with it, the trip designer edits that trip's itinerary using the caller's rights. " +
      "A `context.trip_id` the caller cannot see is 404; a designer session that has spent its cost limit is 402.",
  },
  "GET /api/chat/stats": { ok: { status: 200, description: "Active sessions.", schema: R.ChatStatsSchema } },

  "GET /v1/ai/conversations/{tripId}": {
    ok: {
      status: 200,
      description: "The caller's conversations about the trip, most recently active first.",
      schema: R.V1ConversationListSchema,
    },
    description:
      "The /v1/ai conversations API. Only the caller's own conversations (trip designer and page assistants) on a trip they can see; " +
      "any other trip, or an id that is not a trip id, is 403 `Unauthorized trip access`.",
  },
  "GET /v1/ai/conversations/{conversationId}/messages": {
    query: v1MessagesQuery,
    ok: {
      status: 200,
      description: "User and assistant messages, oldest first: the newest `limit` of them.",
      schema: R.V1MessageListSchema,
    },
    description:
      "The /v1/ai conversations API. A conversation that is not the caller's (or whose trip they no longer see) is 403 " +
      "`Unauthorized conversation access`. `limit` outside 1-200 is 400. The messages of a conversation about a " +
      "trip quote its itinerary: an API key needs `trips:read` as well as `chat:access`.",
  },
  "POST /v1/ai/context/refresh": {
    errors: [503],
    body: {
      schema: v1RefreshBody,
      name: "V1ContextRefreshRequest",
      example: { tripId: "3fa85f64-5717-4562-b3fc-2c963f66afa6", pageKey: "flights" },
    },
    ok: {
      status: 200,
      description: "The snapshot was rebuilt from live sources and stored.",
      schema: R.V1ContextRefreshSchema,
    },
    description:
      "The /v1/ai conversations API. Rebuilds what the page assistant knows about one page of the trip (consulting live sources) " +
      "and stores it for the caller. A trip the caller cannot see is 403 `Unauthorized trip access`.",
  },
  "POST /v1/ai/chat": {
    errors: [503],
    body: {
      schema: pageChatSchema,
      name: "V1PageChatRequest",
      example: {
        tripId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        pageKey: "flights",
        pageContext: {},
        messages: [{ role: "user", content: "What is the status of flight AA123 on 2026-03-15?" }],
        refresh: true,
      },
    },
    ok: { status: 200, description: "The assistant's answer with its sources.", schema: R.V1PageChatSchema },
    description:
      "The /v1/ai chat API. Read-only guidance about one page of a trip (`flights`, `transit`, `finance`, `itinerary`, `overview`); " +
      "the assistant can read the itinerary but never change it. With `refresh: true` it consults live sources; " +
      "a source it needed but could not reach is listed as `unavailable` and the answer is `degraded`. " +
      "The exchange is stored in the page's conversation. The last message must be the user's. " +
      "A trip the caller cannot see is 403 `Unauthorized trip access`.",
  },
  "POST /v1/ai/planner/chat": {
    errors: [503],
    body: {
      schema: plannerChatSchema,
      name: "V1PlannerChatRequest",
      example: {
        messages: [
          {
            role: "user",
            content: "I want to visit Paris for 5 days in April with my partner. We love museums and cafes.",
          },
        ],
        plannerContext: {
          destination: "Paris",
          travelers: 2,
          mustDoExperiences: "Louvre Museum, Eiffel Tower, local cafes",
        },
      },
    },
    ok: {
      status: 200,
      description: "The planner's answer and the drafted trip.",
      schema: R.V1PlannerChatSchema,
    },
    description:
      "The /v1/ai planner API. `plannerDraft` is extracted from `plannerContext` and the user's messages (dates, travellers, " +
      "budget, must-dos); it is null when nothing trip-like was said. Nothing is saved.",
  },

  "POST /api/flights/search": {
    body: {
      schema: flightSearchSchema,
      name: "FlightSearchRequest",
      example: {
        origin: "JFK",
        destination: "NRT",
        departure_date: "2025-04-01",
        return_date: "2025-04-08",
        passengers: 2,
        cabin_class: "economy",
        budget_max: 1500,
        preferred_airlines: ["ANA", "JAL"],
        flexible_dates: { enabled: true, days_before: 2, days_after: 2 },
      },
    },
    ok: {
      status: 200,
      description: "Offers, cheapest first (preferred airlines first), and the search metadata.",
      schema: R.FlightSearchResponseSchema,
    },
    errors: [503],
    description:
      "`origin` and `destination` are IATA airport or metro codes (`TYO` searches HND and NRT). " +
      "With `flexible_dates.enabled` every departure date from `days_before` to `days_after` around " +
      "`departure_date` is searched (the return date moves with it). `budget_max` caps `price.total` " +
      "(all passengers, USD); `preferred_airlines` (names or IATA designators) are listed first. " +
      "Times are local with the airport's UTC offset. The returned offers stay readable by id for 7 days. " +
      "An unknown airport code is 422; a live provider that cannot be reached is 503.",
  },
  "GET /api/flights/{flight_offer_id}": {
    ok: { status: 200, description: "The offer as the search answered it.", schema: R.FlightOfferSchema },
    description:
      "Only offers from the caller's own searches of the last 7 days; any other id is 404. " +
      "`expires_at` says whether the price still stands.",
  },
  "GET /api/flights/track": {
    ok: {
      status: 200,
      description: "The caller's price watches, newest first.",
      schema: R.PriceWatchListSchema,
    },
  },
  "POST /api/flights/track": {
    body: {
      schema: flightTrackSchema,
      name: "FlightTrackRequest",
      example: {
        route: { origin: "JFK", destination: "NRT", departure_date: "2025-04-01", return_date: "2025-04-08" },
        passengers: 2,
        target_price: 1200,
        notification_email: "user@example.com",
      },
    },
    ok: {
      status: 201,
      description: "The watch, priced now (`current_price`).",
      schema: R.PriceWatchSchema,
      headers: ["Location"],
    },
    errors: [404, 503],
    description:
      "Prices the route's cheapest fare now and re-checks it every 6 hours until the departure date " +
      "passes (the watch then becomes `expired`). Each change queues the `flight.price_changed` webhook " +
      "event and a `price_alert` notification. A `trip_id` the caller cannot see is 404; more than 20 " +
      "active watches is 403 `LIMIT_EXCEEDED`.",
  },
  "GET /api/flights/track/{watch_id}": {
    ok: { status: 200, description: "The watch with its price history.", schema: R.PriceWatchSchema },
  },
  "DELETE /api/flights/track/{watch_id}": { ok: { status: 204, description: "No longer tracked." } },
  "POST /api/accommodations/search": {
    body: {
      schema: accommodationSearchSchema,
      name: "AccommodationSearchRequest",
      example: {
        location: "Tokyo, Japan",
        check_in: "2025-04-01",
        check_out: "2025-04-08",
        guests: 2,
        rooms: 1,
        budget_max: 200,
        property_types: ["hotel", "apartment"],
        amenities: ["wifi", "breakfast", "gym"],
        star_rating_min: 4,
        coordinates: { latitude: 35.6762, longitude: 139.6503, radius_km: 10 },
        sort_by: "price",
      },
    },
    ok: {
      status: 200,
      description: "Stays sorted by `sort_by`, and the search metadata.",
      schema: R.AccommodationSearchResponseSchema,
    },
    description:
      "Stays within `coordinates.radius_km` (default 10 km) of `coordinates`, or of the place named by " +
      "`location`, that have every requested amenity, at least `star_rating_min` stars (unrated kinds " +
      "such as apartments are then excluded) and room for the guests in the rooms; `budget_max` caps " +
      "`price.per_night` (USD). An unknown place is 422 on `location`. The returned offers stay " +
      "readable by id for 7 days.",
  },
  "GET /api/accommodations/{accommodation_id}": {
    ok: {
      status: 200,
      description: "The stay offer as the search answered it.",
      schema: R.AccommodationOfferSchema,
    },
    description: "Only offers from the caller's own searches of the last 7 days; any other id is 404.",
  },

  "GET /api/webhooks": {
    ok: { status: 200, description: "The caller's webhooks.", schema: R.WebhookListSchema },
  },
  "POST /api/webhooks": {
    body: {
      schema: webhookCreateSchema,
      name: "WebhookCreate",
      example: {
        url: "https://your-app.example/webhooks/tripsage",
        events: ["trip.created", "trip.updated"],
      },
    },
    ok: {
      status: 201,
      description: "The webhook with its signing secret (shown once).",
      schema: R.WebhookCreatedSchema,
      headers: ["Location"],
    },
    errors: [409],
    description:
      "The URL must resolve to a public address. Deliveries are signed per Standard Webhooks " +
      "(`webhook-id`, `webhook-timestamp`, `webhook-signature`); see the `webhooks` section.",
  },
  "GET /api/webhooks/{webhook_id}": {
    ok: { status: 200, description: "The webhook.", schema: R.WebhookSchema },
  },
  "DELETE /api/webhooks/{webhook_id}": { ok: { status: 204, description: "Deleted with its delivery log." } },
  "GET /api/webhooks/{webhook_id}/deliveries": {
    query: deliveriesQuerySchema,
    ok: { status: 200, description: "Deliveries, newest first.", schema: R.DeliveryListSchema },
  },
};

// ---- shared components ------------------------------------------------------------------------

/** Response headers documented as components. */
const HEADERS = {
  "X-RateLimit-Limit": {
    description: "Requests allowed per window for the caller's tier.",
    schema: { type: "integer" },
  },
  "X-RateLimit-Remaining": {
    description: "Requests left in the current window.",
    schema: { type: "integer" },
  },
  "X-RateLimit-Reset": {
    description: "When the window resets (Unix epoch seconds).",
    schema: { type: "integer" },
  },
  "X-RateLimit-Window": { description: "Window length in seconds (60).", schema: { type: "integer" } },
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
  ETag: {
    description: 'Strong entity tag of the row version, `"v{version}"`; send it back as `If-Match`.',
    schema: { type: "string" },
    example: '"v3"',
  },
  Location: { description: "URL of the created resource.", schema: { type: "string" } },
  "WWW-Authenticate": { description: '`Bearer realm="tripsage"`.', schema: { type: "string" } },
  "X-Conversation-Id": {
    description: "Id of the conversation the message was added to.",
    schema: { type: "string", format: "uuid" },
  },
  Allow: { description: "Methods the path supports.", schema: { type: "string" } },
} as const;

const RATE_HEADERS = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-Window",
] as const;

const headerRef = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

const PARAM_TEXT: Record<string, string> = {
  trip_id: "Trip id (an itinerary is a trip).",
  segment_id: "Segment id.",
  session_id: "Designer session id.",
  user_id: "User id of the collaborator (your own id to leave the trip).",
  link_id: "Share link id.",
  key_id: "API key id.",
  webhook_id: "Webhook id.",
  flight_offer_id: "Flight offer id (`off_…`) from one of the caller's searches.",
  accommodation_id: "Stay offer id (`stay_…`) from one of the caller's searches.",
  watch_id: "Price watch id.",
  token: "Share link token.",
  tripId: "Trip id. An id the caller cannot use (someone else's trip, or not a trip id at all) is 403.",
  conversationId:
    "Conversation id. An id the caller cannot use (someone else's conversation, or not an id at all) is 403.",
};

/** Mirrors of the id checks in app/api/flights/[offerId]/route.ts and app/api/accommodations/[accommodationId]/route.ts. */
const PATTERN_PARAMS: Record<string, z.ZodString> = {
  token: shareToken,
  flight_offer_id: z.string().regex(/^off_[0-9a-f]{20}$/),
  accommodation_id: z.string().regex(/^stay_[0-9a-f]{20}$/),
};

/** Path parameter schemas for a path: UUIDs (malformed ones are 404), share tokens and offer ids by pattern. */
function pathParams(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  if (!names.length) return undefined;
  return z.object(
    Object.fromEntries(
      names.map((n) => [n, (PATTERN_PARAMS[n] ?? z.uuid()).meta({ description: PARAM_TEXT[n] ?? n })]),
    ),
  );
}

const ERROR_TEXT: Record<number, [string, string]> = {
  400: [
    "Bad request",
    "The body is not valid JSON (`INVALID_JSON`) or the request is malformed (`BAD_REQUEST`).",
  ],
  401: [
    "Not authenticated",
    "No credentials (`UNAUTHORIZED`), or a bad, expired or revoked token or key (`INVALID_TOKEN`, `TOKEN_EXPIRED`).",
  ],
  402: [
    "Cost limit exceeded",
    "The designer session has spent its cost limit (`COST_LIMIT_EXCEEDED`); start a new one.",
  ],
  403: [
    "Forbidden",
    "Missing scope or trip role, an API key on a login-only route, a cross-site cookie request (`INSUFFICIENT_PERMISSIONS`), or a quota (`LIMIT_EXCEEDED`).",
  ],
  404: ["Not found", "Unknown or malformed id, or something the caller may not see (`NOT_FOUND`)."],
  409: [
    "Conflict",
    "The resource already exists or a per-account maximum is reached (`EMAIL_TAKEN`, `CONFLICT`).",
  ],
  412: [
    "Precondition failed",
    "`If-Match` names an old version (`PRECONDITION_FAILED`); `details` carries the current `etag` and " +
      "`current_version`, `current`: the trip or segment as it is now, in the shape its GET answers, and " +
      "`changed_by` `{id, name}`: who made that version (null when unknown).",
  ],
  413: ["Payload too large", `The body exceeds ${MAX_BODY_BYTES} bytes (\`PAYLOAD_TOO_LARGE\`).`],
  422: [
    "Validation error",
    "A field is missing or invalid (`VALIDATION_ERROR`, `OUTSIDE_TRIP_DATES`); see `errors[]`.",
  ],
  429: [
    "Rate limit exceeded",
    "Too many requests (`RATE_LIMIT_EXCEEDED`); see `retry_after` and `Retry-After`.",
  ],
  500: ["Internal error", "Unexpected failure (`INTERNAL_ERROR`), or the AI provider refused the request."],
  503: [
    "Service unavailable",
    "A dependency is unavailable (`SERVICE_UNAVAILABLE`, `LLM_UNAVAILABLE`, `DATABASE_ERROR` with type `internal`): the rate-limit store on sign-in and chat routes, the AI provider, or the database (answered within a few seconds, with `Retry-After`). Retryable.",
  ],
};

/**
 * `/v1/ai` (the /v1/ai assistant API) wording: no error codes in the body, field problems are 400, and a
 * trip or conversation the caller may not use is 403 rather than 404.
 */
const V1_ERROR_TEXT: Record<number, [string, string]> = {
  400: [
    "Bad request",
    "The body is not valid JSON, or a field or query value is missing or invalid; `error` names the fields.",
  ],
  401: ["Not authenticated", "No credentials, or a bad, expired or revoked token or key."],
  403: [
    "Forbidden",
    "The trip or conversation does not exist or is not the caller's (`Unauthorized trip access`, " +
      "`Unauthorized conversation access`), the credentials lack the `chat:access` scope, or a cross-site cookie request.",
  ],
  413: ["Payload too large", `The body exceeds ${MAX_BODY_BYTES} bytes.`],
  429: ["Rate limit exceeded", "Too many requests; see `Retry-After`."],
  500: ["Internal error", "Unexpected failure, or the AI provider refused the request."],
  503: [
    "Service unavailable",
    "The AI provider, or the rate-limit store of the assistant routes, is unavailable. Retryable.",
  ],
};

/** Error statuses an operation can answer, derived from how its route is wrapped. */
function errorStatuses(route: ApiRoute, meta: ApiOperationMeta, spec: OperationSpec): number[] {
  const s = new Set<number>(spec.errors ?? []);
  // The Trip Designer and /v1/ai assistant APIs report field problems as 400; the TripSage REST API as 422.
  const fields = route.family === "tripsage" ? 422 : 400;
  if (meta.auth === "required") {
    s.add(401);
    s.add(403);
  }
  if (spec.body) {
    s.add(400);
    s.add(413);
    s.add(fields);
  }
  if (spec.query) s.add(fields);
  // `/v1/ai` answers an id the caller may not use with 403, never 404.
  if (route.path.includes("{") && route.family !== "v1") s.add(404);
  if (spec.ifMatch) s.add(412);
  if (route.family === "v1") s.add(500); // listed by every the /v1/ai assistant API operation
  s.add(429);
  return [...s].sort((a, b) => a - b);
}

/** The Trip Designer API reports field problems as 400 (`message` names the fields). */
const DESIGNER_400: [string, string] = [
  "Bad request",
  "The body is not valid JSON, or a field is missing or invalid; `message` names the fields.",
];

const ERROR_SCHEMAS = {
  tripsage: R.ErrorResponseSchema,
  designer: R.DesignerErrorSchema,
  v1: R.V1ErrorSchema,
} as const;

function errorText(status: number, route: ApiRoute): [string, string] {
  if (route.family === "designer" && status === 400) return DESIGNER_400;
  if (route.family === "v1" && V1_ERROR_TEXT[status]) return V1_ERROR_TEXT[status];
  return ERROR_TEXT[status] ?? ["Error", ""];
}

function errorResponse(status: number, route: ApiRoute) {
  const [title, text] = errorText(status, route);
  const headers: Record<string, { $ref: string }> = {};
  if (status === 429) {
    headers["Retry-After"] = headerRef("Retry-After");
    for (const h of RATE_HEADERS) headers[h] = headerRef(h);
  }
  if (status === 401 && route.family === "tripsage")
    headers["WWW-Authenticate"] = headerRef("WWW-Authenticate");
  return {
    description: `${title}. ${text}`,
    ...(Object.keys(headers).length ? { headers } : {}),
    content: {
      "application/json": { schema: ERROR_SCHEMAS[route.family] },
    },
  };
}

function successResponse(ok: Success) {
  const headers: Record<string, { $ref: string }> = {};
  for (const h of RATE_HEADERS) headers[h] = headerRef(h);
  for (const h of ok.headers ?? []) headers[h] = headerRef(h);
  // An operation may answer JSON and, on `Accept: text/event-stream`, a stream (both documented).
  const content =
    ok.stream || ok.schema
      ? {
          ...(ok.schema && { "application/json": { schema: ok.schema } }),
          ...(ok.stream && {
            [ok.stream.contentType]: {
              schema: { type: "string" as const, description: ok.stream.description },
              ...(ok.stream.example ? { example: ok.stream.example } : {}),
            },
          }),
        }
      : undefined;
  return { description: ok.description, headers, ...(content ? { content } : {}) };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `GET /api/trips/{trip_id}/links` → `getTripsByTripIdLinks`. */
export function operationId(method: HttpMethod, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split("/")
    .map((seg) => {
      const dyn = /^\{(.+)\}$/.exec(seg);
      const parts = (dyn?.[1] ?? seg).split(/[^A-Za-z0-9]+/).filter(Boolean);
      return (dyn ? "By" : "") + parts.map(capitalize).join("");
    });
  return method.toLowerCase() + words.join("");
}

function authText(meta: ApiOperationMeta): string {
  if (meta.auth === "public") {
    return "**Authentication:** none. Credentials are optional; when sent they select the caller's rate-limit bucket.";
  }
  if (meta.sessionOnly) {
    return (
      "**Authentication:** a user login — Bearer access JWT or the browser session cookie. " +
      `API keys are refused with 403${meta.scope ? `; the user needs the \`${meta.scope}\` scope` : ""}.`
    );
  }
  return (
    "**Authentication:** Bearer access JWT, Bearer `ts_live_` API key, or the browser session cookie." +
    (meta.scope ? ` **Required scope:** \`${meta.scope}\`.` : " Any scope.")
  );
}

function security(meta: ApiOperationMeta): Record<string, string[]>[] {
  const roles = meta.scope ? [meta.scope] : [];
  if (meta.auth === "public") return [{}, { bearerAuth: [] }, { cookieAuth: [] }];
  return [{ bearerAuth: roles }, { cookieAuth: roles }];
}

const TAGS: { name: string; description: string }[] = [
  { name: "Health", description: "Liveness and external service status." },
  { name: "Authentication", description: "Accounts, access JWTs (1 h) and rotating refresh tokens." },
  { name: "Users", description: "The signed-in user's profile, preferences and statistics." },
  { name: "Memory", description: "Preferences and travel history the assistant personalises with." },
  {
    name: "API keys",
    description: "`ts_live_` keys for server-to-server use, each with a subset of the owner's scopes.",
  },
  { name: "Trips", description: "The TripSage REST API Trip Management." },
  {
    name: "Itinerary",
    description: "Day-by-day segments of a trip (flights, hotels, activities, …), with ETags.",
  },
  { name: "Sharing", description: "Collaborators, invitations, share links and ownership transfer." },
  { name: "Trip chat", description: "The trip page's designer conversation (AI SDK UI stream)." },
  {
    name: "AI Chat & Memory",
    description: "The TripSage REST API's chat message endpoint: planner or trip designer.",
  },
  {
    name: "Trip Designer (the Trip Designer API)",
    description:
      "The Trip Designer API's session API. Errors use `{error, message, hint?}`; field errors are 400.",
  },
  {
    name: "AI assistant (the /v1/ai assistant API)",
    description:
      "`/v1/ai`: the page-aware, read-only trip assistant, its conversations and context snapshots, and the trip planner. " +
      "Answers are `{ok:true, data}`; errors are `{ok:false, error}`, field problems 400, and a trip or conversation " +
      "the caller may not use 403.",
  },
  {
    name: "Flights",
    description:
      "The TripSage REST API Flight Services: search, offer details and price tracking. Needs `flights:read`; creating or deleting a price watch needs `flights:write`. " +
      "Without a live provider the built-in offline model answers (`search_metadata.provider`).",
  },
  {
    name: "Accommodations",
    description:
      "The TripSage REST API Accommodation Services: search and offer details. Needs `accommodations:read`. " +
      'The built-in sample inventory answers (`search_metadata.provider: "offline"`).',
  },
  { name: "Webhooks", description: "Event subscriptions and their delivery log." },
  { name: "Configuration", description: "Feature flags, limits and supported values of this deployment." },
];

const INFO_DESCRIPTION = `TripSage trip-planning API (the TripSage REST API) with the Trip Designer session API (the Trip Designer API) and the
\`/v1/ai\` assistant and planner (the /v1/ai assistant API).

**Authentication.** Send \`Authorization: Bearer <token>\` with an access JWT from \`POST /api/auth/login\` or a
\`ts_live_\` API key from \`POST /api/user/keys\`. Browser pages use the session cookie instead
(cross-site cookie writes are refused). Each operation lists the scope it needs (\`x-required-scope\`); routes
marked \`x-session-only\` refuse API keys.

**Rate limits.** A sliding 60-second window per caller: 10/min unauthenticated (per IP), 100/min per user,
200/min per basic API key, 1000/min per premium key. Responses carry \`X-RateLimit-Limit\`,
\`X-RateLimit-Remaining\`, \`X-RateLimit-Reset\` and \`X-RateLimit-Window\`; over the limit is 429 with
\`retry_after\` and \`Retry-After\`.

**Errors.** \`{error: true, message, code, type, errors?, details?, retry_after?}\`; validation problems are 422 with
\`errors[{field, message, type}]\`. Trip Designer routes (\`/api/chat/sessions…\`, \`/api/chat/stats\`) answer
\`{error, message, hint?}\` instead, and \`/v1/ai/...\` routes answer \`{ok:true, data}\` and \`{ok:false, error}\` (field
problems are 400 there). A method a path does not support is 405 \`METHOD_NOT_ALLOWED\` with an \`Allow\` header;
\`OPTIONS\` answers 204 with \`Allow\`. Bodies over ${MAX_BODY_BYTES} bytes are 413. These three answers count against the
caller's unauthenticated (per-IP) bucket and carry the \`X-RateLimit-*\` headers too.

**Concurrency.** Trips and segments carry a \`version\`; reads return \`ETag: "v{version}"\` and updates honour
\`If-Match\` (412 when stale).`;

/** Options of {@link buildOpenApiDocument}. */
export interface DocumentOptions {
  /** `info.version` (the deployment's APP_VERSION). */
  version?: string;
}

/**
 * Builds the OpenAPI 3.1 document.
 * @throws Error when the route table and {@link OPERATIONS} disagree (a route without a spec,
 *         or a spec for a route that does not exist)
 */
export function buildOpenApiDocument(opts: DocumentOptions = {}) {
  const registry = new OpenAPIRegistry();

  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT or ts_live_ API key",
    description:
      "An access JWT from `POST /api/auth/login` (1 hour), or an API key `ts_live_…` from `POST /api/user/keys`. " +
      "Requirement entries list the scope the operation needs.",
  });
  registry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The browser session of the web app (same-origin requests only for writes).",
  });
  for (const [name, h] of Object.entries(HEADERS)) registry.registerComponent("headers", name, h);
  const ifMatch = registry.registerComponent("parameters", "IfMatch", {
    name: "If-Match",
    in: "header",
    required: false,
    description:
      'ETag(s) from a previous read, e.g. `"v3"`. The write happens only if one of them is current; otherwise 412. ' +
      "Absent or `*`: unconditional.",
    schema: { type: "string" },
  });

  const seen = new Set<Key>();
  for (const route of DOCUMENTED_ROUTES) {
    for (const method of route.methods) {
      const key: Key = `${method} ${route.path}`;
      const spec = OPERATIONS[key];
      const meta = route.operations[method];
      if (!spec || !meta) throw new Error(`OpenAPI: no operation spec for ${key} (lib/openapi/document.ts)`);
      seen.add(key);
      const responses: RouteConfig["responses"] = { [spec.ok.status]: successResponse(spec.ok) };
      for (const status of errorStatuses(route, meta, spec)) responses[status] = errorResponse(status, route);
      const params = pathParams(route.path);
      const description = [
        spec.description,
        meta.aliasOf ? `\`${method}\` is an alias of \`${meta.aliasOf}\` on this path.` : undefined,
        authText(meta),
      ]
        .filter(Boolean)
        .join("\n\n");
      registry.registerPath({
        method: method.toLowerCase() as Lowercase<HttpMethod>,
        path: route.path,
        operationId: operationId(method, route.path),
        summary: capitalize(meta.summary),
        description,
        tags: [route.tag],
        security: security(meta),
        ...(spec.ifMatch ? { parameters: [ifMatch.ref] } : {}),
        request: {
          ...(params ? { params } : {}),
          ...(spec.query ? { query: spec.query } : {}),
          ...(spec.body
            ? {
                body: {
                  required: true,
                  content: {
                    "application/json": {
                      schema: component(spec.body.name, spec.body.schema),
                      ...(spec.body.example !== undefined ? { example: spec.body.example } : {}),
                    },
                  },
                },
              }
            : {}),
        },
        responses,
        ...(meta.scope ? { "x-required-scope": meta.scope } : {}),
        ...(meta.sessionOnly ? { "x-session-only": true } : {}),
        "x-error-format": route.family,
        "x-route-file": route.next,
      } as RouteConfig);
    }
  }
  const extra = (Object.keys(OPERATIONS) as Key[]).filter((k) => !seen.has(k));
  if (extra.length) throw new Error(`OpenAPI: operation specs without a route: ${extra.join(", ")}`);

  for (const type of WEBHOOK_EVENTS) {
    registry.registerWebhook({
      method: "post",
      path: type,
      summary: `\`${type}\` event`,
      description:
        "POSTed to every active webhook subscribed to the event, signed per Standard Webhooks " +
        "(https://www.standardwebhooks.com/): verify `webhook-signature` over `webhook-id.webhook-timestamp.body` " +
        "with the webhook's `whsec_` secret. Retries keep the same `webhook-id`.",
      tags: ["Webhooks"],
      request: {
        headers: z.object({
          "webhook-id": z.string().meta({ description: "Delivery id, stable across retries." }),
          "webhook-timestamp": z.string().meta({ description: "Unix seconds when signed." }),
          "webhook-signature": z.string().meta({ description: "`v1,<base64 HMAC-SHA256>`." }),
        }),
        body: { required: true, content: { "application/json": { schema: R.webhookPayloadSchema(type) } } },
      },
      responses: {
        200: { description: "Any 2xx acknowledges the delivery; other answers are retried with backoff." },
      },
    });
  }

  const generator = new OpenApiGeneratorV31(registry.definitions);
  const doc = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "TripSage API",
      version: opts.version ?? "1.0.0",
      description: INFO_DESCRIPTION,
    },
    servers: [{ url: "/", description: "This deployment" }],
    tags: TAGS,
  });
  return hoistErrorResponses(tidy(doc));
}

/**
 * Two fixes to what the generator emits:
 * - a nullable reference comes out as `allOf: [{$ref}, {type: [object, null]}]`, which no
 *   `null` satisfies; it becomes `anyOf: [{$ref}, {type: "null"}]`;
 * - a coerced query parameter (`z.coerce.number()`) is marked nullable because the coercion
 *   accepts `null`; a query string value cannot be null.
 */
function tidy<T>(node: T): T {
  if (Array.isArray(node)) return node.map(tidy) as T;
  if (!node || typeof node !== "object") return node;
  const o = node as Record<string, unknown>;
  const [ref, nullable, ...more] = Array.isArray(o.allOf) ? (o.allOf as Record<string, unknown>[]) : [];
  const nullableTypes = nullable && Array.isArray(nullable.type) ? (nullable.type as string[]) : [];
  if (
    ref &&
    typeof ref.$ref === "string" &&
    more.length === 0 &&
    nullableTypes.includes("null") &&
    Object.keys(nullable ?? {}).length === 1
  ) {
    const { allOf: _drop, ...rest } = o;
    return { ...tidy(rest), anyOf: [ref, { type: "null" }] } as T;
  }
  if ((o.in === "query" || o.in === "path") && o.schema && typeof o.schema === "object") {
    const schema = o.schema as Record<string, unknown>;
    if (Array.isArray(schema.type)) {
      const types = (schema.type as string[]).filter((t) => t !== "null");
      o.schema = { ...schema, type: types.length === 1 ? types[0] : types };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = tidy(v);
  return out as T;
}

const ERROR_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  402: "PaymentRequired",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  412: "PreconditionFailed",
  413: "PayloadTooLarge",
  422: "ValidationError",
  429: "RateLimited",
  500: "InternalError",
  503: "ServiceUnavailable",
};

/** Prefix of a family's shared error responses (`NotFound`, `DesignerNotFound`, `V1Forbidden`). */
const FAMILY_PREFIX: Record<string, string> = { tripsage: "", designer: "Designer", v1: "V1" };

/**
 * Error responses depend only on (status, error family), so each is stored once under
 * `components.responses` (`NotFound`, `DesignerNotFound`, `V1Forbidden`, …) and operations
 * reference it.
 */
function hoistErrorResponses<D extends ReturnType<OpenApiGeneratorV31["generateDocument"]>>(doc: D): D {
  const shared: Record<string, unknown> = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(
      item as Record<string, { responses?: Record<string, unknown>; "x-error-format"?: string }>,
    )) {
      if (!op || typeof op !== "object" || !op.responses) continue;
      for (const [code, res] of Object.entries(op.responses)) {
        const status = Number(code);
        if (status < 400 || !res || typeof res !== "object" || "$ref" in res) continue;
        const prefix = FAMILY_PREFIX[op["x-error-format"] ?? ""] ?? "";
        const name = `${prefix}${ERROR_NAMES[status] ?? `Status${status}`}`;
        shared[name] ??= res;
        op.responses[code] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  doc.components = { ...doc.components, responses: { ...doc.components?.responses, ...(shared as object) } };
  return doc;
}
