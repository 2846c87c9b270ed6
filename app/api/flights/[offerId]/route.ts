/** The TripSage REST API "Get Flight Details": an offer from the caller's own searches (kept 7 days). */
import { getFlightOffer } from "@/lib/domain/travel/service";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { offerId: string };

// GET /api/flights/{flight_offer_id} – one offer from the caller's searches
export const GET = withAuth<P>(
  async ({ db, caller, params }) => json(await getFlightOffer(db, caller.userId, params.offerId)),
  { scope: "flights:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
