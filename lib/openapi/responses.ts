/**
 * Response bodies of the API as zod schemas, named as components of the OpenAPI document
 * (nothing parses responses with them outside the tests).
 *
 * Declared by the domain module that owns each response, whose service type is `z.infer` of
 * it (so the type and the document cannot drift; a field added there appears in both), and
 * only named here: trips and the trip list (lib/domain/trips/schemas.ts), segments and
 * itineraries (lib/domain/itinerary/schemas.ts), sharing (lib/domain/sharing/schemas.ts),
 * changesets and undo (lib/domain/changesets/schemas.ts), the user's profile and memory
 * (lib/domain/users/schemas.ts), configuration and service health (lib/domain/config/schemas.ts),
 * token pairs (lib/domain/auth/tokens.ts), API keys (lib/domain/auth/api-keys.ts), suggestions
 * (lib/domain/suggestions/service.ts), webhooks and deliveries (lib/domain/webhooks/service.ts),
 * flights, stays and price watches (lib/domain/travel/schemas.ts) and the assistant's bodies —
 * Trip Designer sessions and replies, the chat message endpoint, /v1/ai conversations, page chat
 * and planner (lib/domain/chat/schemas.ts).
 *
 * Declared here because no domain module builds them: the error bodies (lib/http), health and
 * the events ticket (built by their route and lib/realtime) and the MCP JSON-RPC envelope.
 * lib/openapi/contract.db.test.ts calls every JSON route and checks its answer against these
 * schemas exactly (no undeclared or missing field).
 *
 * Shared request shapes (destination, preferences, segment location and details) are reused
 * from lib/domain/validators and named as components here, so requests and responses reference the
 * same `#/components/schemas/...`.
 */

import {
  activityDetails,
  budget,
  coordinates,
  destination,
  flightDetails,
  hotelDetails,
  mealDetails,
  meetingDetails,
  noteDetails,
  segmentLocation,
  transferDetails,
  tripPreferences,
  userProfile,
} from "@/db/schema/shapes";
import { apiKeyCreatedSchema, apiKeyListSchema, apiKeySchema, scopeSchema } from "@/lib/domain/auth/api-keys";
import { tokenPairSchema, userRefSchema } from "@/lib/domain/auth/tokens";
import { changesetSchema, undoItemSchema, undoResultSchema } from "@/lib/domain/changesets/schemas";
import {
  chatMessageResponseSchema,
  chatStatsSchema,
  designerReplySchema,
  pageKeyResponseSchema,
  plannerDraftSchema,
  sessionCreatedSchema,
  sessionSchema,
  sourceSchema,
  structuredQuestionSchema,
  tripChatSchema,
  v1ContextRefreshSchema,
  v1ConversationListSchema,
  v1ConversationSchema,
  v1MessageListSchema,
  v1PageChatSchema,
  v1PlannerChatSchema,
} from "@/lib/domain/chat/schemas";
import {
  configSchema,
  featureSchema,
  featuresSchema,
  servicesHealthSchema,
} from "@/lib/domain/config/schemas";
import {
  itinerarySchema,
  publicItinerarySchema,
  segmentListSchema,
  segmentSchema,
} from "@/lib/domain/itinerary/schemas";
import {
  collaboratorListSchema,
  collaboratorSchema,
  joinResultSchema,
  permissionLevelSchema,
  shareLinkInfoSchema,
  shareLinkListSchema,
  shareLinkSchema,
  transferResultSchema,
} from "@/lib/domain/sharing/schemas";
import { suggestionSchema } from "@/lib/domain/suggestions/service";
import {
  accommodationOfferSchema,
  accommodationSearchResponseSchema,
  cabinClassSchema,
  flightEndpointSchema,
  flightJourneySchema,
  flightLegSchema,
  flightOfferSchema,
  flightSearchResponseSchema,
  priceWatchListSchema,
  priceWatchSchema,
  searchMetadataSchema,
} from "@/lib/domain/travel/schemas";
import { tripListSchema, tripRoleSchema, tripSchema, tripStatusSchema } from "@/lib/domain/trips/schemas";
import { memorySchema, meSchema } from "@/lib/domain/users/schemas";
import {
  deliveryListSchema,
  deliverySchema,
  webhookCreatedSchema,
  webhookEventTypeSchema,
  webhookListSchema,
  webhookSchema,
} from "@/lib/domain/webhooks/service";
import type { WEBHOOK_EVENTS } from "@/lib/platform/outbox";
import { dateTime, isoDate, uuid } from "@/lib/platform/schema-fields";
import { named, z } from "./zod";

// ---- shared shapes from lib/domain/validators, named once ------------------------------------------

