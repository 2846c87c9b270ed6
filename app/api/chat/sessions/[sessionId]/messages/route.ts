import { getConversation } from "@/lib/domain/chat/conversations";
import { runDesignerTurn } from "@/lib/domain/chat/designer";
import { messageView } from "@/lib/domain/chat/sessions";
import { sendMessageSchema } from "@/lib/domain/validators/designer";
import { defineRoute } from "@/lib/http/contract";
import { streamDesignerTurn, wantsEventStream } from "@/lib/http/designer-stream";
import { ApiError } from "@/lib/http/errors";
import { EXAMPLE } from "@/lib/http/examples";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { DesignerReplySchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ sessionId: string }>(
  { tag: "Trip Designer (the Trip Designer API)", family: "designer" },
  (op) => ({
    POST: op.auth(
      {
        summary: "the Trip Designer API: one message, the designer's answer and tool calls",
        scope: "chat:access",
        body: {
          schema: sendMessageSchema,
          name: "SendMessageRequest",
          example: { message: EXAMPLE.question },
        },
        ok: {
          status: 200,
          description:
            "The designer's answer (JSON), or the same turn streamed with `Accept: text/event-stream`.",
          schema: DesignerReplySchema,
          stream: {
            contentType: "text/event-stream",
            description:
              "Named server-sent events, each `data:` one JSON object: `text-delta` {delta}, `tool-call` " +
              "{id, name, arguments}, `tool-result` {id, name, output}, `structured-questions` {questions}, then " +
              "exactly one of `done` (the DesignerReply body) or `error` ({error, message}, the Trip Designer error shape).",
            example:
              'event: text-delta\ndata: {"delta":"Added "}\n\nevent: done\ndata: {"message":"Added …","itineraryUpdated":true,…}\n\n',
          },
        },
        errors: [402, 500, 503],
        description:
          "A session stops answering (402) once it has spent its cost limit (default $2.00). `structuredQuestions` " +
          "holds the questions the designer asked (answer with an option's label or id as the next message); " +
          "`changesetId` is present when the turn changed the trip (undo: `POST /api/changesets/{changeset_id}/undo`).",
        rateClass: "chat",
      },
      async ({ req, db, caller, params, readBody }) => {
        const c = await getConversation(db, caller.userId, uuidParam(params.sessionId, "Session"));
        if (c.kind !== "designer") throw new ApiError("NOT_FOUND", "Session not found");
        const { message } = await readBody();
        // `Accept: text/event-stream`: the same turn as server-sent events ending in `done` (the JSON body below).
        if (wantsEventStream(req)) return streamDesignerTurn(db, caller, c, message, req.signal);
        return json(messageView(await runDesignerTurn(db, caller, c, message)));
      },
    ),
  }),
);
