import { createShareLink, listShareLinks } from "@/lib/domain/sharing/service";
import { shareLinkCreateSchema } from "@/lib/domain/validators/sharing";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { tripId: string };

// GET /api/trips/{trip_id}/links – the trip's share links (admin+)
export const GET = withAuth<P>(
  async ({ db, caller, params }) =>
    json(await listShareLinks(db, caller.userId, uuidParam(params.tripId, "Trip"))),
  { scope: "trips:read" },
);

// POST /api/trips/{trip_id}/links – create a share link {permission_level, public, expires_in_days, max_uses} (admin+)
export const POST = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Trip");
    return json(
      await createShareLink(db, caller.userId, tripId, await parseBody(req, shareLinkCreateSchema)),
      201,
    );
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