named("Coordinates", coordinates, { description: "WGS 84 latitude/longitude in degrees." });
named("Destination", destination);
named("Budget", budget, { description: "Trip budget; `currency` is an ISO 4217 code (default USD)." });
named("TripPreferences", tripPreferences);
named("UserProfile", userProfile);
named("SegmentLocation", segmentLocation);
named("FlightDetails", flightDetails);
named("HotelDetails", hotelDetails);
named("ActivityDetails", activityDetails);
named("TransferDetails", transferDetails);
named("MeetingDetails", meetingDetails);
named("MealDetails", mealDetails);
named("NoteDetails", noteDetails);

// ---- errors ----------------------------------------------------------------------------------

/** The TripSage REST API `errors[]` item (pydantic-style `type`). */
export const FieldErrorSchema = named(
  "FieldError",
  z.object({
    field: z.string().meta({ example: "start_date" }),
    message: z.string().meta({ example: "Must be an ISO 8601 date (YYYY-MM-DD)" }),
    type: z
      .string()
      .meta({ example: "value_error", description: "`value_error`, `value_error.missing` or `type_error`." }),
  }),
);

/** The TripSage REST API's error body (every `/api/...` route except the Trip Designer's). */
export const ErrorResponseSchema = named(
  "Error",
  z.object({
    error: z.literal(true),
    message: z.string().meta({ description: "Human-readable description." }),
    code: z.string().meta({
      description:
        "Machine-readable code, e.g. VALIDATION_ERROR, INVALID_JSON, PAYLOAD_TOO_LARGE, UNAUTHORIZED, " +
        "INVALID_TOKEN, TOKEN_EXPIRED, INVALID_CREDENTIALS, INSUFFICIENT_PERMISSIONS, LIMIT_EXCEEDED, " +
        "NOT_FOUND, METHOD_NOT_ALLOWED, EMAIL_TAKEN, CONFLICT, PRECONDITION_FAILED, " +
        "OUTSIDE_TRIP_DATES, RATE_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE, DATABASE_ERROR, INTERNAL_ERROR.",
      example: "VALIDATION_ERROR",
    }),
    type: z.enum([
      "authentication",
      "authorization",
      "validation",
      "not_found",
      "conflict",
      "ratelimit",
      "external",
      "internal",
    ]),
    errors: z.array(FieldErrorSchema).optional().meta({ description: "Per-field problems (422)." }),
    details: z.record(z.string(), z.unknown()).optional(),
    retry_after: z.int().optional().meta({ description: "Seconds to wait (429, 503)." }),
  }),
  {
    description:
      "The TripSage REST API error format: `{error:true, message, code, type, errors?, details?, retry_after?}`.",
    example: {
      error: true,
      message: "Request validation failed",
      code: "VALIDATION_ERROR",
      type: "validation",
      errors: [
        { field: "start_date", message: "Must be an ISO 8601 date (YYYY-MM-DD)", type: "value_error" },
      ],
    },
  },
);

/** The Trip Designer API's error body. */
export const DesignerErrorSchema = named(
  "DesignerError",
  z.object({
    error: z
      .string()
      .meta({ description: "Error kind, e.g. `Bad Request`, `Not Found`.", example: "Not Found" }),
    message: z.string(),
    hint: z.string().optional().meta({ description: "Suggestion for fixing the error." }),
    retryAfter: z.int().optional().meta({ description: "Seconds to wait (429)." }),
  }),
  { description: "The Trip Designer API (Trip Designer) error format: `{error, message, hint?}`." },
);

/** The /v1/ai assistant API's `/v1/ai` error body. */
export const V1ErrorSchema = named(
  "V1Error",
  z.object({
    ok: z.literal(false),
    error: z.string().meta({
      description: "What went wrong; for a bad request it names the fields.",
      example: "Unauthorized trip access",
    }),
  }),
  { description: "The /v1/ai assistant API (`/v1/ai`) error format: `{ok:false, error}`." },
);

// ---- health & configuration -----------------------------------------------------------------

export const EventsTicketSchema = named(
  "EventsTicket",
  z.object({
    ticket: z.string().meta({ description: "Pass as `?ticket=` to the trip's SSE stream." }),
    expires_in: z.number().int().meta({ description: "Seconds the ticket is valid.", example: 60 }),
  }),
);

