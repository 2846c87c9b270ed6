import { activeSessionCount } from "@/lib/domain/chat/sessions";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { ChatStatsSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "Trip Designer (the Trip Designer API)", family: "designer" },
  (op) => ({
    GET: op.auth(
      {
        summary: "the Trip Designer API: the caller's designer sessions active in the last 30 minutes",
        scope: "chat:access",
        ok: { status: 200, description: "Active sessions.", schema: ChatStatsSchema },
      },
      async ({ db, caller }) => json({ activeSessions: await activeSessionCount(db, caller.userId) }),
    ),
  }),
);
