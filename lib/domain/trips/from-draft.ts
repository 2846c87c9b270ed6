/**
 * "Create this trip" on the planner page: turns a planner draft (the `/v1/ai` assistant
 * API's `plannerDraft`, as the user edited it) into a trip and its itinerary, all in one
 * transaction through the same services the TripSage REST API uses. Either the trip and
 * every drafted item exist afterwards, or nothing does.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { currencyCode, isoDate } from "@/db/schema/shapes";
import { addSegment } from "@/lib/domain/itinerary/service";
import { type SEGMENT_TYPES, segmentCreateSchema, TIME_BLOCKS } from "@/lib/domain/validators/segments";
import { tripCreateSchema } from "@/lib/domain/validators/trips";
import { publishAfterCommit } from "@/lib/platform/bus";
import { fieldError } from "@/lib/platform/errors";
import { validate } from "@/lib/platform/validate";
import { createTrip, type TripResponse, tripDayCount } from "./service";

type SegmentType = (typeof SEGMENT_TYPES)[number];

/** The most items one draft may create (a long trip with a few items a day). */
export const MAX_DRAFT_ITEMS = 100;

/** The edited draft the planner page sends. Dates are ISO 8601 (YYYY-MM-DD), budget in major units. */
export const draftTripSchema = z
  .object({
    title: z.string().trim().max(200).optional(),
    destination: z.string().trim().min(1, "Where are you going?").max(200),
    country: z.string().trim().max(100).optional(),
    cities: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    start_date: isoDate,
    end_date: isoDate,
    travelers: z.number().int().min(1).max(50).optional(),
    budget: z.object({ total: z.number().positive().max(1e9), currency: currencyCode }).optional(),
    activities: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    itinerary: z
      .array(
        z.object({
          dayIndex: z.number().int().min(1),
          title: z.string().trim().min(1).max(200),
          timeBlock: z.enum(TIME_BLOCKS).nullable().optional(),
          category: z.string().max(50).optional(),
          notes: z.string().max(2000).optional(),
        }),
      )
      .max(MAX_DRAFT_ITEMS)
      .default([]),
  })
  .strict();
export type DraftTripInput = z.infer<typeof draftTripSchema>;

/** Planner categories (the draft's `category`) onto segment types; anything else is an activity. */
const CATEGORY_TYPES: Record<string, SegmentType> = {
  activities: "activity",
  activity: "activity",
  sightseeing: "activity",
  meals: "meal",
  meal: "meal",
  food: "meal",
  dining: "meal",
  accommodation: "hotel",
  accommodations: "hotel",
  hotel: "hotel",
  stay: "hotel",
  transport: "transfer",
  transportation: "transfer",
  transfer: "transfer",
  flight: "flight",
  flights: "flight",
  note: "note",
};

/** The segment type for a draft item's category ("activities" → activity, "meals" → meal, …). */
export function segmentTypeForCategory(category: string | undefined): SegmentType {
  const t = CATEGORY_TYPES[(category ?? "").trim().toLowerCase()] ?? "activity";
  // A flight segment needs carrier and airports the planner never drafts: keep it as a note.
  return t === "flight" ? "note" : t;
}

/**
 * Creates the trip and its drafted itinerary in one transaction (the owner is `userId`).
 * The trip's destinations are the draft's cities (or its destination); its description
 * records the travellers; each itinerary item becomes a segment with source "assistant"
 * on its day and time block.
 * @param input the edited draft, validated with {@link draftTripSchema}
 * @throws ApiError VALIDATION_ERROR for bad fields or an item on a day after the trip ends
 *         (field `itinerary.N.dayIndex`); LIMIT_EXCEEDED when the user owns too many trips —
 *         in every case nothing is written
 */
export async function createTripFromDraft(db: Db, userId: string, input: unknown): Promise<TripResponse> {
  const draft = validate(draftTripSchema, input);
  const trip = validate(tripCreateSchema, {
    title: draft.title || `Trip to ${draft.destination}`,
    description: draft.travelers
      ? `Planned with the trip planner for ${draft.travelers} traveller${draft.travelers === 1 ? "" : "s"}.`
      : "Planned with the trip planner.",
    start_date: draft.start_date,
    end_date: draft.end_date,
    destinations: (draft.cities.length ? draft.cities : [draft.destination]).map((name) => ({
      name,
      city: name,
      ...(draft.country && { country: draft.country }),
    })),
    preferences: {
      ...(draft.budget && { budget: draft.budget }),
      ...(draft.activities.length && { interests: draft.activities.slice(0, 30).map((a) => a.slice(0, 50)) }),
    },
  });
  const days = tripDayCount({ startDate: trip.start_date, endDate: trip.end_date });
  const late = draft.itinerary.findIndex((item) => item.dayIndex > days);
  if (late >= 0) {
    throw fieldError(
      `itinerary.${late}.dayIndex`,
      `The trip has ${days} day${days === 1 ? "" : "s"}; "${draft.itinerary[late]?.title}" is on day ${draft.itinerary[late]?.dayIndex}`,
    );
  }
  // Live events of the trip and its items go out once all of it is committed (or not at all).
  return publishAfterCommit(() =>
    db.transaction(async (tx) => {
      const created = await createTrip(tx, userId, trip);
      for (const item of draft.itinerary) {
        await addSegment(
          tx,
          userId,
          created.id,
          validate(segmentCreateSchema, {
            type: segmentTypeForCategory(item.category),
            title: item.title,
            day_index: item.dayIndex,
            time_block: item.timeBlock ?? null,
            ...(item.notes && { notes: item.notes }),
          }),
          "assistant",
        );
      }
      return created;
    }),
  );
}
