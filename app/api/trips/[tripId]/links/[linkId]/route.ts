import { revokeShareLink } from "@/lib/domain/sharing/service";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string; linkId: string }>(
  { tag: "Sharing" },
  (op) => ({
    DELETE: op.auth(
      {
        summary: "revoke a share link (admin+); 204",
        scope: "trips:write",
        tripRole: "admin",
        ok: { status: 204, description: "Revoked." },
      },
      async ({ db, caller, params }) => {
        await revokeShareLink(
          db,
          caller.userId,
          uuidParam(params.tripId, "Trip"),
          uuidParam(params.linkId, "Share link"),
        );
        return new Response(null, { status: 204 });
      },
    ),
  }),
);
