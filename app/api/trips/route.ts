import { createTrip, listTrips } from "@/lib/domain/trips/service";
import { pagingSchema, tripCreateSchema } from "@/lib/domain/validators/trips";
import { etag } from "@/lib/http/etag";
import { parseBody, parseQuery } from "@/lib/http/parse";
import { conditionalJson, json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// An ETag over the page; 304 when If-None-Match names it.
// GET /api/trips – the caller's trips (owned and shared), paged by skip/limit
export const GET = withAuth(
  async ({ req, db, caller }) =>
    conditionalJson(req, await listTrips(db, caller.userId, parseQuery(req, pagingSchema))),
  { scope: "trips:read" },
);

// POST /api/trips – create a trip owned by the caller
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const trip = await createTrip(db, caller.userId, await parseBody(req, tripCreateSchema));
    return json(trip, 201, { ETag: etag(trip.version), Location: `/api/trips/${trip.id}` });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
