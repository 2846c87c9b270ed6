/**
 * Changesets: the writes of one assistant turn, reviewable and undoable.
 *
 * While a turn runs, a `ChangesetRecorder` collects every segment and trip field the turn's
 * tools changed (before and after, segments with their versions) and keeps the row in
 * `changesets` up to date, so a turn that fails after writing still leaves an undoable
 * record. The reply's message id is attached when it is saved.
 *
 * Undo restores `before` for every entry still as the turn left it — a segment whose
 * `version` is the one the turn produced, a trip field whose value is the one the turn
 * wrote (trip fields compare values, because the trip's version also moves with every
 * segment edit). Anything edited since is left alone and reported, never overwritten.
 * A changeset is undone once: a second undo is refused with 409 (the first result is
 * in `details`), so a retried request cannot undo someone's later edits.
 */
import { and, desc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Changeset, changesets, segments } from "@/db/schema";
import { requireTripRole } from "@/lib/domain/auth/permissions";
import {
  addSegment,
  deleteSegment,
  getSegment,
  type SegmentResponse,
  updateSegment,
} from "@/lib/domain/itinerary/service";
import { type TripResponse, updateTrip } from "@/lib/domain/trips/service";
import type { SegmentCreateInput } from "@/lib/domain/validators/segments";
import type { TripUpdateInput } from "@/lib/domain/validators/trips";
import { publishAfterCommit } from "@/lib/platform/bus";
import { ApiError, notFound } from "@/lib/platform/errors";
import { sameJson } from "@/lib/platform/json";
import {
  type ChangesetEntry,
  type ChangesetView,
  type SegmentEntry,
  TRIP_FIELDS,
  type TripField,
  type TripFieldEntry,
  type UndoItem,
  type UndoResult,
} from "./schemas";

/** Serialises a row; `change_count` counts segments and trip fields. */
export function toChangesetView(c: Changeset): ChangesetView {
  const entries = c.entries as ChangesetEntry[];
  return {
    id: c.id,
    trip_id: c.tripId,
    conversation_id: c.conversationId,
    message_id: c.messageId,
    status: c.status,
    change_count: entries.length,
    entries,
    undo_result: (c.undoResult as UndoResult | null) ?? null,
    created_at: c.createdAt.toISOString(),
    undone_at: c.undoneAt?.toISOString() ?? null,
  };
}

function tripFieldValue(t: TripResponse, field: TripField): unknown {
  switch (field) {
    case "title":
      return t.title;
    case "start_date":
      return t.start_date;
    case "end_date":
      return t.end_date;
    case "destinations":
      return t.destinations;
    case "budget":
      return t.preferences.budget ?? null;
    case "interests":
      return t.preferences.interests ?? null;
    case "dietary_restrictions":
      return t.preferences.dietary_restrictions ?? null;
  }
}

/**
 * Collects one turn's writes and persists them as a changeset row. Calls are serialised,
 * so parallel tool calls cannot lose each other's entries. Nothing is stored until the
 * first write; a turn without writes has no changeset.
 */
