import { listTripConversations } from "@/lib/domain/chat/conversations";
import { toV1Conversation } from "@/lib/domain/chat/page-chat";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { V1ConversationListSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ id: string }>(
  { tag: "AI assistant (the /v1/ai assistant API)", family: "v1", path: "/v1/ai/conversations/{tripId}" },
  (op) => ({
    GET: op.auth(
      {
        summary: "the caller's AI conversations for a trip (the /v1/ai conversations API)",
        scope: "chat:access",
        tripRole: "viewer",
        ok: {
          status: 200,
          description: "The caller's conversations about the trip, most recently active first.",
          schema: V1ConversationListSchema,
        },
        description:
          "The /v1/ai conversations API. Only the caller's own conversations (trip designer and page assistants) on a trip they can see; " +
          "any other trip, or an id that is not a trip id, is 403 `Unauthorized trip access`.",
      },
      async ({ db, caller, params }) => {
        const tripId = v1Id(params.id, "trip");
        const rows = await asV1Access("trip", () => listTripConversations(db, caller.userId, tripId));
        return json({ ok: true, data: rows.map(toV1Conversation) });
      },
    ),
  }),
);
