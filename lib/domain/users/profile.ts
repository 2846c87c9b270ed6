/**
 * The signed-in user's profile, preferences, statistics and AI memory
 * (the TripSage REST API "User Management" and "Memory System"), all computed from real data.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Trip, tripCollaborators, trips, type User, users } from "@/db/schema";
import { userPreferences, userProfile } from "@/db/schema/shapes";
import { forgetUser } from "@/lib/domain/auth/user-cache";
import { daysBetween, todayUtc } from "@/lib/domain/itinerary/dates";
import { notFound } from "@/lib/platform/errors";
import { learnedPreferences, pruneLearned } from "./memory";
import type { MemoryResponse, MeResponse, SEASON_NAMES } from "./schemas";

export const updateMeSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    /** Each field merges; `null` clears it. */
    profile: z
      .object({
        avatar_url: userProfile.shape.avatar_url.unwrap().nullable().optional(),
        bio: userProfile.shape.bio.unwrap().nullable().optional(),
        location: userProfile.shape.location.unwrap().nullable().optional(),
        website: userProfile.shape.website.unwrap().nullable().optional(),
        social_links: userProfile.shape.social_links.unwrap().nullable().optional(),
      })
      .strict()
      .optional(),
    preferences: userPreferences.omit({ memory: true }).partial().optional(),
  })
  .strict();

export const memoryPreferencesSchema = z
  .object({
    /** `null` forgets the tier. */
    budget_tier: z.enum(["budget", "mid-range", "luxury"]).nullable().optional(),
    /** For these single values too, `null` forgets the value. */
    accommodation_type: z.string().max(50).nullable().optional(),
    accommodation_preference: z.string().max(50).nullable().optional(),
    transportation_preference: z.string().max(50).nullable().optional(),
    dietary_restrictions: z.array(z.string().max(50)).max(20).optional(),
    interests: z.array(z.string().max(50)).max(30).optional(),
    travel_style: z.string().max(50).nullable().optional(),
    group_size_preference: z.string().max(50).nullable().optional(),
    /** Beyond the TripSage REST API's example: things never to offer, e.g. "red-eye flights". */
    avoid: z.array(z.string().max(100)).max(30).optional(),
  })
  .strict();
export type MemoryPreferences = z.infer<typeof memoryPreferencesSchema>;

/**
 * Great-circle distance in kilometres between two WGS 84 points (haversine formula,
 * mean Earth radius 6371.0088 km per IUGG).
 */
export function haversineKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const R = 6371.0088;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

async function visibleTrips(db: Db, userId: string): Promise<Trip[]> {
  return db
    .select({ t: trips })
    .from(trips)
    .leftJoin(
      tripCollaborators,
      and(eq(tripCollaborators.tripId, trips.id), eq(tripCollaborators.userId, userId)),
    )
    .where(or(eq(trips.ownerId, userId), sql`${tripCollaborators.userId} is not null`))
    .then((rows) => rows.map((r) => r.t));
}

/** A trip counts as travelled once its end date has passed and it was not cancelled. */
function travelled(t: Trip, today: string): boolean {
  return t.status !== "cancelled" && (t.status === "completed" || t.endDate < today);
}

/**
 * The TripSage REST API `stats`: trips the user owns, distinct countries and kilometres (sum of
 * great-circle legs between consecutive destinations with coordinates) of travelled trips.
 */
export function computeStats(userId: string, all: Trip[], today: string) {
  const past = all.filter((t) => travelled(t, today));
  const countries = new Set(
    past.flatMap((t) => t.destinations.map((d) => d.country?.trim().toLowerCase()).filter(Boolean)),
  );
  let km = 0;
  for (const t of past) {
    const pts = t.destinations.flatMap((d) => (d.coordinates ? [d.coordinates] : []));
    for (let i = 1; i < pts.length; i++)
      km += haversineKm(pts[i - 1] as (typeof pts)[number], pts[i] as (typeof pts)[number]);
  }
  return {
    trips_planned: all.filter((t) => t.ownerId === userId && t.status !== "cancelled").length,
    countries_visited: countries.size,
    total_distance_km: Math.round(km),
  };
}

function meResponse(user: User, all: Trip[], today: string): MeResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    profile: user.profile,
    preferences: {
      timezone: user.preferences.timezone ?? "UTC",
      currency: user.preferences.currency ?? "USD",
      language: user.preferences.language ?? "en",
      notifications: {
        email: true,
        push: true,
        price_alerts: true,
        trip_updates: true,
        ...user.preferences.notifications,
      },
    },
    subscription: { plan: "basic", status: "active", expires_at: null },
    stats: computeStats(user.id, all, today),
    created_at: user.createdAt.toISOString(),
    last_active: (user.lastActiveAt ?? user.createdAt).toISOString(),
  };
}

/** Drops keys set to null (how a partial update clears a field). */
function withoutNulls<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

/** `GET /api/users/me`. @throws ApiError NOT_FOUND when the account is gone */
export async function getMe(db: Db, userId: string, today = todayUtc()): Promise<MeResponse> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw notFound("User");
  return meResponse(user, await visibleTrips(db, userId), today);
}

