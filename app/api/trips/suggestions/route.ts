import { suggestionsQuerySchema, suggestTrips } from "@/lib/domain/suggestions/service";
import { parseQuery } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

/**
 * GET /api/trips/suggestions?limit=4&budget_max=5000&category=culture – the TripSage REST API trip
 * suggestions ranked for the caller from the destination catalogue (422 on a bad query).
 */
export const GET = withAuth(
  async ({ req, db, caller }) =>
    json(await suggestTrips(db, caller.userId, parseQuery(req, suggestionsQuerySchema))),
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