export class ChangesetRecorder {
  readonly id = crypto.randomUUID();
  private readonly list: ChangesetEntry[] = [];
  private stored = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly scope: { tripId: string; conversationId: string; userId: string },
  ) {}

  /** Entries so far, in the order the turn first touched each item. */
  get entries(): readonly ChangesetEntry[] {
    return this.list;
  }

  /** True once at least one entry is recorded. */
  get changed(): boolean {
    return this.list.length > 0;
  }

  /**
   * Records a segment write: `before` null for an add, `after` null for a delete. Several
   * writes to one segment fold into one entry (first before, last after); an add undone by
   * a delete in the same turn leaves no entry.
   */
  recordSegment(before: SegmentResponse | null, after: SegmentResponse | null): Promise<void> {
    const id = (after ?? before)?.id;
    if (!id) return Promise.resolve();
    const i = this.list.findIndex((e) => e.kind === "segment" && e.segment_id === id);
    const prev = i >= 0 ? (this.list[i] as SegmentEntry) : null;
    const first = prev ? prev.before : before;
    if (first === null && after === null) {
      if (i >= 0) this.list.splice(i, 1);
    } else {
      const entry: SegmentEntry = {
        kind: "segment",
        segment_id: id,
        action: first === null ? "added" : after === null ? "deleted" : "updated",
        title: (after ?? first)?.title ?? "",
        before: first,
        after,
      };
      if (i >= 0) this.list[i] = entry;
      else this.list.push(entry);
    }
    return this.persist();
  }

  /** Records the trip fields that differ between `before` and `after` of one trip update. */
  recordTrip(before: TripResponse, after: TripResponse): Promise<void> {
    for (const field of TRIP_FIELDS) {
      const b = tripFieldValue(before, field);
      const a = tripFieldValue(after, field);
      const i = this.list.findIndex((e) => e.kind === "trip_field" && e.field === field);
      const prev = i >= 0 ? (this.list[i] as TripFieldEntry) : null;
      if (!prev && sameJson(a, b)) continue;
      const entry: TripFieldEntry = {
        kind: "trip_field",
        field,
        before: prev ? prev.before : b,
        after: a,
        trip_version: after.version,
      };
      if (sameJson(entry.before, entry.after)) {
        if (i >= 0) this.list.splice(i, 1);
      } else if (i >= 0) this.list[i] = entry;
      else this.list.push(entry);
    }
    return this.persist();
  }

  private persist(): Promise<void> {
    const run = async () => {
      const entries = [...this.list];
      if (!this.stored) {
        if (entries.length === 0) return;
        await this.db.insert(changesets).values({ id: this.id, ...this.scope, entries });
        this.stored = true;
      } else {
        await this.db
          .update(changesets)
          .set({ entries, updatedAt: new Date() })
          .where(eq(changesets.id, this.id));
      }
    };
    this.chain = this.chain.then(run, run);
    return this.chain;
  }

  /** Waits for pending writes of the record. @returns the changeset id when the turn changed something */
  async settle(): Promise<string | null> {
    await this.chain.catch(() => {});
    return this.stored ? this.id : null;
  }
}

/** Links a turn's changeset to its saved assistant message (inside the message's transaction). */
export async function attachChangesetMessage(db: Db, changesetId: string, messageId: string): Promise<void> {
  await db.update(changesets).set({ messageId, updatedAt: new Date() }).where(eq(changesets.id, changesetId));
}

async function loadVisible(db: Db, userId: string, changesetId: string, min: "viewer" | "editor") {
  const [c] = await db.select().from(changesets).where(eq(changesets.id, changesetId));
  if (!c) throw notFound("Changeset");
  try {
    await requireTripRole(db, userId, c.tripId, min);
  } catch (e) {
    // A changeset of a trip the caller cannot see does not exist for them.
    if (e instanceof ApiError && e.code === "NOT_FOUND") throw notFound("Changeset");
    throw e;
  }
  return c;
}

/**
 * One changeset of a trip the caller can see (viewer or above).
 * @throws ApiError NOT_FOUND (unknown id or a trip the caller cannot see)
 */
export async function getChangeset(db: Db, userId: string, changesetId: string): Promise<ChangesetView> {
  return toChangesetView(await loadVisible(db, userId, changesetId, "viewer"));
}

/**
 * Changesets of one conversation, newest first (for the chat's "N changes · Review · Undo").
 * @throws ApiError NOT_FOUND when the caller cannot see the conversation's trip
 */
export async function listConversationChangesets(
  db: Db,
  userId: string,
  tripId: string,
  conversationId: string,
  limit = 100,
): Promise<ChangesetView[]> {
  await requireTripRole(db, userId, tripId, "viewer");
  const rows = await db
    .select()
    .from(changesets)
    .where(and(eq(changesets.tripId, tripId), eq(changesets.conversationId, conversationId)))
    .orderBy(desc(changesets.createdAt))
    .limit(limit);
  return rows.map(toChangesetView);
}

