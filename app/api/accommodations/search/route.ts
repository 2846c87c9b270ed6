/** The TripSage REST API "Search Accommodations". Needs the `accommodations:read` scope. */

import { searchAccommodations } from "@/lib/domain/travel/stays";
import { accommodationSearchSchema } from "@/lib/domain/validators/travel";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { AccommodationSearchResponseSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Accommodations" }, (op) => ({
  POST: op.auth(
    {
      summary: "stays around a place for the dates, cheapest first",
      scope: "accommodations:read",
      body: {
        schema: accommodationSearchSchema,
        name: "AccommodationSearchRequest",
        example: {
          location: "Tokyo, Japan",
          check_in: "2025-04-01",
          check_out: "2025-04-08",
          guests: 2,
          rooms: 1,
          budget_max: 200,
          property_types: ["hotel", "apartment"],
          amenities: ["wifi", "breakfast", "gym"],
          star_rating_min: 4,
          coordinates: { latitude: 35.6762, longitude: 139.6503, radius_km: 10 },
          sort_by: "price",
        },
      },
      ok: {
        status: 200,
        description: "Stays sorted by `sort_by`, and the search metadata.",
        schema: AccommodationSearchResponseSchema,
      },
      description:
        "Stays within `coordinates.radius_km` (default 10 km) of `coordinates`, or of the place named by " +
        "`location`, that have every requested amenity, at least `star_rating_min` stars (unrated kinds " +
        "such as apartments are then excluded) and room for the guests in the rooms; `budget_max` caps " +
        "`price.per_night` (USD). An unknown place is 422 on `location`. The returned offers stay " +
        "readable by id for 7 days.",
    },
    async ({ db, caller, readBody }) => json(await searchAccommodations(db, caller.userId, await readBody())),
  ),
}));
