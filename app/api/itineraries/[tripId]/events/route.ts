import { requireTripRole } from "@/lib/auth/permissions";
import { uuidParam } from "@/lib/http/parse";
import { methodsNotAllowed, withAuth } from "@/lib/http/route";
import { subscribeItinerary } from "@/lib/realtime/bus";

export const dynamic = "force-dynamic";

/** Keep-alive interval of the SSE stream (seed 001: every 30 seconds). */
const PING_MS = 30_000;

// GET /api/itineraries/{id}/events – seed 001 SSE stream of itinerary changes
export const GET = withAuth<{ tripId: string }>(
  async ({ req, db, caller, params }) => {
    const tripId = uuidParam(params.tripId, "Itinerary");
    await requireTripRole(db, caller.userId, tripId, "viewer");
    const enc = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (s: string) => {
          try {
            controller.enqueue(enc.encode(s));
          } catch {
            cleanup();
          }
        };
        send(`data: ${JSON.stringify({ type: "connected", itineraryId: tripId })}\n\n`);
        const unsubscribe = subscribeItinerary(tripId, (e) => send(`data: ${JSON.stringify(e)}\n\n`));
        const ping = setInterval(() => send(":ping\n\n"), PING_MS);
        cleanup = () => {
          clearInterval(ping);
          unsubscribe();
        };
        req.signal.addEventListener("abort", () => {
          cleanup();
          try {
            controller.close();
          } catch {}
        });
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" },
    });
  },
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
