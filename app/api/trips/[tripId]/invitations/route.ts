import { z } from "zod";
import { revokeInvitation } from "@/lib/domain/sharing/service";
import { emailSchema } from "@/lib/domain/validators/auth";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { uuidParam } from "@/lib/http/parse";

const invitationQuery = z.object({ email: emailSchema });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Sharing" },
  (op) => ({
    DELETE: op.auth(
      {
        summary: "withdraw a pending invitation (admin+); 204",
        scope: "trips:write",
        tripRole: "admin",
        query: invitationQuery,
        queryExample: { email: EXAMPLE.invitedEmail },
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
