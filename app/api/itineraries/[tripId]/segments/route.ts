import { z } from "zod";
import { addSegment, listSegments } from "@/lib/domain/itinerary/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { parseBody, parseQuery, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { tripId: string };
const query = z.object({ day_index: z.coerce.number().int().min(1).optional() });

// GET /api/itineraries/{trip_id}/segments – segments in order, optionally one day's
export const GET = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const { day_index } = parseQuery(req, query);
    const items = await listSegments(db, caller.userId, uuidParam(params.tripId, "Itinerary"), {
      dayIndex: day_index,
    });
    return json({ segments: items, total: items.length });
  },
  { scope: "trips:read" },
);

// POST /api/itineraries/{trip_id}/segments – add a segment (editor+)
export const POST = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Itinerary");
    const seg = await addSegment(db, caller.userId, tripId, await parseBody(req, segmentCreateSchema));
    return json(seg, 201, { ETag: `"v${seg.version}"` });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
