import { z } from "zod";
import { buildPageContext, pageKeySchema, saveSnapshot } from "@/lib/domain/chat/page-context";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { V1ContextRefreshSchema } from "@/lib/openapi/responses";

const refreshBody = z.object({ tripId: z.string().min(1, "tripId is required"), pageKey: pageKeySchema });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "AI assistant (the /v1/ai assistant API)", family: "v1" },
  (op) => ({
    POST: op.auth(
      {
        summary: "rebuild and store the context snapshot of a trip page (the /v1/ai conversations API)",
        scope: "chat:access",
        errors: [503],
        body: {
          schema: refreshBody,
          name: "V1ContextRefreshRequest",
          example: { tripId: EXAMPLE.tripId, pageKey: "flights" },
        },
        ok: {
          status: 200,
          description: "The snapshot was rebuilt from live sources and stored.",
          schema: V1ContextRefreshSchema,
        },
        description:
          "The /v1/ai conversations API. Rebuilds what the page assistant knows about one page of the trip (consulting live sources) " +
          "and stores it for the caller. A trip the caller cannot see is 403 `Unauthorized trip access`.",
        rateClass: "chat",
      },
      async ({ db, caller, readBody }) => {
        const input = await readBody();
        const tripId = v1Id(input.tripId, "trip");
        const ctx = await asV1Access("trip", () =>
          buildPageContext(db, caller.userId, tripId, input.pageKey, { refresh: true }),
        );
        const updatedAt = await saveSnapshot(db, caller.userId, tripId, ctx);
        return json({ ok: true, data: { updatedAt, pageKey: input.pageKey } });
      },
    ),
  }),
);
