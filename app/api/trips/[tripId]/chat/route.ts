import { createUIMessageStreamResponse } from "ai";
import { listConversationChangesets } from "@/lib/domain/changesets/service";
import {
  getConversation,
  latestDesignerConversation,
  listMessages,
  toUIMessages,
} from "@/lib/domain/chat/conversations";
import { startDesignerTurn } from "@/lib/domain/chat/designer";
import { uiChatRequestSchema } from "@/lib/domain/validators/chat";
import { defineRoute } from "@/lib/http/contract";
import { ApiError } from "@/lib/http/errors";
import { EXAMPLE } from "@/lib/http/examples";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { TripChatSchema } from "@/lib/openapi/responses";

type P = { tripId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Trip chat" }, (op) => ({
  GET: op.auth(
    {
      summary: "the caller's designer conversation for the trip, with its messages",
      scope: "chat:access",
      tripRole: "viewer",
      ok: { status: 200, description: "The conversation and its messages.", schema: TripChatSchema },
      errors: [503],
      rateClass: "chat",
    },
    async ({ db, caller, params }) => {
      const tripId = uuidParam(params.tripId, "Trip");
      const conversation = await latestDesignerConversation(db, caller.userId, tripId);
      return json({
        conversationId: conversation.id,
        messages: toUIMessages(await listMessages(db, conversation.id)),
        changesets: await listConversationChangesets(db, caller.userId, tripId, conversation.id),
      });
    },
  ),

  POST: op.auth(
    {
      summary: "one user message in, the designer's reply streamed out (AI SDK UI stream)",
      scope: "chat:access",
      tripRole: "viewer",
      body: {
        schema: uiChatRequestSchema,
        name: "TripChatRequest",
        example: {
          message: { id: "m1", role: "user", parts: [{ type: "text", text: EXAMPLE.question }] },
        },
      },
      ok: {
        status: 200,
        description: "The designer's reply as an AI SDK UI message stream.",
        stream: {
          contentType: "text/event-stream",
          description: "AI SDK UI message stream protocol (for `useChat`).",
        },
        headers: ["X-Conversation-Id"],
      },
      errors: [402, 503],
      rateClass: "chat",
    },
    async ({ db, caller, params, readBody }) => {
      const tripId = uuidParam(params.tripId, "Trip");
      const body = await readBody();
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
  ),
}));
