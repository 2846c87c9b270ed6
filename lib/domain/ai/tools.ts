/**
 * The trip designer's tools (names from the Trip Designer API), bound to one caller and one trip.
 * Each `execute` goes through the same domain services as the REST API and the manual UI,
 * which re-check the caller's rights: a viewer's assistant cannot write. Expected
 * failures (validation, permissions, unknown ids) come back to the model as
 * `{error, code}` so it can explain or retry; nothing is half-written. Every tool also
 * needs the scope lib/domain/ai/tool-scopes.ts gives it (an API key holding only `chat:access`
 * cannot read or write the trip through the assistant).
 */
import { type Tool, tool } from "ai";
import type { Db } from "@/db/client";
import type { Caller } from "@/lib/domain/auth/bearer";
import {
  applyUndo,
  type ChangesetRecorder,
  latestUndoableChangeset,
  segmentBefore,
} from "@/lib/domain/changesets/service";
import { daysBetween } from "@/lib/domain/itinerary/dates";
import {
  addSegment,
  deleteSegment,
  listSegments,
  moveSegment,
  type SegmentResponse,
  updateSegment,
} from "@/lib/domain/itinerary/service";
import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import { searchFlights } from "@/lib/domain/travel/flights";
import type { SearchResponse } from "@/lib/domain/travel/offers";
import { searchAccommodations } from "@/lib/domain/travel/stays";
import { getTrip, tripDayCount, updateTrip } from "@/lib/domain/trips/service";
import {
  dietaryNote,
  filterFlightsByMemory,
  filterStaysByMemory,
  loadMemory,
  rememberPreference,
} from "@/lib/domain/users/memory";
import {
  segmentCreateSchema,
  segmentMoveSchema,
  segmentUpdateSchema,
} from "@/lib/domain/validators/segments";
import { accommodationSearchSchema, flightSearchSchema } from "@/lib/domain/validators/travel";
import { tripUpdateSchema } from "@/lib/domain/validators/trips";
import { ApiError } from "@/lib/platform/errors";
import { validate } from "@/lib/platform/validate";
import {
  findDuplicate,
  keptEndTime,
  questionProblems,
  refusal,
  type ToolRefusal,
  TurnLedger,
} from "./guards";
import { type ToolName, toolInputSchemas, WRITE_TOOLS } from "./tool-schemas";
import { requireScope, requireToolScope } from "./tool-scopes";

export interface ToolContext {
  db: Db;
  caller: Caller;
  tripId: string;
  /** The conversation the turn belongs to (for `undo_last_change`'s default changeset). */
  conversationId?: string;
  /** Collects this turn's writes into its changeset; without one, writes are not undoable. */
  changeset?: ChangesetRecorder;
  /** Called after a tool changed the trip profile (e.g. travelers), for the session's tripProfile. */
  onProfile?: (profile: {
    travelers?: number;
    budget?: { total: number; currency: string };
  }) => Promise<void> | void;
}

export type ToolFailure = ToolRefusal;

/** Runs a tool body; an ApiError becomes a refusal the model reads (`done: false`). */
async function guard<T>(fn: () => Promise<T | ToolRefusal>): Promise<T | ToolFailure> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) {
      const fields = e.errors?.map(({ field, message }) => ({ field, message }));
      return refusal(e.code, e.message, fields ? { fields } : {});
    }
    throw e;
  }
}

/** Drops keys whose value is undefined so partial updates do not clear fields. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const UUID = /^[0-9a-f-]{36}$/i;
function segmentIdOrFail(id: string): string {
  if (!UUID.test(id)) throw new ApiError("NOT_FOUND", `No segment with id ${id}`);
  return id.toLowerCase();
}

/** Offers shown to the model per search: enough to choose from, small enough for its context. */
const OFFERS_FOR_MODEL = 5;

/** A search answer cut down for the model: provider, counts, warnings and the top offers, each mapped by `pick`. */
function forModel<T, R>(r: SearchResponse<T> & { memory_note?: string }, pick: (offer: T) => R) {
  return {
    provider: r.search_metadata.provider,
    total_results: r.search_metadata.total_results,
    ...(r.search_metadata.warnings && { warnings: r.search_metadata.warnings }),
    offers: r.results.slice(0, OFFERS_FOR_MODEL).map(pick),
    ...(r.memory_note && { memory_note: r.memory_note }),
  };
}

