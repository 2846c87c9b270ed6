/**
 * The day-by-day itinerary: segments of a trip, ordered by day and position. The manual
 * UI, the REST API and the assistant's tools all write through these functions, so they
 * share one set of rules:
 * - a segment's day must fall within the trip (day 1 … duration_days + 1), else 422
 *   OUTSIDE_TRIP_DATES; nothing is written;
 * - positions within a day are kept dense (0..n-1) and every write runs in a transaction
 *   holding the trip row lock, so concurrent inserts cannot interleave the order; the
 *   statement that takes the lock also bumps the trip's version (an itinerary change is a
 *   change of the trip: its ETag), so the critical section is as short as the order needs;
 * - `expectedVersion` (from `If-Match`) makes an update, move or delete fail with 412
 *   instead of overwriting someone else's newer edit; the 412's `details.current` is the
 *   segment as it is now, so the client can show the difference without another read.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Segment, segments, type Trip, tripCollaborators, trips } from "@/db/schema";
import { segmentDetailsByType } from "@/db/schema/shapes";
import { lockTripForChange, requireTripRole } from "@/lib/domain/auth/permissions";
import { assertCurrentVersion, toTripResponse, tripDayCount } from "@/lib/domain/trips/service";
import type {
  SegmentCreateInput,
  SegmentMoveInput,
  SegmentUpdateInput,
} from "@/lib/domain/validators/segments";
import { publishItineraryEvent } from "@/lib/platform/bus";
import { ApiError, type FieldError, fieldError, notFound } from "@/lib/platform/errors";
import { zodFieldErrors } from "@/lib/platform/validate";
import { dateOfDay, daysBetween, shiftLocalDateTime } from "./dates";
import type { ItineraryResponse, SegmentResponse } from "./schemas";

export type SegmentSource = Segment["source"];

export type { ItineraryResponse, SegmentResponse } from "./schemas";

/** ISO date of 1-based `dayIndex` of a trip (see lib/domain/itinerary/dates.ts). */
export { dateOfDay };

