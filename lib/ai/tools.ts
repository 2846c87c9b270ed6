/**
 * The trip designer's tools (names from seed 001), bound to one caller and one trip.
 * Each `execute` goes through the same domain services as the REST API and the manual UI,
 * which re-check the caller's rights: a viewer's assistant cannot write. Expected
 * failures (validation, permissions, unknown ids) come back to the model as
 * `{error, code}` so it can explain or retry; nothing is half-written. Every tool also
 * needs the scope lib/ai/tool-scopes.ts gives it (an API key holding only `chat:access`
 * cannot read or write the trip through the assistant).
 */
import { type Tool, tool } from "ai";
import type { Db } from "@/db/client";
import type { Caller } from "@/lib/auth/caller";
import { ApiError } from "@/lib/http/errors";
import { validate } from "@/lib/http/parse";
import { addSegment, deleteSegment, listSegments, moveSegment, updateSegment } from "@/lib/itinerary/service";
import { CATALOGUE } from "@/lib/suggestions/catalogue";
import { type SearchResponse, searchAccommodations, searchFlights } from "@/lib/travel/service";
import { getTrip, updateTrip } from "@/lib/trips/service";
import { segmentCreateSchema, segmentMoveSchema, segmentUpdateSchema } from "@/lib/validators/segments";
import { accommodationSearchSchema, flightSearchSchema } from "@/lib/validators/travel";
import { tripUpdateSchema } from "@/lib/validators/trips";
import { type ToolName, toolInputSchemas } from "./tool-schemas";
import { requireScope, requireToolScope } from "./tool-scopes";

export interface ToolContext {
  db: Db;
  caller: Caller;
  tripId: string;
  /** Called after a tool changed the trip profile (e.g. travelers), for the session's tripProfile. */
  onProfile?: (profile: {
    travelers?: number;
    budget?: { total: number; currency: string };
  }) => Promise<void> | void;
}

export type ToolFailure = { error: string; code: string; fields?: { field: string; message: string }[] };

async function guard<T>(fn: () => Promise<T>): Promise<T | ToolFailure> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) {
      return {
        error: e.message,
        code: e.code,
        ...(e.errors && { fields: e.errors.map(({ field, message }) => ({ field, message })) }),
      };
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
function forModel<T, R>(r: SearchResponse<T>, pick: (offer: T) => R) {
  return {
    provider: r.search_metadata.provider,
    total_results: r.search_metadata.total_results,
    ...(r.search_metadata.warnings && { warnings: r.search_metadata.warnings }),
    offers: r.results.slice(0, OFFERS_FOR_MODEL).map(pick),
  };
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

/** Builds the tool set for one caller and trip. */
export function createTools(ctx: ToolContext) {
  const { db, caller, tripId } = ctx;
  const uid = caller.userId;
  return withToolScopes(caller, {
    get_segments: tool({
      description: "List the itinerary's segments in order, optionally only one day's.",
      inputSchema: toolInputSchemas.get_segments,
      execute: (input) =>
        guard(async () => ({ segments: await listSegments(db, uid, tripId, { dayIndex: input.day_index }) })),
    }),
    add_segment: tool({
      description:
        "Add a segment (flight, hotel, activity, transfer, meeting, meal or note) to a day of the itinerary.",
      inputSchema: toolInputSchemas.add_segment,
      execute: (input) =>
        guard(async () => ({
          segment: await addSegment(
            db,
            uid,
            tripId,
            validate(segmentCreateSchema, defined(input)),
            "assistant",
          ),
        })),
    }),
    update_segment: tool({
      description: "Change fields of an existing segment, by id.",
      inputSchema: toolInputSchemas.update_segment,
      execute: ({ segment_id, ...rest }) =>
        guard(async () => ({
          segment: await updateSegment(
            db,
            uid,
            tripId,
            segmentIdOrFail(segment_id),
            validate(segmentUpdateSchema, defined(rest)),
          ),
        })),
    }),
    delete_segment: tool({
      description: "Remove a segment from the itinerary, by id.",
      inputSchema: toolInputSchemas.delete_segment,
      execute: ({ segment_id }) =>
        guard(async () => {
          await deleteSegment(db, uid, tripId, segmentIdOrFail(segment_id));
          return { deleted: segment_id };
        }),
    }),
    move_segment: tool({
      description: "Move a segment to another day and/or position (0 = first) and optionally time block.",
      inputSchema: toolInputSchemas.move_segment,
      execute: ({ segment_id, ...rest }) =>
        guard(async () => ({
          segment: await moveSegment(
            db,
            uid,
            tripId,
            segmentIdOrFail(segment_id),
            validate(segmentMoveSchema, defined(rest)),
          ),
        })),
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
          const patch = validate(
            tripUpdateSchema,
            defined({
              title: input.title,
              start_date: input.start_date,
              end_date: input.end_date,
              destinations: input.destinations?.map((name) => ({ name })),
              preferences: Object.keys(preferences).length ? preferences : undefined,
            }),
          );
          const trip = await updateTrip(db, uid, tripId, patch);
          if (input.travelers !== undefined || input.budget) {
            await ctx.onProfile?.(defined({ travelers: input.travelers, budget: input.budget }));
          }
          return { trip, ...(input.travelers !== undefined && { travelers: input.travelers }) };
        }),
    }),
    search_flights: tool({
      description:
        "Search flight offers (cheapest first) between two airports or metro codes; returns the top offers with ids, times (local, with UTC offsets), stops and total price in the offer's currency. Add a chosen one with add_segment (type flight).",
      inputSchema: toolInputSchemas.search_flights,
      execute: (input) =>
        guard(async () => {
          const r = await searchFlights(db, uid, validate(flightSearchSchema, defined(input)));
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
          const r = await searchAccommodations(db, uid, validate(accommodationSearchSchema, defined(input)));
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
            const city = place.split(",")[0]?.trim().toLowerCase() ?? "";
            return CATALOGUE.filter((d) => d.city.toLowerCase() === city).map((d) => ({
              destination: `${d.city}, ${d.country}`,
              highlights: d.highlights,
              categories: d.categories,
              best_time_to_visit: d.best_time_to_visit,
              typical_daily_cost_usd: d.daily_cost_usd,
            }));
          });
          return {
            activities: found,
            ...(found.length === 0 && { note: `No catalogue entry for ${places.join(", ") || "this trip"}` }),
          };
        }),
    }),
  });
}

export type DesignerTools = ReturnType<typeof createTools>;
