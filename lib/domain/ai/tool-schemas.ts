/**
 * Input schemas of the trip designer's tools, named as in the Trip Designer API. Shared by the tool
 * implementations (lib/domain/ai/tools.ts), the offline model (which emits calls matching them)
 * and the Trip Designer API `toolCallsMade` report.
 */
import { z } from "zod";
import { SEGMENT_TYPES, TIME_BLOCKS } from "@/lib/domain/validators/segments";

/** Answer kinds of a structured question (Trip Designer API `StructuredQuestion.type`). */
export const QUESTION_TYPES = ["single_choice", "multiple_choice", "text", "date", "date_range"] as const;
/**
 * What a remembered preference is about; maps onto the user memory's preference fields
 * (`dietary_restrictions`, `interests`, …), `avoid` is a list of things never to offer.
 */
export const PREFERENCE_CATEGORIES = [
  "dietary_restrictions",
  "interests",
  "accommodation_type",
  "transportation_preference",
  "travel_style",
  "budget_tier",
  "avoid",
] as const;

const segmentFields = {
  title: z.string().min(1).max(200).describe("Short name, e.g. 'Louvre Museum'"),
  day_index: z.number().int().min(1).nullable().optional().describe("1-based trip day; null = unscheduled"),
  time_block: z.enum(TIME_BLOCKS).nullable().optional(),
  start_time: z.string().nullable().optional().describe("Local ISO date-time YYYY-MM-DDTHH:mm"),
  end_time: z.string().nullable().optional(),
  timezone: z.string().nullable().optional().describe("IANA time zone, e.g. Asia/Tokyo"),
  notes: z.string().max(2000).nullable().optional(),
  location: z
    .object({ name: z.string().optional(), address: z.string().optional(), iata_code: z.string().optional() })
    .nullable()
    .optional(),
  price: z
    .object({ amount: z.number().nonnegative(), currency: z.string().length(3) })
    .nullable()
    .optional(),
  details: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .describe(
      "Type-specific: a flight needs carrier, flight_number, destination (IATA) and, when known, origin (IATA)",
    ),
};

export const toolInputSchemas = {
  add_segment: z.object({ type: z.enum(SEGMENT_TYPES), ...segmentFields }),
  update_segment: z.object({
    segment_id: z.string().describe("id of the segment to change"),
    type: z.enum(SEGMENT_TYPES).optional(),
    ...segmentFields,
    title: segmentFields.title.optional(),
  }),
  delete_segment: z.object({ segment_id: z.string() }),
  move_segment: z.object({
    segment_id: z.string(),
    day_index: z.number().int().min(1).nullable(),
    position: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("0-based slot in the day; default: end of its time block"),
    time_block: z.enum(TIME_BLOCKS).nullable().optional(),
  }),
  get_segments: z.object({ day_index: z.number().int().min(1).optional() }),
  update_trip_profile: z.object({
    title: z.string().min(1).max(200).optional(),
    start_date: z.string().optional().describe("ISO date YYYY-MM-DD"),
    end_date: z.string().optional(),
    budget: z.object({ total: z.number().nonnegative(), currency: z.string().length(3) }).optional(),
    travelers: z.number().int().min(1).max(50).optional(),
    destinations: z.array(z.string().min(1)).max(20).optional().describe("Destination names"),
    interests: z.array(z.string()).max(30).optional(),
    dietary_restrictions: z.array(z.string()).max(20).optional(),
  }),
  search_flights: z.object({
    origin: z.string().describe("IATA airport or metro code, e.g. JFK or NYC"),
    destination: z.string().describe("IATA airport or metro code, e.g. NRT or TYO"),
    departure_date: z.string().describe("ISO date YYYY-MM-DD"),
    return_date: z.string().optional().describe("ISO date YYYY-MM-DD for a round trip"),
    passengers: z.number().int().min(1).max(9).optional(),
    cabin_class: z.enum(["economy", "premium_economy", "business", "first"]).optional(),
    budget_max: z.number().positive().optional().describe("Highest total price in USD"),
  }),
  search_hotels: z.object({
    location: z.string().describe("City, e.g. 'Tokyo, Japan'"),
    check_in: z.string().describe("ISO date YYYY-MM-DD"),
    check_out: z.string().describe("ISO date YYYY-MM-DD"),
    guests: z.number().int().min(1).max(16).optional(),
    rooms: z.number().int().min(1).max(8).optional(),
    budget_max: z.number().positive().optional().describe("Highest price per night in USD"),
    star_rating_min: z.number().int().min(1).max(5).optional(),
  }),
  search_activities: z.object({
    location: z.string().optional().describe("City; default: the trip's destinations"),
  }),
  /**
   * Ask the user instead of guessing: an ambiguous reference, a date outside the trip, a
   * missing required field. Filled into the Trip Designer response's `structuredQuestions`;
   * the user's answer (an option's label or id, or free text) comes back as the next message.
   */
  ask_question: z.object({
    questions: z
      .array(
        z.object({
          id: z.string().min(1).max(64).describe("Stable id, e.g. 'q1' or 'which_dinner'"),
          type: z.enum(QUESTION_TYPES),
          question: z.string().min(1).max(300),
          options: z
            .array(z.object({ id: z.string().min(1).max(100), label: z.string().min(1).max(200) }))
            .max(12)
            .optional()
            .describe("Required for single_choice and multiple_choice"),
        }),
      )
      .min(1)
      .max(4),
    reason: z.string().max(300).optional().describe("Why the assistant asks, e.g. 'Three dinners match'"),
    pending: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("What will be done with the answer (kept with the question, read back on the next turn)"),
  }),
  /** Revert the writes of one earlier assistant turn (a changeset); default: the latest one in this conversation. */
  undo_last_change: z.object({
    changeset_id: z.string().optional().describe("default: the latest changeset of this conversation"),
  }),
  /** Save a durable preference the user stated ("I'm vegetarian", "never red-eye flights") to their memory. */
  remember_preference: z.object({
    category: z.enum(PREFERENCE_CATEGORIES),
    value: z.string().min(1).max(200).describe("e.g. 'vegetarian', 'temples', 'red-eye flights'"),
  }),
} as const;

export type ToolName = keyof typeof toolInputSchemas;
export type ToolInput<N extends ToolName> = z.infer<(typeof toolInputSchemas)[N]>;
export const WRITE_TOOLS: ToolName[] = [
  "add_segment",
  "update_segment",
  "delete_segment",
  "move_segment",
  "update_trip_profile",
];
