import { revokeShareLink } from "@/lib/domain/sharing/service";
import { uuidParam } from "@/lib/http/parse";
import { methodsNotAllowed, withAuth } from "@/lib/http/route";

// DELETE /api/trips/{trip_id}/links/{link_id} – revoke a share link (admin+); 204
export const DELETE = withAuth<{ tripId: string; linkId: string }>(
  async ({ db, caller, params }) => {
    await revokeShareLink(
      db,
      caller.userId,
      uuidParam(params.tripId, "Trip"),
      uuidParam(params.linkId, "Share link"),
    );
    return new Response(null, { status: 204 });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed(["DELETE"]);
