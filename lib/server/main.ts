/**
 * The production (and development) server: Next.js behind a plain Node HTTP server, so the
 * same process can also serve the TripSage REST API's WebSocket at `/api/chat/ws` (Next route handlers
 * cannot upgrade connections). Other upgrades (the dev server's hot reload) go to Next.
 *
 *   npm start        → NODE_ENV=production tsx lib/server/main.ts   (after `npm run build`)
 *   npm run dev      → tsx lib/server/main.ts --dev
 *
 * The Next bundle and this module share the database handle, rate limiter and event bus
 * through `globalThis`, so a change made over HTTP reaches WebSocket subscribers.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { DELIVERY_TIMEOUT_MS, drainWebhookDispatcher } from "@/lib/domain/webhooks/dispatcher";
import { env } from "@/lib/platform/env";
import { createChatSocketServer } from "@/lib/realtime/chat-socket";
import { seedDemoOnStart } from "@/lib/server/demo";
import { listenHost } from "@/lib/server/listen";
import { stampPeer } from "@/lib/server/peer";
import { serveBenchDirect } from "./bench-routes";
import { applySecurityHeaders } from "./security-headers";

const dev = process.argv.includes("--dev");
const settings = env();
const port = settings.PORT;
let hostname: string;
try {
  hostname = listenHost(settings);
} catch (err) {
  console.error(`[server] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

const app = next({ dev, hostname, port, turbopack: dev });
await app.prepare();
const handle = app.getRequestHandler();
const nextUpgrade = app.getUpgradeHandler();
const chat = createChatSocketServer();

const benchRoutes = settings.BENCH_ROUTES === "1";
const server = createServer((req, res) => {
  // Rate limits key anonymous callers by this address; any copy the client sent is dropped.
  stampPeer(req);
  applySecurityHeaders(req, res, dev);
  // `npm run bench` only: the same handlers without Next's pipeline (./bench-routes.ts).
  if (benchRoutes && serveBenchDirect(req, res)) return;
  handle(req, res).catch((err) => {
    console.error("[server] request failed", err);
    if (!res.headersSent) res.writeHead(500).end();
  });
});
// Next attaches an `upgrade` listener of its own on the first request it serves, and that
// listener ends every socket whose path matches an app route (the `app/api/[...path]`
// catch-all matches /api/chat/ws). So the chat socket is taken before any listener sees the
// event: `emit("upgrade")` is intercepted, and only other paths reach the listeners. When Next
// has not attached its listener yet (or never does), this server hands other upgrades (the
// dev server's hot reload) to Next itself, so exactly one handler serves each of them.
const emit = server.emit.bind(server) as (event: string, ...args: unknown[]) => boolean;
server.emit = ((event: string, ...args: unknown[]) => {
  if (event === "upgrade") {
    const [req, socket, head] = args as [IncomingMessage, Duplex, Buffer];
    if (chat.handleUpgrade(req, socket, head)) return true;
    if (server.listenerCount("upgrade") === 0) {
      void nextUpgrade(req, socket, head);
      return true;
    }
  }
  return emit(event, ...args);
}) as typeof server.emit;
// On an empty database the demo account and trip are created before the first request is
// served (the README's promise); `SEED_DEMO=false` turns it off.
if (settings.SEED_DEMO === "true") await seedDemoOnStart();
server.listen(port, hostname, () => {
  console.log(
    `▲ TripSage ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"})`,
  );
});

// Graceful stop: no new connections, webhook deliveries in flight finish and are recorded
// (so none is re-sent after the restart), then exit; a hard deadline bounds the wait.
// `process.on`, not `once`: a signal sent to the process group reaches this process twice
// (directly and relayed by tsx), and a second, unhandled SIGTERM would kill it mid-drain.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    chat.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), DELIVERY_TIMEOUT_MS + 5_000).unref();
    void Promise.all([drainWebhookDispatcher(), closed]).then(([drained]) => {
      if (!drained) console.error("[server] webhook deliveries still in flight at exit");
      process.exit(0);
    });
  });
}
