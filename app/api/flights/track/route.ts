/** The TripSage REST API "Flight Price Tracking" (POST), plus the caller's list of tracked routes (GET). */
import { createPriceWatch, listPriceWatches } from "@/lib/domain/travel/service";
import { flightTrackSchema } from "@/lib/domain/validators/travel";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/flights/track – track a route's cheapest fare; 201 with the watch
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const watch = await createPriceWatch(db, caller.userId, await parseBody(req, flightTrackSchema));
    return json(watch, 201, { Location: `/api/flights/track/${watch.id}` });
  },
  { scope: "flights:write" },
);

// GET /api/flights/track – the caller's tracked routes as {watches, total}
export const GET = withAuth(
  async ({ db, caller }) => {
    const watches = await listPriceWatches(db, caller.userId);
    return json({ watches, total: watches.length });
  },
  { scope: "flights:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
