import { undoChangeset } from "@/lib/domain/changesets/service";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/changesets/{changeset_id}/undo – revert one assistant turn's changes (editor+); 409 lists what was left alone
export const POST = withAuth<{ changesetId: string }>(
  async ({ db, caller, params }) =>
    json(await undoChangeset(db, caller.userId, uuidParam(params.changesetId, "Changeset"))),
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
