import { listCollaborators } from "@/lib/domain/sharing/service";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { CollaboratorListSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Sharing" },
  (op) => ({
    GET: op.auth(
      {
        summary: "collaborators and pending invitations (viewer+)",
        scope: "trips:read",
        tripRole: "viewer",
        ok: {
          status: 200,
          description: "Collaborators, then pending invitations.",
          schema: CollaboratorListSchema,
        },
      },
      async ({ db, caller, params }) =>
        json(await listCollaborators(db, caller.userId, uuidParam(params.tripId, "Trip"))),
    ),
  }),
);
