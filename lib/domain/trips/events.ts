/**
 * Trip events for webhooks: what changed in a trip, and the one-line enqueue helpers that
 * lib/domain/trips/service.ts calls inside its transactions.
 */
import type { Db } from "@/db/client";
import type { Trip } from "@/db/schema";
import { enqueueEvent } from "@/lib/platform/outbox";

/** A scalar field's change. */
export interface FieldChange<T = unknown> {
  from: T;
  to: T;
}

/**
 * `changes` of a `trip.updated` event. Only fields that actually changed are present.
 * Destinations are compared by name (the TripSage REST API's example `{added:["Venice"], removed:[]}`);
 * `preferences` is reported as whole objects.
 */
export interface TripChanges {
  title?: FieldChange<string>;
  description?: FieldChange<string | null>;
  start_date?: FieldChange<string>;
  end_date?: FieldChange<string>;
  status?: FieldChange<Trip["status"]>;
  destinations?: { added: string[]; removed: string[] };
  preferences?: FieldChange<Trip["preferences"]>;
}

/** Names in `a` not matched by a name in `b`, counting duplicates (multiset difference). */
function missingFrom(a: string[], b: string[]): string[] {
  const left = [...b];
  const out: string[] = [];
  for (const name of a) {
    const i = left.indexOf(name);
    if (i === -1) out.push(name);
    else left.splice(i, 1);
  }
  return out;
}

/** Stable JSON (object keys sorted) so jsonb key order does not count as a change. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === "object" && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val).sort(([x], [y]) => x.localeCompare(y)))
      : val,
  );
}

/**
 * The differences between two versions of a trip row, in `trip.updated`'s `changes` shape.
 * @returns an empty object when nothing visible changed (e.g. a PUT with an empty body)
 */
function tripChanges(before: Trip, after: Trip): TripChanges {
  const c: TripChanges = {};
  if (before.title !== after.title) c.title = { from: before.title, to: after.title };
  if (before.description !== after.description) {
    c.description = { from: before.description, to: after.description };
  }
  if (before.startDate !== after.startDate) c.start_date = { from: before.startDate, to: after.startDate };
  if (before.endDate !== after.endDate) c.end_date = { from: before.endDate, to: after.endDate };
  if (before.status !== after.status) c.status = { from: before.status, to: after.status };
  const oldNames = before.destinations.map((d) => d.name);
  const newNames = after.destinations.map((d) => d.name);
  const added = missingFrom(newNames, oldNames);
  const removed = missingFrom(oldNames, newNames);
  if (added.length || removed.length) c.destinations = { added, removed };
  if (canonical(before.preferences) !== canonical(after.preferences)) {
    c.preferences = { from: before.preferences, to: after.preferences };
  }
  return c;
}

/**
 * Queues `trip.created` for the owner's webhooks, with `data: {trip_id, user_id, trip}`
 * (`trip` is the Trip Object as the API returns it, lib/domain/trips/service.ts `TripResponse`,
 * without the caller's `role`). Call inside the creating transaction.
 */
export async function enqueueTripCreated<T extends { id: string; user_id: string; role?: unknown }>(
  tx: Db,
  trip: T,
): Promise<void> {
  const { role: _role, ...tripObject } = trip;
  await enqueueEvent(tx, {
    userId: trip.user_id,
    type: "trip.created",
    data: { trip_id: trip.id, user_id: trip.user_id, trip: tripObject },
  });
}

/**
 * Queues `trip.updated` for the owner's webhooks when something changed, with
 * `data: {trip_id, user_id, changes}` where `user_id` is who made the change (the owner or a
 * collaborator) and `changes` is {@link tripChanges}. Nothing is queued when nothing changed.
 * Call inside the updating transaction.
 */
export async function enqueueTripUpdated(tx: Db, before: Trip, after: Trip, actorId: string): Promise<void> {
  const changes = tripChanges(before, after);
  if (Object.keys(changes).length === 0) return;
  await enqueueEvent(tx, {
    userId: after.ownerId,
    type: "trip.updated",
    data: { trip_id: after.id, user_id: actorId, changes },
  });
}
