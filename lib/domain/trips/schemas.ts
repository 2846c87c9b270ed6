/**
 * Response schemas of trips (the TripSage REST API's Trip Object and trip list). The service's
 * response types are `z.infer` of these; lib/openapi/responses.ts names them as components of
 * the OpenAPI document, so a field added here appears in both.
 */
import { z } from "zod";
import { destination, tripPreferences } from "@/db/schema/shapes";
import { TRIP_ROLES } from "@/lib/domain/auth/permissions";
import { TRIP_STATUSES } from "@/lib/domain/validators/trips";
import { dateTime, isoDate, uuid } from "@/lib/platform/schema-fields";

/** A trip's status. */
export const tripStatusSchema = z.enum(TRIP_STATUSES);

/** The caller's role on a trip. */
export const tripRoleSchema = z.enum(TRIP_ROLES);

/** What every serialised trip carries (the trip object and the itinerary built on it). */
export const tripCore = {
  id: uuid(),
  title: z.string(),
  description: z.string().nullable(),
  start_date: isoDate(),
  end_date: isoDate(),
  duration_days: z.int().meta({ description: "Days from start to end date (2025-04-01 → 2025-04-08 is 7)." }),
  destinations: z.array(destination),
  preferences: tripPreferences,
  status: tripStatusSchema,
  version: z.int().meta({ description: 'Row version; the `ETag` is `"v{version}"`.' }),
  created_at: dateTime(),
  updated_at: dateTime(),
};

/** The TripSage REST API's Trip Object, plus `version` (the ETag) and the caller's `role`. */
export const tripSchema = z.object({
  ...tripCore,
  user_id: uuid().meta({ description: "The owner." }),
  role: tripRoleSchema.optional().meta({ description: "The caller's role on this trip." }),
});
export type TripResponse = z.infer<typeof tripSchema>;

/** A page of the caller's trips (`GET /api/trips`). */
export const tripListSchema = z.object({
  items: z.array(
    z.object({
      id: uuid(),
      title: z.string(),
      description: z.string().nullable(),
      start_date: isoDate(),
      end_date: isoDate(),
      duration_days: z.int(),
      destinations: z.array(z.string()).meta({ description: "Destination names." }),
      status: tripStatusSchema,
      role: z.enum(["owner", "collaborator"]),
      created_at: dateTime(),
      updated_at: dateTime(),
    }),
  ),
  total: z.int(),
  skip: z.int(),
  limit: z.int(),
});
export type TripListResponse = z.infer<typeof tripListSchema>;
