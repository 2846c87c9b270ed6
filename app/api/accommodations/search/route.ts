/** The TripSage REST API "Search Accommodations". Needs the `accommodations:read` scope. */
import { searchAccommodations } from "@/lib/domain/travel/service";
import { accommodationSearchSchema } from "@/lib/domain/validators/travel";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/accommodations/search – stays around a place for the dates, cheapest first
export const POST = withAuth(
  async ({ req, db, caller }) =>
    json(await searchAccommodations(db, caller.userId, await parseBody(req, accommodationSearchSchema))),
  { scope: "accommodations:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