/** Serialises a segment row; `startDate` is the trip's, to compute the calendar date. */
function toSegmentResponse(s: Segment, startDate: string): SegmentResponse {
  return {
    id: s.id,
    trip_id: s.tripId,
    type: s.type,
    title: s.title,
    notes: s.notes,
    day_index: s.dayIndex,
    date: s.dayIndex ? dateOfDay(startDate, s.dayIndex) : null,
    position: s.position,
    time_block: s.timeBlock,
    start_time: s.startLocal,
    end_time: s.endLocal,
    timezone: s.timezone,
    location: s.location,
    price:
      s.priceAmount !== null && s.priceCurrency ? { amount: s.priceAmount, currency: s.priceCurrency } : null,
    details: s.details,
    source: s.source,
    version: s.version,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

/**
 * A column of `segments` or `trips`, always table-qualified (Drizzle leaves columns of a
 * single-table query unqualified, which a correlated subquery would resolve to the wrong table).
 */
const segCol = (column: string) => sql.raw(`"segments"."${column}"`);
const tripCol = (column: string) => sql.raw(`"trips"."${column}"`);
const utcIso = (column: string) =>
  sql`to_char(${segCol(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One segment as the JSON of a {@link SegmentResponse}, built by the database (same fields,
 * order and formats as `toSegmentResponse`: ISO dates, timestamps in UTC with milliseconds,
 * `price` null unless both amount and currency are set). Refers to the outer query's
 * `trips` row for the calendar date.
 */
const segmentJson = sql`json_build_object(
  'id', ${segCol("id")}, 'trip_id', ${segCol("trip_id")}, 'type', ${segCol("type")},
  'title', ${segCol("title")}, 'notes', ${segCol("notes")}, 'day_index', ${segCol("day_index")},
  'date', case when ${segCol("day_index")} is null then null
    else to_char(${tripCol("start_date")} + (${segCol("day_index")} - 1), 'YYYY-MM-DD') end,
  'position', ${segCol("position")}, 'time_block', ${segCol("time_block")},
  'start_time', ${segCol("start_local")}, 'end_time', ${segCol("end_local")},
  'timezone', ${segCol("timezone")}, 'location', ${segCol("location")},
  'price', case when ${segCol("price_amount")} is not null and ${segCol("price_currency")} <> ''
    then json_build_object('amount', ${segCol("price_amount")}, 'currency', ${segCol("price_currency")}) end,
  'details', ${segCol("details")}, 'source', ${segCol("source")}, 'version', ${segCol("version")},
  'created_at', ${utcIso("created_at")}, 'updated_at', ${utcIso("updated_at")})`;

/**
 * The segments of the outer query's trip as one JSON array (text), in itinerary order: by
 * day (unscheduled last), position, creation. `visible` limits it to callers with access.
 */
const segmentsJsonOf = (visible = sql`true`) =>
  sql<string>`(select coalesce(json_agg(${segmentJson} order by ${segCol("day_index")} asc nulls last,
    ${segCol("position")} asc, ${segCol("created_at")} asc), '[]')::text
    from "segments" where ${segCol("trip_id")} = ${tripCol("id")} and ${visible})`;

/** The itinerary view of a trip from its segments in itinerary order (already serialised). */
function buildItinerary(
  trip: Trip,
  list: SegmentResponse[],
  role?: Parameters<typeof toTripResponse>[1],
): ItineraryResponse {
  const count = tripDayCount(trip);
  const days = Array.from({ length: count }, (_, i) => ({
    day_index: i + 1,
    date: dateOfDay(trip.startDate, i + 1),
    segments: [] as SegmentResponse[],
  }));
  const unscheduled: SegmentResponse[] = [];
  for (const seg of list) {
    const day = seg.day_index ? days[seg.day_index - 1] : undefined;
    (day ? day.segments : unscheduled).push(seg);
  }
  return { ...toTripResponse(trip, role), days, unscheduled, segment_count: list.length };
}

/**
 * The trip with its segments grouped by day (viewer or above). One query: the trip, the
 * caller's role and the segments' JSON, which the database builds only when the caller has
 * access (rows are validated on write and not re-shaped here).
 * @throws ApiError NOT_FOUND; INSUFFICIENT_PERMISSIONS cannot happen (viewer is the least role)
 */
export async function getItinerary(db: Db, userId: string, tripId: string): Promise<ItineraryResponse> {
  const [row] = await db
    .select({
      trip: trips,
      permission: tripCollaborators.permission,
      segments: segmentsJsonOf(
        sql`(${tripCol("owner_id")} = ${userId} or ${tripCollaborators.permission} is not null)`,
      ),
    })
    .from(trips)
    .leftJoin(
      tripCollaborators,
      and(eq(tripCollaborators.tripId, trips.id), eq(tripCollaborators.userId, userId)),
    )
    .where(eq(trips.id, tripId));
  const role = row && (row.trip.ownerId === userId ? "owner" : row.permission);
  if (!row || !role) throw notFound("Trip");
  return buildItinerary(row.trip, JSON.parse(row.segments) as SegmentResponse[], role);
}

/** The segments of `tripId` in itinerary order, serialised by the database. */
async function segmentList(db: Db, tripId: string): Promise<SegmentResponse[]> {
  const [row] = await db.select({ segments: segmentsJsonOf() }).from(trips).where(eq(trips.id, tripId));
  return row ? (JSON.parse(row.segments) as SegmentResponse[]) : [];
}

/**
 * The itinerary, unless the client's copy is current: `isCurrent(version)` is asked with the
 * trip's version (which every segment write bumps) before the segments are read, and when
 * it says yes only `{ version }` is returned (the route answers 304). For conditional GETs.
 * @throws ApiError NOT_FOUND when the trip is not visible to the user
 */
export async function getItineraryIfChanged(
  db: Db,
  userId: string,
  tripId: string,
  isCurrent: (version: number) => boolean,
): Promise<{ changed: true; itinerary: ItineraryResponse } | { changed: false; version: number }> {
  const { trip, role } = await requireTripRole(db, userId, tripId, "viewer");
  if (isCurrent(trip.version)) return { changed: false, version: trip.version };
  return { changed: true, itinerary: buildItinerary(trip, await segmentList(db, tripId), role) };
}

/**
 * Segments of a trip, optionally only one day's (viewer or above).
 * @throws ApiError NOT_FOUND
 */
export async function listSegments(
  db: Db,
  userId: string,
  tripId: string,
  filter: { dayIndex?: number } = {},
): Promise<SegmentResponse[]> {
  await requireTripRole(db, userId, tripId, "viewer");
  const list = await segmentList(db, tripId);
  return filter.dayIndex === undefined ? list : list.filter((s) => s.day_index === filter.dayIndex);
}

/** One segment of a trip the user can see. @throws ApiError NOT_FOUND */
export async function getSegment(
  db: Db,
  userId: string,
  tripId: string,
  segmentId: string,
): Promise<SegmentResponse> {
  const { trip } = await requireTripRole(db, userId, tripId, "viewer");
  const [s] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.id, segmentId), eq(segments.tripId, tripId)));
  if (!s) throw notFound("Segment");
  return toSegmentResponse(s, trip.startDate);
}

const BLOCK_RANK = { morning: 0, afternoon: 1, evening: 2 } as const;

/** Default slot for a new segment in a day: after the last one whose time block is not later. */
function defaultPosition(day: DaySlot[], block: Segment["timeBlock"]): number {
  if (!block) return day.length;
  let pos = 0;
  day.forEach((s, i) => {
    if (!s.timeBlock || BLOCK_RANK[s.timeBlock] <= BLOCK_RANK[block]) pos = i + 1;
  });
  return pos;
}

const blockRank = (block: ReturnType<typeof sql>) =>
  sql`case ${block} when 'morning' then 0 when 'afternoon' then 1 when 'evening' then 2 end`;

/**
 * The common table expressions that put a new segment into day `dayIndex` of `tripId` (null:
 * the unscheduled list) in the same statement as its insert, which takes its position from
 * `(select "p" from "slot")`:
 * - `day`: the day's segments in order (position, then creation) with their 0-based rank;
 * - `slot`: `position` when given, else after the last segment whose time block is not later
 *   than `block` (the end of the day without a block), at most the day's length — what
 *   `defaultPosition` computes over the same list;
 * - `shifted`: renumbers the day densely around the slot (rank, +1 from the slot on), writing
 *   only rows whose position changes — the order `writeOrder` writes after a splice.
 * Run under the trip row lock, as every write of a day's order.
 */
function slotCtes(
  tx: Db,
  tripId: string,
  dayIndex: number | null,
  position: number | undefined,
  block: Segment["timeBlock"],
) {
  const onDay = dayIndex === null ? sql`"day_index" is null` : sql`"day_index" = ${dayIndex}`;
  const day = tx.$with("day", { id: sql<string>`id`, rn: sql<number>`rn`, tb: sql<string>`tb` }).as(
    sql`select "id", "time_block" as tb, (row_number() over (order by "position", "created_at") - 1)::int as rn
        from "segments" where "trip_id" = ${tripId} and ${onDay}`,
  );
  const byBlock =
    block === null
      ? sql`(select count(*) from "day")`
      : sql`coalesce((select max(rn) + 1 from "day" where tb is null or ${blockRank(sql`tb`)} <= ${blockRank(sql`${block}::text`)}), 0)`;
  const slot = tx
    .$with("slot", { p: sql<number>`p` })
    .as(
      sql`select least(${position === undefined ? byBlock : sql`${position}::int`}, (select count(*) from "day"))::int as p`,
    );
  const shifted = tx.$with("shifted", { id: sql<string>`id` }).as(
    sql`update "segments" set "position" = d.rn + (d.rn >= (select p from "slot"))::int
        from "day" d where "segments"."id" = d.id and "segments"."position" <> d.rn + (d.rn >= (select p from "slot"))::int
        returning "segments"."id"`,
  );
  return { day, slot, shifted };
}

function outsideTrip(trip: Trip, dayIndex: number, field = "day_index"): ApiError {
  const n = tripDayCount(trip);
  const errors: FieldError[] = [
    { field, message: `Day ${dayIndex} is outside this trip, which has days 1-${n}`, type: "value_error" },
  ];
  return new ApiError("OUTSIDE_TRIP_DATES", `Day ${dayIndex} is outside the trip's dates (days 1-${n})`, {
    errors,
  });
}