/** `PUT /api/users/me`: partial; nested `profile`, `preferences` and `notifications` merge. */
export async function updateMe(db: Db, userId: string, input: z.infer<typeof updateMeSchema>) {
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("User");
    const prefs = input.preferences;
    await tx
      .update(users)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.profile && { profile: withoutNulls({ ...user.profile, ...input.profile }) }),
        ...(prefs && {
          preferences: {
            ...user.preferences,
            ...prefs,
            ...(prefs.notifications && {
              notifications: { ...user.preferences.notifications, ...prefs.notifications },
            }),
          },
        }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    if (input.name !== undefined) forgetUser(userId);
  });
  if (input.name !== undefined) forgetUser(userId);
  return getMe(db, userId);
}

const SEASONS: readonly (typeof SEASON_NAMES)[number][] = [
  "winter",
  "winter",
  "spring",
  "spring",
  "spring",
  "summer",
  "summer",
  "summer",
  "fall",
  "fall",
  "fall",
  "winter",
];

const INSIGHTS: [RegExp, string, string][] = [
  [
    /museum|art|culture|history|architecture/,
    "Cultural explorer who values authentic experiences",
    "Historical significance",
  ],
  [/food|cafe|wine|restaurant/, "Food lover who plans around meals", "Local food scene"],
  [/nature|hiking|outdoor|beach|adventure/, "Outdoor adventurer drawn to landscapes", "Access to nature"],
  [/nightlife|bar|club/, "Night owl who enjoys city life after dark", "Lively neighbourhoods"],
  [/relax|wellness|spa/, "Unhurried traveller who values rest", "Quiet, comfortable stays"],
];

/**
 * The TripSage REST API `GET /api/memory/user`: stated preferences (from `PUT /api/memory/preferences`
 * and trip preferences) plus travel history derived from the user's trips. The "AI
 * insights" are rule-based summaries of the interests, not model output.
 */
export async function getMemory(db: Db, userId: string, today = todayUtc()): Promise<MemoryResponse> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw notFound("User");
  const all = (await visibleTrips(db, userId)).filter((t) => t.status !== "cancelled");
  const mem = (user.preferences.memory ?? {}) as MemoryPreferences;
  const tripInterests = all.flatMap((t) => t.preferences.interests ?? []);
  const interests = [...new Set([...(mem.interests ?? []), ...tripInterests])];
  const past = all.filter((t) => travelled(t, today));
  const seasonCount = new Map<(typeof SEASONS)[number], number>();
  for (const t of all) {
    const s = SEASONS[Number(t.startDate.slice(5, 7)) - 1] ?? "spring";
    seasonCount.set(s, (seasonCount.get(s) ?? 0) + 1);
  }
  const durations = all.map((t) => daysBetween(t.startDate, t.endDate)).sort((a, b) => a - b);
  const budgets = all.flatMap((t) => (t.preferences.budget ? [t.preferences.budget.total] : []));
  const text = interests.join(" ").toLowerCase();
  const matched = INSIGHTS.filter(([re]) => re.test(text));
  return {
    user_id: user.id,
    preferences: {
      budget_tier: mem.budget_tier ?? null,
      accommodation_type:
        mem.accommodation_type ??
        mem.accommodation_preference ??
        all[0]?.preferences.accommodation_type ??
        null,
      transportation_preference:
        mem.transportation_preference ?? all[0]?.preferences.transportation_preference ?? null,
      dietary_restrictions: [
        ...new Set([
          ...(mem.dietary_restrictions ?? []),
          ...all.flatMap((t) => t.preferences.dietary_restrictions ?? []),
        ]),
      ],
      interests,
      travel_style: mem.travel_style ?? null,
      group_size_preference: mem.group_size_preference ?? null,
      avoid: mem.avoid ?? [],
    },
    learned_from_conversation: learnedPreferences(user.preferences.memory ?? {}),
    travel_history: {
      destinations_visited: [...new Set(past.flatMap((t) => t.destinations.map((d) => d.name)))],
      favorite_seasons: [...seasonCount.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([s]) => s),
      typical_trip_duration: durations.length ? (durations[Math.floor(durations.length / 2)] ?? 0) : null,
      avg_budget_per_trip: budgets.length
        ? Math.round(budgets.reduce((a, b) => a + b, 0) / budgets.length)
        : null,
    },
    ai_insights: {
      personality_profile:
        matched[0]?.[1] ?? (interests.length ? "Curious traveller with varied interests" : null),
      recommendation_factors: matched.map(([, , f]) => f),
    },
    last_updated: user.updatedAt.toISOString(),
  };
}

/** The TripSage REST API sends `accommodation_preference`; it is the same thing as `accommodation_type`. */
function normaliseMemory(
  current: Record<string, unknown> | undefined,
  input: MemoryPreferences,
): Record<string, unknown> {
  const { accommodation_preference, ...rest } = input;
  const merged: Record<string, unknown> = withoutNulls({ ...(current ?? {}), ...rest });
  delete merged.accommodation_preference;
  if (accommodation_preference === null) delete merged.accommodation_type;
  else if (accommodation_preference !== undefined) merged.accommodation_type = accommodation_preference;
  // A value deleted here is no longer a learned preference either.
  return pruneLearned(merged);
}

/** `PUT /api/memory/preferences`: merges into the stored memory and returns the new memory. */
export async function updateMemoryPreferences(db: Db, userId: string, input: MemoryPreferences) {
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("User");
    await tx
      .update(users)
      .set({
        preferences: { ...user.preferences, memory: normaliseMemory(user.preferences.memory, input) },
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
  });
  return getMemory(db, userId);
}
