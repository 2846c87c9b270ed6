import { etag } from "@/lib/http/etag";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";
import { getItinerary } from "@/lib/itinerary/service";

// GET /api/itineraries/{trip_id} – the trip with its segments grouped by day
export const GET = withAuth<{ tripId: string }>(
  async ({ db, caller, params }) => {
    const it = await getItinerary(db, caller.userId, uuidParam(params.tripId, "Itinerary"));
    return json(it, 200, { ETag: etag(it.version) });
  },
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
