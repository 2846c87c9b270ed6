/**
 * Seed 000's WebSocket API at `/api/chat/ws?token=…`: chat with the assistant and live
 * collaboration on a trip over one socket.
 *
 * Client → server: `user_message` {content, session_id?, context?:{trip_id}},
 * `typing_indicator` {is_typing, trip_id}, `subscribe` {trip_id}, `ping`.
 * Server → client: `connection_established`, `typing_indicator` (the assistant, and other
 * collaborators), `ai_response` {content, session_id, agent, suggestions, timestamp},
 * `collaboration_event` {event, user, changes, trip_id} for every change to a subscribed
 * trip, `system_notification` (subscriptions, and `price_alert` when a tracked fare moves),
 * `error`, `pong`.
 * Close codes as the seed's table: 4001 bad or expired token, 4002 too many messages,
 * 1003 unsupported data, 1011 internal error, 1001 server shutting down.
 *
 * Authorization is the same as over HTTP: the token is a user's JWT or an API key with
 * `chat:access`, every chat goes through lib/chat/message.ts with the caller's rights, and
 * subscribing to a trip needs at least viewer access.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { getDb } from "@/db/client";
import { bearerCaller, type Caller } from "@/lib/auth/bearer";
import { requireTripRole } from "@/lib/auth/permissions";
import { hasScope, requireScope } from "@/lib/auth/scopes";
import { chatMessageSchema, sendChatMessage } from "@/lib/chat/message";
import { ApiError } from "@/lib/http/errors";
import { subscribeItinerary, subscribeUserNotifications } from "./bus";

/** Path the socket is served on. */
export const CHAT_WS_PATH = "/api/chat/ws";
/** Messages a client may send per minute before it is closed with 4002. */
export const MAX_MESSAGES_PER_MINUTE = 60;
const PING_MS = 30_000;

const inbound = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user_message"),
    content: z.string().trim().min(1).max(4000),
    session_id: z.string().max(100).optional(),
    sessionId: z.string().max(100).optional(),
    context: z
      .object({ trip_id: z.uuid().optional(), tripId: z.uuid().optional() })
      .catchall(z.unknown())
      .optional(),
  }),
  z.object({ type: z.literal("typing_indicator"), is_typing: z.boolean(), trip_id: z.uuid().optional() }),
  z.object({ type: z.literal("subscribe"), trip_id: z.uuid() }),
  z.object({ type: z.literal("ping") }),
]);

/**
 * Authenticates the `token` query parameter exactly like an HTTP Bearer credential
 * (lib/auth/caller.ts `bearerCaller`); an API key must also hold `chat:access`.
 * @throws ApiError UNAUTHORIZED / INVALID_TOKEN / TOKEN_EXPIRED; INSUFFICIENT_PERMISSIONS
 */
export async function socketCaller(token: string | null): Promise<Caller> {
  if (!token) throw new ApiError("UNAUTHORIZED", "Missing token");
  const caller = await bearerCaller(await getDb(), token);
  if (caller.via === "api_key" && !caller.scopes.includes("chat:access"))
    throw new ApiError("INSUFFICIENT_PERMISSIONS", "Needs chat:access");
  return caller;
}

const now = () => new Date().toISOString();

/** Seed 000's `agent` of an `ai_response`: the search agent when the turn searched, else designer or planner. */
function agentFor(suggestions: readonly { type: string }[], onTrip: boolean): string {
  if (suggestions.some((s) => s.type === "flight_search")) return "flight_search_agent";
  if (suggestions.some((s) => s.type === "accommodation_search")) return "accommodation_search_agent";
  return onTrip ? "trip_designer_agent" : "trip_planner_agent";
}

/** Sockets per trip, so typing indicators reach the other collaborators. */
const watchers = new Map<string, Set<{ ws: WebSocket; caller: Caller }>>();

function send(ws: WebSocket, msg: Record<string, unknown>) {
  if (ws.readyState === WebSocket.OPEN)
    ws.send(JSON.stringify({ ...msg, timestamp: (msg.timestamp as string) ?? now() }));
}

