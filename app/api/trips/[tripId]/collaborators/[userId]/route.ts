import { removeCollaborator, updateCollaborator } from "@/lib/domain/sharing/service";
import { collaboratorUpdateSchema } from "@/lib/domain/validators/sharing";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { CollaboratorSchema } from "@/lib/openapi/responses";

type P = { tripId: string; userId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Sharing" }, (op) => ({
  PUT: op.auth(
    {
      summary: "change a collaborator's permission level (admin+)",
      scope: "trips:write",
      tripRole: "admin",
      body: {
        schema: collaboratorUpdateSchema,
        name: "CollaboratorUpdate",
        example: { permission_level: "editor" },
      },
      ok: { status: 200, description: "The collaborator with the new level.", schema: CollaboratorSchema },
    },
    async ({ db, caller, params, readBody }) => {
      const tripId = uuidParam(params.tripId, "Trip");
      const userId = uuidParam(params.userId, "Collaborator");
      const { permission_level } = await readBody();
      return json(await updateCollaborator(db, caller.userId, tripId, userId, permission_level));
    },
  ),
  PATCH: op.alias("PUT"),

  DELETE: op.auth(
    {
      summary: "remove a collaborator (admin+), or leave the trip; 204",
      scope: "trips:write",
      tripRole: "admin",
      ok: { status: 204, description: "Removed." },
    },
    async ({ db, caller, params }) => {
      await removeCollaborator(
        db,
        caller.userId,
        uuidParam(params.tripId, "Trip"),
        uuidParam(params.userId, "Collaborator"),
      );
      return new Response(null, { status: 204 });
    },
  ),
}));