export const HealthSchema = named(
  "Health",
  z.object({
    status: z
      .enum(["healthy", "unhealthy"])
      .meta({ description: "`unhealthy` (HTTP 503) when the database does not answer." }),
    application: z.literal("TripSage API"),
    version: z.string().meta({ example: "1.0.0" }),
    environment: z.enum(["development", "production", "test"]),
    timestamp: dateTime(),
    database: z
      .object({
        status: z.enum(["healthy", "unhealthy"]),
        driver: z.enum(["postgres", "pglite"]).optional(),
        detail: z.string().optional().meta({ description: "Why it is unhealthy, e.g. ECONNREFUSED." }),
      })
      .meta({ description: "Whether the database answers `select 1` within 2 s." }),
  }),
);

export const ServicesHealthSchema = named("ServicesHealth", servicesHealthSchema);

named("Feature", featureSchema);

export const FeaturesSchema = named("Features", featuresSchema);

export const ConfigSchema = named("Config", configSchema);

// ---- authentication & users -----------------------------------------------------------------

named("UserRef", userRefSchema, { description: "The signed-in user." });

export const TokenPairSchema = named("TokenPair", tokenPairSchema);

export const PasswordChangedSchema = named(
  "PasswordChanged",
  TokenPairSchema.extend({ message: z.string() }),
);

export const MessageSchema = named("Message", z.object({ message: z.string() }));

export const MeSchema = named("Me", meSchema);

export const MemorySchema = named("Memory", memorySchema);

named("Scope", scopeSchema);

export const ApiKeySchema = named("ApiKey", apiKeySchema);

export const ApiKeyListSchema = named("ApiKeyList", apiKeyListSchema);

export const ApiKeyCreatedSchema = named("ApiKeyCreated", apiKeyCreatedSchema);

// ---- trips ----------------------------------------------------------------------------------

const TripStatusSchema = named("TripStatus", tripStatusSchema);
named("TripRole", tripRoleSchema);
const PermissionLevelSchema = named("PermissionLevel", permissionLevelSchema);

export const TripSchema = named("Trip", tripSchema, {
  description: "The TripSage REST API's Trip Object plus `version` (the ETag) and the caller's `role`.",
});

export const TripListSchema = named("TripList", tripListSchema);

export const SuggestionSchema = named("TripSuggestion", suggestionSchema);

// ---- itinerary ------------------------------------------------------------------------------

export const SegmentSchema = named("Segment", segmentSchema);

export const SegmentListSchema = named("SegmentList", segmentListSchema);

export const ItinerarySchema = named("Itinerary", itinerarySchema, {
  description: "The trip with every day from start to end date and its segments.",
});

export const PublicItinerarySchema = named("PublicItinerary", publicItinerarySchema, {
  description: "An itinerary as a public share link shows it: no owner id.",
});

// ---- sharing --------------------------------------------------------------------------------

export const CollaboratorSchema = named("Collaborator", collaboratorSchema);

export const CollaboratorListSchema = named("CollaboratorList", collaboratorListSchema);

export const ShareLinkSchema = named("ShareLink", shareLinkSchema);

export const ShareLinkListSchema = named("ShareLinkList", shareLinkListSchema);

export const ShareLinkInfoSchema = named("ShareLinkInfo", shareLinkInfoSchema);

export const JoinResultSchema = named("JoinResult", joinResultSchema);

export const TransferResultSchema = named("TransferResult", transferResultSchema);

// ---- chat and /v1/ai (lib/domain/chat/schemas.ts declares them; named here) -----------------

/** What an undo restored or left alone. */
named("UndoItem", undoItemSchema);

export const UndoResultSchema = named("UndoResult", undoResultSchema);

export const ChangesetSchema = named("Changeset", changesetSchema);

export const StructuredQuestionSchema = named("StructuredQuestion", structuredQuestionSchema);
export const TripChatSchema = named("TripChat", tripChatSchema);
export const SessionCreatedSchema = named("SessionCreated", sessionCreatedSchema);
export const SessionSchema = named("Session", sessionSchema);
export const DesignerReplySchema = named("DesignerReply", designerReplySchema);
export const ChatStatsSchema = named("ChatStats", chatStatsSchema);
export const ChatMessageResponseSchema = named("ChatMessageResponse", chatMessageResponseSchema);
named("V1Conversation", v1ConversationSchema);
export const V1ConversationListSchema = named("V1ConversationList", v1ConversationListSchema);
export const V1MessageListSchema = named("V1MessageList", v1MessageListSchema);
named("PageKey", pageKeyResponseSchema);
export const V1ContextRefreshSchema = named("V1ContextRefresh", v1ContextRefreshSchema);
named("V1Source", sourceSchema, {
  description: "Where part of the answer's context came from.",
});
export const V1PageChatSchema = named("V1PageChat", v1PageChatSchema);
named("PlannerDraft", plannerDraftSchema, {
  description:
    "The trip drafted from the planner context and the user's messages (`plannerDraft` is null when nothing trip-like was said).",
});
export const V1PlannerChatSchema = named("V1PlannerChat", v1PlannerChatSchema);

