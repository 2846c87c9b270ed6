/**
 * The TripSage REST API's WebSocket at `/api/chat/ws?token=…`: chat with the assistant and
 * live collaboration on a trip over one socket.
 *
 * Client → server:
 * - `user_message` {content, session_id?|sessionId?, context?:{trip_id}} (or top-level `trip_id`)
 * - `typing_indicator` {is_typing, context?:{trip_id} | trip_id}
 * - `subscribe` {trip_id} (an extra: joins the room without a message), `ping`.
 * A message naming a trip joins that trip's room, for members only: a non-member gets
 * `error` {code:"NOT_FOUND"} and nothing else. Messages sent right after `open`, before the
 * token is checked, are buffered and processed in order.
 *
 * Server → client:
 * - `connection_established` {user_id}
 * - `ai_response`: partial chunks `{content:<delta>, is_partial:true, session_id}` while the
 *   assistant writes a trip (designer) answer, then one final `{content:<whole answer>,
 *   is_partial:false, session_id, message_id, agent, suggestions, next_actions}`. `session_id`
 *   is the client's own id echoed back (mapped per user to a conversation; another user's id
 *   never reaches their conversation), or the server's when the client sent none.
 * - `typing_indicator` {user_id, is_typing, trip_id} from the other members (and
 *   `user_id:"assistant"` around an answer)
 * - `collaboration_event` {event, trip_id, user:{id,name}, changes:{field, action, value}}
 *   for every change of a joined trip (trip fields, destinations, segments, collaborators),
 *   whatever made it and on whichever instance; `event` `user_joined` / `user_left` with
 *   `user` for presence
 * - `system_notification` {notification_type, content, data}: `price_alert`,
 *   `trip_invitation`, `subscribed`
 * - `error` {code, message}, `pong`
 *
 * Close codes: 4001 bad token at connect, 4003 token expired or revoked later (logout,
 * password change, key revoked: checked on each message, every {@link RECHECK_MS}, at the
 * JWT's expiry and at once on a user-changed notification), 4002 more than {@link MAX_MESSAGES_PER_MINUTE}
 * messages a minute, 1003 binary frames or an unknown `type`, 1008 policy (an `Origin`
 * other than the app's own, an API key without `chat:access`, more than
 * {@link MAX_CONNECTIONS_PER_USER} sockets of one user in this instance), 1011 internal
 * error, 1001 server shutting down.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { decodeJwt } from "jose";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { getDb } from "@/db/client";
import { API_KEY_PREFIX } from "@/lib/domain/auth/api-keys";
import { bearerCaller, type Caller } from "@/lib/domain/auth/bearer";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import { hasScope, requireScope } from "@/lib/domain/auth/scopes";
import { callerRow } from "@/lib/domain/auth/user-cache";
import { chatMessageSchema, sendChatMessage } from "@/lib/domain/chat/message";
import { ApiError } from "@/lib/http/errors";
import {
  instanceId,
  publishTrip,
  subscribeTrip,
  subscribeUserNotifications,
  type TripSignal,
} from "@/lib/platform/bus";
import { env } from "@/lib/platform/env";
import { bearerRecheck, type LiveAccess, liveAccess } from "./access";
import { joinPresence, watchPresence } from "./presence";

/** Path the socket is served on. */
export const CHAT_WS_PATH = "/api/chat/ws";
/** Messages a client may send per minute before it is closed with 4002. */
export const MAX_MESSAGES_PER_MINUTE = 60;
/** Open sockets one user may hold on one instance; one more is closed with 1008. */
export const MAX_CONNECTIONS_PER_USER = 10;
/** ms between two credential re-checks of an idle socket. */
export const RECHECK_MS = 15_000;
const PING_MS = 30_000;

const tripRef = z.object({ trip_id: z.uuid().optional(), tripId: z.uuid().optional() }).catchall(z.unknown());
const inbound = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user_message"),
    content: z.string().trim().min(1).max(4000),
    session_id: z.string().min(1).max(100).optional(),
    sessionId: z.string().min(1).max(100).optional(),
    trip_id: z.uuid().optional(),
    context: tripRef.optional(),
  }),
  z.object({
    type: z.literal("typing_indicator"),
    is_typing: z.boolean(),
    trip_id: z.uuid().optional(),
    context: tripRef.optional(),
  }),
  z.object({ type: z.literal("subscribe"), trip_id: z.uuid() }),
  z.object({ type: z.literal("ping") }),
]);
const KNOWN_TYPES = new Set(["user_message", "typing_indicator", "subscribe", "ping"]);

