/** The TripSage REST API "Search Flights". Needs the `flights:read` scope. */
import { searchFlights } from "@/lib/domain/travel/service";
import { flightSearchSchema } from "@/lib/domain/validators/travel";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/flights/search – flight offers for a route and dates, cheapest first
export const POST = withAuth(
  async ({ req, db, caller }) =>
    json(await searchFlights(db, caller.userId, await parseBody(req, flightSearchSchema))),
  { scope: "flights:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
