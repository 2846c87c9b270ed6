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
 * (lib/domain/suggestions/service.ts) and webhooks and deliveries (lib/domain/webhooks/service.ts).
 *
 * Still declared here, mirroring a separately written service type (checked by `Same<…>` where
 * marked): the error bodies, health and events ticket (built by their route and lib/realtime),
 * the chat and /v1/ai bodies (`sessionView`/`messageView` lib/domain/chat/sessions.ts,
 * `toV1Conversation`/`pageChat` lib/domain/chat/page-chat.ts, `Source`, `PlannerDraft`) and the
 * flight and stay offers and price watches of lib/domain/travel.
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
import type { Source } from "@/lib/domain/chat/page-context";
import { PAGE_KEYS } from "@/lib/domain/chat/page-context";
import type { PlannerDraft } from "@/lib/domain/chat/planner";
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
  type AccommodationOffer,
  CABIN_CLASSES,
  type CabinClass,
  type FlightOffer,
  PROPERTY_TYPES,
  type SearchMetadata,
} from "@/lib/domain/travel/types";
import type { PriceWatchResponse } from "@/lib/domain/travel/watches";
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

// ---- chat -----------------------------------------------------------------------------------

/** Trip Designer API `StructuredQuestion` (asked through the `ask_question` tool). */
export const StructuredQuestionSchema = named(
  "StructuredQuestion",
  z.object({
    id: z.string().meta({ example: "q1" }),
    type: z.enum(["single_choice", "multiple_choice", "text", "date", "date_range"]),
    question: z.string().meta({ example: "Which dinner should I remove?" }),
    options: z
      .array(z.object({ id: z.string(), label: z.string() }))
      .optional()
      .meta({
        description: "For `single_choice` and `multiple_choice`; answer with an option's label or id.",
      }),
  }),
);

/** What an undo restored or left alone. */
named("UndoItem", undoItemSchema);

export const UndoResultSchema = named("UndoResult", undoResultSchema);

export const ChangesetSchema = named("Changeset", changesetSchema);

export const TripChatSchema = named(
  "TripChat",
  z.object({
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
      .array(ChangesetSchema)
      .meta({ description: "The conversation's changesets, newest first (write tool results name theirs)." }),
  }),
);

const tokens = () => z.object({ input: z.int(), output: z.int() });

export const SessionCreatedSchema = named("SessionCreated", z.object({ sessionId: uuid() }));

export const SessionSchema = named(
  "Session",
  z.object({
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
  }),
);

export const DesignerReplySchema = named(
  "DesignerReply",
  z.object({
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
    structuredQuestions: z.array(StructuredQuestionSchema),
    changesetId: uuid().optional().meta({
      description: "Present when the turn changed the trip: undo with `POST /api/changesets/{id}/undo`.",
    }),
    tokens: tokens(),
    costUSD: z.number(),
  }),
);

export const ChatStatsSchema = named("ChatStats", z.object({ activeSessions: z.int() }));

export const ChatMessageResponseSchema = named(
  "ChatMessageResponse",
  z.object({
    message_id: uuid(),
    response: z.string(),
    suggestions: z.array(z.record(z.string(), z.unknown())).meta({
      description:
        'Without a trip: destination ideas `{type:"destination", title, description, estimated_cost}`; with a trip: the tool calls made `{type:"tool_call", action, parameters}`.',
    }),
    next_actions: z.array(z.string()),
    session_id: uuid(),
    itinerary_updated: z.boolean().optional(),
    segments_modified: z.array(uuid()).optional(),
    structured_questions: z.array(StructuredQuestionSchema).optional(),
    changeset_id: uuid().optional(),
    planner_draft: z.record(z.string(), z.unknown()).nullable().optional(),
    timestamp: dateTime(),
  }),
);

// ---- /v1/ai (the /v1/ai assistant API) ------------------------------------------------------------------

/** The /v1/ai assistant API's success envelope `{ok:true, data}`. */
function v1Ok<T extends z.ZodType>(name: string, data: T) {
  return named(name, z.object({ ok: z.literal(true), data }));
}

const V1ConversationSchema = named(
  "V1Conversation",
  z.object({
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
  }),
);

export const V1ConversationListSchema = v1Ok(
  "V1ConversationList",
  z.array(V1ConversationSchema).meta({ description: "Most recently active first." }),
);

