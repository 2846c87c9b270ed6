/**
 * Sharing a trip: collaborators (the TripSage REST API "Trip Collaboration"), pending invitations for
 * emails without an account (claimed at sign-up), share links, public read-only links and
 * ownership transfer. Rights: viewers read the collaborator list; admins and the owner
 * manage collaborators and links; only the owner transfers ownership.
 */
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type ShareLink, shareLinks, tripCollaborators, tripInvitations, trips, users } from "@/db/schema";
import { requireTripRole, roleAtLeast } from "@/lib/domain/auth/permissions";
import { LIMITS } from "@/lib/domain/config/limits";
import type { PublicItineraryResponse } from "@/lib/domain/itinerary/schemas";
import { getItinerary } from "@/lib/domain/itinerary/service";
import type { shareLinkCreateSchema, shareSchema } from "@/lib/domain/validators/sharing";
import { publishCollaboratorChange } from "@/lib/platform/bus";
import { ApiError, notFound } from "@/lib/platform/errors";
import { lockEmail } from "@/lib/platform/locks";
import { enqueueEvent } from "@/lib/platform/outbox";
import type {
  CollaboratorListResponse,
  CollaboratorResponse,
  JoinResultResponse,
  PermissionLevel,
  ShareLinkInfoResponse,
  ShareLinkListResponse,
  ShareLinkResponse,
  TransferResultResponse,
} from "./schemas";

export type { CollaboratorResponse, PermissionLevel } from "./schemas";

/** Queues the TripSage REST API's `collaboration.added` webhook for the trip owner, in the caller's transaction. */
async function collaborationAdded(
  tx: Db,
  ownerId: string,
  tripId: string,
  actorId: string,
  collaborator: { user_id: string; email: string; permission_level: PermissionLevel },
): Promise<void> {
  await enqueueEvent(tx, {
    userId: ownerId,
    type: "collaboration.added",
    data: { trip_id: tripId, user_id: actorId, collaborator },
  });
}

async function collaboratorCount(tx: Db, tripId: string): Promise<number> {
  const [a] = await tx
    .select({ n: count() })
    .from(tripCollaborators)
    .where(eq(tripCollaborators.tripId, tripId));
  const [b] = await tx.select({ n: count() }).from(tripInvitations).where(eq(tripInvitations.tripId, tripId));
  return (a?.n ?? 0) + (b?.n ?? 0);
}

/** Active collaborators first (by date added), then pending invitations (`is_active: false`). */
async function collaboratorRows(db: Db, tripId: string): Promise<CollaboratorResponse[]> {
  const active = await db
    .select({ c: tripCollaborators, email: users.email, name: users.name })
    .from(tripCollaborators)
    .innerJoin(users, eq(users.id, tripCollaborators.userId))
    .where(eq(tripCollaborators.tripId, tripId))
    .orderBy(asc(tripCollaborators.addedAt));
  const pending = await db
    .select()
    .from(tripInvitations)
    .where(eq(tripInvitations.tripId, tripId))
    .orderBy(asc(tripInvitations.createdAt));
  return [
    ...active.map((r) => ({
      user_id: r.c.userId,
      email: r.email,
      name: r.name,
      permission_level: r.c.permission,
      added_by: r.c.addedBy,
      added_at: r.c.addedAt.toISOString(),
      is_active: true,
    })),
    ...pending.map((i) => ({
      user_id: null,
      email: i.email,
      name: null,
      permission_level: i.permission,
      added_by: i.invitedBy,
      added_at: i.createdAt.toISOString(),
      is_active: false,
    })),
  ];
}

/**
 * Shares a trip with people by email (admin or owner). Existing accounts become
 * collaborators at once (an existing collaborator gets the new level); unknown emails
 * become pending invitations. The owner's own email is ignored.
 * @returns the collaborators and invitations touched, in the TripSage REST API's shape
 * @throws ApiError NOT_FOUND, INSUFFICIENT_PERMISSIONS, LIMIT_EXCEEDED (max_collaborators_per_trip)
 */
