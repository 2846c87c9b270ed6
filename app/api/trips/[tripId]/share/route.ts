import { shareTrip } from "@/lib/domain/sharing/service";
import { shareSchema } from "@/lib/domain/validators/sharing";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/trips/{trip_id}/share – invite people by email as viewer/editor/admin (admin+)
export const POST = withAuth<{ tripId: string }>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Trip");
    return json(await shareTrip(db, caller.userId, tripId, await parseBody(req, shareSchema)));
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
