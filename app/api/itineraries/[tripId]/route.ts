import { readItineraryJson } from "@/lib/domain/itinerary/read";
import { getItineraryIfChanged } from "@/lib/domain/itinerary/service";
import { defineRoute } from "@/lib/http/contract";
import { etag, noneMatchVersions, notModified, notModifiedResponse } from "@/lib/http/etag";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { ItinerarySchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Itinerary" },
  (op) => ({
    // 304 when If-None-Match names the current version (the body is then not built). The body
    // is the JSON text the database builds (lib/domain/itinerary/read.ts), written as it is.
    GET: op.auth(
      {
        summary: "the trip with its segments grouped by day",
        scope: "trips:read",
        tripRole: "viewer",
        ok: { status: 200, description: "The itinerary.", schema: ItinerarySchema, headers: ["ETag"] },
        description:
          "The `ETag` is the trip's version, which every change to the trip or its segments bumps. Send it " +
          "back as `If-None-Match` to get `304 Not Modified` with no body while nothing changed (cheap polling).",
      },
      async ({ req, db, caller, params }) => {
        const tripId = uuidParam(params.tripId, "Itinerary");
        const seen = noneMatchVersions(req);
        if (seen === "*") {
          const r = await getItineraryIfChanged(db, caller.userId, tripId, (v) => notModified(req, etag(v)));
          if (!r.changed) return notModifiedResponse(etag(r.version));
          return json(r.itinerary, 200, { ETag: etag(r.itinerary.version) });
        }
        const r = await readItineraryJson(db, caller.userId, tripId, seen);
        if (!r.changed) return notModifiedResponse(etag(r.version));
        return new Response(r.body, {
          status: 200,
          headers: { "content-type": "application/json", ETag: etag(r.version) },
        });
      },
    ),
  }),
);
