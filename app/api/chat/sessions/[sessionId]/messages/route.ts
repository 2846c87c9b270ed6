import { getConversation } from "@/lib/domain/chat/conversations";
import { runDesignerTurn } from "@/lib/domain/chat/engine";
import { messageView } from "@/lib/domain/chat/sessions";
import { sendMessageSchema } from "@/lib/domain/validators/designer";
import { streamDesignerTurn, wantsEventStream } from "@/lib/http/designer-stream";
import { ApiError } from "@/lib/http/errors";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/chat/sessions/{sessionId}/messages – the Trip Designer API: one message, the designer's answer and tool calls
export const POST = withAuth<{ sessionId: string }>(
  async ({ req, db, caller, params }) => {
    const c = await getConversation(db, caller.userId, uuidParam(params.sessionId, "Session"));
    if (c.kind !== "designer") throw new ApiError("NOT_FOUND", "Session not found");
    const { message } = await parseBody(req, sendMessageSchema);
    // `Accept: text/event-stream`: the same turn as server-sent events ending in `done` (the JSON body below).
    if (wantsEventStream(req)) return streamDesignerTurn(db, caller, c, message, req.signal);
    return json(messageView(await runDesignerTurn(db, caller, c, message)));
  },
  { scope: "chat:access", family: "designer", rateClass: "chat" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"], "designer");