/**
 * The newest changeset of a conversation that is still applied, skipping `exceptId` (the
 * running turn's own). @returns null when there is none
 */
export async function latestUndoableChangeset(
  db: Db,
  conversationId: string,
  exceptId?: string,
): Promise<string | null> {
  const [row] = await db
    .select({ id: changesets.id })
    .from(changesets)
    .where(
      and(
        eq(changesets.conversationId, conversationId),
        eq(changesets.status, "applied"),
        ...(exceptId ? [ne(changesets.id, exceptId)] : []),
      ),
    )
    .orderBy(desc(changesets.createdAt))
    .limit(1);
  return row?.id ?? null;
}

function restoreInput(b: SegmentResponse) {
  return {
    type: b.type,
    title: b.title,
    notes: b.notes,
    day_index: b.day_index,
    position: b.position,
    time_block: b.time_block,
    start_time: b.start_time,
    end_time: b.end_time,
    timezone: b.timezone,
    location: b.location,
    price: b.price,
    details: b.details as Record<string, unknown> | null,
  };
}

function tripPatch(fields: TripFieldEntry[]): TripUpdateInput {
  const patch: Record<string, unknown> = {};
  const prefs: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.field === "budget" || f.field === "interests" || f.field === "dietary_restrictions") {
      // A field the turn created is removed again: budget by null, lists by emptying them.
      prefs[f.field] = f.before ?? (f.field === "budget" ? null : []);
    } else patch[f.field] = f.before;
  }
  if (Object.keys(prefs).length) patch.preferences = prefs;
  return patch as TripUpdateInput;
}

const reasonOf = (e: unknown) => (e instanceof ApiError ? e.message : "could not be restored");

/**
 * Undoes a changeset (editor or above on its trip), in one transaction: entries newest
 * first; each restored only if still as the turn left it. Records the result on the row.
 * @returns what was restored and what was left alone (left alone ≠ failure: the caller maps it)
 * @throws ApiError NOT_FOUND (unknown / invisible), INSUFFICIENT_PERMISSIONS (viewer),
 *         CONFLICT (409) when the changeset was already undone, with the earlier result in `details`
 */
export async function applyUndo(db: Db, userId: string, changesetId: string): Promise<UndoResult> {
  await loadVisible(db, userId, changesetId, "editor");
  // The services' live events go out once the whole undo is committed (or not at all).
  return publishAfterCommit(() => applyUndoTx(db, userId, changesetId));
}