/** Serves one authenticated connection until it closes. */
export function serveConnection(ws: WebSocket, caller: Caller): void {
  const subscriptions = new Map<string, () => void>();
  let sent: number[] = [];
  let alive = true;
  ws.on("pong", () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  heartbeat.unref();

  const subscribe = async (tripId: string) => {
    if (subscriptions.has(tripId)) return;
    // Trip events are trip data: an API key needs trips:read, like GET /api/itineraries/{id}/events.
    requireScope(caller, "trips:read", "Subscribing to trip updates");
    await requireTripRole(await getDb(), caller.userId, tripId, "viewer");
    const off = subscribeItinerary(tripId, (e) =>
      send(ws, {
        type: "collaboration_event",
        event: e.type === "itinerary_updated" ? "trip_updated" : e.type,
        trip_id: tripId,
        changes: "segmentId" in e ? { segment_id: e.segmentId } : {},
      }),
    );
    const set = watchers.get(tripId) ?? new Set();
    const me = { ws, caller };
    set.add(me);
    watchers.set(tripId, set);
    subscriptions.set(tripId, () => {
      off();
      set.delete(me);
      if (!set.size) watchers.delete(tripId);
    });
  };

  send(ws, { type: "connection_established", user_id: caller.userId });
  // Price alerts and other notifications addressed to this user.
  const offNotifications = subscribeUserNotifications(caller.userId, (n) =>
    send(ws, { type: "system_notification", ...n }),
  );

  ws.on("message", async (raw, isBinary) => {
    const t = Date.now();
    sent = sent.filter((x) => t - x < 60_000);
    sent.push(t);
    if (sent.length > MAX_MESSAGES_PER_MINUTE) return ws.close(4002, "Too many messages");
    if (isBinary) return ws.close(1003, "Unsupported data: send JSON text frames");
    let parsed: z.infer<typeof inbound>;
    try {
      const r = inbound.safeParse(JSON.parse(raw.toString()));
      if (!r.success) {
        send(ws, {
          type: "error",
          code: "VALIDATION_ERROR",
          message: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
        });
        return;
      }
      parsed = r.data;
    } catch {
      send(ws, { type: "error", code: "INVALID_JSON", message: "Messages must be JSON objects" });
      return;
    }
    try {
      switch (parsed.type) {
        case "ping":
          return send(ws, { type: "pong" });
        case "subscribe":
          await subscribe(parsed.trip_id);
          return send(ws, {
            type: "system_notification",
            notification_type: "subscribed",
            content: "Subscribed to trip updates",
            data: { trip_id: parsed.trip_id },
          });
        case "typing_indicator": {
          if (!parsed.trip_id || !subscriptions.has(parsed.trip_id)) return;
          for (const w of watchers.get(parsed.trip_id) ?? []) {
            if (w.ws !== ws)
              send(w.ws, {
                type: "typing_indicator",
                user_id: caller.userId,
                is_typing: parsed.is_typing,
                trip_id: parsed.trip_id,
              });
          }
          return;
        }
        case "user_message": {
          const tripId = parsed.context?.trip_id ?? parsed.context?.tripId;
          const sessionId = parsed.session_id ?? parsed.sessionId;
          if (tripId && hasScope(caller, "trips:read")) await subscribe(tripId);
          send(ws, {
            type: "typing_indicator",
            user_id: "assistant",
            is_typing: true,
            session_id: sessionId ?? null,
          });
          const input = chatMessageSchema.parse({
            message: parsed.content,
            session_id: sessionId,
            context: tripId ? { trip_id: tripId } : undefined,
          });
          const r = await sendChatMessage(await getDb(), caller, input);
          send(ws, {
            type: "typing_indicator",
            user_id: "assistant",
            is_typing: false,
            session_id: r.session_id,
          });
          return send(ws, {
            type: "ai_response",
            content: r.response,
            session_id: r.session_id,
            message_id: r.message_id,
            agent: agentFor(r.suggestions, Boolean(tripId)),
            suggestions: r.suggestions,
            next_actions: r.next_actions,
          });
        }
      }
    } catch (err) {
      if (err instanceof ApiError) return send(ws, { type: "error", code: err.code, message: err.message });
      console.error("[ws] message failed", err);
      send(ws, { type: "error", code: "INTERNAL_ERROR", message: "The message could not be processed" });
    }
  });

  ws.on("close", () => {
    clearInterval(heartbeat);
    offNotifications();
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  });
}

/**
 * A WebSocketServer that handles upgrades to {@link CHAT_WS_PATH}. Give it the HTTP
 * server's `upgrade` events; it returns false for other paths (e.g. Next's dev HMR).
 */
export function createChatSocketServer() {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== CHAT_WS_PATH) return false;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socketCaller(url.searchParams.get("token"))
        .then((caller) => serveConnection(ws, caller))
        .catch((err) => {
          const code = err instanceof ApiError && err.code === "INSUFFICIENT_PERMISSIONS" ? 1008 : 4001;
          ws.close(code, err instanceof ApiError ? err.message.slice(0, 120) : "Authentication failed");
        });
    });
    return true;
  };
  const close = () => {
    for (const c of wss.clients) c.close(1001, "Server shutting down");
    wss.close();
  };
  return { wss, handleUpgrade, close };
}
