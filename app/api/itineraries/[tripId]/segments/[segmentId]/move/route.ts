import { moveSegment } from "@/lib/domain/itinerary/service";
import { segmentMoveSchema } from "@/lib/domain/validators/segments";
import { defineRoute } from "@/lib/http/contract";
import { etag, expectedVersion } from "@/lib/http/etag";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { SegmentSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string; segmentId: string }>(
  { tag: "Itinerary" },
  (op) => ({
    POST: op.auth(
      {
        summary: "{day_index, position} (editor+); honours If-Match",
        scope: "trips:write",
        tripRole: "editor",
        body: { schema: segmentMoveSchema, name: "SegmentMove", example: { day_index: 3, position: 0 } },
        ok: { status: 200, description: "The moved segment.", schema: SegmentSchema, headers: ["ETag"] },
        ifMatch: true,
        description:
          "`day_index: null` unschedules the segment. Positions in both days stay dense. " +
          "With `If-Match`, a segment changed since that version is not moved (412).",
      },
      async ({ req, db, caller, params, readBody }) => {
        const tripId = uuidParam(params.tripId, "Itinerary");
        const segmentId = uuidParam(params.segmentId, "Segment");
        const seg = await moveSegment(
          db,
          caller.userId,
          tripId,
          segmentId,
          await readBody(),
          expectedVersion(req),
        );
        return json(seg, 200, { ETag: etag(seg.version) });
      },
    ),
  }),
);
