/**
 * Request bodies for itinerary segments (the Trip Designer API's segments, the /v1/ai planner API's dayIndex/timeBlock).
 * `type` discriminates the `details` schema, so a flight must carry carrier, flight number
 * and IATA origin/destination while a note carries nothing.
 */
import { z } from "zod";
import {
  currencyCode,
  ianaTimeZone,
  localDateTime,
  segmentDetailsByType,
  segmentLocation,
} from "@/db/schema/shapes";

export const SEGMENT_TYPES = ["flight", "hotel", "activity", "transfer", "meeting", "meal", "note"] as const;
export const TIME_BLOCKS = ["morning", "afternoon", "evening"] as const;

const common = {
  title: z.string().trim().min(1, "Title is required").max(200),
  notes: z.string().trim().max(5000).nullable().optional(),
  /** 1-based trip day; null leaves the segment unscheduled. */
  day_index: z.number().int().min(1).max(366).nullable().optional(),
  /** 0-based slot within the day; omitted → appended at the end. */
  position: z.number().int().min(0).max(10_000).optional(),
  time_block: z.enum(TIME_BLOCKS).nullable().optional(),
  start_time: localDateTime.nullable().optional(),
  end_time: localDateTime.nullable().optional(),
  timezone: ianaTimeZone.nullable().optional(),
  location: segmentLocation.nullable().optional(),
  price: z
    .object({ amount: z.number().nonnegative().max(1e9), currency: currencyCode })
    .nullable()
    .optional(),
};

const d = segmentDetailsByType;
export const segmentCreateSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("flight"), ...common, details: d.flight.nullable().optional() }),
    z.object({ type: z.literal("hotel"), ...common, details: d.hotel.nullable().optional() }),
    z.object({ type: z.literal("activity"), ...common, details: d.activity.nullable().optional() }),
    z.object({ type: z.literal("transfer"), ...common, details: d.transfer.nullable().optional() }),
    z.object({ type: z.literal("meeting"), ...common, details: d.meeting.nullable().optional() }),
    z.object({ type: z.literal("meal"), ...common, details: d.meal.nullable().optional() }),
    z.object({ type: z.literal("note"), ...common, details: d.note.nullable().optional() }),
  ])
  .superRefine((v, ctx) => {
    if (v.type === "flight" && !v.details) {
      ctx.addIssue({
        code: "custom",
        path: ["details"],
        message: "A flight needs details: carrier, flight_number, origin, destination",
      });
    }
    if (v.start_time && v.end_time && v.end_time < v.start_time) {
      ctx.addIssue({ code: "custom", path: ["end_time"], message: "End time must be after start time" });
    }
  });
export type SegmentCreateInput = z.infer<typeof segmentCreateSchema>;

/** Partial update; `type` may change, in which case `details` is re-validated for the new type. */
export const segmentUpdateSchema = z
  .object({
    type: z.enum(SEGMENT_TYPES).optional(),
    ...common,
    title: common.title.optional(),
    details: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();
export type SegmentUpdateInput = z.infer<typeof segmentUpdateSchema>;

export const segmentMoveSchema = z.object({
  day_index: z.number().int().min(1).max(366).nullable(),
  /** 0-based slot in the target day; omitted → end of the segment's time block. */
  position: z.number().int().min(0).max(10_000).optional(),
  time_block: z.enum(TIME_BLOCKS).nullable().optional(),
});
export type SegmentMoveInput = z.infer<typeof segmentMoveSchema>;
