/**
 * Events tickets of the Trip Designer API: a short-lived credential for one trip's SSE
 * stream, so a third-party `EventSource` (which cannot send an Authorization header) never
 * puts a long-lived token in a URL.
 *
 * A ticket is an HS256 JWT (jose) signed with `AUTH_SECRET`, audience
 * {@link TICKET_AUDIENCE} (so it is never accepted as an access token, nor an access token as
 * a ticket), valid {@link TICKET_TTL_S} seconds, naming the user (`sub`), the trip (`trip`),
 * the user's token version (`tv`) and, when issued to an API key, the key (`kid`): the
 * stream it opens keeps checking those (lib/realtime/access.ts). No table: a ticket may be
 * used more than once within its minute, only for its trip.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { ApiError } from "@/lib/http/errors";
import { env } from "@/lib/platform/env";

/** Ticket lifetime, seconds. */
export const TICKET_TTL_S = 60;
/** The `aud` of a ticket. */
export const TICKET_AUDIENCE = "tripsage-events";
const ISSUER = "tripsage";

/** The query of `GET /api/itineraries/{trip_id}/events`: an optional events ticket. */
export const eventsQuerySchema = z.object({
  ticket: z.string().min(1).max(2000).optional().meta({ description: "From POST …/events/ticket" }),
});

/** What a ticket names. */
export interface TicketClaims {
  userId: string;
  tripId: string;
  tokenVersion: number;
  apiKeyId?: string;
}

const key = () => new TextEncoder().encode(env().AUTH_SECRET);

/** Signs a ticket for `claims`, valid {@link TICKET_TTL_S} s. */
export function signEventsTicket(claims: TicketClaims): Promise<string> {
  return new SignJWT({
    trip: claims.tripId,
    tv: claims.tokenVersion,
    ...(claims.apiKeyId && { kid: claims.apiKeyId }),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(TICKET_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${TICKET_TTL_S}s`)
    .sign(key());
}

/**
 * Verifies a ticket for trip `tripId`.
 * @throws ApiError TOKEN_EXPIRED (401) when older than {@link TICKET_TTL_S} s; INVALID_TOKEN
 *         (401) when forged, malformed or issued for another trip
 */
export async function verifyEventsTicket(ticket: string, tripId: string): Promise<TicketClaims> {
  try {
    const { payload } = await jwtVerify(ticket, key(), {
      issuer: ISSUER,
      audience: TICKET_AUDIENCE,
      algorithms: ["HS256"],
      maxTokenAge: `${TICKET_TTL_S + 5}s`,
    });
    if (typeof payload.sub !== "string" || payload.trip !== tripId || typeof payload.tv !== "number")
      throw new ApiError("INVALID_TOKEN", "This ticket is not for this itinerary");
    return {
      userId: payload.sub,
      tripId,
      tokenVersion: payload.tv,
      ...(typeof payload.kid === "string" && { apiKeyId: payload.kid }),
    };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof joseErrors.JWTExpired)
      throw new ApiError("TOKEN_EXPIRED", "The events ticket has expired");
    throw new ApiError("INVALID_TOKEN", "Invalid events ticket");
  }
}
