import { transferOwnership } from "@/lib/domain/sharing/service";
import { transferSchema } from "@/lib/domain/validators/sharing";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { TransferResultSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Sharing" },
  (op) => ({
    POST: op.auth(
      {
        summary: "{user_id}: make a collaborator the owner (owner only)",
        scope: "trips:write",
        tripRole: "owner",
        sessionOnly: true,
        body: { schema: transferSchema, name: "TransferRequest", example: { user_id: EXAMPLE.userId } },
        singleUse: "the trip's ownership",
        ok: {
          status: 200,
          description: "Ownership moved; the previous owner stays as admin.",
          schema: TransferResultSchema,
        },
      },
      async ({ db, caller, params, readBody }) => {
        const { user_id } = await readBody();
        return json(await transferOwnership(db, caller.userId, uuidParam(params.tripId, "Trip"), user_id));
      },
    ),
  }),
);
