import { pageChat, pageChatSchema } from "@/lib/domain/chat/page-chat";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { V1PageChatSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "AI assistant (the /v1/ai assistant API)", family: "v1" },
  (op) => ({
    POST: op.auth(
      {
        summary:
          "page-aware, read-only assistant with live sources and a degraded flag (the /v1/ai chat API)",
        scope: "chat:access",
        errors: [503],
        body: {
          schema: pageChatSchema,
          name: "V1PageChatRequest",
          example: {
            tripId: EXAMPLE.tripId,
            pageKey: "itinerary",
            pageContext: { section: "day-1" },
            messages: [{ role: "user", content: EXAMPLE.question }],
            refresh: false,
          },
        },
        ok: {
          status: 200,
          description: "The assistant's answer with its sources.",
          schema: V1PageChatSchema,
        },
        description:
          "The /v1/ai chat API. Read-only guidance about one page of a trip (`flights`, `transit`, `finance`, `itinerary`, `overview`); " +
          "the assistant can read the itinerary but never change it. With `refresh: true` it consults live sources; " +
          "a source it needed but could not reach is listed as `unavailable` and the answer is `degraded`. " +
          "The exchange is stored in the page's conversation. The last message must be the user's. " +
          "A trip the caller cannot see is 403 `Unauthorized trip access`.",
        rateClass: "chat",
      },
      async ({ db, caller, readBody }) => {
        const input = await readBody();
        const tripId = v1Id(input.tripId, "trip");
        const data = await asV1Access("trip", () => pageChat(db, caller, { ...input, tripId }));
        return json({ ok: true, data });
      },
    ),
  }),
);
