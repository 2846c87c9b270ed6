/**
 * Benchmark-only paths of the custom server (BENCH_ROUTES=1, never otherwise): the same route
 * handlers Next serves, called straight from the Node HTTP server without Next's request
 * pipeline, so `npm run bench` can say what that pipeline itself costs:
 *
 *   GET /__bench/direct/api/health                → app/api/health/route.ts GET
 *   GET /__bench/direct/api/itineraries/{trip_id} → app/api/itineraries/[tripId]/route.ts GET
 *
 * The handler, its wrapper (caller, rate limit, errors) and the database work are exactly the
 * production ones; only Next's routing, its Request/Response adaptation and its response
 * streaming are skipped. Anything else under the prefix is a 404.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Path prefix of the direct routes. */
export const BENCH_DIRECT_PREFIX = "/__bench/direct";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ITINERARY = /^\/api\/itineraries\/([^/?]+)$/;

async function route(pathname: string): Promise<{ handler: Handler; params: Record<string, string> } | null> {
  if (pathname === "/api/health") {
    return { handler: (await import("@/app/api/health/route")).GET as Handler, params: {} };
  }
  const m = ITINERARY.exec(pathname);
  if (m?.[1]) {
    const mod = await import("@/app/api/itineraries/[tripId]/route");
    return { handler: mod.GET as unknown as Handler, params: { tripId: m[1] } };
  }
  return null;
}

/**
 * Serves `req` when its path is under {@link BENCH_DIRECT_PREFIX}.
 * @returns false (and does nothing) for any other path
 */
export function serveBenchDirect(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  if (!url.startsWith(`${BENCH_DIRECT_PREFIX}/`)) return false;
  const pathname = url.slice(BENCH_DIRECT_PREFIX.length).split("?")[0] ?? "/";
  void (async () => {
    try {
      const found = req.method === "GET" ? await route(pathname) : null;
      if (!found) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not found"}');
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") headers.set(k, v);
        else if (Array.isArray(v)) headers.set(k, v.join(", "));
      }
      const response = await found.handler(
        new Request(`http://${req.headers.host ?? "localhost"}${pathname}`, { headers }),
        { params: Promise.resolve(found.params) },
      );
      const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    } catch (err) {
      console.error("[bench] direct route failed", err);
      if (!res.headersSent) res.writeHead(500).end();
    }
  })();
  return true;
}