/** Resolves the day from an explicit day_index or from a local start time's date. */
function resolveDay(trip: Trip, dayIndex: number | null | undefined, startTime: string | null | undefined) {
  const n = tripDayCount(trip);
  let day = dayIndex;
  if (startTime) {
    const fromTime = daysBetween(trip.startDate, startTime) + 1;
    if (fromTime < 1 || fromTime > n) {
      throw new ApiError("OUTSIDE_TRIP_DATES", `Start time ${startTime} is outside the trip's dates`, {
        errors: [
          {
            field: "start_time",
            message: `Must fall between ${trip.startDate} and ${trip.endDate}`,
            type: "value_error",
          },
        ],
      });
    }
    if (day === undefined || day === null) day = fromTime;
    else if (day !== fromTime) {
      throw fieldError("day_index", `start_time falls on day ${fromTime}, not day ${day}`);
    }
  }
  if (day !== undefined && day !== null && (day < 1 || day > n)) throw outsideTrip(trip, day);
  return day ?? null;
}

/** Re-numbers one day's segments 0..n-1 in the given order, writing only changed rows (one statement). */
async function writeOrder(tx: Db, ordered: DaySlot[]) {
  const changed = ordered.flatMap((s, i) => (s.position === i ? [] : [sql`(${s.id}::uuid, ${i}::integer)`]));
  if (!changed.length) return;
  await tx.execute(
    sql`update "segments" set "position" = v.p from (values ${sql.join(changed, sql`, `)}) as v(id, p)
      where "segments"."id" = v.id`,
  );
}

