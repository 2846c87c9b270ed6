/** The TripSage REST API "Flight Price Tracking" (POST), plus the caller's list of tracked routes (GET). */

import { createPriceWatch, listPriceWatches } from "@/lib/domain/travel/watches";
import { flightTrackSchema } from "@/lib/domain/validators/travel";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { PriceWatchListSchema, PriceWatchSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Flights" }, (op) => ({
  GET: op.auth(
    {
      summary: "the caller's tracked routes as {watches, total}",
      scope: "flights:read",
      ok: {
        status: 200,
        description: "The caller's price watches, newest first.",
        schema: PriceWatchListSchema,
      },
    },
    async ({ db, caller }) => {
      const watches = await listPriceWatches(db, caller.userId);
      return json({ watches, total: watches.length });
    },
  ),

  POST: op.auth(
    {
      summary: "track a route's cheapest fare; 201 with the watch",
      scope: "flights:write",
      body: {
        schema: flightTrackSchema,
        name: "FlightTrackRequest",
        example: {
          route: {
            origin: "JFK",
            destination: "NRT",
            departure_date: "2025-04-01",
            return_date: "2025-04-08",
          },
          passengers: 2,
          target_price: 1200,
          trip_id: EXAMPLE.tripId,
          notification_email: "user@example.com",
        },
      },
      ok: {
        status: 201,
        description: "The watch, priced now (`current_price`).",
        schema: PriceWatchSchema,
        headers: ["Location"],
      },
      errors: [404, 503],
      description:
        "Prices the route's cheapest fare now and re-checks it every 6 hours until the departure date " +
        "passes (the watch then becomes `expired`). Each change queues the `flight.price_changed` webhook " +
        "event and a `price_alert` notification. A `trip_id` the caller cannot see is 404; more than 20 " +
        "active watches is 403 `LIMIT_EXCEEDED`.",
    },
    async ({ db, caller, readBody }) => {
      const watch = await createPriceWatch(db, caller.userId, await readBody());
      return json(watch, 201, { Location: `/api/flights/track/${watch.id}` });
    },
  ),
}));
