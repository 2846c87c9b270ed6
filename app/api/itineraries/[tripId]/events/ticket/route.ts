import { requireTripRole } from "@/lib/domain/auth/permissions";
import { callerRow } from "@/lib/domain/auth/user-cache";
import { defineRoute } from "@/lib/http/contract";
import { ApiError } from "@/lib/http/errors";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { EventsTicketSchema } from "@/lib/openapi/responses";
import { signEventsTicket, TICKET_TTL_S } from "@/lib/realtime/tickets";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Itinerary" },
  (op) => ({
    POST: op.auth(
      {
        summary: "a 60-second ticket for this trip's SSE stream (members only)",
        scope: "trips:read",
        tripRole: "viewer",
        ok: {
          status: 201,
          description:
            "A ticket for `GET /api/itineraries/{trip_id}/events?ticket=…`, valid `expires_in` seconds, for this trip only.",
          schema: EventsTicketSchema,
        },
      },
      async ({ db, caller, params }) => {
        const tripId = uuidParam(params.tripId, "Itinerary");
        await requireTripRole(db, caller.userId, tripId, "viewer");
        const row = await callerRow(db, caller.userId);
        if (!row) throw new ApiError("INVALID_TOKEN", "Token has been revoked");
        const ticket = await signEventsTicket({
          userId: caller.userId,
          tripId,
          tokenVersion: row.tokenVersion,
          ...(caller.apiKey && { apiKeyId: caller.apiKey.id }),
        });
        return json({ ticket, expires_in: TICKET_TTL_S }, 201, { "Cache-Control": "no-store" });
      },
    ),
  }),
);
