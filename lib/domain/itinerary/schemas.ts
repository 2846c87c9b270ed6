/**
 * Response schemas of the itinerary: a segment, a day-by-day itinerary and the public view of
 * one. The service's response types are `z.infer` of these; lib/openapi/responses.ts names
 * them as components of the OpenAPI document, so a field added here appears in both.
 */
import { z } from "zod";
import {
  activityDetails,
  flightDetails,
  hotelDetails,
  mealDetails,
  meetingDetails,
  noteDetails,
  segmentLocation,
  transferDetails,
} from "@/db/schema/shapes";
import { tripCore, tripSchema } from "@/lib/domain/trips/schemas";
import { SEGMENT_TYPES, TIME_BLOCKS } from "@/lib/domain/validators/segments";
import { dateTime, isoDate, uuid } from "@/lib/platform/schema-fields";

/** One itinerary segment as the API returns it. */
export const segmentSchema = z.object({
  id: uuid(),
  trip_id: uuid(),
  type: z.enum(SEGMENT_TYPES),
  title: z.string(),
  notes: z.string().nullable(),
  day_index: z.int().nullable().meta({ description: "1-based trip day; null when unscheduled." }),
  date: isoDate().nullable().meta({ description: "Calendar date of `day_index`." }),
  position: z.int().meta({ description: "0-based slot within the day." }),
  time_block: z.enum(TIME_BLOCKS).nullable(),
  start_time: z
    .string()
    .nullable()
    .meta({ description: "Local date-time `YYYY-MM-DDTHH:mm`.", example: "2025-04-02T09:30" }),
  end_time: z.string().nullable(),
  timezone: z.string().nullable().meta({ example: "Asia/Tokyo" }),
  location: segmentLocation.nullable(),
  price: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  details: z
    .union([
      flightDetails,
      hotelDetails,
      activityDetails,
      transferDetails,
      meetingDetails,
      mealDetails,
      noteDetails,
    ])
    .nullable()
    .meta({ description: "Type-specific details (see the `*Details` schemas)." }),
  source: z.enum(["user", "assistant", "import"]).meta({ description: "Who created it." }),
  version: z.int(),
  created_at: dateTime(),
  updated_at: dateTime(),
});
export type SegmentResponse = z.infer<typeof segmentSchema>;

/** `GET /api/itineraries/{trip_id}/segments`. */
export const segmentListSchema = z.object({ segments: z.array(segmentSchema), total: z.int() });
export type SegmentListResponse = z.infer<typeof segmentListSchema>;

const itineraryFields = {
  days: z.array(z.object({ day_index: z.int(), date: isoDate(), segments: z.array(segmentSchema) })),
  unscheduled: z.array(segmentSchema),
  segment_count: z.int(),
};

/** The trip with every day from start to end date and its segments. */
export const itinerarySchema = tripSchema.extend(itineraryFields);
export type ItineraryResponse = z.infer<typeof itinerarySchema>;

/** An itinerary as a public share link shows it: no owner id, the visitor a viewer. */
export const publicItinerarySchema = z.object({ ...tripCore, role: z.literal("viewer"), ...itineraryFields });
export type PublicItineraryResponse = z.infer<typeof publicItinerarySchema>;
