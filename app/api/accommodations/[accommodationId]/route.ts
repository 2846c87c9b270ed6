/** The TripSage REST API "Get Accommodation Details": a stay offer from the caller's own searches (kept 7 days). */
import { getAccommodationOffer } from "@/lib/domain/travel/service";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { accommodationId: string };

// GET /api/accommodations/{accommodation_id} – one stay offer from the caller's searches
export const GET = withAuth<P>(
  async ({ db, caller, params }) =>
    json(await getAccommodationOffer(db, caller.userId, params.accommodationId)),
  { scope: "accommodations:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
