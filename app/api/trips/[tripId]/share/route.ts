import { z } from "zod";
import { shareTrip } from "@/lib/domain/sharing/service";
import { shareSchema } from "@/lib/domain/validators/sharing";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { CollaboratorSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Sharing" },
  (op) => ({
    POST: op.auth(
      {
        summary: "invite people by email as viewer/editor/admin (admin+)",
        scope: "trips:write",
        tripRole: "admin",
        body: {
          schema: shareSchema,
          name: "ShareRequest",
          example: {
            user_emails: [EXAMPLE.newEmail],
            permission_level: "editor",
            message: "Let's plan this together!",
          },
        },
        ok: {
          status: 200,
          description: "Collaborators added or updated, and invitations for emails without an account.",
          schema: z.array(CollaboratorSchema),
        },
        description:
          "Unknown emails become pending invitations, claimed at sign-up. More than 10 is 403 `LIMIT_EXCEEDED`.",
      },
      async ({ db, caller, params, readBody }) => {
        const tripId = uuidParam(params.tripId, "Trip");
        return json(await shareTrip(db, caller.userId, tripId, await readBody()));
      },
    ),
  }),
);
