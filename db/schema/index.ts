/**
 * The one data model behind all three API families (the TripSage REST API trips, the Trip Designer API itineraries,
 * the /v1/ai assistant API `/v1/ai`). A trip *is* the itinerary; segments hang off it by day.
 * Table names are plural snake_case; columns are camelCase here and snake_case in SQL
 * (`casing: "snake_case"` in the client and in drizzle.config.ts).
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type {
  Destination,
  SegmentDetails,
  SegmentLocation,
  TripPreferences,
  UserPreferences,
  UserProfile,
} from "@/db/schema/shapes";

export const userRole = pgEnum("user_role", ["user", "admin"]);
export const tripStatus = pgEnum("trip_status", [
  "planning",
  "booked",
  "in_progress",
  "completed",
  "cancelled",
]);
export const permissionLevel = pgEnum("permission_level", ["viewer", "editor", "admin"]);
export const segmentType = pgEnum("segment_type", [
  "flight",
  "hotel",
  "activity",
  "transfer",
  "meeting",
  "meal",
  "note",
]);
export const segmentSource = pgEnum("segment_source", ["user", "assistant", "import"]);
export const timeBlock = pgEnum("time_block", ["morning", "afternoon", "evening"]);
export const messageRole = pgEnum("message_role", ["system", "user", "assistant", "tool"]);
export const conversationKind = pgEnum("conversation_kind", ["designer", "page", "planner"]);

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    /** argon2id PHC string (`$argon2id$v=19$...`). */
    passwordHash: text().notNull(),
    role: userRole().notNull().default("user"),
    profile: jsonb().$type<UserProfile>().notNull().default({}),
    preferences: jsonb().$type<UserPreferences>().notNull().default({}),
    /** Bumped on logout-everywhere / password change; JWTs carry it and stale ones are refused. */
    tokenVersion: integer().notNull().default(0),
    lastActiveAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 (hex) of the opaque token; the token itself is never stored. */
    tokenHash: text().notNull(),
    /** All tokens rotated from one login share a family; reuse of a spent token revokes the family. */
    familyId: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_idx").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
  ],
);

export const trips = pgTable(
  "trips",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text().notNull(),
    description: text(),
    /** ISO 8601 calendar dates (no time zone: a trip's days are local to where it happens). */
    startDate: date({ mode: "string" }).notNull(),
    endDate: date({ mode: "string" }).notNull(),
    destinations: jsonb().$type<Destination[]>().notNull().default([]),
    preferences: jsonb().$type<TripPreferences>().notNull().default({}),
    status: tripStatus().notNull().default("planning"),
    /** Optimistic-concurrency counter, exposed as the ETag. */
    version: integer().notNull().default(1),
    /** Who made the change that set `version` (the trip or its itinerary); named in a 412. */
    updatedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("trips_owner_idx").on(t.ownerId, t.createdAt)],
);

export const tripCollaborators = pgTable(
  "trip_collaborators",
  {
    tripId: uuid()
      .notNull()
      .references(() => trips.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    permission: permissionLevel().notNull(),
    addedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tripId, t.userId] }), index("trip_collaborators_user_idx").on(t.userId)],
);

