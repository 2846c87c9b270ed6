/** The TripSage REST API "Search Flights". Needs the `flights:read` scope. */

import { searchFlights } from "@/lib/domain/travel/flights";
import { flightSearchSchema } from "@/lib/domain/validators/travel";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { FlightSearchResponseSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Flights" }, (op) => ({
  POST: op.auth(
    {
      summary: "flight offers for a route and dates, cheapest first",
      scope: "flights:read",
      body: {
        schema: flightSearchSchema,
        name: "FlightSearchRequest",
        example: {
          origin: "JFK",
          destination: "NRT",
          departure_date: "2025-04-01",
          return_date: "2025-04-08",
          passengers: 2,
          cabin_class: "economy",
          budget_max: 1500,
          preferred_airlines: ["ANA", "JAL"],
          flexible_dates: { enabled: true, days_before: 2, days_after: 2 },
        },
      },
      ok: {
        status: 200,
        description: "Offers, cheapest first (preferred airlines first), and the search metadata.",
        schema: FlightSearchResponseSchema,
      },
      errors: [503],
      description:
        "`origin` and `destination` are IATA airport or metro codes (`TYO` searches HND and NRT). " +
        "With `flexible_dates.enabled` every departure date from `days_before` to `days_after` around " +
        "`departure_date` is searched (the return date moves with it). `budget_max` caps `price.total` " +
        "(all passengers, USD); `preferred_airlines` (names or IATA designators) are listed first. " +
        "Times are local with the airport's UTC offset. The returned offers stay readable by id for 7 days. " +
        "An unknown airport code is 422; a live provider that cannot be reached is 503.",
    },
    async ({ db, caller, readBody }) => json(await searchFlights(db, caller.userId, await readBody())),
  ),
}));
