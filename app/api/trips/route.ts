import { createTrip, listTrips } from "@/lib/domain/trips/service";
import { pagingSchema, tripCreateSchema } from "@/lib/domain/validators/trips";
import { defineRoute } from "@/lib/http/contract";
import { etag } from "@/lib/http/etag";
import { conditionalJson, json } from "@/lib/http/route";
import { TripListSchema, TripSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Trips" }, (op) => ({
  // An ETag over the page; 304 when If-None-Match names it.
  GET: op.auth(
    {
      summary: "the caller's trips (owned and shared), paged by skip/limit",
      scope: "trips:read",
      query: pagingSchema,
      queryExample: { skip: 0, limit: 20 },
      ok: {
        status: 200,
        description: "A page of trips, newest first.",
        schema: TripListSchema,
        headers: ["ETag"],
      },
      description:
        "The `ETag` is computed over the page; send it back as `If-None-Match` to get `304 Not Modified` " +
        "with no body while the page is unchanged.",
    },
    async ({ req, db, caller, readQuery }) =>
      conditionalJson(req, await listTrips(db, caller.userId, readQuery())),
  ),

  POST: op.auth(
    {
      summary: "create a trip owned by the caller",
      scope: "trips:write",
      body: {
        schema: tripCreateSchema,
        name: "TripCreate",
        example: {
          title: "Tokyo Cherry Blossom Trip",
          start_date: "2025-04-01",
          end_date: "2025-04-08",
          destinations: [{ name: "Tokyo", country: "Japan", city: "Tokyo" }],
          preferences: { budget: { total: 3000, currency: "USD" }, interests: ["culture", "food"] },
        },
      },
      ok: { status: 201, description: "The new trip.", schema: TripSchema, headers: ["ETag", "Location"] },
      description:
        "`startDate`/`endDate` (camelCase, as in the TripSage REST API's tutorial) are accepted too.",
    },
    async ({ db, caller, readBody }) => {
      const trip = await createTrip(db, caller.userId, await readBody());
      return json(trip, 201, { ETag: etag(trip.version), Location: `/api/trips/${trip.id}` });
    },
  ),
}));