// ---- flights & accommodations (lib/domain/travel/schemas.ts declares them; named here) --------------

named("FlightEndpoint", flightEndpointSchema);
named("FlightLeg", flightLegSchema);
named("FlightJourney", flightJourneySchema);
const CabinClassSchema = named("CabinClass", cabinClassSchema);
export const FlightOfferSchema = named("FlightOffer", flightOfferSchema, {
  description:
    "The TripSage REST API's flight offer, plus `airline_code`, `legs`, `per_passenger` and the search terms.",
});
named("SearchMetadata", searchMetadataSchema);
export const FlightSearchResponseSchema = named("FlightSearchResponse", flightSearchResponseSchema);
export const AccommodationOfferSchema = named("AccommodationOffer", accommodationOfferSchema, {
  description:
    "The TripSage REST API's accommodation result, plus `property_id` and the stay it is priced for.",
});
export const AccommodationSearchResponseSchema = named(
  "AccommodationSearchResponse",
  accommodationSearchResponseSchema,
);
export const PriceWatchSchema = named("PriceWatch", priceWatchSchema, {
  description: "A tracked route. Prices are `price.total` for all passengers.",
});
export const PriceWatchListSchema = named("PriceWatchList", priceWatchListSchema);

// ---- webhooks (lib/domain/webhooks/service.ts declares them; named here) ------------------------

named("WebhookEventType", webhookEventTypeSchema);

export const WebhookSchema = named("Webhook", webhookSchema);

export const WebhookCreatedSchema = named("WebhookCreated", webhookCreatedSchema);

export const WebhookListSchema = named("WebhookList", webhookListSchema);

export const DeliverySchema = named("WebhookDelivery", deliverySchema);

export const DeliveryListSchema = named("WebhookDeliveryList", deliveryListSchema);

const fieldChange = <T extends z.ZodType>(t: T) => z.object({ from: t, to: t });

/** The JSON body TripSage POSTs to a webhook for `type` (the TripSage REST API "Webhook Payload Example"). */
export function webhookPayloadSchema(type: (typeof WEBHOOK_EVENTS)[number]) {
  const data =
    type === "trip.created"
      ? z.object({ trip_id: uuid(), user_id: uuid(), trip: TripSchema.omit({ role: true }) })
      : type === "trip.updated"
        ? z.object({
            trip_id: uuid(),
            user_id: uuid().meta({ description: "Who made the change." }),
            changes: z.object({
              title: fieldChange(z.string()).optional(),
              description: fieldChange(z.string().nullable()).optional(),
              start_date: fieldChange(isoDate()).optional(),
              end_date: fieldChange(isoDate()).optional(),
              status: fieldChange(TripStatusSchema).optional(),
              destinations: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }).optional(),
              preferences: fieldChange(tripPreferences).optional(),
            }),
          })
        : type === "collaboration.added"
          ? z.object({
              trip_id: uuid(),
              user_id: uuid().meta({ description: "Who added the collaborator." }),
              collaborator: z.object({
                user_id: uuid(),
                email: z.email(),
                permission_level: PermissionLevelSchema,
              }),
            })
          : type === "flight.price_changed"
            ? z.object({
                watch_id: uuid(),
                trip_id: uuid().nullable(),
                route: PriceWatchSchema.shape.route,
                passengers: z.int(),
                cabin_class: CabinClassSchema,
                old_price: z.number(),
                new_price: z.number(),
                price_change: z
                  .number()
                  .meta({ description: "`new_price - old_price`; negative when it dropped." }),
                currency: z.string(),
                target_price: z.number().nullable(),
                below_target: z.boolean(),
                checked_at: dateTime(),
              })
            : z.record(z.string(), z.unknown()).meta({ description: "Not emitted by this deployment yet." });
  return z.object({
    id: z.string().meta({ example: "evt_3f9a1c2b7d4e5f60718293a4" }),
    type: z.literal(type),
    data,
    created_at: dateTime(),
  });
}

// ---- MCP ---------------------------------------------------------------------------------------

const jsonRpcResponse = z.looseObject({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.number(), z.null()]),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
});

/** `POST /api/mcp`: the JSON-RPC 2.0 response (or batch of them) to the request's messages. */
export const McpResponseSchema = named(
  "McpJsonRpcResponse",
  z.union([jsonRpcResponse, z.array(jsonRpcResponse)]),
  {
    description: "A JSON-RPC 2.0 response: `result` (e.g. `tools`, or a tool's `content`) or `error`.",
  },
);
