import { joinViaLink } from "@/lib/domain/sharing/service";
import { shareTokenSchema } from "@/lib/domain/validators/sharing";
import { defineRoute } from "@/lib/http/contract";
import { ApiError } from "@/lib/http/errors";
import { json } from "@/lib/http/route";
import { JoinResultSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ token: string }>(
  { tag: "Sharing" },
  (op) => ({
    POST: op.auth(
      {
        summary: "join the trip behind a link with the role it grants",
        scope: "trips:write",
        sessionOnly: true,
        params: { token: shareTokenSchema },
        ok: { status: 200, description: "The caller's role on the trip.", schema: JoinResultSchema },
        description: "An existing higher role is kept. A full trip is 403 `LIMIT_EXCEEDED`.",
      },
      async ({ db, caller, params }) => {
        if (!shareTokenSchema.safeParse(params.token).success)
          throw new ApiError("NOT_FOUND", "Share link not found");
        return json(await joinViaLink(db, caller.userId, params.token));
      },
    ),
  }),
);
