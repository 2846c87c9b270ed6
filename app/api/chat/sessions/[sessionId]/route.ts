import { getReadableConversation } from "@/lib/domain/chat/conversations";
import { sessionView } from "@/lib/domain/chat/sessions";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/chat/sessions/{sessionId} – the Trip Designer API: history, trip profile, tokens and cost
export const GET = withAuth<{ sessionId: string }>(
  async ({ db, caller, params }) => {
    const c = await getReadableConversation(db, caller, uuidParam(params.sessionId, "Session"));
    return json(await sessionView(db, c));
  },
  { scope: "chat:access", family: "designer" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"], "designer");
