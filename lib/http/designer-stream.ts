/**
 * The Trip Designer API's streaming answer: `POST /api/chat/sessions/{id}/messages` with
 * `Accept: text/event-stream`. One designer turn (lib/domain/chat/designer.ts) is relayed as named
 * server-sent events, each `data:` line one JSON object:
 *
 *   event: text-delta            {"delta": "I added "}
 *   event: tool-call             {"id", "name", "arguments"}   (arguments: the tool input object)
 *   event: tool-result           {"id", "name", "output"}      (a refusal has `error` and `done:false`)
 *   event: structured-questions  {"questions": StructuredQuestion[]}   (when ask_question asked)
 *   event: done                  the documented JSON response body (same as without streaming)
 *   event: error                 {"error", "message"} in the Trip Designer API's error shape
 *
 * Exactly one of `done` or `error` ends the stream. Identical parallel tool calls that were
 * dropped (see lib/domain/ai/tools.ts) are not relayed. Errors before the turn starts (404, 402, a
 * bad body) are ordinary JSON error responses, not streams.
 */
import type { Db } from "@/db/client";
import type { Conversation } from "@/db/schema";
import { startDesignerTurn } from "@/lib/domain/chat/designer";
import { llmError, type StructuredQuestion, settleTurn } from "@/lib/domain/chat/engine";
import { messageView } from "@/lib/domain/chat/sessions";
import type { Caller } from "@/lib/http/caller";
import { errorBody } from "@/lib/http/errors";

/** True when the request asks for the streaming answer (`Accept` names `text/event-stream`). */
export function wantsEventStream(req: Request): boolean {
  return /\btext\/event-stream\b/i.test(req.headers.get("accept") ?? "");
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Starts a designer turn and answers it as a server-sent event stream (see the module doc).
 * @throws ApiError before streaming: COST_LIMIT_EXCEEDED (402), NOT_FOUND, BAD_REQUEST
 */
export async function streamDesignerTurn(
  db: Db,
  caller: Caller,
  conversation: Conversation,
  text: string,
  signal?: AbortSignal,
): Promise<Response> {
  const turn = await startDesignerTurn(db, caller, conversation, {
    id: crypto.randomUUID(),
    role: "user",
    parts: [{ type: "text", text }],
  });
  const enc = new TextEncoder();
  const calls = new Map<string, { name: string; input: unknown }>();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(enc.encode(frame(event, data)));
        } catch {
          open = false; // the client went away; the turn still runs to the end and is saved
        }
      };
      signal?.addEventListener("abort", () => {
        open = false;
      });
      const reader = turn.stream.getReader();
      for (;;) {
        const { value: c, done } = await reader.read();
        if (done) break;
        if (c.type === "text-delta") send("text-delta", { delta: c.delta });
        else if (c.type === "tool-input-available") {
          calls.set(c.toolCallId, { name: c.toolName, input: c.input });
        } else if (c.type === "tool-output-available") {
          const output = c.output as {
            duplicate_of?: string;
            questions?: StructuredQuestion[];
            error?: string;
          };
          if (output?.duplicate_of) continue;
          const { name, input } = calls.get(c.toolCallId) ?? { name: "", input: {} };
          send("tool-call", { id: c.toolCallId, name, arguments: input });
          send("tool-result", { id: c.toolCallId, name, output: c.output });
          if (name === "ask_question" && !output?.error && output?.questions?.length) {
            send("structured-questions", { questions: output.questions });
          }
        } else if (c.type === "tool-output-error") {
          send("tool-result", {
            id: c.toolCallId,
            name: calls.get(c.toolCallId)?.name ?? "",
            output: { error: c.errorText, done: false },
          });
        }
      }
      try {
        send("done", messageView(await settleTurn(turn)));
      } catch (e) {
        send("error", errorBody(llmError(e), "designer").body);
      }
      if (open) controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
