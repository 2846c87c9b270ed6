/** The TripSage REST API "Get Accommodation Details": a stay offer from the caller's own searches (kept 7 days). */

import { getAccommodationOffer } from "@/lib/domain/travel/stays";
import { stayOfferIdSchema } from "@/lib/domain/validators/travel";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { AccommodationOfferSchema } from "@/lib/openapi/responses";

type P = { accommodationId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Accommodations" }, (op) => ({
  GET: op.auth(
    {
      summary: "one stay offer from the caller's searches",
      scope: "accommodations:read",
      params: { accommodation_id: stayOfferIdSchema },
      ok: {
        status: 200,
        description: "The stay offer as the search answered it.",
        schema: AccommodationOfferSchema,
      },
      description: "Only offers from the caller's own searches of the last 7 days; any other id is 404.",
    },
    async ({ db, caller, params }) =>
      json(await getAccommodationOffer(db, caller.userId, params.accommodationId)),
  ),
}));
