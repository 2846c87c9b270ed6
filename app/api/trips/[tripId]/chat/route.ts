import { createUIMessageStreamResponse } from "ai";
import { listConversationChangesets } from "@/lib/domain/changesets/service";
import {
  getConversation,
  latestDesignerConversation,
  listMessages,
  toUIMessages,
} from "@/lib/domain/chat/conversations";
import { startDesignerTurn } from "@/lib/domain/chat/engine";
import { uiChatRequestSchema } from "@/lib/domain/validators/chat";
import { ApiError } from "@/lib/http/errors";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { tripId: string };

// GET /api/trips/{trip_id}/chat – the caller's designer conversation for the trip, with its messages
export const GET = withAuth<P>(
  async ({ db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Trip");
    const conversation = await latestDesignerConversation(db, caller.userId, tripId);
    return json({
      conversationId: conversation.id,
      messages: toUIMessages(await listMessages(db, conversation.id)),
      changesets: await listConversationChangesets(db, caller.userId, tripId, conversation.id),
    });
  },
  { scope: "chat:access", rateClass: "chat" },
);

// POST /api/trips/{trip_id}/chat – one user message in, the designer's reply streamed out (AI SDK UI stream)
export const POST = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Trip");
    const body = await parseBody(req, uiChatRequestSchema);
    const conversation = body.conversationId
      ? await getConversation(db, caller.userId, body.conversationId)
      : await latestDesignerConversation(db, caller.userId, tripId);
    if (conversation.tripId !== tripId) throw new ApiError("NOT_FOUND", "Conversation not found");
    const turn = await startDesignerTurn(db, caller, conversation, body.message);
    return createUIMessageStreamResponse({
      stream: turn.stream,
      headers: { "X-Conversation-Id": conversation.id },
    });
  },
  { scope: "chat:access", rateClass: "chat" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
