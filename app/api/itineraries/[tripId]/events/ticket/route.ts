import { requireTripRole } from "@/lib/domain/auth/permissions";
import { callerRow } from "@/lib/domain/auth/user-cache";
import { ApiError } from "@/lib/http/errors";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";
import { signEventsTicket, TICKET_TTL_S } from "@/lib/realtime/tickets";

// POST /api/itineraries/{trip_id}/events/ticket – a 60-second ticket for this trip's SSE stream (members only)
export const POST = withAuth<{ tripId: string }>(
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
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
