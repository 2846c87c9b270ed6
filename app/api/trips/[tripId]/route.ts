import { deleteTrip, getTrip, updateTrip } from "@/lib/domain/trips/service";
import { tripUpdateSchema } from "@/lib/domain/validators/trips";
import { defineRoute } from "@/lib/http/contract";
import { etag, expectedVersion } from "@/lib/http/etag";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { TripSchema } from "@/lib/openapi/responses";

type P = { tripId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Trips" }, (op) => ({
  GET: op.auth(
    {
      summary: "one trip the caller can see",
      scope: "trips:read",
      tripRole: "viewer",
      ok: { status: 200, description: "The trip.", schema: TripSchema, headers: ["ETag"] },
    },
    async ({ db, caller, params }) => {
      const trip = await getTrip(db, caller.userId, uuidParam(params.tripId, "Trip"));
      return json(trip, 200, { ETag: etag(trip.version) });
    },
  ),

  PUT: op.auth(
    {
      summary: "partial update (editor+); honours If-Match",
      scope: "trips:write",
      tripRole: "editor",
      body: {
        schema: tripUpdateSchema,
        name: "TripUpdate",
        example: { title: "Updated Trip Title", status: "booked" },
      },
      ok: { status: 200, description: "The updated trip.", schema: TripSchema, headers: ["ETag"] },
      ifMatch: true,
      description:
        "Partial update: only the fields sent change; `preferences` merges key by key. " +
        "Moving `start_date` shifts every timed segment by the same number of days. " +
        "Send the `ETag` of your last read as `If-Match` to get 412 instead of overwriting someone else's change.",
    },
    async ({ req, db, caller, params, readBody }) => {
      const tripId = uuidParam(params.tripId, "Trip");
      const version = expectedVersion(req);
      const trip = await updateTrip(db, caller.userId, tripId, await readBody(), version);
      return json(trip, 200, { ETag: etag(trip.version) });
    },
  ),
  PATCH: op.alias("PUT", "same as PUT (partial)"),

  DELETE: op.auth(
    {
      summary: "owner only; 204",
      scope: "trips:delete",
      tripRole: "owner",
      ok: { status: 204, description: "Deleted with its segments and conversations." },
    },
    async ({ db, caller, params }) => {
      await deleteTrip(db, caller.userId, uuidParam(params.tripId, "Trip"));
      return new Response(null, { status: 204 });
    },
  ),
}));