export const segments = pgTable(
  "segments",
  {
    id: uuid().primaryKey().defaultRandom(),
    tripId: uuid()
      .notNull()
      .references(() => trips.id, { onDelete: "cascade" }),
    type: segmentType().notNull(),
    title: text().notNull(),
    notes: text(),
    /** 1-based day of the trip (day 1 = start_date); null = not yet scheduled. */
    dayIndex: integer(),
    /** 0-based order within its day (or within the unscheduled list). */
    position: integer().notNull().default(0),
    timeBlock: timeBlock(),
    /** Local wall-clock times, ISO 8601 without offset (`2025-04-01T09:30`), in `timezone`. */
    startLocal: text(),
    endLocal: text(),
    /** IANA time zone of the local times, e.g. `Europe/Paris`. */
    timezone: text(),
    location: jsonb().$type<SegmentLocation>(),
    /** Price in major units of `priceCurrency` (ISO 4217), e.g. 129.50 EUR. */
    priceAmount: numeric({ precision: 12, scale: 2, mode: "number" }),
    priceCurrency: text(),
    details: jsonb().$type<SegmentDetails>(),
    source: segmentSource().notNull().default("user"),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    /** Who made the change that set `version`; named in a 412. */
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("segments_trip_day_idx").on(t.tripId, t.dayIndex, t.position)],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid().primaryKey().defaultRandom(),
    tripId: uuid().references(() => trips.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: conversationKind().notNull().default("designer"),
    title: text().notNull(),
    pageKey: text(),
    /** The Trip Designer API `tripProfile`: what the designer has learned about travellers and budget. */
    tripProfile: jsonb().$type<Record<string, unknown>>(),
    inputTokens: integer().notNull().default(0),
    outputTokens: integer().notNull().default(0),
    /** Accumulated model cost in US dollars. */
    costUsd: numeric({ precision: 12, scale: 6, mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index("conversations_trip_idx").on(t.tripId, t.updatedAt),
    index("conversations_user_idx").on(t.userId),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: messageRole().notNull(),
    /** Plain text of the message (all text parts joined). */
    content: text().notNull().default(""),
    /** AI SDK UIMessage parts (text, tool calls and results), as streamed to the browser. */
    parts: jsonb().$type<unknown[]>().notNull().default([]),
    model: text().notNull().default(""),
    inputTokens: integer(),
    outputTokens: integer(),
    costUsd: numeric({ precision: 12, scale: 6, mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("messages_conversation_idx").on(t.conversationId, t.createdAt)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** First characters of the key (`ts_live_AbCd`), shown in listings to recognise it. */
    prefix: text().notNull(),
    /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
    keyHash: text().notNull(),
    /** The TripSage REST API permission scopes granted to the key. */
    permissions: jsonb().$type<string[]>().notNull(),
    /** Rate-limit tier (the TripSage REST API "API Key (Basic)" / "API Key (Premium)"). */
    tier: text().$type<"basic" | "premium">().notNull().default("basic"),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

export const tripInvitations = pgTable(
  "trip_invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    tripId: uuid()
      .notNull()
      .references(() => trips.id, { onDelete: "cascade" }),
    /** Lower-cased email of someone without an account yet; claimed when they sign up. */
    email: text().notNull(),
    permission: permissionLevel().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    message: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("trip_invitations_trip_email_idx").on(t.tripId, t.email),
    index("trip_invitations_email_idx").on(t.email),
  ],
);

export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    tripId: uuid()
      .notNull()
      .references(() => trips.id, { onDelete: "cascade" }),
    /** Unguessable URL token (≥128 random bits). */
    token: text().notNull(),
    /** Role granted on joining; for a public link, the itinerary is readable without an account. */
    permission: permissionLevel().notNull().default("viewer"),
    isPublic: boolean().notNull().default(false),
    expiresAt: timestamp({ withTimezone: true }),
    maxUses: integer(),
    uses: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("share_links_token_idx").on(t.token), index("share_links_trip_idx").on(t.tripId)],
);

export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: text().notNull(),
    events: jsonb().$type<string[]>().notNull(),
    /** Standard Webhooks signing secret (`whsec_…`), sealed (lib/domain/webhooks/secret-box.ts). */
    secret: text().notNull(),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhooks_user_idx").on(t.userId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    /** Also the Standard Webhooks `webhook-id` (stable across retries). */
    id: uuid().primaryKey().defaultRandom(),
    webhookId: uuid()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventType: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text().$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.createdAt),
  ],
);

