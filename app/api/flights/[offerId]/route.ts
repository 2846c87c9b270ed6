/** Seed 000 "Get Flight Details": an offer from the caller's own searches (kept 7 days). */
import { ApiError } from "@/lib/http/errors";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";
import { getFlightOffer } from "@/lib/travel/service";

type P = { offerId: string };

/** Offer ids are `off_` + 20 hex characters; anything else cannot exist. */
function offerIdParam(id: string): string {
  if (!/^off_[0-9a-f]{20}$/.test(id)) throw new ApiError("NOT_FOUND", "Flight offer not found");
  return id;
}

// GET /api/flights/{flight_offer_id} – one offer from the caller's searches
export const GET = withAuth<P>(
  async ({ db, caller, params }) =>
    json(await getFlightOffer(db, caller.userId, offerIdParam(params.offerId))),
  { scope: "flights:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
