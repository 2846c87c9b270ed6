import { moveSegment } from "@/lib/domain/itinerary/service";
import { segmentMoveSchema } from "@/lib/domain/validators/segments";
import { etag, expectedVersion } from "@/lib/http/etag";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/itineraries/{trip_id}/segments/{segment_id}/move – {day_index, position} (editor+); honours If-Match
export const POST = withAuth<{ tripId: string; segmentId: string }>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Itinerary");
    const segmentId = uuidParam(params.segmentId, "Segment");
    const seg = await moveSegment(
      db,
      caller.userId,
      tripId,
      segmentId,
      await parseBody(req, segmentMoveSchema),
      expectedVersion(req),
    );
    return json(seg, 200, { ETag: etag(seg.version) });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
