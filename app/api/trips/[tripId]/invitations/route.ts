import { z } from "zod";
import { revokeInvitation } from "@/lib/domain/sharing/service";
import { emailSchema } from "@/lib/domain/validators/auth";
import { parseQuery, uuidParam } from "@/lib/http/parse";
import { methodsNotAllowed, withAuth } from "@/lib/http/route";

// DELETE /api/trips/{trip_id}/invitations?email=… – withdraw a pending invitation (admin+); 204
export const DELETE = withAuth<{ tripId: string }>(
  async ({ req, db, caller, params }) => {
    const { email } = parseQuery(req, z.object({ email: emailSchema }));
    await revokeInvitation(db, caller.userId, uuidParam(params.tripId, "Trip"), email);
    return new Response(null, { status: 204 });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed(["DELETE"]);
