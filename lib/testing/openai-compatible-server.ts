/**
 * A local OpenAI-compatible HTTP server for tests: it speaks the Chat Completions
 * protocol (`POST /v1/chat/completions`: SSE chunks and `[DONE]` when `stream: true`, one
 * JSON body otherwise) and answers each
 * request with the next scripted turn. This replaces the LLM at its network boundary; the
 * whole pipeline (@ai-sdk/openai, streamText, tools, our services) runs for real.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedTurn =
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[]; usage?: [number, number] }
  | { text: string; usage?: [number, number] }
  /** A provider failure: this status (e.g. 429, 503) with an OpenAI-style error body and headers. */
  | { status: number; headers?: Record<string, string>; message?: string };

export interface FakeOpenAI {
  baseURL: string;
  /** Parsed JSON bodies of every request received, in order. */
  requests: Record<string, unknown>[];
  /**
   * Per request, in order: `performance.now()` when its body had been read and when its first
   * text chunk was written (undefined for a turn without text). For latency benchmarks run
   * in the same process.
   */
  timings: { receivedAt: number; firstTextAt?: number }[];
  close(): Promise<void>;
}

function chunk(model: string, delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return JSON.parse(Buffer.concat(parts).toString("utf8"));
}

/**
 * Starts the server on a free loopback port.
 * @param script turns served in order (when exhausted, the last repeats), or a function
 *        choosing the turn from the request body
 * @param opts.port a fixed loopback port (default: any free one)
 * @param opts.paceMs pause between streamed text chunks (one word each), milliseconds (default 0)
 */
export async function startFakeOpenAI(
  script: ScriptedTurn[] | ((body: Record<string, unknown>) => ScriptedTurn),
  opts: { port?: number; paceMs?: number } = {},
): Promise<FakeOpenAI> {
  const requests: Record<string, unknown>[] = [];
  const timings: FakeOpenAI["timings"] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    requests.push(body);
    const timing: FakeOpenAI["timings"][number] = { receivedAt: performance.now() };
    timings.push(timing);
    const turn =
      typeof script === "function" ? script(body) : script[Math.min(requests.length - 1, script.length - 1)];
    const model = String(body.model ?? "test-model");
    if (turn && "status" in turn) {
      res.writeHead(turn.status, { "content-type": "application/json", ...turn.headers });
      res.end(
        JSON.stringify({
          error: { message: turn.message ?? `scripted ${turn.status}`, type: "scripted_error", code: null },
        }),
      );
      return;
    }
    if (body.stream !== true) {
      // A non-streaming request (generateText) gets one `chat.completion` JSON body.
      const [p, c] = turn?.usage ?? [120, 30];
      const calls = turn && "toolCalls" in turn ? turn.toolCalls : [];
      const message = {
        role: "assistant",
        content: turn && "text" in turn ? turn.text : null,
        ...(calls.length && {
          tool_calls: calls.map((t, i) => ({
            id: `call_${i}`,
            type: "function",
            function: { name: t.name, arguments: JSON.stringify(t.arguments) },
          })),
        }),
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "chatcmpl-test",
          object: "chat.completion",
          created: 1_700_000_000,
          model,
          choices: [{ index: 0, message, finish_reason: calls.length ? "tool_calls" : "stop" }],
          usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c },
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(chunk(model, { role: "assistant", content: "" }));
    if (turn && "toolCalls" in turn) {
      turn.toolCalls.forEach((c, i) => {
        const args = JSON.stringify(c.arguments);
        const mid = Math.floor(args.length / 2);
        res.write(
          chunk(model, {
            tool_calls: [
              {
                index: i,
                id: `call_${i}`,
                type: "function",
                function: { name: c.name, arguments: args.slice(0, mid) },
              },
            ],
          }),
        );
        res.write(chunk(model, { tool_calls: [{ index: i, function: { arguments: args.slice(mid) } }] }));
      });
      res.write(chunk(model, {}, "tool_calls"));
    } else if (turn) {
      for (const [i, word] of turn.text.split(/(?<= )/).entries()) {
        if (i > 0 && opts.paceMs) await new Promise((r) => setTimeout(r, opts.paceMs));
        res.write(chunk(model, { content: word }));
        timing.firstTextAt ??= performance.now();
      }
      res.write(chunk(model, {}, "stop"));
    }
    const [p, c] = turn?.usage ?? [120, 30];
    res.write(
      `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model, choices: [], usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    timings,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
