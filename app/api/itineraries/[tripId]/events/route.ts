import { requireTripRole } from "@/lib/domain/auth/permissions";
import { userScopes } from "@/lib/domain/auth/scopes";
import { callerRow } from "@/lib/domain/auth/user-cache";
import type { Caller } from "@/lib/http/caller";
import { defineRoute } from "@/lib/http/contract";
import { ApiError } from "@/lib/http/errors";
import { uuidParam } from "@/lib/http/parse";
import { bearerRecheck, type Recheck, versionRecheck } from "@/lib/realtime/access";
import { openItineraryStream } from "@/lib/realtime/sse";
import { eventsQuerySchema, type TicketClaims, verifyEventsTicket } from "@/lib/realtime/tickets";

export const dynamic = "force-dynamic";

/** Requests authenticated by an events ticket, with what the ticket names. */
const tickets = new WeakMap<Request, TicketClaims>();

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ tripId: string }>(
  { tag: "Itinerary" },
  (op) => ({
    GET: op.auth(
      {
        summary: "Trip Designer API SSE stream of itinerary changes and presence",
        scope: "trips:read",
        tripRole: "viewer",
        query: eventsQuerySchema,
        ok: {
          status: 200,
          description: "Server-sent events: `connected`, then itinerary changes; `:ping` every 30 s.",
          stream: {
            contentType: "text/event-stream",
            endless: true,
            description:
              "Each event is `data: <json>` with `type` one of `connected`, `segment_added`, " +
              "`segment_modified`, `segment_deleted`, `itinerary_updated`, `presence` (`users`), " +
              "`presence_joined` / `presence_left` (`user`), and `access_revoked` before the stream ends " +
              "when the caller loses access.",
            example:
              'data: {"type":"connected","itineraryId":"4f1c…"}\n\n:ping\n\ndata: {"type":"segment_added","segmentId":"9a2e…","itineraryId":"4f1c…"}\n\n',
          },
        },
        description:
          "Authenticate with a Bearer header, the app's session cookie (a browser `EventSource` on the " +
          "app's pages), or `?ticket=` from `POST /api/itineraries/{trip_id}/events/ticket`; never put a " +
          "long-lived token in the URL. Credentials and membership are re-checked before every event.",
        // A third-party EventSource cannot send headers: `?ticket=` from POST …/events/ticket.
        fallbackCaller: async (req, db): Promise<Caller | null> => {
          const url = new URL(req.url);
          const ticket = url.searchParams.get("ticket");
          if (!ticket) return null;
          const tripId = /\/api\/itineraries\/([^/]+)\/events/.exec(url.pathname)?.[1] ?? "";
          const claims = await verifyEventsTicket(ticket, tripId);
          const row = await callerRow(db, claims.userId);
          if (!row || row.tokenVersion !== claims.tokenVersion)
            throw new ApiError("INVALID_TOKEN", "Token has been revoked");
          tickets.set(req, claims);
          return {
            userId: row.id,
            email: row.email,
            name: row.name,
            role: row.role,
            via: claims.apiKeyId ? "api_key" : "jwt",
            scopes: userScopes(row.role),
          };
        },
      },
      async ({ req, db, caller, params, readQuery }) => {
        const tripId = uuidParam(params.tripId, "Itinerary");
        readQuery();
        await requireTripRole(db, caller.userId, tripId, "viewer");
        const claims = tickets.get(req);
        let recheck: Recheck;
        const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization")?.trim() ?? "")?.[1];
        if (claims) {
          if (claims.tripId !== tripId)
            throw new ApiError("INVALID_TOKEN", "This ticket is not for this itinerary");
          recheck = versionRecheck(caller, claims.tokenVersion, claims.apiKeyId);
          await recheck(); // the key behind the ticket may have been revoked since it was issued
        } else if (bearer) recheck = bearerRecheck(bearer);
        else {
          // The session cookie: the session stays valid while the user's token version does.
          const row = await callerRow(db, caller.userId);
          if (!row) throw new ApiError("INVALID_TOKEN", "Token has been revoked");
          recheck = versionRecheck(caller, row.tokenVersion);
        }
        return openItineraryStream(req, tripId, caller, recheck);
      },
    ),
  }),
);