/** What ordering a day needs of each of its segments. */
type DaySlot = Pick<Segment, "id" | "position" | "timeBlock">;

/**
 * One day's segments in order (or the unscheduled ones): only the columns ordering needs, so
 * a write to a long day does not read and map every column of every segment under the lock.
 */
function daySegments(tx: Db, tripId: string, dayIndex: number | null): Promise<DaySlot[]> {
  return tx
    .select({ id: segments.id, position: segments.position, timeBlock: segments.timeBlock })
    .from(segments)
    .where(
      and(
        eq(segments.tripId, tripId),
        dayIndex === null ? isNull(segments.dayIndex) : eq(segments.dayIndex, dayIndex),
      ),
    )
    .orderBy(asc(segments.position), asc(segments.createdAt));
}

/**
 * The segment `segmentId` of `trip`, checked against `If-Match` (read inside the caller's
 * transaction, after the trip row lock).
 * @throws ApiError NOT_FOUND; PRECONDITION_FAILED naming the current version and its editor
 */
async function currentSegment(
  tx: Db,
  trip: Trip,
  segmentId: string,
  expectedVersion: number[] | undefined,
): Promise<Segment> {
  const [seg] = await tx
    .select()
    .from(segments)
    .where(and(eq(segments.id, segmentId), eq(segments.tripId, trip.id)));
  if (!seg) throw notFound("Segment");
  await assertCurrentVersion(tx, "segment", seg, expectedVersion, () =>
    toSegmentResponse(seg, trip.startDate),
  );
  return seg;
}

/**
 * Adds a segment (editor or above). Position defaults to the end of its time block.
 * @param opts.id re-create a segment under its old id (undo of a deleted segment); the
 *        insert fails with 409 CONFLICT if that id exists
 * @throws ApiError NOT_FOUND, INSUFFICIENT_PERMISSIONS, OUTSIDE_TRIP_DATES, VALIDATION_ERROR, CONFLICT
 */