async function applyUndoTx(db: Db, userId: string, changesetId: string): Promise<UndoResult> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(changesets).where(eq(changesets.id, changesetId)).for("update");
    if (!c) throw notFound("Changeset");
    const { trip } = await requireTripRole(tx, userId, c.tripId, "editor", { lock: true });
    if (c.status === "undone") {
      throw new ApiError("CONFLICT", "This change was already undone", {
        details: {
          changeset_id: c.id,
          undone_at: c.undoneAt?.toISOString() ?? null,
          ...(c.undoResult ?? {}),
        },
      });
    }
    const entries = [...(c.entries as ChangesetEntry[])].reverse();
    const restored: UndoItem[] = [];
    const leftAlone: UndoItem[] = [];
    const tripFields: TripFieldEntry[] = [];

    // Trip fields first in reverse order: a date change is undone before segments move back into it.
    for (const e of entries) {
      if (e.kind !== "trip_field") continue;
      const current = tripFieldValue(
        {
          title: trip.title,
          start_date: trip.startDate,
          end_date: trip.endDate,
          destinations: trip.destinations,
          preferences: trip.preferences,
        } as TripResponse,
        e.field,
      );
      if (sameJson(current, e.after)) tripFields.push(e);
      else leftAlone.push({ kind: "trip_field", field: e.field, reason: "edited_since" });
    }
    const segmentEntries = entries.filter((e): e is SegmentEntry => e.kind === "segment");
    const undoTrip = async () => {
      if (!tripFields.length) return;
      try {
        await tx.transaction((sp) => updateTrip(sp, userId, c.tripId, tripPatch(tripFields)));
        for (const f of tripFields) restored.push({ kind: "trip_field", field: f.field, action: "restored" });
      } catch (err) {
        for (const f of tripFields)
          leftAlone.push({ kind: "trip_field", field: f.field, reason: reasonOf(err) });
      }
    };
    // Shrinking dates back first would strand segments the turn put on the extra days, so
    // segments go first when the turn extended the trip, trip fields first otherwise.
    const extended = tripFields.some((f) => f.field === "end_date" && String(f.after) > String(f.before));
    if (!extended) await undoTrip();

    for (const e of segmentEntries) {
      const item: UndoItem = { kind: "segment", segment_id: e.segment_id, title: e.title };
      const [row] = await tx
        .select({ version: segments.version })
        .from(segments)
        .where(and(eq(segments.id, e.segment_id), eq(segments.tripId, c.tripId)));
      try {
        if (e.before === null && e.after) {
          if (!row) leftAlone.push({ ...item, reason: "deleted_since" });
          else if (row.version !== e.after.version) leftAlone.push({ ...item, reason: "edited_since" });
          else {
            await deleteSegment(tx, userId, c.tripId, e.segment_id, [e.after.version]);
            restored.push({ ...item, action: "removed" });
          }
        } else if (e.before && e.after) {
          if (!row) leftAlone.push({ ...item, reason: "deleted_since" });
          else if (row.version !== e.after.version) leftAlone.push({ ...item, reason: "edited_since" });
          else {
            await updateSegment(tx, userId, c.tripId, e.segment_id, restoreInput(e.before), [
              e.after.version,
            ]);
            restored.push({ ...item, action: "restored" });
          }
        } else if (e.before) {
          if (row) leftAlone.push({ ...item, reason: "exists_again" });
          else {
            const b = e.before;
            await addSegment(tx, userId, c.tripId, restoreInput(b) as SegmentCreateInput, b.source, {
              id: b.id,
            });
            restored.push({ ...item, action: "recreated" });
          }
        }
      } catch (err) {
        leftAlone.push({ ...item, reason: reasonOf(err) });
      }
    }
    if (extended) await undoTrip();

    const result: UndoResult = { changeset_id: c.id, status: "undone", restored, left_alone: leftAlone };
    await tx
      .update(changesets)
      .set({
        status: "undone",
        undoResult: result as unknown as Record<string, unknown>,
        undoneAt: new Date(),
        undoneBy: userId,
        updatedAt: new Date(),
      })
      .where(eq(changesets.id, c.id));
    return result;
  });
}

/**
 * `POST /api/changesets/{changesetId}/undo`: undoes a changeset; when some items were left
 * alone (edited since) it answers 409 CONFLICT with `details: {restored, left_alone}` —
 * the items that could be restored are restored and committed either way.
 * @throws ApiError as `applyUndo`, plus CONFLICT when anything was left alone
 */
export async function undoChangeset(db: Db, userId: string, changesetId: string): Promise<UndoResult> {
  const result = await applyUndo(db, userId, changesetId);
  if (result.left_alone.length) {
    const n = result.left_alone.length;
    throw new ApiError(
      "CONFLICT",
      `${n} item${n === 1 ? " was" : "s were"} changed since and left alone; the rest was restored`,
      { details: { ...result } },
    );
  }
  return result;
}

/** Reads the segment as it is now (for a recorder's `before`), or null when it is gone. */
export async function segmentBefore(
  db: Db,
  userId: string,
  tripId: string,
  segmentId: string,
): Promise<SegmentResponse | null> {
  try {
    return await getSegment(db, userId, tripId, segmentId);
  } catch (e) {
    if (e instanceof ApiError && e.code === "NOT_FOUND") return null;
    throw e;
  }
}
