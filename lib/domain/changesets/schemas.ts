/**
 * Response schemas of changesets (what one assistant turn changed) and of undoing one. The
 * service's response types are `z.infer` of these; lib/openapi/responses.ts names them as
 * components of the OpenAPI document, so a field added here appears in both.
 */
import { z } from "zod";
import { segmentSchema } from "@/lib/domain/itinerary/schemas";
import { dateTime, uuid } from "@/lib/platform/schema-fields";

/** Trip fields a turn can change (through `update_trip_profile`). */
export const TRIP_FIELDS = [
  "title",
  "start_date",
  "end_date",
  "destinations",
  "budget",
  "interests",
  "dietary_restrictions",
] as const;
export type TripField = (typeof TRIP_FIELDS)[number];

/** An item of an undo result: what it is and, when left alone, why. */
export const undoItemSchema = z.object({
  kind: z.enum(["segment", "trip_field"]),
  segment_id: uuid().optional(),
  field: z.enum(TRIP_FIELDS).optional(),
  title: z.string().optional(),
  /** What undo did: `removed` (an added segment), `restored` (fields back), `recreated` (a deleted segment). */
  action: z.enum(["removed", "restored", "recreated"]).optional(),
  reason: z.string().optional().meta({
    description:
      "Why it was left alone: `edited_since`, `deleted_since`, `exists_again`, or the refusal of the restoring write.",
  }),
});
export type UndoItem = z.infer<typeof undoItemSchema>;

/** What `POST /api/changesets/{id}/undo` answers (and a 409's `details`). */
export const undoResultSchema = z.object({
  changeset_id: uuid(),
  status: z.literal("undone"),
  restored: z.array(undoItemSchema),
  left_alone: z.array(undoItemSchema),
});
export type UndoResult = z.infer<typeof undoResultSchema>;

/** A segment the turn added (`before` null), changed, or deleted (`after` null). */
export const segmentEntrySchema = z.object({
  kind: z.literal("segment"),
  segment_id: uuid(),
  action: z.enum(["added", "updated", "deleted"]),
  /** Title to show in the review (the latest known). */
  title: z.string(),
  before: segmentSchema.nullable(),
  after: segmentSchema.nullable(),
});
export type SegmentEntry = z.infer<typeof segmentEntrySchema>;

/** One trip field the turn changed; `trip_version` is the trip's version after the turn's write. */
export const tripFieldEntrySchema = z.object({
  kind: z.literal("trip_field"),
  field: z.enum(TRIP_FIELDS),
  before: z.unknown(),
  after: z.unknown(),
  trip_version: z.int(),
});
export type TripFieldEntry = z.infer<typeof tripFieldEntrySchema>;

/** One changeset entry: a segment (before/after) or a trip field (before/after). */
export const changesetEntrySchema = z.union([segmentEntrySchema, tripFieldEntrySchema]);
export type ChangesetEntry = z.infer<typeof changesetEntrySchema>;

/** The public view of a changeset (also embedded in the chat UI's review). */
export const changesetSchema = z.object({
  id: uuid(),
  trip_id: uuid(),
  conversation_id: uuid(),
  message_id: uuid().nullable(),
  status: z.enum(["applied", "undone"]),
  change_count: z.int(),
  entries: z.array(changesetEntrySchema),
  undo_result: undoResultSchema.nullable(),
  created_at: dateTime(),
  undone_at: dateTime().nullable(),
});
export type ChangesetView = z.infer<typeof changesetSchema>;
