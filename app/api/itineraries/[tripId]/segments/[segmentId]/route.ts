import { deleteSegment, getSegment, updateSegment } from "@/lib/domain/itinerary/service";
import { segmentUpdateSchema } from "@/lib/domain/validators/segments";
import { defineRoute } from "@/lib/http/contract";
import { etag, expectedVersion } from "@/lib/http/etag";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { SegmentSchema } from "@/lib/openapi/responses";

type P = { tripId: string; segmentId: string };
const ids = (p: P) => [uuidParam(p.tripId, "Itinerary"), uuidParam(p.segmentId, "Segment")] as const;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Itinerary" }, (op) => ({
  GET: op.auth(
    {
      summary: "one segment",
      scope: "trips:read",
      tripRole: "viewer",
      ok: { status: 200, description: "The segment.", schema: SegmentSchema, headers: ["ETag"] },
    },
    async ({ db, caller, params }) => {
      const [tripId, segmentId] = ids(params);
      const seg = await getSegment(db, caller.userId, tripId, segmentId);
      return json(seg, 200, { ETag: etag(seg.version) });
    },
  ),

  PUT: op.auth(
    {
      summary: "partial update (editor+); honours If-Match",
      scope: "trips:write",
      tripRole: "editor",
      body: {
        schema: segmentUpdateSchema,
        name: "SegmentUpdate",
        example: { title: "Dinner at Kikunoi", time_block: "evening" },
      },
      ok: { status: 200, description: "The updated segment.", schema: SegmentSchema, headers: ["ETag"] },
      ifMatch: true,
      description: "Partial update. When `type` changes, `details` is re-validated for the new type.",
    },
    async ({ req, db, caller, params, readBody }) => {
      const [tripId, segmentId] = ids(params);
      const version = expectedVersion(req);
      const seg = await updateSegment(db, caller.userId, tripId, segmentId, await readBody(), version);
      return json(seg, 200, { ETag: etag(seg.version) });
    },
  ),
  PATCH: op.alias("PUT"),

  DELETE: op.auth(
    {
      summary: "remove (editor+); 204; honours If-Match",
      scope: "trips:write",
      tripRole: "editor",
      ok: { status: 204, description: "Removed." },
      ifMatch: true,
      description: "With `If-Match`, a segment changed since that version is not removed (412).",
    },
    async ({ req, db, caller, params }) => {
      const [tripId, segmentId] = ids(params);
      await deleteSegment(db, caller.userId, tripId, segmentId, expectedVersion(req));
      return new Response(null, { status: 204 });
    },
  ),
}));
