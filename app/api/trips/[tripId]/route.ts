import { deleteTrip, getTrip, updateTrip } from "@/lib/domain/trips/service";
import { tripUpdateSchema } from "@/lib/domain/validators/trips";
import { etag, expectedVersion } from "@/lib/http/etag";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { tripId: string };

// GET /api/trips/{trip_id} – one trip the caller can see
export const GET = withAuth<P>(
  async ({ db, caller, params }) => {
    const trip = await getTrip(db, caller.userId, uuidParam(params.tripId, "Trip"));
    return json(trip, 200, { ETag: etag(trip.version) });
  },
  { scope: "trips:read" },
);

// PUT /api/trips/{trip_id} – partial update (editor+); honours If-Match
export const PUT = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Trip");
    const version = expectedVersion(req);
    const trip = await updateTrip(db, caller.userId, tripId, await parseBody(req, tripUpdateSchema), version);
    return json(trip, 200, { ETag: etag(trip.version) });
  },
  { scope: "trips:write" },
);

// PATCH /api/trips/{trip_id} – same as PUT (partial)
export const PATCH = PUT;

// DELETE /api/trips/{trip_id} – owner only; 204
export const DELETE = withAuth<P>(
  async ({ db, caller, params }) => {
    await deleteTrip(db, caller.userId, uuidParam(params.tripId, "Trip"));
    return new Response(null, { status: 204 });
  },
  { scope: "trips:delete" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, OPTIONS } = methodsNotAllowed(["GET", "PUT", "PATCH", "DELETE"]);