/** A search answer with only the offers the traveller's memory keeps, and the note saying what it left out. */
function keep<T>(r: SearchResponse<T>, kept: { offers: T[]; note?: string }) {
  return { ...r, results: kept.offers, ...(kept.note && { memory_note: kept.note }) };
}

/**
 * Puts {@link TOOL_SCOPES} in front of every tool's `execute`: a caller without the tool's
 * scope gets `{error, code: "INSUFFICIENT_PERMISSIONS"}` back (the model explains it), and
 * the tool's body never runs. Applied to the whole map, so a tool added later is covered.
 */
function withToolScopes<T extends Partial<Record<ToolName, Tool>>>(caller: Caller, tools: T): T {
  for (const [name, t] of Object.entries(tools) as [ToolName, Tool | undefined][]) {
    const run = t?.execute;
    if (!t || !run) continue;
    t.execute = async (input, options) => {
      try {
        requireToolScope(caller, name);
      } catch (e) {
        return guard(() => Promise.reject(e));
      }
      return run(input, options);
    };
  }
  return tools;
}

/** Adds what the traveller's memory changed about a result (`memory_note`) for the model to mention. */
function withNote<T extends object>(note: string | undefined, result: T): T & { memory_note?: string } {
  return note ? { ...result, memory_note: note } : result;
}

/** What a write tool adds to its result: the turn's changeset, for review and undo. */
function changesetRef(ctx: ToolContext) {
  return ctx.changeset ? { changeset_id: ctx.changeset.id } : {};
}

/**
 * Guards every call of the tool set: an identical call repeated in the same model step is
 * not run again (answered `{duplicate_of}`), and write tools run one at a time so the
 * checks before a write see the turn's own earlier writes.
 */
