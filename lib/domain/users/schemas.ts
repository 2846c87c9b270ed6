/**
 * Response schemas of the signed-in user's profile (`GET /api/users/me`) and memory
 * (`GET /api/memory/user`). The service's response types are `z.infer` of these;
 * lib/openapi/responses.ts names them as components of the OpenAPI document, so a field added
 * here appears in both.
 */
import { z } from "zod";
import { userProfile } from "@/db/schema/shapes";
import { PREFERENCE_CATEGORIES } from "@/lib/domain/ai/tool-schemas";
import { dateTime, uuid } from "@/lib/platform/schema-fields";

/** The seasons of `travel_history.favorite_seasons`. */
export const SEASON_NAMES = ["winter", "spring", "summer", "fall"] as const;

/** `GET /api/users/me`: the profile, preferences with defaults, plan and travel statistics. */
export const meSchema = z.object({
  id: uuid(),
  email: z.email(),
  name: z.string(),
  role: z.enum(["user", "admin"]),
  profile: userProfile,
  preferences: z.object({
    timezone: z.string().meta({ example: "America/Los_Angeles" }),
    currency: z.string().meta({ example: "USD" }),
    language: z.string().meta({ example: "en" }),
    notifications: z.object({
      email: z.boolean(),
      push: z.boolean(),
      price_alerts: z.boolean(),
      trip_updates: z.boolean(),
    }),
  }),
  subscription: z.object({ plan: z.string(), status: z.string(), expires_at: dateTime().nullable() }),
  stats: z.object({ trips_planned: z.int(), countries_visited: z.int(), total_distance_km: z.int() }),
  created_at: dateTime(),
  last_active: dateTime(),
});
export type MeResponse = z.infer<typeof meSchema>;

/** `GET /api/memory/user`: stated and learned preferences and the travel history. */
export const memorySchema = z.object({
  user_id: uuid(),
  preferences: z.object({
    budget_tier: z.enum(["budget", "mid-range", "luxury"]).nullable(),
    accommodation_type: z.string().nullable(),
    transportation_preference: z.string().nullable(),
    dietary_restrictions: z.array(z.string()),
    interests: z.array(z.string()),
    travel_style: z.string().nullable(),
    group_size_preference: z.string().nullable(),
    avoid: z.array(z.string()).meta({ description: "Things never to offer, e.g. 'red-eye flights'." }),
  }),
  learned_from_conversation: z
    .array(
      z.object({
        category: z.enum(PREFERENCE_CATEGORIES),
        value: z.string(),
        learned_at: dateTime(),
      }),
    )
    .meta({
      description:
        "Preferences the assistant saved from conversation (remember_preference); each can be removed with PUT /api/memory/preferences.",
    }),
  travel_history: z.object({
    destinations_visited: z.array(z.string()),
    favorite_seasons: z.array(z.enum(SEASON_NAMES)),
    typical_trip_duration: z.int().nullable().meta({ description: "Median trip length in days." }),
    avg_budget_per_trip: z.int().nullable(),
  }),
  ai_insights: z.object({
    personality_profile: z.string().nullable(),
    recommendation_factors: z.array(z.string()),
  }),
  last_updated: dateTime(),
});
export type MemoryResponse = z.infer<typeof memorySchema>;