export const contextSnapshots = pgTable(
  "context_snapshots",
  {
    id: uuid().primaryKey().defaultRandom(),
    tripId: uuid()
      .notNull()
      .references(() => trips.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The /v1/ai chat API page key: flights, transit, finance, itinerary, overview. */
    pageKey: text().notNull(),
    /** What the assistant knows about that page: facts plus the sources they came from. */
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("context_snapshots_trip_user_page_idx").on(t.tripId, t.userId, t.pageKey)],
);

/**
 * One assistant turn's writes to a trip (a changeset): every segment and trip field it
 * changed, before and after, with the versions it left behind. Undo restores `before` for
 * each entry whose row still has the version (segments) or value (trip fields) the turn
 * left; anything edited since is left alone (lib/domain/changesets/service.ts).
 */
export const changesets = pgTable(
  "changesets",
  {
    id: uuid().primaryKey().defaultRandom(),
    tripId: uuid()
      .notNull()
      .references(() => trips.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The assistant message of the turn; null until the turn's reply is saved. */
    messageId: uuid().references(() => messages.id, { onDelete: "set null" }),
    /** Whose turn it was (the caller the tools acted for). */
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** `ChangesetEntry[]` (lib/domain/changesets/types.ts), in the order the turn first touched each item. */
    entries: jsonb().$type<unknown[]>().notNull().default([]),
    status: text().$type<"applied" | "undone">().notNull().default("applied"),
    /** What the undo restored and left alone, once undone. */
    undoResult: jsonb().$type<Record<string, unknown>>(),
    undoneAt: timestamp({ withTimezone: true }),
    undoneBy: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("changesets_conversation_idx").on(t.conversationId, t.createdAt),
    index("changesets_trip_idx").on(t.tripId, t.createdAt),
    index("changesets_message_idx").on(t.messageId),
  ],
);

export type User = typeof users.$inferSelect;
export type Trip = typeof trips.$inferSelect;
export type Segment = typeof segments.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Permission = (typeof permissionLevel.enumValues)[number];
export type SegmentType = (typeof segmentType.enumValues)[number];
export type TimeBlock = (typeof timeBlock.enumValues)[number];
export type ApiKey = typeof apiKeys.$inferSelect;
export type ShareLink = typeof shareLinks.$inferSelect;
export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type Changeset = typeof changesets.$inferSelect;

/**
 * Priced offers returned by `POST /api/flights/search` and `POST /api/accommodations/search`,
 * kept so `GET /api/flights/{id}` and `GET /api/accommodations/{id}` can answer them to the
 * caller who searched. Rows older than a week are purged as new searches arrive.
 */
export const travelOffers = pgTable(
  "travel_offers",
  {
    /** `off_…` (flights) or `stay_…` (accommodations). */
    id: text().primaryKey(),
    kind: text().$type<"flight" | "accommodation">().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    searchId: text().notNull(),
    /** The offer exactly as the search answered it. */
    offer: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("travel_offers_user_idx").on(t.userId, t.createdAt),
    index("travel_offers_created_idx").on(t.createdAt),
  ],
);

/**
 * Flight price tracking (`POST /api/flights/track`): a route the caller watches. The price
 * checker re-prices due rows and queues `flight.price_changed` when the cheapest fare moves.
 */
export const priceWatches = pgTable(
  "price_watches",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The trip this route is for (optional); alerts name it. */
    tripId: uuid().references(() => trips.id, { onDelete: "set null" }),
    origin: text().notNull(),
    destination: text().notNull(),
    departureDate: date({ mode: "string" }).notNull(),
    returnDate: date({ mode: "string" }),
    passengers: integer().notNull(),
    cabinClass: text().notNull().default("economy"),
    /** In `currency`; null tracks every change. */
    targetPrice: numeric({ precision: 12, scale: 2, mode: "number" }),
    currency: text().notNull().default("USD"),
    notificationEmail: text(),
    /** Cheapest total found at the last check (null when no offer was found). */
    lastPrice: numeric({ precision: 12, scale: 2, mode: "number" }),
    lowestPrice: numeric({ precision: 12, scale: 2, mode: "number" }),
    /** `[{checked_at, price}]`, newest last, at most 60 entries. */
    history: jsonb().$type<{ checked_at: string; price: number | null }[]>().notNull().default([]),
    status: text().$type<"active" | "expired" | "cancelled">().notNull().default("active"),
    lastCheckedAt: timestamp({ withTimezone: true }),
    nextCheckAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("price_watches_user_idx").on(t.userId, t.createdAt),
    index("price_watches_due_idx").on(t.status, t.nextCheckAt),
  ],
);