export const V1MessageListSchema = v1Ok(
  "V1MessageList",
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

const PageKeySchema = named("PageKey", z.enum(PAGE_KEYS));

export const V1ContextRefreshSchema = v1Ok(
  "V1ContextRefresh",
  z.object({ updatedAt: dateTime(), pageKey: PageKeySchema }),
);

const SOURCE_STATUSES = [
  "ok",
  "unavailable",
  "skipped",
  "error",
] as const satisfies readonly Source["status"][];

const SourceSchema = named(
  "V1Source",
  z.object({
    name: z.string().meta({ example: "next_flight_status" }),
    status: z.enum(SOURCE_STATUSES).meta({
      description:
        "`unavailable`: a live source the question needed has no provider (the answer is `degraded`).",
    }),
    fetchedAt: dateTime(),
    detail: z.string(),
  }),
  { description: "Where part of the answer's context came from." },
);

export const V1PageChatSchema = v1Ok(
  "V1PageChat",
  z.object({
    conversationId: uuid().meta({ description: "The page's conversation the exchange was stored in." }),
    answer: z.string(),
    highlights: z.array(z.string()),
    suggestedActions: z.array(z.string()),
    sources: z.array(SourceSchema),
    degraded: z
      .boolean()
      .meta({ description: "True when a live source the question needed was unavailable." }),
  }),
);

const PlannerDraftSchema = named(
  "PlannerDraft",
  z.object({
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
  }),
  {
    description:
      "The trip drafted from the planner context and the user's messages (`plannerDraft` is null when nothing trip-like was said).",
  },
);

export const V1PlannerChatSchema = v1Ok(
  "V1PlannerChat",
  z.object({
    answer: z.string(),
    sources: z.array(SourceSchema),
    degraded: z.boolean(),
    /** Null when nothing trip-like was said (a `.meta()` here would inline the component). */
    plannerDraft: PlannerDraftSchema.nullable(),
  }),
);

/** Compile-time check: the schemas above describe exactly the services' types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameAsServices: [
  Same<z.infer<typeof SourceSchema>, Source>,
  Same<z.infer<typeof PlannerDraftSchema>, PlannerDraft>,
] = [true, true];
void _sameAsServices;

// ---- flights & accommodations (the TripSage REST API) ----------------------------------------------------

const usd = (description: string) => z.number().meta({ description, example: 1280 });
/** Local time with its UTC offset, e.g. `2025-04-02T17:45:00+09:00`. */
const localDateTime = () =>
  z.iso.datetime({ offset: true }).meta({
    description: "ISO 8601 local time with the airport's UTC offset.",
    example: "2025-04-02T17:45:00+09:00",
  });
const isoDuration = () => z.string().meta({ description: "ISO 8601 duration.", example: "PT14H15M" });

const FlightEndpointSchema = named(
  "FlightEndpoint",
  z.object({
    airport: z.string().meta({ description: "IATA airport code.", example: "NRT" }),
    terminal: z.string().nullable(),
    time: localDateTime(),
  }),
);

const FlightLegSchema = named(
  "FlightLeg",
  z.object({
    flight_number: z.string().meta({ example: "NH9" }),
    departure: FlightEndpointSchema,
    arrival: FlightEndpointSchema,
    duration: isoDuration(),
    aircraft: z.string().meta({ example: "Boeing 787-9" }),
  }),
);

const FlightJourneySchema = named(
  "FlightJourney",
  z.object({
    departure: FlightEndpointSchema,
    arrival: FlightEndpointSchema,
    duration: isoDuration().meta({ description: "Door to door, connections included (ISO 8601)." }),
    stops: z.int(),
    aircraft: z.string().meta({ description: "Aircraft of the longest flight." }),
    legs: z.array(FlightLegSchema).meta({ description: "Every flight in order (one when non-stop)." }),
  }),
);

const CabinClassSchema = named("CabinClass", z.enum(CABIN_CLASSES));

export const FlightOfferSchema = named(
  "FlightOffer",
  z.object({
    id: z.string().meta({ description: "`off_` + 20 hex characters.", example: "off_3f9a1c2b7d4e5f607182" }),
    airline: z.string().meta({ example: "ANA" }),
    airline_code: z.string().meta({ description: "IATA designator.", example: "NH" }),
    price: z.object({
      total: usd("All passengers, taxes included."),
      currency: z.string().meta({ example: "USD" }),
      breakdown: z.object({ base_fare: z.number(), taxes: z.number() }),
      per_passenger: z.number(),
    }),
    outbound: FlightJourneySchema,
    return: FlightJourneySchema.optional().meta({ description: "Round trips only." }),
    baggage: z.object({ carry_on: z.string(), checked: z.string() }),
    refundable: z.boolean(),
    changeable: z.boolean(),
    change_fee: z.number().nullable().meta({ description: "0 when free; null when not changeable." }),
    booking_deadline: dateTime(),
    cabin_class: CabinClassSchema,
    passengers: z.int(),
    expires_at: dateTime().meta({ description: "When this price stops being valid." }),
  }),
  {
    description:
      "The TripSage REST API's flight offer, plus `airline_code`, `legs`, `per_passenger` and the search terms.",
  },
);

const SearchMetadataSchema = named(
  "SearchMetadata",
  z.object({
    total_results: z.int().meta({ description: "Matches before `limit`." }),
    search_id: z.string().meta({ example: "search_789xyz0a1b2c3d4e" }),
    currency: z.string().meta({ example: "USD" }),
    searched_at: dateTime(),
    provider: z.string().meta({ description: "Which inventory answered.", example: "offline" }),
    warnings: z.array(z.string()).optional().meta({
      description:
        "Only when something limited the answer: a date in the past or beyond the 361 days on sale gives 200 with no results and says so here.",
    }),
  }),
);

export const FlightSearchResponseSchema = named(
  "FlightSearchResponse",
  z.object({ results: z.array(FlightOfferSchema), search_metadata: SearchMetadataSchema }),
);

export const AccommodationOfferSchema = named(
  "AccommodationOffer",
  z.object({
    id: z
      .string()
      .meta({ description: "`stay_` + 20 hex characters.", example: "stay_0a1b2c3d4e5f60718293" }),
    property_id: z.string().meta({ description: "The property, stable across searches." }),
    name: z.string(),
    property_type: z.enum(PROPERTY_TYPES),
    star_rating: z.int().nullable().meta({ description: "Hotels and resorts only." }),
    location: z.object({
      address: z.string(),
      coordinates: z.object({ latitude: z.number(), longitude: z.number() }),
      neighborhood: z.string(),
      distance_to_center: z.number().meta({ description: "Kilometres from the searched centre." }),
    }),
    price: z.object({
      total: usd("The whole stay, all rooms, taxes included."),
      per_night: z.number(),
      currency: z.string().meta({ example: "USD" }),
      taxes_included: z.boolean(),
      breakdown: z.object({ room_rate: z.number(), taxes: z.number() }),
    }),
    room: z.object({
      type: z.string(),
      size_sqm: z.number(),
      bed_type: z.string(),
      max_guests: z.int(),
      description: z.string(),
    }),
    amenities: z.array(z.string()).meta({ example: ["Free WiFi", "Breakfast included"] }),
    rating: z.object({
      score: z.number(),
      max_score: z.number(),
      review_count: z.int(),
      recent_reviews: z.array(z.object({ rating: z.number(), comment: z.string(), date: z.string() })),
    }),
    policies: z.object({
      check_in: z.string().meta({ example: "15:00" }),
      check_out: z.string().meta({ example: "11:00" }),
      cancellation: z.string(),
      pets_allowed: z.boolean(),
    }),
    images: z.array(z.object({ url: z.string(), caption: z.string(), type: z.string() })),
    check_in: isoDate(),
    check_out: isoDate(),
    nights: z.int(),
    guests: z.int(),
    rooms: z.int(),
    expires_at: dateTime(),
  }),
  {
    description:
      "The TripSage REST API's accommodation result, plus `property_id` and the stay it is priced for.",
  },
);

export const AccommodationSearchResponseSchema = named(
  "AccommodationSearchResponse",
  z.object({ results: z.array(AccommodationOfferSchema), search_metadata: SearchMetadataSchema }),
);

export const PriceWatchSchema = named(
  "PriceWatch",
  z.object({
    id: uuid(),
    trip_id: uuid().nullable(),
    route: z.object({
      origin: z.string().meta({ example: "JFK" }),
      destination: z.string().meta({ example: "NRT" }),
      departure_date: isoDate(),
      return_date: isoDate().nullable(),
    }),
    passengers: z.int(),
    cabin_class: CabinClassSchema,
    target_price: z.number().nullable(),
    currency: z.string().meta({ example: "USD" }),
    notification_email: z.string().nullable(),
    current_price: z
      .number()
      .nullable()
      .meta({ description: "Cheapest `price.total` at the last check; null when nothing flies it." }),
    lowest_price: z.number().nullable(),
    below_target: z.boolean(),
    status: z.enum(["active", "expired", "cancelled"]),
    price_history: z.array(z.object({ checked_at: dateTime(), price: z.number().nullable() })),
    last_checked_at: dateTime().nullable(),
    next_check_at: dateTime().nullable().meta({ description: "Null unless `active`." }),
    created_at: dateTime(),
  }),
  { description: "A tracked route. Prices are `price.total` for all passengers." },
);

export const PriceWatchListSchema = named(
  "PriceWatchList",
  z.object({ watches: z.array(PriceWatchSchema), total: z.int() }),
);

/** Compile-time check: the travel schemas describe exactly lib/domain/travel's types. */
const _sameAsTravel: [
  Same<z.infer<typeof FlightOfferSchema>, FlightOffer>,
  Same<z.infer<typeof AccommodationOfferSchema>, AccommodationOffer>,
  Same<z.infer<typeof SearchMetadataSchema>, SearchMetadata>,
  Same<
    z.infer<typeof PriceWatchSchema>,
    Omit<PriceWatchResponse, "cabin_class"> & { cabin_class: CabinClass }
  >,
] = [true, true, true, true];
void _sameAsTravel;

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
