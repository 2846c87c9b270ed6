import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { revokeInvitation } from "@/lib/sharing/service";
import { emailSchema } from "@/lib/validators/auth";

const invitationQuery = z.object({ email: emailSchema });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Sharing" },
  (op) => ({
    DELETE: op.auth(
      {
        summary: "withdraw a pending invitation (admin+); 204",
        scope: "trips:write",
        query: invitationQuery,
        ok: { status: 204, description: "Invitation withdrawn." },
      },
      async ({ db, caller, params, readQuery }) => {
        const { email } = readQuery();
        await revokeInvitation(db, caller.userId, uuidParam(params.tripId, "Trip"), email);
        return new Response(null, { status: 204 });
      },
    ),
  }),
);
