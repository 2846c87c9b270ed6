/**
 * Trips (the TripSage REST API "Trip Management"; the Trip Designer API's itinerary; the /v1/ai assistant API's trip).
 * Every read and write is scoped to what the caller may see; see lib/domain/auth/permissions.ts.
 */
import { and, count, desc, eq, exists, gt, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { segments, type Trip, tripCollaborators, trips, users } from "@/db/schema";
import { requireTripRole, type TripRole } from "@/lib/domain/auth/permissions";
import { LIMITS } from "@/lib/domain/config/limits";
import { shiftLocalDateTime } from "@/lib/domain/itinerary/dates";
import { enqueueTripCreated, enqueueTripUpdated } from "@/lib/domain/trips/events";
import {
  daysBetween,
  MAX_TRIP_DAYS,
  type TripCreateInput,
  type TripUpdateInput,
} from "@/lib/domain/validators/trips";
import { publishTrip, publishTripFieldChanges } from "@/lib/platform/bus";
import { ApiError, fieldError } from "@/lib/platform/errors";
import { lockUserForQuota } from "@/lib/platform/locks";
import { assertVersion } from "@/lib/platform/versions";
import type { TripListResponse, TripResponse } from "./schemas";

/**
 * {@link assertVersion} for a versioned row that records its last editor (`updated_by`):
 * when `If-Match` is stale, the 412's `details` also name who made the current version
 * (`changed_by: {id, name}`, null when unknown or their account is gone), so the user can see
 * whose change they are about to overwrite. The name is read only in the stale case.
 * @throws ApiError PRECONDITION_FAILED (412)
 */
export async function assertCurrentVersion(
  tx: Db,
  what: string,
  row: { version: number; updatedBy: string | null },
  expected: number[] | undefined,
  currentItem: () => unknown,
): Promise<void> {
  if (expected === undefined || expected.includes(row.version)) return;
  const [by] = row.updatedBy
    ? await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.updatedBy))
    : [];
  assertVersion(what, row.version, expected, currentItem, by ?? null);
}

export type { TripListResponse, TripResponse } from "./schemas";

