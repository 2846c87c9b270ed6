import { undoChangeset } from "@/lib/domain/changesets/service";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { UndoResultSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ changesetId: string }>(
  { tag: "Trip chat" },
  (op) => ({
    POST: op.auth(
      {
        summary: "revert one assistant turn's changes (editor+); 409 lists what was left alone",
        scope: "trips:write",
        ok: {
          status: 200,
          description: "Everything the turn changed is restored.",
          schema: UndoResultSchema,
        },
        errors: [409],
        singleUse: "the changeset (undone once)",
        description:
          "Reverts the writes of one assistant turn (its `changesetId` from the Trip Designer API, " +
          "`changeset_id` from `POST /api/v1/chat/message`). Needs editor rights on the trip. An item " +
          "someone edited since the turn (its version moved on) is left alone, never overwritten: then " +
          "the answer is 409 `CONFLICT` with `details: {changeset_id, restored, left_alone}` — what could " +
          "be restored is restored. A changeset is undone once; undoing it again is 409 `CONFLICT` with the " +
          "first result in `details`.",
      },
      async ({ db, caller, params }) =>
        json(await undoChangeset(db, caller.userId, uuidParam(params.changesetId, "Changeset"))),
    ),
  }),
);
