/**
 * Trip-level authorization, enforced in the service layer (never only at the edge).
 * Roles rank viewer < editor < admin < owner: viewers read; editors edit the trip and
 * its itinerary; admins also manage collaborators; only the owner deletes the trip.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Trip, tripCollaborators, trips } from "@/db/schema";
import { ApiError, notFound } from "@/lib/platform/errors";

/** Trip roles, least to most. */
export const TRIP_ROLES = ["viewer", "editor", "admin", "owner"] as const;
export type TripRole = (typeof TRIP_ROLES)[number];
const RANK: Record<TripRole, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };

/** True when `role` is at least `min`. */
export function roleAtLeast(role: TripRole, min: TripRole): boolean {
  return RANK[role] >= RANK[min];
}

/**
 * The trip and the caller's role on it, read in one query.
 * Pass `lock: true` inside a transaction to take the trip row lock (serialises writers).
 * @returns null when the trip does not exist or the user has no access to it
 */
export async function loadTripWithRole(
  db: Db,
  userId: string,
  tripId: string,
  opts: { lock?: boolean } = {},
): Promise<{ trip: Trip; role: TripRole } | null> {
  const q = db
    .select({ trip: trips, permission: tripCollaborators.permission })
    .from(trips)
    .leftJoin(
      tripCollaborators,
      and(eq(tripCollaborators.tripId, trips.id), eq(tripCollaborators.userId, userId)),
    )
    .where(eq(trips.id, tripId));
  const [row] = opts.lock ? await q.for("update", { of: trips }) : await q;
  if (!row) return null;
  if (row.trip.ownerId === userId) return { trip: row.trip, role: "owner" };
  if (row.permission) return { trip: row.trip, role: row.permission };
  return null;
}

/**
 * Loads a trip the user may act on with at least `min` rights.
 * @throws ApiError NOT_FOUND (404) when the trip is missing or invisible to the user (no leak);
 *         INSUFFICIENT_PERMISSIONS (403) when the user can see it but lacks `min`
 */
export async function requireTripRole(
  db: Db,
  userId: string,
  tripId: string,
  min: TripRole,
  opts: { lock?: boolean } = {},
): Promise<{ trip: Trip; role: TripRole }> {
  const found = await loadTripWithRole(db, userId, tripId, opts);
  if (!found) throw notFound("Trip");
  if (!roleAtLeast(found.role, min)) {
    throw new ApiError(
      "INSUFFICIENT_PERMISSIONS",
      `You need ${min} rights on this trip; you are ${found.role === "viewer" ? "a viewer" : `an ${found.role}`}`,
    );
  }
  return found;
}

/**
 * Takes the trip row lock for a change by `userId`, who needs at least `min` rights, and in
 * the same statement records the change on the trip: version + 1 (its ETag), `updated_at`
 * now, `updated_by` = `userId`. One round trip instead of a locking read at the start and an
 * update at the end, so concurrent writers of one trip wait for a shorter critical section.
 * Use inside a transaction: an error thrown later rolls the bump back with everything else.
 * A caller without the rights takes no lock and bumps nothing.
 * @returns the trip as it is after the bump (the new version)
 * @throws ApiError NOT_FOUND (404) when the trip is missing or invisible to the user;
 *         INSUFFICIENT_PERMISSIONS (403) when the user can see it but lacks `min`
 */
export async function lockTripForChange(
  db: Db,
  userId: string,
  tripId: string,
  min: TripRole,
): Promise<Trip> {
  const granted = (Object.keys(RANK) as TripRole[]).filter((r) => r !== "owner" && roleAtLeast(r, min));
  const asCollaborator = granted.length
    ? sql`exists (select 1 from "trip_collaborators" c where c."trip_id" = "trips"."id"
        and c."user_id" = ${userId} and c."permission" in (${sql.join(
          granted.map((r) => sql`${r}`),
          sql`, `,
        )}))`
    : sql`false`;
  const [trip] = await db
    .update(trips)
    .set({ updatedAt: new Date(), version: sql`"trips"."version" + 1`, updatedBy: userId })
    .where(sql`"trips"."id" = ${tripId} and ("trips"."owner_id" = ${userId} or ${asCollaborator})`)
    .returning();
  if (trip) return trip;
  // Why not: missing, invisible (404) or too few rights (403); granted meanwhile is a 404 too.
  await requireTripRole(db, userId, tripId, min);
  throw notFound("Trip");
}
