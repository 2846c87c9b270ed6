/**
 * The time the app adds before the first streamed byte of an answer reaches the client, with
 * the model replaced by the local OpenAI-compatible server (lib/testing/openai-compatible-
 * server.ts) streaming a fixed reply one word every `PACE_MS`. Run by ./run.ts against a
 * second production server it starts with `OPENAI_BASE_URL` pointing at that model.
 *
 * app-added = (client's first text − client's send) − (model's first text − model's receipt):
 * everything but the model's own time to first token, i.e. auth, rate limit, loading the
 * trip and history, the cost reservation, the prompt, and relaying the first delta. Both
 * clocks are this process's `performance.now()` (the model server runs in this process).
 * Over HTTP the client is `POST /api/trips/{id}/chat` (AI SDK UI message stream, first
 * `text-delta`); over the WebSocket a `user_message` with the trip as context (first
 * `ai_response` with `is_partial: true`). Figures only; nothing is asserted.
 */
import WebSocket from "ws";
import { startFakeOpenAI } from "@/lib/testing/openai-compatible-server";
import { pct } from "./itinerary";

const PACE_MS = 20;
const REPLY =
  "Day 2 starts at the Meiji Shrine, then lunch in Harajuku and an afternoon in the Nezu Museum garden.";

interface Ctx {
  /** Starts a production server on `port` with extra environment; returns its process group id. */
  startServer: (port: number, env: Record<string, string>) => { stop: () => void };
  waitForServer: (base: string) => Promise<void>;
  port: number;
  samples?: number;
}

async function json(base: string, path: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      "content-type": "application/json",
      ...(init.token && { authorization: `Bearer ${init.token}` }),
    },
  });
  if (!res.ok) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Measures and prints the app's added time to first byte over HTTP chat and the WebSocket. */
export async function firstByteBench(ctx: Ctx): Promise<void> {
  const samples = ctx.samples ?? 30;
  const model = await startFakeOpenAI(() => ({ text: REPLY, usage: [400, 40] }), { paceMs: PACE_MS });
  const base = `http://127.0.0.1:${ctx.port}`;
  const server = ctx.startServer(ctx.port, {
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: model.baseURL,
    AI_MODEL: "gpt-4o-mini",
    // Many turns in one session: keep the cost cap and the message cap out of the way.
    SESSION_COST_LIMIT_USD: "1000",
    SESSION_MESSAGE_LIMIT: "100000",
  });
  try {
    await ctx.waitForServer(base);
    const email = `first-byte-${Date.now()}@example.com`;
    const auth = await json(base, "/api/auth/register", {
      method: "POST",
      body: JSON.stringify({ email, password: "bench-password-1", name: "First Byte" }),
    });
    const token: string = auth.access_token;
    const trip = await json(base, "/api/trips", {
      method: "POST",
      token,
      body: JSON.stringify({ title: "Tokyo", start_date: "2030-04-01", end_date: "2030-04-07" }),
    });

    const modelShare = (i: number) => {
      const t = model.timings[i];
      return t?.firstTextAt !== undefined ? t.firstTextAt - t.receivedAt : Number.NaN;
    };

    const http: number[] = [];
    for (let i = 0; i < samples + 2; i++) {
      const before = model.timings.length;
      const t0 = performance.now();
      const res = await fetch(`${base}/api/trips/${trip.id}/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          message: { id: `fb${i}`, role: "user", parts: [{ type: "text", text: "what's on day 2?" }] },
        }),
      });
      const reader = res.body?.getReader();
      if (!reader) throw new Error(`chat answered ${res.status}`);
      const dec = new TextDecoder();
      let seen = "";
      let first = Number.NaN;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += dec.decode(value, { stream: true });
        if (Number.isNaN(first) && seen.includes('"text-delta"')) first = performance.now();
      }
      if (i >= 2) http.push(first - t0 - modelShare(before)); // two warm-up turns
    }

    const ws = new WebSocket(`${base.replace("http", "ws")}/api/chat/ws?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      ws.once("error", reject);
      ws.on("message", (raw) => {
        if (JSON.parse(raw.toString()).type === "connection_established") resolve();
      });
    });
    const socket: number[] = [];
    for (let i = 0; i < samples + 2; i++) {
      const before = model.timings.length;
      const t0 = performance.now();
      const first = await new Promise<number>((resolve, reject) => {
        let at = Number.NaN;
        const onMessage = (raw: WebSocket.RawData) => {
          const m = JSON.parse(raw.toString());
          if (m.type === "ai_response" && m.is_partial && Number.isNaN(at)) at = performance.now();
          if (m.type === "ai_response" && !m.is_partial) {
            ws.off("message", onMessage);
            resolve(at);
          }
          if (m.type === "error") {
            ws.off("message", onMessage);
            reject(new Error(`WebSocket error: ${m.code} ${m.message}`));
          }
        };
        ws.on("message", onMessage);
        ws.send(
          JSON.stringify({
            type: "user_message",
            content: "what's on day 2?",
            session_id: "first-byte",
            context: { trip_id: trip.id },
          }),
        );
      });
      if (i >= 2) socket.push(first - t0 - modelShare(before));
    }
    ws.close();

    const line = (name: string, xs: number[]) => {
      const ok = xs.filter((x) => Number.isFinite(x));
      const p50 = pct(ok, 50);
      const p99 = pct(ok, 99);
      return {
        [name]: {
          samples: ok.length,
          "app-added p50 ms": Math.round(p50 * 10) / 10,
          "app-added p99 ms": Math.round(p99 * 10) / 10,
          "target (p50 < 20, p99 < 50)": p50 < 20 && p99 < 50 ? "met" : "NOT met",
        },
      };
    };
    console.log(
      `\nTime the app adds before the first streamed byte (model: local OpenAI-compatible server, one word every ${PACE_MS} ms)`,
    );
    console.table({
      ...line("HTTP chat (UI message stream)", http),
      ...line("WebSocket ai_response", socket),
    });
  } finally {
    server.stop();
    await model.close();
  }
}
