import { removeCollaborator, updateCollaborator } from "@/lib/domain/sharing/service";
import { collaboratorUpdateSchema } from "@/lib/domain/validators/sharing";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { tripId: string; userId: string };

// PUT /api/trips/{trip_id}/collaborators/{user_id} – change a collaborator's permission level (admin+)
export const PUT = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Trip");
    const userId = uuidParam(params.userId, "Collaborator");
    const { permission_level } = await parseBody(req, collaboratorUpdateSchema);
    return json(await updateCollaborator(db, caller.userId, tripId, userId, permission_level));
  },
  { scope: "trips:write" },
);
export const PATCH = PUT;

// DELETE /api/trips/{trip_id}/collaborators/{user_id} – remove a collaborator (admin+), or leave the trip; 204
export const DELETE = withAuth<P>(
  async ({ db, caller, params }) => {
    await removeCollaborator(
      db,
      caller.userId,
      uuidParam(params.tripId, "Trip"),
      uuidParam(params.userId, "Collaborator"),
    );
    return new Response(null, { status: 204 });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, POST, OPTIONS } = methodsNotAllowed(["PUT", "PATCH", "DELETE"]);
