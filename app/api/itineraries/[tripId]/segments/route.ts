import { z } from "zod";
import { addSegment, listSegments } from "@/lib/domain/itinerary/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { SegmentListSchema, SegmentSchema } from "@/lib/openapi/responses";

type P = { tripId: string };
const query = z.object({ day_index: z.coerce.number().int().min(1).optional() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Itinerary" }, (op) => ({
  GET: op.auth(
    {
      summary: "segments in order, optionally one day's",
      scope: "trips:read",
      tripRole: "viewer",
      query,
      queryExample: { day_index: 1 },
      ok: { status: 200, description: "Segments by day and position.", schema: SegmentListSchema },
    },
    async ({ db, caller, params, readQuery }) => {
      const { day_index } = readQuery();
      const items = await listSegments(db, caller.userId, uuidParam(params.tripId, "Itinerary"), {
        dayIndex: day_index,
      });
      return json({ segments: items, total: items.length });
    },
  ),

  POST: op.auth(
    {
      summary: "add a segment (editor+)",
      scope: "trips:write",
      tripRole: "editor",
      body: {
        schema: segmentCreateSchema,
        name: "SegmentCreate",
        example: { type: "activity", title: "Fushimi Inari at dawn", day_index: 2, time_block: "morning" },
      },
      ok: { status: 201, description: "The new segment.", schema: SegmentSchema, headers: ["ETag"] },
      description:
        "`details` is validated by `type` (a flight needs carrier, flight number and IATA origin/destination). " +
        "A `day_index` outside the trip's days is 422 `OUTSIDE_TRIP_DATES`.",
    },
    async ({ db, caller, params, readBody }) => {
      const tripId = uuidParam(params.tripId, "Itinerary");
      const seg = await addSegment(db, caller.userId, tripId, await readBody());
      return json(seg, 201, { ETag: `"v${seg.version}"` });
    },
  ),
}));