function ledgered<T extends Record<string, { execute?: unknown }>>(ledger: TurnLedger, tools: T): T {
  for (const [name, t] of Object.entries(tools)) {
    const execute = t.execute as
      | ((input: unknown, options: { toolCallId: string; messages: unknown[] }) => Promise<unknown>)
      | undefined;
    if (!execute) continue;
    const write = WRITE_TOOLS.includes(name as ToolName) || name === "undo_last_change";
    t.execute = (input: unknown, options: { toolCallId: string; messages: unknown[] }) => {
      const first = ledger.duplicateOf(options?.messages?.length ?? 0, name, input, options?.toolCallId);
      if (first) {
        return Promise.resolve({
          duplicate_of: first,
          done: false,
          note: "Identical to another call in this step, which ran once; this copy was dropped.",
        });
      }
      return write ? ledger.serial(() => execute(input, options)) : execute(input, options);
    };
  }
  return tools;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Refuses a segment that would duplicate one already on that day (same type and title). */
async function refuseDuplicate(
  ctx: ToolContext,
  candidate: { type: string; title: string; dayIndex: number | null },
  exceptId?: string,
): Promise<ToolRefusal | null> {
  const existing = await listSegments(ctx.db, ctx.caller.userId, ctx.tripId);
  const dup = findDuplicate(existing, candidate, exceptId);
  if (!dup) return null;
  const where = candidate.dayIndex ? `day ${candidate.dayIndex}` : "the unscheduled list";
  return refusal("DUPLICATE_SEGMENT", `${capitalize(where)} already has the ${dup.type} “${dup.title}”`, {
    existing_segment_id: dup.id,
    hint: "No second copy was added; the existing one is existing_segment_id.",
  });
}

/** Refuses a day outside the trip before any write is attempted. */
async function refuseDay(ctx: ToolContext, dayIndex: number | null | undefined): Promise<ToolRefusal | null> {
  if (dayIndex === null || dayIndex === undefined) return null;
  const trip = await getTrip(ctx.db, ctx.caller.userId, ctx.tripId);
  const n = tripDayCount({ startDate: trip.start_date, endDate: trip.end_date });
  if (dayIndex >= 1 && dayIndex <= n) return null;
  return refusal(
    "OUTSIDE_TRIP_DATES",
    `Day ${dayIndex} is outside the trip's dates (days 1-${n}, ${trip.start_date} to ${trip.end_date})`,
    { hint: "Ask the user which day of the trip they mean (ask_question)." },
  );
}

/** 1-based trip day of a local ISO date-time (may fall outside the trip). */
async function dayOfTime(ctx: ToolContext, startTime: string): Promise<number> {
  const trip = await getTrip(ctx.db, ctx.caller.userId, ctx.tripId);
  return daysBetween(trip.start_date, startTime.slice(0, 10)) + 1;
}

/** Builds the tool set for one caller and trip. */
export function createTools(ctx: ToolContext) {
  const { db, caller, tripId } = ctx;
  const uid = caller.userId;
  const record = async (before: SegmentResponse | null, after: SegmentResponse | null) => {
    await ctx.changeset?.recordSegment(before, after);
  };
  return ledgered(
    new TurnLedger(),
    withToolScopes(caller, {
      get_segments: tool({
        description: "List the itinerary's segments in order, optionally only one day's.",
        inputSchema: toolInputSchemas.get_segments,
        execute: (input) =>
          guard(async () => ({
            segments: await listSegments(db, uid, tripId, { dayIndex: input.day_index }),
          })),
      }),
      add_segment: tool({
        description:
          "Add a segment (flight, hotel, activity, transfer, meeting, meal or note) to a day of the itinerary.",
        inputSchema: toolInputSchemas.add_segment,
        execute: (input) =>
          guard(async () => {
            const parsed = validate(segmentCreateSchema, defined(input));
            const outside = await refuseDay(ctx, parsed.day_index);
            if (outside) return outside;
            // Without a day_index the service takes the day from start_time (and checks it).
            const dayIndex =
              parsed.day_index ?? (parsed.start_time ? await dayOfTime(ctx, parsed.start_time) : null);
            const dup = await refuseDuplicate(ctx, { type: parsed.type, title: parsed.title, dayIndex });
            if (dup) return dup;
            const segment = await addSegment(db, uid, tripId, parsed, "assistant");
            await record(null, segment);
            return { segment, ...changesetRef(ctx) };
          }),
      }),
      update_segment: tool({
        description: "Change fields of an existing segment, by id.",
        inputSchema: toolInputSchemas.update_segment,
        execute: ({ segment_id, ...rest }) =>
          guard(async () => {
            const id = segmentIdOrFail(segment_id);
            const patch = validate(segmentUpdateSchema, defined(rest));
            const before = await segmentBefore(db, uid, tripId, id);
            if (!before) throw new ApiError("NOT_FOUND", `No segment with id ${segment_id}`);
            const outside = await refuseDay(ctx, patch.day_index);
            if (outside) return outside;
            const dup = await refuseDuplicate(
              ctx,
              {
                type: patch.type ?? before.type,
                title: patch.title ?? before.title,
                dayIndex: patch.day_index !== undefined ? patch.day_index : before.day_index,
              },
              id,
            );
            if (dup) return dup;
            // A new start keeps the item's length ("dinner at 8pm" on a 19:00-21:00 dinner).
            const end = keptEndTime(before, patch);
            const segment = await updateSegment(
              db,
              uid,
              tripId,
              id,
              end ? { ...patch, end_time: end } : patch,
              [before.version],
            );
            await record(before, segment);
            return { segment, ...changesetRef(ctx) };
          }),
      }),
      delete_segment: tool({
        description: "Remove a segment from the itinerary, by id.",
        inputSchema: toolInputSchemas.delete_segment,
        execute: ({ segment_id }) =>
          guard(async () => {
            const id = segmentIdOrFail(segment_id);
            const before = await segmentBefore(db, uid, tripId, id);
            if (!before) throw new ApiError("NOT_FOUND", `No segment with id ${segment_id}`);
            await deleteSegment(db, uid, tripId, id, [before.version]);
            await record(before, null);
            return { deleted: segment_id, title: before.title, ...changesetRef(ctx) };
          }),
      }),
      move_segment: tool({
        description: "Move a segment to another day and/or position (0 = first) and optionally time block.",
        inputSchema: toolInputSchemas.move_segment,
        execute: ({ segment_id, ...rest }) =>
          guard(async () => {
            const id = segmentIdOrFail(segment_id);
            const move = validate(segmentMoveSchema, defined(rest));
            const before = await segmentBefore(db, uid, tripId, id);
            if (!before) throw new ApiError("NOT_FOUND", `No segment with id ${segment_id}`);
            const outside = await refuseDay(ctx, move.day_index);
            if (outside) return outside;
            const dup = await refuseDuplicate(
              ctx,
              { type: before.type, title: before.title, dayIndex: move.day_index },
              id,
            );
            if (dup) return dup;
            const segment = await moveSegment(db, uid, tripId, id, move, [before.version]);
            await record(before, segment);
            return { segment, ...changesetRef(ctx) };
          }),
      }),
      update_trip_profile: tool({
        description:
          "Update the trip: title, dates, destinations, budget, interests, dietary needs, number of travelers.",
        inputSchema: toolInputSchemas.update_trip_profile,
        execute: (input) =>
          guard(async () => {
            const preferences = defined({
              budget: input.budget,
              interests: input.interests,
              dietary_restrictions: input.dietary_restrictions,
            });
            const before = await getTrip(db, uid, tripId);
            // A destination the trip already has keeps what is known of it (city, country,
            // coordinates): the tool names places, it does not mean to forget them.
            const known = (name: string) =>
              before.destinations.find((d) => d.name.trim().toLowerCase() === name.trim().toLowerCase());
            const patch = validate(
              tripUpdateSchema,
              defined({
                title: input.title,
                start_date: input.start_date,
                end_date: input.end_date,
                destinations: input.destinations?.map((name) => known(name) ?? { name }),
                preferences: Object.keys(preferences).length ? preferences : undefined,
              }),
            );
            const trip = Object.keys(patch).length
              ? await updateTrip(db, uid, tripId, patch, [before.version])
              : before;
            await ctx.changeset?.recordTrip(before, trip);
            if (input.travelers !== undefined || input.budget) {
              await ctx.onProfile?.(defined({ travelers: input.travelers, budget: input.budget }));
            }
            return {
              trip,
              ...(input.travelers !== undefined && { travelers: input.travelers }),
              ...(trip !== before && changesetRef(ctx)),
            };
          }),
      }),
      search_flights: tool({
        description:
          "Search flight offers (cheapest first) between two airports or metro codes; returns the top offers with ids, times (local, with UTC offsets), stops and total price in the offer's currency. Add a chosen one with add_segment (type flight).",
        inputSchema: toolInputSchemas.search_flights,
        execute: (input) =>
          guard(async () => {
            const found = await searchFlights(db, uid, validate(flightSearchSchema, defined(input)));
            const r = keep(found, filterFlightsByMemory(found.results, await loadMemory(db, uid)));
            return forModel(r, (o) => ({
              id: o.id,
              airline: o.airline,
              flight_numbers: o.outbound.legs.map((l) => l.flight_number),
              departure: o.outbound.departure,
              arrival: o.outbound.arrival,
              duration: o.outbound.duration,
              stops: o.outbound.stops,
              ...(o.return && {
                return: { departure: o.return.departure, arrival: o.return.arrival, stops: o.return.stops },
              }),
              price: o.price,
              cabin_class: o.cabin_class,
            }));
          }),
      }),
      search_hotels: tool({
        description:
          "Search places to stay around a city for check-in/check-out dates (cheapest first); returns the top offers with ids, type, stars, neighbourhood, per-night and total price in the offer's currency. Add a chosen one with add_segment (type hotel).",
        inputSchema: toolInputSchemas.search_hotels,
        execute: (input) =>
          guard(async () => {
            const found = await searchAccommodations(
              db,
              uid,
              validate(accommodationSearchSchema, defined(input)),
            );
            const r = keep(found, filterStaysByMemory(found.results, await loadMemory(db, uid)));
            return forModel(r, (o) => ({
              id: o.id,
              name: o.name,
              property_type: o.property_type,
              star_rating: o.star_rating,
              neighborhood: o.location.neighborhood,
              rating: o.rating.score,
              price: { per_night: o.price.per_night, total: o.price.total, currency: o.price.currency },
              check_in: o.check_in,
              check_out: o.check_out,
            }));
          }),
      }),
      search_activities: tool({
        description:
          "Things to do: the highlights, categories and best months of a destination from the built-in destination catalogue (default: the trip's destinations).",
        inputSchema: toolInputSchemas.search_activities,
        execute: (input) =>
          guard(async () => {
            if (!input.location) requireScope(caller, "trips:read", "Reading the trip's destinations");
            const places = input.location
              ? [input.location]
              : (await getTrip(db, uid, tripId)).destinations.map((d) => d.city ?? d.name);
            const found = places.flatMap((place) => {
              // "Asakusa, Tokyo": the first part the catalogue knows (a neighbourhood's city).
              const parts = place.split(",").map((p) => p.trim().toLowerCase());
              const city =
                parts.find((p) => CATALOGUE.some((d) => d.city.toLowerCase() === p)) ?? parts[0] ?? "";
              return CATALOGUE.filter((d) => d.city.toLowerCase() === city).map((d) => ({
                destination: `${d.city}, ${d.country}`,
                highlights: d.highlights,
                categories: d.categories,
                best_time_to_visit: d.best_time_to_visit,
                typical_daily_cost_usd: d.daily_cost_usd,
              }));
            });
            return withNote(dietaryNote(await loadMemory(db, uid)), {
              activities: found,
              ...(found.length === 0 && {
                note: `No catalogue entry for ${places.join(", ") || "this trip"}`,
              }),
            });
          }),
      }),
      remember_preference: tool({
        description:
          "Save a durable preference the user stated about themselves (diet, interests, the kind of stay or transport they like, travel style, budget tier, or something to avoid such as 'red-eye flights') to their memory. Later searches respect it: avoided red-eye flights are left out of flight results.",
        inputSchema: toolInputSchemas.remember_preference,
        execute: (input) =>
          guard(async () => {
            const r = await rememberPreference(db, uid, input);
            return { remembered: { category: r.category, value: r.value }, already_known: !r.saved };
          }),
      }),
      ask_question: tool({
        description:
          "Ask the user instead of guessing: when a reference matches several items, a date is outside the trip, or a required detail is missing. Types: single_choice and multiple_choice (with options), text, date, date_range. Put what you will do with the answer in `pending`. Make no change in the same turn; the answer comes back as the user's next message.",
        inputSchema: toolInputSchemas.ask_question,
        execute: (input) =>
          guard(async () => {
            const problems = questionProblems(input);
            if (problems.length) {
              return refusal(
                "VALIDATION_ERROR",
                `The question is malformed: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
                { fields: problems, hint: "Fix the question and ask again." },
              );
            }
            return {
              asked: true,
              questions: input.questions,
              ...(input.reason && { reason: input.reason }),
              ...(input.pending && { pending: input.pending }),
            };
          }),
      }),
      undo_last_change: tool({
        description:
          "Undo an earlier assistant turn's changes to this trip (by default the latest turn that changed something in this conversation). Items someone edited since are left alone and listed.",
        inputSchema: toolInputSchemas.undo_last_change,
        execute: (input) =>
          guard(async () => {
            const id =
              input.changeset_id ??
              (ctx.conversationId
                ? await latestUndoableChangeset(db, ctx.conversationId, ctx.changeset?.id)
                : null);
            if (!id)
              return refusal("NOTHING_TO_UNDO", "There is no earlier change in this conversation to undo");
            if (!UUID.test(id)) throw new ApiError("NOT_FOUND", `No change with id ${id}`);
            const result = await applyUndo(db, uid, id.toLowerCase());
            return { undone: true, ...result };
          }),
      }),
    }),
  );
}

export type DesignerTools = ReturnType<typeof createTools>;
