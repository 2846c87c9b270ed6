import { createShareLink, listShareLinks } from "@/lib/domain/sharing/service";
import { shareLinkCreateSchema } from "@/lib/domain/validators/sharing";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { ShareLinkListSchema, ShareLinkSchema } from "@/lib/openapi/responses";

type P = { tripId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Sharing" }, (op) => ({
  GET: op.auth(
    {
      summary: "the trip's share links (admin+)",
      scope: "trips:read",
      tripRole: "admin",
      ok: { status: 200, description: "Share links.", schema: ShareLinkListSchema },
    },
    async ({ db, caller, params }) =>
      json(await listShareLinks(db, caller.userId, uuidParam(params.tripId, "Trip"))),
  ),

  POST: op.auth(
    {
      summary: "create a share link {permission_level, public, expires_in_days, max_uses} (admin+)",
      scope: "trips:write",
      tripRole: "admin",
      body: {
        schema: shareLinkCreateSchema,
        name: "ShareLinkCreate",
        example: { permission_level: "viewer", public: true, expires_in_days: 30 },
      },
      ok: { status: 201, description: "The new link.", schema: ShareLinkSchema },
    },
    async ({ db, caller, params, readBody }) => {
      const tripId = uuidParam(params.tripId, "Trip");
      return json(await createShareLink(db, caller.userId, tripId, await readBody()), 201);
    },
  ),
}));
