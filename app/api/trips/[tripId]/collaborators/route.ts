import { uuidParam } from "@/lib/http/parse";
import { json, withAuth } from "@/lib/http/route";
import { listCollaborators } from "@/lib/sharing/service";

// GET /api/trips/{trip_id}/collaborators – collaborators and pending invitations (viewer+)
export const GET = withAuth<{ tripId: string }>(
  async ({ db, caller, params }) =>
    json(await listCollaborators(db, caller.userId, uuidParam(params.tripId, "Trip"))),
  { scope: "trips:read" },
);
