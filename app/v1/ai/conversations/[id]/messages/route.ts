import { z } from "zod";
import { getReadableConversation, listMessages } from "@/lib/domain/chat/conversations";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { parseQuery } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

// GET /v1/ai/conversations/{conversationId}/messages – messages oldest first, newest `limit` (the /v1/ai conversations API)
export const GET = withAuth<{ id: string }>(
  async ({ req, db, caller, params }) => {
    const { limit } = parseQuery(req, query);
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
  { scope: "chat:access", family: "v1" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"], "v1");