export async function shareTrip(
  db: Db,
  userId: string,
  tripId: string,
  input: z.output<typeof shareSchema>,
): Promise<CollaboratorResponse[]> {
  const shared = await db.transaction(async (tx) => {
    const { trip } = await requireTripRole(tx, userId, tripId, "admin", { lock: true });
    const emails = [...new Set(input.user_emails.map((e) => e.toLowerCase()))];
    const touched: string[] = [];
    for (const email of emails) {
      // Serialises with a sign-up of the same email, so an invitation cannot miss its claim.
      await lockEmail(tx, email);
      const [target] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`);
      if (target?.id === trip.ownerId) continue;
      const [existing] = target
        ? await tx
            .select()
            .from(tripCollaborators)
            .where(and(eq(tripCollaborators.tripId, tripId), eq(tripCollaborators.userId, target.id)))
        : await tx
            .select()
            .from(tripInvitations)
            .where(and(eq(tripInvitations.tripId, tripId), eq(tripInvitations.email, email)));
      if (!existing && (await collaboratorCount(tx, tripId)) >= LIMITS.max_collaborators_per_trip) {
        throw new ApiError(
          "LIMIT_EXCEEDED",
          `A trip can have at most ${LIMITS.max_collaborators_per_trip} collaborators and invitations`,
          { details: { limit: LIMITS.max_collaborators_per_trip } },
        );
      }
      if (target) {
        await tx
          .insert(tripCollaborators)
          .values({ tripId, userId: target.id, permission: input.permission_level, addedBy: userId })
          .onConflictDoUpdate({
            target: [tripCollaborators.tripId, tripCollaborators.userId],
            set: { permission: input.permission_level },
          });
        if (!existing) {
          await collaborationAdded(tx, trip.ownerId, tripId, userId, {
            user_id: target.id,
            email: target.email,
            permission_level: input.permission_level,
          });
        }
      } else {
        await tx
          .insert(tripInvitations)
          .values({
            tripId,
            email,
            permission: input.permission_level,
            invitedBy: userId,
            message: input.message ?? null,
          })
          .onConflictDoUpdate({
            target: [tripInvitations.tripId, tripInvitations.email],
            set: { permission: input.permission_level, message: input.message ?? null },
          });
      }
      touched.push(email);
    }
    const all = await collaboratorRows(tx, tripId);
    return all.filter((c) => touched.includes(c.email.toLowerCase()));
  });
  for (const c of shared)
    publishCollaboratorChange(tripId, userId, c.user_id, "added", c.permission_level, true);
  return shared;
}

/**
 * The TripSage REST API `GET /api/trips/{id}/collaborators` (viewer or above), plus `owner` (id, email,
 * name) so collaborators can see who owns the trip. @throws ApiError NOT_FOUND
 */
export async function listCollaborators(
  db: Db,
  userId: string,
  tripId: string,
): Promise<CollaboratorListResponse> {
  const { trip } = await requireTripRole(db, userId, tripId, "viewer");
  const collaborators = await collaboratorRows(db, tripId);
  const [owner] = await db
    .select({ user_id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, trip.ownerId));
  return { collaborators, total: collaborators.length, owner_id: trip.ownerId, owner: owner ?? null };
}

/**
 * Changes a collaborator's level (admin or owner).
 * @throws ApiError NOT_FOUND (trip, or the user is not a collaborator), INSUFFICIENT_PERMISSIONS
 */
export async function updateCollaborator(
  db: Db,
  userId: string,
  tripId: string,
  targetUserId: string,
  permission: PermissionLevel,
): Promise<CollaboratorResponse> {
  const updated = await db.transaction(async (tx) => {
    await requireTripRole(tx, userId, tripId, "admin", { lock: true });
    const [row] = await tx
      .update(tripCollaborators)
      .set({ permission })
      .where(and(eq(tripCollaborators.tripId, tripId), eq(tripCollaborators.userId, targetUserId)))
      .returning();
    if (!row) throw notFound("Collaborator");
    const found = (await collaboratorRows(tx, tripId)).find((c) => c.user_id === targetUserId);
    if (!found) throw notFound("Collaborator");
    return found;
  });
  publishCollaboratorChange(tripId, userId, targetUserId, "updated", permission);
  return updated;
}

/**
 * Removes a collaborator (admin or owner), or lets a collaborator leave (removing themself).
 * `targetUserId` may also be an invited email's pending invitation when given as `email`.
 * @throws ApiError NOT_FOUND, INSUFFICIENT_PERMISSIONS
 */
export async function removeCollaborator(
  db: Db,
  userId: string,
  tripId: string,
  targetUserId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await requireTripRole(tx, userId, tripId, targetUserId === userId ? "viewer" : "admin", { lock: true });
    const [row] = await tx
      .delete(tripCollaborators)
      .where(and(eq(tripCollaborators.tripId, tripId), eq(tripCollaborators.userId, targetUserId)))
      .returning();
    if (!row) throw notFound("Collaborator");
  });
  publishCollaboratorChange(tripId, userId, targetUserId, "removed", null);
}

/** Withdraws a pending invitation (admin or owner). @throws ApiError NOT_FOUND */
export async function revokeInvitation(db: Db, userId: string, tripId: string, email: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireTripRole(tx, userId, tripId, "admin", { lock: true });
    const [row] = await tx
      .delete(tripInvitations)
      .where(and(eq(tripInvitations.tripId, tripId), eq(tripInvitations.email, email.toLowerCase())))
      .returning();
    if (!row) throw notFound("Invitation");
  });
}

/** Turns pending invitations for `email` into collaborations of `userId` (called at sign-up). */
export async function claimInvitations(tx: Db, userId: string, email: string): Promise<number> {
  const pending = await tx
    .select()
    .from(tripInvitations)
    .where(eq(tripInvitations.email, email.toLowerCase()));
  for (const inv of pending) {
    await tx
      .insert(tripCollaborators)
      .values({ tripId: inv.tripId, userId, permission: inv.permission, addedBy: inv.invitedBy })
      .onConflictDoNothing();
  }
  if (pending.length) await tx.delete(tripInvitations).where(eq(tripInvitations.email, email.toLowerCase()));
  return pending.length;
}

/** A share link as listed to its trip's admins (includes the URL path). */
export function toLinkResponse(l: ShareLink): ShareLinkResponse {
  const expired = l.expiresAt !== null && l.expiresAt.getTime() <= Date.now();
  const exhausted = l.maxUses !== null && l.uses >= l.maxUses;
  return {
    id: l.id,
    trip_id: l.tripId,
    token: l.token,
    url: `/join/${l.token}`,
    public_url: l.isPublic ? `/s/${l.token}` : null,
    permission_level: l.permission,
    public: l.isPublic,
    expires_at: l.expiresAt?.toISOString() ?? null,
    max_uses: l.maxUses,
    uses: l.uses,
    created_by: l.createdBy,
    created_at: l.createdAt.toISOString(),
    is_active: l.revokedAt === null && !expired && !exhausted,
  };
}

/** Creates a share link (admin or owner); the token has 192 random bits. */
export async function createShareLink(
  db: Db,
  userId: string,
  tripId: string,
  input: z.output<typeof shareLinkCreateSchema>,
): Promise<ShareLinkResponse> {
  await requireTripRole(db, userId, tripId, "admin");
  const [row] = await db
    .insert(shareLinks)
    .values({
      tripId,
      token: randomBytes(24).toString("base64url"),
      permission: input.permission_level,
      isPublic: input.public,
      expiresAt: input.expires_in_days ? new Date(Date.now() + input.expires_in_days * 86_400_000) : null,
      maxUses: input.max_uses ?? null,
      createdBy: userId,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return toLinkResponse(row);
}

/** Links of a trip, newest first (admin or owner). */
export async function listShareLinks(db: Db, userId: string, tripId: string): Promise<ShareLinkListResponse> {
  await requireTripRole(db, userId, tripId, "admin");
  const rows = await db
    .select()
    .from(shareLinks)
    .where(eq(shareLinks.tripId, tripId))
    .orderBy(sql`${shareLinks.createdAt} desc`);
  return { links: rows.map(toLinkResponse), total: rows.length };
}

/** Revokes a link (admin or owner). @throws ApiError NOT_FOUND */
export async function revokeShareLink(db: Db, userId: string, tripId: string, linkId: string): Promise<void> {
  await requireTripRole(db, userId, tripId, "admin");
  const [row] = await db
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(shareLinks.id, linkId), eq(shareLinks.tripId, tripId), isNull(shareLinks.revokedAt)))
    .returning({ id: shareLinks.id });
  if (!row) throw notFound("Share link");
}

async function usableLink(db: Db, token: string, lock = false): Promise<ShareLink> {
  const q = db.select().from(shareLinks).where(eq(shareLinks.token, token));
  const [link] = lock ? await q.for("update") : await q;
  if (!link || link.revokedAt) throw notFound("Share link");
  if (link.expiresAt && link.expiresAt.getTime() <= Date.now())
    throw new ApiError("NOT_FOUND", "This share link has expired");
  if (link.maxUses !== null && link.uses >= link.maxUses) {
    throw new ApiError("NOT_FOUND", "This share link has been used the maximum number of times");
  }
  return link;
}

/** What an (unauthenticated) visitor of a link may know: the trip's title and the role offered. */
export async function describeShareLink(
  db: Db,
  token: string,
): Promise<Omit<ShareLinkInfoResponse, "itinerary">> {
  const link = await usableLink(db, token);
  const [trip] = await db
    .select({ title: trips.title, startDate: trips.startDate })
    .from(trips)
    .where(eq(trips.id, link.tripId));
  if (!trip) throw notFound("Share link");
  return {
    trip_id: link.tripId,
    trip_title: trip.title,
    permission_level: link.permission,
    public: link.isPublic,
  };
}

/**
 * Joins the trip behind a link as its role. An existing higher role is kept; the trip's
 * owner joining their own link changes nothing. A new collaborator or an upgrade uses the link once.
 * @returns the trip id and the caller's role after joining
 * @throws ApiError NOT_FOUND for unknown, revoked, expired or used-up links; LIMIT_EXCEEDED
 */
export async function joinViaLink(db: Db, userId: string, token: string): Promise<JoinResultResponse> {
  return db.transaction(async (tx) => {
    const link = await usableLink(tx, token, true);
    const [trip] = await tx.select().from(trips).where(eq(trips.id, link.tripId)).for("update");
    if (!trip) throw notFound("Share link");
    if (trip.ownerId === userId) return { trip_id: trip.id, role: "owner" as const };
    const [existing] = await tx
      .select()
      .from(tripCollaborators)
      .where(and(eq(tripCollaborators.tripId, trip.id), eq(tripCollaborators.userId, userId)));
    if (existing) {
      if (!roleAtLeast(existing.permission, link.permission)) {
        // An upgrade through the link is a use of it, like a new join.
        await tx
          .update(tripCollaborators)
          .set({ permission: link.permission })
          .where(and(eq(tripCollaborators.tripId, trip.id), eq(tripCollaborators.userId, userId)));
        await tx
          .update(shareLinks)
          .set({ uses: sql`${shareLinks.uses} + 1` })
          .where(eq(shareLinks.id, link.id));
        return { trip_id: trip.id, role: link.permission };
      }
      return { trip_id: trip.id, role: existing.permission };
    }
    if ((await collaboratorCount(tx, trip.id)) >= LIMITS.max_collaborators_per_trip) {
      throw new ApiError(
        "LIMIT_EXCEEDED",
        `This trip already has ${LIMITS.max_collaborators_per_trip} collaborators`,
      );
    }
    await tx
      .insert(tripCollaborators)
      .values({ tripId: trip.id, userId, permission: link.permission, addedBy: link.createdBy });
    await tx
      .update(shareLinks)
      .set({ uses: sql`${shareLinks.uses} + 1` })
      .where(eq(shareLinks.id, link.id));
    return { trip_id: trip.id, role: link.permission };
  });
}

/** Segment details that let someone manage a booking; never shown on a public link. */
const PRIVATE_DETAIL_KEYS = new Set(["booking_reference", "confirmation_number", "reservation_name"]);

/** The itinerary behind a public link, read-only, for anyone. @throws ApiError NOT_FOUND */
export async function publicItinerary(db: Db, token: string): Promise<PublicItineraryResponse> {
  const link = await usableLink(db, token);
  if (!link.isPublic) throw notFound("Share link");
  const [trip] = await db.select({ ownerId: trips.ownerId }).from(trips).where(eq(trips.id, link.tripId));
  if (!trip) throw notFound("Share link");
  // Read through the owner's eyes, then strip what a stranger should not see.
  const it = await getItinerary(db, trip.ownerId, link.tripId);
  const { user_id: _owner, role: _role, ...rest } = it;
  const scrub = <T extends { details: unknown }>(s: T): T => {
    if (!s.details || typeof s.details !== "object") return s;
    const details = Object.fromEntries(
      Object.entries(s.details).filter(([k]) => !PRIVATE_DETAIL_KEYS.has(k)),
    );
    return { ...s, details };
  };
  return {
    ...rest,
    days: rest.days.map((d) => ({ ...d, segments: d.segments.map(scrub) })),
    unscheduled: rest.unscheduled.map(scrub),
    role: "viewer" as const,
  };
}

/**
 * Makes a collaborator the owner (owner only); the previous owner stays on as admin.
 * @throws ApiError NOT_FOUND (trip, or target is not a collaborator), INSUFFICIENT_PERMISSIONS
 */
export async function transferOwnership(
  db: Db,
  userId: string,
  tripId: string,
  newOwnerId: string,
): Promise<TransferResultResponse> {
  const moved = await db.transaction(async (tx) => {
    await requireTripRole(tx, userId, tripId, "owner", { lock: true });
    const [target] = await tx
      .delete(tripCollaborators)
      .where(and(eq(tripCollaborators.tripId, tripId), eq(tripCollaborators.userId, newOwnerId)))
      .returning();
    if (!target) throw new ApiError("NOT_FOUND", "The new owner must already be a collaborator on this trip");
    await tx
      .update(trips)
      .set({ ownerId: newOwnerId, version: sql`${trips.version} + 1`, updatedAt: new Date() })
      .where(eq(trips.id, tripId));
    await tx.insert(tripCollaborators).values({ tripId, userId, permission: "admin", addedBy: newOwnerId });
    return { trip_id: tripId, owner_id: newOwnerId };
  });
  publishCollaboratorChange(tripId, userId, newOwnerId, "updated", "owner");
  publishCollaboratorChange(tripId, userId, userId, "updated", "admin");
  return moved;
}
