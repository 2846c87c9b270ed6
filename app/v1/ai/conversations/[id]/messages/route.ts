import { z } from "zod";
import { getReadableConversation, listMessages } from "@/lib/domain/chat/conversations";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { V1MessageListSchema } from "@/lib/openapi/responses";

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ id: string }>(
  {
    tag: "AI assistant (the /v1/ai assistant API)",
    family: "v1",
    path: "/v1/ai/conversations/{conversationId}/messages",
  },
  (op) => ({
    GET: op.auth(
      {
        summary: "messages oldest first, newest `limit` (the /v1/ai conversations API)",
        scope: "chat:access",
        query: query,
        queryExample: { limit: 10 },
        ok: {
          status: 200,
          description: "User and assistant messages, oldest first: the newest `limit` of them.",
          schema: V1MessageListSchema,
        },
        description:
          "The /v1/ai conversations API. A conversation that is not the caller's (or whose trip they no longer see) is 403 " +
          "`Unauthorized conversation access`. `limit` outside 1-200 is 400. The messages of a conversation about a " +
          "trip quote its itinerary: an API key needs `trips:read` as well as `chat:access`.",
      },
      async ({ db, caller, params, readQuery }) => {
        const { limit } = readQuery();
        const id = v1Id(params.id, "conversation");
        const c = await asV1Access("conversation", () => getReadableConversation(db, caller, id));
        const rows = await listMessages(db, c.id, limit);
        return json({
          ok: true,
          data: rows
            .filter((m) => m.role === "user" || m.role === "assistant")
            .map((m) => ({
              id: m.id,
              conversationId: m.conversationId,
              role: m.role,
              content: m.content,
              model: m.model,
              tokenUsage:
                m.inputTokens === null && m.outputTokens === null
                  ? null
                  : {
                      promptTokens: m.inputTokens ?? 0,
                      completionTokens: m.outputTokens ?? 0,
                      totalTokens: (m.inputTokens ?? 0) + (m.outputTokens ?? 0),
                    },
              createdAt: m.createdAt.toISOString(),
            })),
        });
      },
    ),
  }),
);
