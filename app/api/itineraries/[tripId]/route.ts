import { getItinerary, getItineraryIfChanged } from "@/lib/domain/itinerary/service";
import { etag, notModified, notModifiedResponse } from "@/lib/http/etag";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// 304 when If-None-Match names the current version (the segments are then not read).
// GET /api/itineraries/{trip_id} – the trip with its segments grouped by day
export const GET = withAuth<{ tripId: string }>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Itinerary");
    if (req.headers.has("if-none-match")) {
      const r = await getItineraryIfChanged(db, caller.userId, tripId, (v) => notModified(req, etag(v)));
      if (!r.changed) return notModifiedResponse(etag(r.version));
      return json(r.itinerary, 200, { ETag: etag(r.itinerary.version) });
    }
    const it = await getItinerary(db, caller.userId, tripId);
    return json(it, 200, { ETag: etag(it.version) });
  },
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