/** Serialises a trip row as the TripSage REST API's Trip Object. */
export function toTripResponse(t: Trip, role?: TripRole): TripResponse {
  return {
    id: t.id,
    user_id: t.ownerId,
    title: t.title,
    description: t.description,
    start_date: t.startDate,
    end_date: t.endDate,
    duration_days: daysBetween(t.startDate, t.endDate),
    destinations: t.destinations,
    preferences: t.preferences,
    status: t.status,
    version: t.version,
    ...(role ? { role } : {}),
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

/** Number of itinerary days of a trip: start and end date inclusive. */
export function tripDayCount(t: Pick<Trip, "startDate" | "endDate">): number {
  return daysBetween(t.startDate, t.endDate) + 1;
}

/** Creates a trip owned by `userId` and queues its `trip.created` webhook event (same transaction). */
export async function createTrip(db: Db, userId: string, input: TripCreateInput): Promise<TripResponse> {
  return db.transaction(async (tx) => {
    // Lock the owner's row so two concurrent creates cannot both pass the quota check.
    await lockUserForQuota(tx, userId);
    const [owned] = await tx.select({ n: count() }).from(trips).where(eq(trips.ownerId, userId));
    if ((owned?.n ?? 0) >= LIMITS.max_trips_per_user) {
      throw new ApiError(
        "LIMIT_EXCEEDED",
        `You can own at most ${LIMITS.max_trips_per_user} trips; delete one first`,
        {
          details: { limit: LIMITS.max_trips_per_user },
        },
      );
    }
    const [t] = await tx
      .insert(trips)
      .values({
        ownerId: userId,
        title: input.title,
        description: input.description ?? null,
        startDate: input.start_date,
        endDate: input.end_date,
        destinations: input.destinations,
        preferences: input.preferences,
        status: input.status,
      })
      .returning();
    if (!t) throw new Error("insert returned no row");
    const trip = toTripResponse(t, "owner");
    await enqueueTripCreated(tx, trip);
    return trip;
  });
}

function visibleTo(userId: string) {
  return or(
    eq(trips.ownerId, userId),
    exists(
      sql`(select 1 from ${tripCollaborators} where ${tripCollaborators.tripId} = ${trips.id} and ${tripCollaborators.userId} = ${userId})`,
    ),
  );
}

/**
 * Trips the user owns or collaborates on, newest first, paged by `skip`/`limit`.
 * @returns the TripSage REST API's list shape `{items, total, skip, limit}`
 */
export async function listTrips(
  db: Db,
  userId: string,
  page: { skip: number; limit: number },
): Promise<TripListResponse> {
  const where = visibleTo(userId);
  // One round trip: the page and the total (a window count over the same filter).
  const paged = await db
    .select({ t: trips, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(trips)
    .where(where)
    .orderBy(desc(trips.createdAt), desc(trips.id))
    .offset(page.skip)
    .limit(page.limit);
  const rows = paged.map((r) => r.t);
  // A page past the end has no row to carry the total; count separately then.
  const total =
    paged[0]?.total ??
    (page.skip > 0 ? ((await db.select({ n: count() }).from(trips).where(where))[0]?.n ?? 0) : 0);
  return {
    items: rows.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      start_date: t.startDate,
      end_date: t.endDate,
      duration_days: daysBetween(t.startDate, t.endDate),
      destinations: t.destinations.map((d) => d.name),
      status: t.status,
      role: (t.ownerId === userId ? "owner" : "collaborator") as "owner" | "collaborator",
      created_at: t.createdAt.toISOString(),
      updated_at: t.updatedAt.toISOString(),
    })),
    total,
    skip: page.skip,
    limit: page.limit,
  };
}

/** One trip the user can see. @throws ApiError NOT_FOUND */
export async function getTrip(db: Db, userId: string, tripId: string): Promise<TripResponse> {
  const { trip, role } = await requireTripRole(db, userId, tripId, "viewer");
  return toTripResponse(trip, role);
}

/**
 * Partial update (editor or above). `preferences` merges key by key. Queues a `trip.updated`
 * webhook event listing the changes (same transaction; none when nothing changed).
 * @param expectedVersion from `If-Match`; when given and stale → 412
 * @throws ApiError NOT_FOUND, INSUFFICIENT_PERMISSIONS, PRECONDITION_FAILED, VALIDATION_ERROR
 *         (dates out of order, or a new end date that would strand scheduled segments)
 */
export async function updateTrip(
  db: Db,
  userId: string,
  tripId: string,
  input: TripUpdateInput,
  expectedVersion?: number[],
): Promise<TripResponse> {
  const updated = await db.transaction(async (tx) => {
    const { trip, role } = await requireTripRole(tx, userId, tripId, "editor", { lock: true });
    await assertCurrentVersion(tx, "trip", trip, expectedVersion, () => toTripResponse(trip, role));
    const startDate = input.start_date ?? trip.startDate;
    const endDate = input.end_date ?? trip.endDate;
    if (endDate < startDate) throw fieldError("end_date", "End date must be on or after start date");
    if (daysBetween(startDate, endDate) > MAX_TRIP_DAYS) {
      throw fieldError("end_date", `A trip can last at most ${MAX_TRIP_DAYS} days`);
    }
    const days = daysBetween(startDate, endDate) + 1;
    const [stranded] = await tx
      .select({ n: count() })
      .from(segments)
      .where(and(eq(segments.tripId, tripId), gt(segments.dayIndex, days)));
    if (stranded && stranded.n > 0) {
      const message = `${stranded.n} segment(s) are scheduled after day ${days}; move or delete them first`;
      throw new ApiError("OUTSIDE_TRIP_DATES", message, {
        errors: [{ field: "end_date", message, type: "value_error" }],
      });
    }
    // Segments are pinned to trip days, so when the trip moves their wall-clock times move too.
    const shift = daysBetween(trip.startDate, startDate);
    if (shift !== 0) await shiftSegmentTimes(tx, tripId, shift);
    const [t] = await tx
      .update(trips)
      .set({
        updatedBy: userId,
        ...(input.title !== undefined && { title: input.title }),
        ...(input.description !== undefined && { description: input.description }),
        startDate,
        endDate,
        ...(input.destinations !== undefined && { destinations: input.destinations }),
        ...(input.preferences !== undefined && {
          preferences: mergePreferences(trip.preferences, input.preferences),
        }),
        ...(input.status !== undefined && { status: input.status }),
        version: trip.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(trips.id, tripId))
      .returning();
    if (!t) throw new Error("update returned no row");
    await enqueueTripUpdated(tx, trip, t, userId);
    return toTripResponse(t, role);
  });
  publishTripFieldChanges(tripId, userId, input);
  return updated;
}

/** Key-by-key merge of trip preferences; `budget: null` removes the budget. */
function mergePreferences(
  current: Trip["preferences"],
  patch: NonNullable<TripUpdateInput["preferences"]>,
): Trip["preferences"] {
  const { budget, ...rest } = patch;
  const merged: Trip["preferences"] = { ...current, ...rest };
  if (budget === null) delete merged.budget;
  else if (budget !== undefined) merged.budget = budget;
  return merged;
}

/** Moves every timed segment of a trip by `days` whole days (same wall-clock time). */
async function shiftSegmentTimes(tx: Db, tripId: string, days: number): Promise<void> {
  const timed = await tx
    .select({ id: segments.id, startLocal: segments.startLocal, endLocal: segments.endLocal })
    .from(segments)
    .where(
      and(eq(segments.tripId, tripId), or(isNotNull(segments.startLocal), isNotNull(segments.endLocal))),
    );
  for (const s of timed) {
    await tx
      .update(segments)
      .set({
        startLocal: shiftLocalDateTime(s.startLocal, days),
        endLocal: shiftLocalDateTime(s.endLocal, days),
      })
      .where(eq(segments.id, s.id));
  }
}

/** Deletes a trip with its segments and conversations (owner only). */
export async function deleteTrip(db: Db, userId: string, tripId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireTripRole(tx, userId, tripId, "owner", { lock: true });
    await tx.delete(trips).where(eq(trips.id, tripId));
  });
  publishTrip({
    kind: "change",
    tripId,
    event: "trip_deleted",
    actorId: userId,
    changes: { field: "trip", action: "removed", value: { trip_id: tripId } },
  });
}
