/** The TripSage REST API "Get Flight Details": an offer from the caller's own searches (kept 7 days). */

import { getFlightOffer } from "@/lib/domain/travel/flights";
import { flightOfferIdSchema } from "@/lib/domain/validators/travel";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { FlightOfferSchema } from "@/lib/openapi/responses";

type P = { offerId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>(
  { tag: "Flights", path: "/api/flights/{flight_offer_id}" },
  (op) => ({
    GET: op.auth(
      {
        summary: "one offer from the caller's searches",
        scope: "flights:read",
        params: { flight_offer_id: flightOfferIdSchema },
        ok: { status: 200, description: "The offer as the search answered it.", schema: FlightOfferSchema },
        description:
          "Only offers from the caller's own searches of the last 7 days; any other id is 404. " +
          "`expires_at` says whether the price still stands.",
      },
      async ({ db, caller, params }) => json(await getFlightOffer(db, caller.userId, params.offerId)),
    ),
  }),
);