/**
 * Authenticates the `token` query parameter exactly like an HTTP Bearer credential
 * (lib/domain/auth/bearer.ts `bearerCaller`); an API key must also hold `chat:access`.
 * @throws ApiError UNAUTHORIZED / INVALID_TOKEN / TOKEN_EXPIRED; INSUFFICIENT_PERMISSIONS
 */
export async function socketCaller(token: string | null): Promise<Caller> {
  if (!token) throw new ApiError("UNAUTHORIZED", "Missing token");
  const caller = await bearerCaller(await getDb(), token);
  if (caller.via === "api_key" && !caller.scopes.includes("chat:access"))
    throw new ApiError("INSUFFICIENT_PERMISSIONS", "Needs chat:access");
  return caller;
}

/**
 * Whether an upgrade's `Origin` (when it sends one: browsers always do) is the app's own:
 * its host must be the request's `Host` (or, behind a trusted proxy, `X-Forwarded-Host`).
 * Non-browser clients send no Origin and are judged by their token alone.
 */
export function originAllowed(req: Pick<IncomingMessage, "headers">): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const fwd = env().TRUST_PROXY_HOPS > 0 ? req.headers["x-forwarded-host"] : undefined;
  const host = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim() || req.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const now = () => new Date().toISOString();

/** A JWT's `exp` in ms since the epoch (the token was verified already); undefined for API keys. */
function tokenExpiry(token: string): number | undefined {
  if (token.startsWith(API_KEY_PREFIX)) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The TripSage REST API `agent` of an `ai_response`: the search agent when the turn searched, else designer or planner. */
function agentFor(suggestions: readonly { type: string }[], onTrip: boolean): string {
  if (suggestions.some((s) => s.type === "flight_search")) return "flight_search_agent";
  if (suggestions.some((s) => s.type === "accommodation_search")) return "accommodation_search_agent";
  return onTrip ? "trip_designer_agent" : "trip_planner_agent";
}

// Per process, shared with tests: the client's session ids per user, and open sockets per user.
const g = globalThis as unknown as {
  __tripsageWsSessions?: Map<string, string>;
  __tripsageWsConns?: Map<string, number>;
};
g.__tripsageWsSessions ??= new Map();
g.__tripsageWsConns ??= new Map();
/** `<user id> <client session id>` → conversation id. */
const sessions = g.__tripsageWsSessions;
const connections = g.__tripsageWsConns;
const MAX_SESSIONS = 50_000;

function send(ws: WebSocket, msg: Record<string, unknown>) {
  if (ws.readyState === WebSocket.OPEN)
    ws.send(JSON.stringify({ ...msg, timestamp: (msg.timestamp as string) ?? now() }));
}

async function userName(userId: string | undefined): Promise<{ id: string; name: string } | null> {
  if (!userId) return null;
  const row = await callerRow(await getDb(), userId).catch(() => undefined);
  return { id: userId, name: row?.name ?? "" };
}

/** One room membership of a socket. */
interface Room {
  stop: () => void;
}

/**
 * Serves one authenticated connection until it closes.
 * @param buffered messages that arrived before authentication finished, in order
 * @param access the caller's live access checks (lib/realtime/access.ts)
 * @param opts.expiresAt when the credential expires, ms since the epoch: the socket is
 *        re-checked then (and closed with 4003), not only at the next periodic check
 */
export function serveConnection(
  ws: WebSocket,
  caller: Caller,
  access: LiveAccess,
  buffered: [RawData, boolean][] = [],
  opts: { expiresAt?: number } = {},
): void {
  const conn = `${instanceId()}:ws:${randomUUID()}`;
  const rooms = new Map<string, Room>();
  let sent: number[] = [];
  let alive = true;
  let closed = false;
  // Events of every room go through one chain, so they arrive in the order they were published.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(job).catch((err) => console.error("[ws] event not delivered", err));
  };

  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    ws.close(code, reason);
  };
  /** The caller, or null after closing the socket with 4003. */
  const current = async (): Promise<Caller | null> => {
    try {
      return await access.caller();
    } catch (err) {
      close(4003, err instanceof ApiError ? err.message.slice(0, 120) : "Credentials revoked");
      return null;
    }
  };

  ws.on("pong", () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  heartbeat.unref();
  const recheck = setInterval(() => void current(), RECHECK_MS);
  recheck.unref();
  // setTimeout holds at most ~24.8 days; a longer-lived credential is caught by the interval.
  const untilExpiry = opts.expiresAt === undefined ? undefined : opts.expiresAt - Date.now() + 50;
  const expiry =
    untilExpiry !== undefined && untilExpiry < 2 ** 31 - 1
      ? setTimeout(
          () => {
            access.expire();
            void current();
          },
          Math.max(0, untilExpiry),
        )
      : undefined;
  expiry?.unref();
  access.onUserChanged(() => void current());

  const leave = (tripId: string) => {
    rooms.get(tripId)?.stop();
    rooms.delete(tripId);
  };

  const deliver = async (tripId: string, s: TripSignal) => {
    access.observe(s);
    if (closed || !rooms.has(tripId)) return;
    const me = await current();
    if (!me) return;
    if (!(await access.canSee(tripId))) {
      leave(tripId);
      return send(ws, {
        type: "error",
        code: "TRIP_ACCESS_REVOKED",
        message: "You no longer have access to this trip; its updates have stopped",
        trip_id: tripId,
      });
    }
    if (s.kind === "typing") {
      if (s.conn === conn) return; // the sender; their other tabs and the other members hear it
      return send(ws, {
        type: "typing_indicator",
        user_id: s.userId,
        is_typing: s.isTyping,
        trip_id: tripId,
      });
    }
    if (s.kind !== "change") return;
    send(ws, {
      type: "collaboration_event",
      event: s.event,
      trip_id: tripId,
      user: await userName(s.actorId),
      changes: s.changes,
      ...(s.segmentId && { segment_id: s.segmentId }),
    });
  };

  /** Joins trip `tripId`'s room (members only). @throws ApiError NOT_FOUND for a non-member */
  const join = async (tripId: string) => {
    if (rooms.has(tripId)) return;
    // Trip events are trip data: an API key needs trips:read, like GET /api/itineraries/{id}/events.
    requireScope(caller, "trips:read", "Subscribing to trip updates");
    await requireTripRole(await getDb(), caller.userId, tripId, "viewer");
    if (rooms.has(tripId) || closed) return;
    const offSignals = subscribeTrip(tripId, (s) => {
      if (s.kind === "change" || s.kind === "typing") enqueue(() => deliver(tripId, s));
    });
    const watcher = watchPresence(tripId, (c) => {
      if (c.user.id === caller.userId) return;
      enqueue(async () => {
        if (!rooms.has(tripId) || !(await current()) || !(await access.canSee(tripId))) return;
        send(ws, {
          type: "collaboration_event",
          event: c.op === "joined" ? "user_joined" : "user_left",
          trip_id: tripId,
          user: c.user,
          changes: {
            field: "presence",
            action: c.op === "joined" ? "added" : "removed",
            value: { users: c.users },
          },
        });
      });
    });
    const leavePresence = joinPresence(tripId, { id: caller.userId, name: caller.name });
    rooms.set(tripId, {
      stop: () => {
        offSignals();
        watcher.stop();
        leavePresence();
      },
    });
  };

  send(ws, { type: "connection_established", user_id: caller.userId });
  const offNotifications = subscribeUserNotifications(caller.userId, (n) =>
    enqueue(async () => {
      if (await current()) send(ws, { type: "system_notification", ...n });
    }),
  );

  const chat = async (m: Extract<z.infer<typeof inbound>, { type: "user_message" }>, me: Caller) => {
    const tripId = m.context?.trip_id ?? m.context?.tripId ?? m.trip_id;
    const clientSession = m.session_id ?? m.sessionId;
    if (tripId && hasScope(me, "trips:read")) await join(tripId);
    const key = clientSession ? `${me.userId} ${clientSession}` : undefined;
    const serverSession = key ? (sessions.get(key) ?? clientSession) : undefined;
    const echo = (server: string) => clientSession ?? server;
    send(ws, {
      type: "typing_indicator",
      user_id: "assistant",
      is_typing: true,
      session_id: clientSession ?? null,
    });
    const input = chatMessageSchema.parse({
      message: m.content,
      session_id: serverSession,
      context: tripId ? { trip_id: tripId } : undefined,
    });
    const r = await sendChatMessage(await getDb(), me, input, {
      onDelta: (delta) =>
        send(ws, {
          type: "ai_response",
          content: delta,
          is_partial: true,
          session_id: clientSession ?? null,
        }),
    });
    if (key) {
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
      sessions.set(key, r.session_id);
    }
    send(ws, {
      type: "typing_indicator",
      user_id: "assistant",
      is_typing: false,
      session_id: echo(r.session_id),
    });
    send(ws, {
      type: "ai_response",
      content: r.response,
      is_partial: false,
      session_id: echo(r.session_id),
      message_id: r.message_id,
      agent: agentFor(r.suggestions, Boolean(tripId)),
      suggestions: r.suggestions,
      next_actions: r.next_actions,
      ...("structured_questions" in r && { structured_questions: r.structured_questions }),
      ...("changeset_id" in r && r.changeset_id && { changeset_id: r.changeset_id }),
    });
  };

  const onMessage = async (raw: RawData, isBinary: boolean) => {
    if (closed) return;
    const t = Date.now();
    sent = sent.filter((x) => t - x < 60_000);
    sent.push(t);
    if (sent.length > MAX_MESSAGES_PER_MINUTE) return close(4002, "Too many messages");
    if (isBinary) return close(1003, "Unsupported data: send JSON text frames");
    let body: unknown;
    try {
      body = JSON.parse(raw.toString());
    } catch {
      return send(ws, { type: "error", code: "INVALID_JSON", message: "Messages must be JSON objects" });
    }
    const type = (body as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !KNOWN_TYPES.has(type))
      return close(
        1003,
        `Unsupported message type${typeof type === "string" ? ` '${type.slice(0, 40)}'` : ""}`,
      );
    const r = inbound.safeParse(body);
    if (!r.success) {
      return send(ws, {
        type: "error",
        code: "VALIDATION_ERROR",
        message: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
    }
    const me = await current();
    if (!me) return;
    const m = r.data;
    try {
      switch (m.type) {
        case "ping":
          return send(ws, { type: "pong" });
        case "subscribe":
          await join(m.trip_id);
          return send(ws, {
            type: "system_notification",
            notification_type: "subscribed",
            content: "Subscribed to trip updates",
            data: { trip_id: m.trip_id },
          });
        case "typing_indicator": {
          const tripId = m.context?.trip_id ?? m.context?.tripId ?? m.trip_id;
          if (!tripId) return;
          await join(tripId);
          publishTrip({ kind: "typing", tripId, userId: me.userId, conn, isTyping: m.is_typing });
          return;
        }
        case "user_message":
          return await chat(m, me);
      }
    } catch (err) {
      if (err instanceof ApiError) return send(ws, { type: "error", code: err.code, message: err.message });
      console.error("[ws] message failed", err);
      send(ws, { type: "error", code: "INTERNAL_ERROR", message: "The message could not be processed" });
    }
  };

  ws.on("message", (raw, isBinary) => void onMessage(raw, isBinary));
  ws.on("close", () => {
    closed = true;
    clearInterval(heartbeat);
    clearInterval(recheck);
    clearTimeout(expiry);
    offNotifications();
    access.close();
    for (const id of [...rooms.keys()]) leave(id);
  });
  // Buffered before authentication finished: in arrival order, each after the previous started.
  void (async () => {
    for (const [raw, isBinary] of buffered) await onMessage(raw, isBinary);
  })();
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
    const allowed = originAllowed(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!allowed) return ws.close(1008, "Origin not allowed");
      // Messages sent right at `open` arrive before the token is checked: keep them.
      const early: [RawData, boolean][] = [];
      const keep = (raw: RawData, isBinary: boolean) => early.push([raw, isBinary]);
      ws.on("message", keep);
      const token = url.searchParams.get("token");
      socketCaller(token)
        .then((caller) => {
          ws.off("message", keep);
          if (ws.readyState !== WebSocket.OPEN) return;
          const open = connections.get(caller.userId) ?? 0;
          if (open >= MAX_CONNECTIONS_PER_USER)
            return ws.close(1008, `At most ${MAX_CONNECTIONS_PER_USER} connections per user`);
          connections.set(caller.userId, open + 1);
          ws.once("close", () => {
            const n = (connections.get(caller.userId) ?? 1) - 1;
            if (n > 0) connections.set(caller.userId, n);
            else connections.delete(caller.userId);
          });
          serveConnection(ws, caller, liveAccess(caller, bearerRecheck(token as string)), early, {
            expiresAt: tokenExpiry(token as string),
          });
        })
        .catch((err) => {
          ws.off("message", keep);
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
