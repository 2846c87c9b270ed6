/**
 * The Trip Designer API's SSE stream of one itinerary (`GET /api/itineraries/{id}/events`).
 *
 * Events, each `data: <json>\n\n`:
 * - `{"type":"connected","itineraryId","userId"}` first (`userId`: the caller), then
 * - `{"type":"presence","itineraryId","users":[{id,name}]}` (who has the trip open, this
 *   caller included) at once and after every change, with
 *   `{"type":"presence_joined"|"presence_left","itineraryId","user":{id,name}}` before it;
 * - `segment_added` / `segment_modified` / `segment_deleted` `{type, segmentId, itineraryId}`
 *   and `itinerary_updated` `{type, itineraryId}` for every committed change, from any source
 *   and any instance (lib/platform/bus.ts);
 * - a `:ping` comment every {@link SSE_PING_MS}.
 * Before each event the caller's credential and membership are re-checked
 * (lib/realtime/access.ts); when either fails the stream ends (after a final
 * `{"type":"access_revoked","itineraryId"}` event). A user-changed notification (logout,
 * password change, key revoked) re-checks at once, without waiting for an event.
 */
import type { Caller } from "@/lib/domain/auth/bearer";
import { subscribeTrip, toItineraryEvent } from "@/lib/platform/bus";
import { liveAccess, type Recheck } from "./access";
import { joinPresence, presentUsers, watchPresence } from "./presence";

/** Keep-alive interval of the SSE stream (Trip Designer API: every 30 seconds), ms. */
export const SSE_PING_MS = 30_000;

/**
 * Opens the stream for `caller`, who has been checked to be a member of `tripId`.
 * @param req its abort signal ends the stream
 * @param recheck re-proves the caller's credential (see lib/realtime/access.ts)
 * @returns a `text/event-stream` Response
 */
export function openItineraryStream(
  req: Request,
  tripId: string,
  caller: Caller,
  recheck: Recheck,
): Response {
  const enc = new TextEncoder();
  const access = liveAccess(caller, recheck);
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      let chain: Promise<void> = Promise.resolve();
      const write = (s: string) => {
        if (ended) return;
        try {
          controller.enqueue(enc.encode(s));
        } catch {
          cleanup();
        }
      };
      const event = (data: Record<string, unknown>) => write(`data: ${JSON.stringify(data)}\n\n`);
      const end = () => {
        if (ended) return;
        event({ type: "access_revoked", itineraryId: tripId });
        cleanup();
        try {
          controller.close();
        } catch {}
      };
      /** Runs `send` after the caller and membership checks pass, in publish order. */
      const checked = (send: () => void) => {
        chain = chain
          .then(async () => {
            if (ended) return;
            try {
              await access.caller();
            } catch {
              return end();
            }
            if (!(await access.canSee(tripId))) return end();
            send();
          })
          .catch((err) => console.error("[sse] event not delivered", err));
      };

      event({ type: "connected", itineraryId: tripId, userId: caller.userId });
      const offSignals = subscribeTrip(tripId, (s) => {
        access.observe(s);
        if (s.kind === "change" && (s.event === "collaborators_updated" || s.event === "trip_deleted"))
          return checked(() => {}); // may end the stream for a removed member
        const e = s.kind === "change" ? toItineraryEvent(s) : null;
        if (e) checked(() => event(e));
      });
      access.onUserChanged(() => checked(() => {}));
      // Join first, so the roster sent below includes this caller and the watcher only hears
      // of other people's comings and goings.
      const leavePresence = joinPresence(tripId, { id: caller.userId, name: caller.name });
      const watcher = watchPresence(tripId, (c) =>
        checked(() => {
          event({
            type: c.op === "joined" ? "presence_joined" : "presence_left",
            itineraryId: tripId,
            user: c.user,
          });
          event({ type: "presence", itineraryId: tripId, users: c.users });
        }),
      );
      checked(() => event({ type: "presence", itineraryId: tripId, users: presentUsers(tripId) }));
      const ping = setInterval(() => write(":ping\n\n"), SSE_PING_MS);
      cleanup = () => {
        if (ended) return;
        ended = true;
        clearInterval(ping);
        offSignals();
        watcher.stop();
        leavePresence();
        access.close();
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
}
