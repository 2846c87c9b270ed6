import { getReadableConversation } from "@/lib/domain/chat/conversations";
import { sessionView } from "@/lib/domain/chat/sessions";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { SessionSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ sessionId: string }>(
  { tag: "Trip Designer (the Trip Designer API)", family: "designer" },
  (op) => ({
    GET: op.auth(
      {
        summary: "the Trip Designer API: history, trip profile, tokens and cost",
        scope: "chat:access",
        ok: { status: 200, description: "The session.", schema: SessionSchema },
        description:
          "A session is about a trip, so an API key needs `trips:read` as well as `chat:access` to read its history.",
      },
      async ({ db, caller, params }) => {
        const c = await getReadableConversation(db, caller, uuidParam(params.sessionId, "Session"));
        return json(await sessionView(db, c));
      },
    ),
  }),
);