export async function addSegment(
  db: Db,
  userId: string,
  tripId: string,
  input: SegmentCreateInput,
  source: SegmentSource = "user",
  opts: { id?: string } = {},
): Promise<SegmentResponse> {
  const result = await db.transaction(async (tx) => {
    const trip = await lockTripForChange(tx, userId, tripId, "editor");
    const dayIndex = resolveDay(trip, input.day_index, input.start_time);
    if (opts.id) {
      const [taken] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.id, opts.id));
      if (taken) throw new ApiError("CONFLICT", `A segment with id ${opts.id} already exists`);
    }
    // One statement under the lock: the day's order, the new segment's slot, the renumbering
    // of the segments after it and the insert (see slotCtes).
    const { day, slot, shifted } = slotCtes(tx, tripId, dayIndex, input.position, input.time_block ?? null);
    const [created] = await tx
      .with(day, slot, shifted)
      .insert(segments)
      .values({
        ...(opts.id && { id: opts.id }),
        tripId,
        type: input.type,
        title: input.title,
        notes: input.notes ?? null,
        dayIndex,
        position: sql`(select "p" from "slot")`,
        timeBlock: input.time_block ?? null,
        startLocal: input.start_time ?? null,
        endLocal: input.end_time ?? null,
        timezone: input.timezone ?? null,
        location: input.location ?? null,
        priceAmount: input.price?.amount ?? null,
        priceCurrency: input.price?.currency ?? null,
        details: input.details ?? null,
        source,
        createdBy: userId,
        updatedBy: userId,
      })
      .returning();
    if (!created) throw new Error("insert returned no row");
    return toSegmentResponse(created, trip.startDate);
  });
  publishItineraryEvent({ type: "segment_added", segmentId: result.id, itineraryId: tripId }, userId);
  return result;
}

/**
 * Partial update of a segment (editor or above). Changing `type` re-validates `details`
 * against the new type; changing `day_index` appends it to that day.
 * @param expectedVersion from `If-Match`; stale → 412 PRECONDITION_FAILED
 */
export async function updateSegment(
  db: Db,
  userId: string,
  tripId: string,
  segmentId: string,
  input: SegmentUpdateInput,
  expectedVersion?: number[],
): Promise<SegmentResponse> {
  const result = await db.transaction(async (tx) => {
    const trip = await lockTripForChange(tx, userId, tripId, "editor");
    const seg = await currentSegment(tx, trip, segmentId, expectedVersion);
    const type = input.type ?? seg.type;
    let details = seg.details;
    if (input.details !== undefined || type !== seg.type) {
      const raw = input.details !== undefined ? input.details : type === seg.type ? seg.details : null;
      if (raw === null && type === "flight") {
        throw fieldError("details", "A flight needs details", "value_error.missing");
      }
      if (raw === null) details = null;
      else {
        const parsed = segmentDetailsByType[type].safeParse(raw);
        if (!parsed.success) {
          throw new ApiError("VALIDATION_ERROR", "Request validation failed", {
            errors: zodFieldErrors(parsed.error).map((e) => ({ ...e, field: `details.${e.field}` })),
          });
        }
        details = parsed.data;
      }
    }
    // A segment moved to another day keeps its wall-clock times on the new day.
    const dayShift =
      input.day_index !== undefined && input.start_time === undefined && seg.dayIndex !== null
        ? input.day_index === null
          ? null
          : input.day_index - seg.dayIndex
        : 0;
    const carried = (v: string | null) => (dayShift === null ? null : shiftLocalDateTime(v, dayShift));
    const startTime = input.start_time !== undefined ? input.start_time : carried(seg.startLocal);
    const endTime = input.end_time !== undefined ? input.end_time : carried(seg.endLocal);
    if (startTime && endTime && endTime < startTime) {
      throw fieldError("end_time", "End time must be after start time");
    }
    const dayIndex = resolveDay(
      trip,
      input.day_index !== undefined ? input.day_index : input.start_time ? undefined : seg.dayIndex,
      input.start_time ?? null,
    );
    const dayChanged = dayIndex !== seg.dayIndex;
    const [updated] = await tx
      .update(segments)
      .set({
        type,
        details,
        ...(input.title !== undefined && { title: input.title }),
        ...(input.notes !== undefined && { notes: input.notes }),
        ...(input.time_block !== undefined && { timeBlock: input.time_block }),
        startLocal: startTime,
        endLocal: endTime,
        ...(input.timezone !== undefined && { timezone: input.timezone }),
        ...(input.location !== undefined && { location: input.location }),
        ...(input.price !== undefined && {
          priceAmount: input.price?.amount ?? null,
          priceCurrency: input.price?.currency ?? null,
        }),
        dayIndex,
        version: seg.version + 1,
        updatedBy: userId,
        updatedAt: new Date(),
      })
      .where(eq(segments.id, segmentId))
      .returning();
    if (!updated) throw new Error("update returned no row");
    let final = updated;
    if (dayChanged || input.position !== undefined) {
      final = await reorder(tx, updated, seg.dayIndex, dayIndex, input.position);
    }
    return toSegmentResponse(final, trip.startDate);
  });
  publishItineraryEvent({ type: "segment_modified", segmentId, itineraryId: tripId }, userId);
  return result;
}

