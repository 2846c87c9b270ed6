/**
 * The trip designer's tools (names from seed 001), bound to one caller and one trip.
 * Each `execute` goes through the same domain services as the REST API and the manual UI,
 * which re-check the caller's rights: a viewer's assistant cannot write. Expected
 * failures (validation, permissions, unknown ids) come back to the model as
 * `{error, code}` so it can explain or retry; nothing is half-written.
 */
import { tool } from "ai";
import type { Db } from "@/db/client";
import type { Caller } from "@/lib/auth/caller";
import { ApiError } from "@/lib/http/errors";
import { validate } from "@/lib/http/parse";
import { addSegment, deleteSegment, listSegments, moveSegment, updateSegment } from "@/lib/itinerary/service";
import { CATALOGUE } from "@/lib/suggestions/catalogue";
import { type SearchResponse, searchAccommodations, searchFlights } from "@/lib/travel/service";
import { getTrip, updateTrip } from "@/lib/trips/service";
import {
  dietaryNote,
  filterFlightsByMemory,
  filterStaysByMemory,
  loadMemory,
  rememberPreference,
} from "@/lib/users/memory";
import { segmentCreateSchema, segmentMoveSchema, segmentUpdateSchema } from "@/lib/validators/segments";
import { accommodationSearchSchema, flightSearchSchema } from "@/lib/validators/travel";
import { tripUpdateSchema } from "@/lib/validators/trips";
import { toolInputSchemas } from "./tool-schemas";

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

function requireScope(caller: Caller, scope: "flights:read" | "accommodations:read" | "memory:write"): void {
  if (!caller.scopes.includes(scope)) {
    throw new ApiError(
      "INSUFFICIENT_PERMISSIONS",
      `${scope === "memory:write" ? "Saving to memory" : "Searching"} needs the '${scope}' scope`,
    );
  }
}

/** Adds what the traveller's memory changed about a result (`memory_note`) for the model to mention. */
function withNote<T extends object>(note: string | undefined, result: T): T & { memory_note?: string } {
  return note ? { ...result, memory_note: note } : result;
}

/** Builds the tool set for one caller and trip. */
export function createTools(ctx: ToolContext) {
  const { db, caller, tripId } = ctx;
  const uid = caller.userId;
  return {
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
          requireScope(caller, "flights:read");
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
          requireScope(caller, "accommodations:read");
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
          return withNote(dietaryNote(await loadMemory(db, uid)), {
            activities: found,
            ...(found.length === 0 && { note: `No catalogue entry for ${places.join(", ") || "this trip"}` }),
          });
        }),
    }),
    remember_preference: tool({
      description:
        "Save a durable preference the user stated about themselves (diet, interests, the kind of stay or transport they like, travel style, budget tier, or something to avoid such as 'red-eye flights') to their memory. Later searches respect it: avoided red-eye flights are left out of flight results.",
      inputSchema: toolInputSchemas.remember_preference,
      execute: (input) =>
        guard(async () => {
          requireScope(caller, "memory:write");
          const r = await rememberPreference(db, uid, input);
          return { remembered: { category: r.category, value: r.value }, already_known: !r.saved };
        }),
    }),
  };
}

export type DesignerTools = ReturnType<typeof createTools>;
