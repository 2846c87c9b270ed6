import { listCollaborators } from "@/lib/domain/sharing/service";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/trips/{trip_id}/collaborators – collaborators and pending invitations (viewer+)
export const GET = withAuth<{ tripId: string }>(
  async ({ db, caller, params }) =>
    json(await listCollaborators(db, caller.userId, uuidParam(params.tripId, "Trip"))),
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