/** Takes `seg` out of `fromDay` and puts it at `position` (default: end of its block) in `toDay`. */
async function reorder(
  tx: Db,
  seg: Segment,
  fromDay: number | null,
  toDay: number | null,
  position: number | undefined,
): Promise<Segment> {
  if (fromDay !== toDay) {
    const source = (await daySegments(tx, seg.tripId, fromDay)).filter((s) => s.id !== seg.id);
    await writeOrder(tx, source);
  }
  const target = (await daySegments(tx, seg.tripId, toDay)).filter((s) => s.id !== seg.id);
  const pos = Math.min(position ?? defaultPosition(target, seg.timeBlock), target.length);
  const moved = { ...seg, position: -1 };
  target.splice(pos, 0, moved);
  await writeOrder(tx, target);
  return { ...seg, position: pos };
}

/**
 * Moves a segment to another day and/or slot (editor or above); the Trip Designer API's
 * `move_segment`.
 * @param expectedVersion from `If-Match`; stale → 412 PRECONDITION_FAILED
 * @throws ApiError NOT_FOUND, INSUFFICIENT_PERMISSIONS, OUTSIDE_TRIP_DATES, PRECONDITION_FAILED
 */
export async function moveSegment(
  db: Db,
  userId: string,
  tripId: string,
  segmentId: string,
  input: SegmentMoveInput,
  expectedVersion?: number[],
): Promise<SegmentResponse> {
  const result = await db.transaction(async (tx) => {
    const trip = await lockTripForChange(tx, userId, tripId, "editor");
    const seg = await currentSegment(tx, trip, segmentId, expectedVersion);
    if (input.day_index !== null && (input.day_index < 1 || input.day_index > tripDayCount(trip))) {
      throw outsideTrip(trip, input.day_index);
    }
    // A moved segment keeps its wall-clock times on the new day (unscheduled: no times).
    const shift = input.day_index === null || seg.dayIndex === null ? null : input.day_index - seg.dayIndex;
    const carried = (v: string | null) => (shift === null ? null : shiftLocalDateTime(v, shift));
    const [updated] = await tx
      .update(segments)
      .set({
        dayIndex: input.day_index,
        ...(input.time_block !== undefined && { timeBlock: input.time_block }),
        startLocal: carried(seg.startLocal),
        endLocal: carried(seg.endLocal),
        version: seg.version + 1,
        updatedBy: userId,
        updatedAt: new Date(),
      })
      .where(eq(segments.id, segmentId))
      .returning();
    if (!updated) throw new Error("update returned no row");
    const final = await reorder(tx, updated, seg.dayIndex, input.day_index, input.position);
    return toSegmentResponse(final, trip.startDate);
  });
  publishItineraryEvent({ type: "segment_modified", segmentId, itineraryId: tripId }, userId);
  return result;
}

/**
 * Deletes a segment and closes the gap in its day (editor or above).
 * @param expectedVersion from `If-Match`; stale → 412 PRECONDITION_FAILED and nothing is deleted
 * @throws ApiError NOT_FOUND, INSUFFICIENT_PERMISSIONS, PRECONDITION_FAILED
 */
export async function deleteSegment(
  db: Db,
  userId: string,
  tripId: string,
  segmentId: string,
  expectedVersion?: number[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const trip = await lockTripForChange(tx, userId, tripId, "editor");
    if (expectedVersion !== undefined) {
      await currentSegment(tx, trip, segmentId, expectedVersion);
    }
    const [deleted] = await tx
      .delete(segments)
      .where(and(eq(segments.id, segmentId), eq(segments.tripId, tripId)))
      .returning();
    if (!deleted) throw notFound("Segment");
    await writeOrder(tx, await daySegments(tx, tripId, deleted.dayIndex));
  });
  publishItineraryEvent({ type: "segment_deleted", segmentId, itineraryId: tripId }, userId);
}
