/**
 * Request bodies of the TripSage REST API's trip endpoints. Both snake_case (the reference) and the
 * camelCase `startDate`/`endDate` used in the API document's own tutorial are accepted.
 */

import { z } from "zod";
import { destination, isoDate, tripPreferences } from "@/db/schema/shapes";
import { daysBetween } from "@/lib/domain/itinerary/dates";

export const TRIP_STATUSES = ["planning", "booked", "in_progress", "completed", "cancelled"] as const;
/** Longest trip we plan day by day (days between start and end date). */
export const MAX_TRIP_DAYS = 365;

/** Moves the tutorial's camelCase date keys onto the documented snake_case ones. */
function acceptCamelDates(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const o = { ...(input as Record<string, unknown>) };
  if (o.start_date === undefined && o.startDate !== undefined) o.start_date = o.startDate;
  if (o.end_date === undefined && o.endDate !== undefined) o.end_date = o.endDate;
  delete o.startDate;
  delete o.endDate;
  return o;
}

const tripFields = {
  title: z.string().trim().min(1, "Title is required").max(200),
  description: z.string().trim().max(5000).nullable().optional(),
  start_date: isoDate,
  end_date: isoDate,
  destinations: z.array(destination).max(20, "At most 20 destinations").default([]),
  preferences: tripPreferences.default({}),
  status: z.enum(TRIP_STATUSES).default("planning"),
};

function datesInOrder(v: { start_date?: string; end_date?: string }, ctx: z.RefinementCtx) {
  if (v.start_date && v.end_date) {
    if (v.end_date < v.start_date) {
      ctx.addIssue({
        code: "custom",
        path: ["end_date"],
        message: "End date must be on or after start date",
      });
    } else if (daysBetween(v.start_date, v.end_date) > MAX_TRIP_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["end_date"],
        message: `A trip can last at most ${MAX_TRIP_DAYS} days`,
      });
    }
  }
}

/** Whole days between two ISO dates (see lib/domain/itinerary/dates.ts). */
export { daysBetween };

/** A new trip's fields, snake_case only and without the date-order check (for tool input schemas; validate with {@link tripCreateSchema}). */
export const tripCreateFields = z.object(tripFields);

export const tripCreateSchema = z.preprocess(
  acceptCamelDates,
  z.object(tripFields).superRefine(datesInOrder),
);
export type TripCreateInput = z.infer<typeof tripCreateSchema>;

export const tripUpdateSchema = z.preprocess(
  acceptCamelDates,
  z
    .object({
      title: tripFields.title.optional(),
      description: tripFields.description,
      start_date: isoDate.optional(),
      end_date: isoDate.optional(),
      destinations: z.array(destination).max(20, "At most 20 destinations").optional(),
      // `budget: null` clears the budget; other keys merge into the stored preferences.
      preferences: tripPreferences
        .partial()
        .extend({ budget: tripPreferences.shape.budget.nullable() })
        .optional(),
      status: z.enum(TRIP_STATUSES).optional(),
    })
    .superRefine(datesInOrder),
);
export type TripUpdateInput = z.infer<typeof tripUpdateSchema>;

export const pagingSchema = z.object({
  skip: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
