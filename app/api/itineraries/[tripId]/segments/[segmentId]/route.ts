import { deleteSegment, getSegment, updateSegment } from "@/lib/domain/itinerary/service";
import { segmentUpdateSchema } from "@/lib/domain/validators/segments";
import { etag, expectedVersion } from "@/lib/http/etag";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { tripId: string; segmentId: string };
const ids = (p: P) => [uuidParam(p.tripId, "Itinerary"), uuidParam(p.segmentId, "Segment")] as const;

// GET /api/itineraries/{trip_id}/segments/{segment_id} – one segment
export const GET = withAuth<P>(
  async ({ db, caller, params }) => {
    const [tripId, segmentId] = ids(params);
    const seg = await getSegment(db, caller.userId, tripId, segmentId);
    return json(seg, 200, { ETag: etag(seg.version) });
  },
  { scope: "trips:read" },
);

// PUT /api/itineraries/{trip_id}/segments/{segment_id} – partial update (editor+); honours If-Match
export const PUT = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const [tripId, segmentId] = ids(params);
    const version = expectedVersion(req);
    const seg = await updateSegment(
      db,
      caller.userId,
      tripId,
      segmentId,
      await parseBody(req, segmentUpdateSchema),
      version,
    );
    return json(seg, 200, { ETag: etag(seg.version) });
  },
  { scope: "trips:write" },
);

export const PATCH = PUT;

// DELETE /api/itineraries/{trip_id}/segments/{segment_id} – remove (editor+); 204; honours If-Match
export const DELETE = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const [tripId, segmentId] = ids(params);
    await deleteSegment(db, caller.userId, tripId, segmentId, expectedVersion(req));
    return new Response(null, { status: 204 });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, OPTIONS } = methodsNotAllowed(["GET", "PUT", "PATCH", "DELETE"]);
