import { transferOwnership } from "@/lib/domain/sharing/service";
import { transferSchema } from "@/lib/domain/validators/sharing";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/trips/{trip_id}/transfer – {user_id}: make a collaborator the owner (owner only)
export const POST = withAuth<{ tripId: string }>(
  async ({ req, db, caller, params }) => {
    const { user_id } = await parseBody(req, transferSchema);
    return json(await transferOwnership(db, caller.userId, uuidParam(params.tripId, "Trip"), user_id));
  },
  { scope: "trips:write", sessionOnly: true },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
