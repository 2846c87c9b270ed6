/**
 * Real clients for the live channels, as third parties write them: the `ws` package for the
 * TripSage REST API WebSocket, and an EventSource-style reader (fetch + `text/event-stream`
 * parsing) for the Trip Designer API SSE stream. Loopback only.
 */
import WebSocket from "ws";

/** A parsed message or event. */
// biome-ignore lint/suspicious/noExplicitAny: checked by assertions, as a third-party client would
export type Msg = Record<string, any> & { type: string };

/** Waits for messages matching a predicate, keeping the ones nobody asked for yet. */
class Inbox {
  readonly all: Msg[] = [];
  private unread: Msg[] = [];
  private waiters: { match: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private closedWith: Error | null = null;

  push(m: Msg) {
    this.all.push(m);
    const i = this.waiters.findIndex((w) => w.match(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(m);
    else this.unread.push(m);
  }

  fail(err: Error) {
    this.closedWith = err;
  }

  next(match: string | ((m: Msg) => boolean), ms = 15_000): Promise<Msg> {
    const fn = typeof match === "string" ? (m: Msg) => m.type === match : match;
    const i = this.unread.findIndex(fn);
    if (i >= 0) return Promise.resolve(this.unread.splice(i, 1)[0] as Msg);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `no matching message within ${ms} ms${this.closedWith ? ` (${this.closedWith.message})` : ""}: ${JSON.stringify(this.all.slice(-5))}`,
          ),
        );
      }, ms);
      const done = (m: Msg) => {
        clearTimeout(t);
        resolve(m);
      };
      this.waiters.push({ match: fn, resolve: done });
    });
  }

  /** The unread messages matching `match` (none waited for). */
  pending(match: (m: Msg) => boolean): Msg[] {
    return this.unread.filter(match);
  }
}

/** A WebSocket client of `/api/chat/ws`. */
export interface SocketClient {
  ws: WebSocket;
  inbox: Inbox;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  send(m: unknown): void;
  next(match: string | ((m: Msg) => boolean), ms?: number): Promise<Msg>;
  close(): void;
}

/**
 * Connects to the WebSocket of `baseURL` (`http://…`) with `token`.
 * @param opts.headers extra upgrade headers (e.g. `Origin`)
 * @param opts.onOpen called the moment the socket opens (before any message arrives)
 */
export function connectSocket(
  baseURL: string,
  token: string,
  opts: { headers?: Record<string, string>; onOpen?: (ws: WebSocket) => void } = {},
): SocketClient {
  const url = `${baseURL.replace(/^http/, "ws")}/api/chat/ws?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url, { headers: opts.headers });
  const inbox = new Inbox();
  ws.on("message", (data) => inbox.push(JSON.parse(data.toString()) as Msg));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => {
      opts.onOpen?.(ws);
      resolve();
    });
    ws.once("error", reject);
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on("close", (code, reason) => {
      inbox.fail(new Error(`closed ${code} ${reason.toString()}`));
      r({ code, reason: reason.toString() });
    }),
  );
  return {
    ws,
    inbox,
    closed,
    opened,
    send: (m) => ws.send(JSON.stringify(m)),
    next: (match, ms) => inbox.next(match, ms),
    close: () => ws.close(1000),
  };
}

/** An SSE client: `connected`, then every `data:` event; comments (`:ping`) are counted. */
export interface SseClient {
  inbox: Inbox;
  status: number;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  next(match: string | ((m: Msg) => boolean), ms?: number): Promise<Msg>;
  close(): void;
}

/**
 * Opens `url` as an EventSource would (GET, `Accept: text/event-stream`) with `headers`.
 * @returns the client once the response headers arrived (check `status`)
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { Accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const inbox = new Inbox();
  let ended: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    ended = (async () => {
      let buf = "";
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let cut = buf.indexOf("\n\n");
          while (cut >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const data = block
              .split("\n")
              .filter((l) => l.startsWith("data:"))
              .map((l) => l.slice(5).trimStart())
              .join("\n");
            if (data) inbox.push(JSON.parse(data) as Msg);
            cut = buf.indexOf("\n\n");
          }
        }
      } catch {
        // aborted by close()
      }
      inbox.fail(new Error("stream ended"));
    })();
  } else {
    await res.text().catch(() => "");
  }
  return {
    inbox,
    status: res.status,
    ended,
    next: (match, ms) => inbox.next(match, ms),
    close: () => abort.abort(),
  };
}

/** Resolves true when `p` settles within `ms`, false otherwise (never rejects). */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => {
    t = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(t);
  }
}
