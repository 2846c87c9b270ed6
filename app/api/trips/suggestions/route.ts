import { z } from "zod";
import { suggestionsQuerySchema, suggestTrips } from "@/lib/domain/suggestions/service";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { SuggestionSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Trips" }, (op) => ({
  /**
   * GET /api/trips/suggestions?limit=4&budget_max=5000&category=culture – the TripSage REST API trip
   * suggestions ranked for the caller from the destination catalogue (422 on a bad query).
   */
  GET: op.auth(
    {
      summary:
        "the TripSage REST API trip suggestions ranked for the caller from the destination catalogue (422 on a bad query).",
      scope: "trips:read",
      query: suggestionsQuerySchema,
      ok: { status: 200, description: "Suggestions, best first.", schema: z.array(SuggestionSchema) },
      description:
        "Deterministic ranking of a curated catalogue by the caller's interests, budget tier and season.",
    },
    async ({ db, caller, readQuery }) => json(await suggestTrips(db, caller.userId, readQuery())),
  ),
}));
