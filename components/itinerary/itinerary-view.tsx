"use client";

import "@/lib/client/zod-jitless";
import { memo, useCallback, useEffect, useId, useRef, useState } from "react";
import { conflictAuthor, conflictCurrent, errorMessage } from "@/lib/client/api";
import type { ConflictRow } from "@/lib/client/conflict";
import { formatDayDate, TIME_BLOCK_LABEL } from "@/lib/client/format";
import { type MoveInput, useSegmentActions } from "@/lib/client/itinerary";
import { canEdit, type ItineraryResponse, type SegmentResponse } from "@/lib/client/types";
import { TIME_BLOCKS } from "@/lib/domain/validators/segments";
import { ConfirmDialog, Dialog } from "../ui/dialog";
import { SelectField } from "../ui/field";
import { PlusIcon } from "../ui/icons";
import { ConflictDialog } from "./conflict-dialog";
import { SegmentForm, segmentChangeRows } from "./segment-form";
import { type SegmentAction, SegmentRow } from "./segment-row";

type Target = { dayIndex: number | null; date: string | null };

/** Where a segment is: "2:0" = day 2, first; "u:3" = unscheduled, fourth; "" = not found. */
function placeOf(it: ItineraryResponse, segmentId: string): string {
  for (const d of it.days) {
    const i = d.segments.findIndex((s) => s.id === segmentId);
    if (i >= 0) return `${d.day_index}:${i}`;
  }
  const u = it.unscheduled.findIndex((s) => s.id === segmentId);
  return u >= 0 ? `u:${u}` : "";
}

/** "Day 2 · Tue 2 Jun 2026" */
export function dayLabel(dayIndex: number, date: string): string {
  return `Day ${dayIndex} · ${formatDayDate(date)}`;
}

/** The segment `id` wherever it is in the itinerary, or undefined. */
function findSegment(it: ItineraryResponse, id: string): SegmentResponse | undefined {
  for (const d of it.days) {
    const s = d.segments.find((x) => x.id === id);
    if (s) return s;
  }
  return it.unscheduled.find((x) => x.id === id);
}

/** A move or delete refused with 412, waiting for the user's choice. */
interface OpConflict {
  verb: "move" | "delete";
  current: SegmentResponse;
  /** Who saved `current`, when the API names them. */
  changedBy: string | null;
  rows: ConflictRow[];
  /** Re-runs the operation based on `current`'s version. */
  retry: (current: SegmentResponse) => void;
}

/**
 * The day-by-day itinerary with add / edit / delete / reorder. Reordering is keyboard
 * usable: up/down buttons keep focus on the moved segment, and "move to day" is a dialog
 * with a day select; every change is announced in a polite live region.
 *
 * Every write names the segment version it was based on (If-Match); a refused one opens the
 * conflict dialog. Days and cards are memoised on the itinerary's structurally shared
 * arrays, so a live update or a write re-renders only the days and cards it changed.
 */
export function ItineraryView({ itinerary }: { itinerary: ItineraryResponse }) {
  const tripId = itinerary.id;
  const writable = canEdit(itinerary.role);
  const { move, remove } = useSegmentActions(tripId);
  const [adding, setAdding] = useState<Target | null>(null);
  const [editing, setEditing] = useState<SegmentResponse | null>(null);
  const [moving, setMoving] = useState<SegmentResponse | null>(null);
  const [deleting, setDeleting] = useState<SegmentResponse | null>(null);
  const [opConflict, setOpConflict] = useState<OpConflict | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<string | null>(null);
  const focusAfterMove = useRef<{ id: string; action: string; from: string } | null>(null);
  const defaultCurrency = itinerary.preferences.budget?.currency ?? "EUR";
  const destination = itinerary.destinations[0]?.name;
  const itRef = useRef(itinerary);
  itRef.current = itinerary;

  // After a keyboard move the row is re-inserted elsewhere in the DOM; once the itinerary
  // shows it in its new place, put focus back on the same control of the moved row (or on
  // the other arrow when it reached the end of the day).
  useEffect(() => {
    const want = focusAfterMove.current;
    if (!want || placeOf(itinerary, want.id) === want.from) return;
    focusAfterMove.current = null;
    const row = document.querySelector<HTMLElement>(`[data-segment-id="${want.id}"]`);
    const btn =
      row?.querySelector<HTMLButtonElement>(`[data-action="${want.action}"]:not(:disabled)`) ??
      row?.querySelector<HTMLButtonElement>('[data-action^="move-"]:not(:disabled)');
    btn?.focus();
  }, [itinerary]);

  useEffect(() => {
    if (!recent) return;
    const t = setTimeout(() => setRecent(null), 2500);
    return () => clearTimeout(t);
  }, [recent]);

  function dayName(dayIndex: number | null): string {
    return dayIndex === null ? "Unscheduled" : `day ${dayIndex}`;
  }

  /** Opens the conflict dialog for a refused move/delete of `seg`, or returns false. */
  function onConflict(
    err: unknown,
    seg: SegmentResponse,
    verb: OpConflict["verb"],
    retry: OpConflict["retry"],
  ) {
    const current = conflictCurrent<SegmentResponse>(err);
    if (!current) return false;
    setOpConflict({
      verb,
      current,
      changedBy: conflictAuthor(err),
      rows: segmentChangeRows(seg, current, defaultCurrency),
      retry,
    });
    return true;
  }

  function runMove(
    seg: SegmentResponse,
    input: Omit<MoveInput, "segmentId" | "version">,
    message: string,
    action?: string,
  ) {
    setError(null);
    focusAfterMove.current = action ? { id: seg.id, action, from: placeOf(itRef.current, seg.id) } : null;
    move.mutate(
      { segmentId: seg.id, version: seg.version, ...input },
      {
        onSuccess: () => {
          setAnnouncement(message);
          setRecent(seg.id);
        },
        onError: (err) => {
          focusAfterMove.current = null;
          if (onConflict(err, seg, "move", (current) => runMove(current, input, message, action))) return;
          setError(`Could not move “${seg.title}”: ${errorMessage(err)}`);
        },
      },
    );
  }

  function runDelete(seg: SegmentResponse) {
    setError(null);
    remove.mutate(
      { segmentId: seg.id, version: seg.version },
      {
        onSuccess: () => setAnnouncement(`Removed ${seg.title}`),
        onError: (err) => {
          if (onConflict(err, seg, "delete", runDelete)) return;
          setError(`Could not remove “${seg.title}”: ${errorMessage(err)}`);
        },
      },
    );
  }

  // One stable callback for every card: it reads the latest itinerary through a ref, so the
  // memoised cards never re-render just because this component did.
  const handle = useRef<(action: SegmentAction, segmentId: string) => void>(() => {});
  handle.current = (action, segmentId) => {
    const it = itRef.current;
    const seg = findSegment(it, segmentId);
    if (!seg) return;
    const list =
      seg.day_index === null
        ? it.unscheduled
        : (it.days.find((d) => d.day_index === seg.day_index)?.segments ?? []);
    const i = list.findIndex((x) => x.id === seg.id);
    if (action === "move-up" || action === "move-down") {
      const up = action === "move-up";
      runMove(
        seg,
        { day_index: seg.day_index, position: up ? i - 1 : i + 1 },
        `Moved ${seg.title} ${up ? "up" : "down"} to position ${up ? i : i + 2} of ${dayName(seg.day_index)}`,
        action,
      );
    } else if (action === "move-to") setMoving(seg);
    else if (action === "edit") setEditing(seg);
    else if (action === "delete") setDeleting(seg);
  };
  const onAction = useCallback(
    (action: SegmentAction, segmentId: string) => handle.current(action, segmentId),
    [],
  );
  const onAdd = useCallback((dayIndex: number, date: string) => setAdding({ dayIndex, date }), []);

  const liveEditing = editing ? (findSegment(itinerary, editing.id) ?? null) : undefined;

  return (
    <div>
      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>
      {error ? (
        <div
          role="alert"
          className="mb-4 flex items-start justify-between gap-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          <span>{error}</span>
          <button type="button" className="font-medium underline" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <ol className="space-y-4">
        {itinerary.days.map((d) => (
          <DaySection
            key={d.day_index}
            dayIndex={d.day_index}
            date={d.date}
            segments={d.segments}
            writable={writable}
            highlight={recent && d.segments.some((s) => s.id === recent) ? recent : null}
            onAction={onAction}
            onAdd={onAdd}
          />
        ))}
        {itinerary.unscheduled.length ? (
          <DaySection
            key="unscheduled"
            dayIndex={null}
            date={null}
            segments={itinerary.unscheduled}
            writable={writable}
            highlight={recent && itinerary.unscheduled.some((s) => s.id === recent) ? recent : null}
            onAction={onAction}
            onAdd={onAdd}
          />
        ) : null}
      </ol>

      <Dialog
        open={!!adding}
        onClose={() => setAdding(null)}
        title={
          adding?.dayIndex && adding.date
            ? `Add to ${dayLabel(adding.dayIndex, adding.date)}`
            : "Add to itinerary"
        }
        size="lg"
        testId="add-segment-dialog"
      >
        {adding ? (
          <SegmentForm
            tripId={tripId}
            dayIndex={adding.dayIndex}
            date={adding.date}
            defaultCurrency={defaultCurrency}
            destination={destination}
            onCancel={() => setAdding(null)}
            onDone={(seg) => {
              setAdding(null);
              setAnnouncement(`Added ${seg.title} to ${dayName(seg.day_index)}`);
              setRecent(seg.id);
            }}
          />
        ) : null}
      </Dialog>

      <Dialog
        open={!!editing}
        onClose={() => setEditing(null)}
        title={editing ? `Edit “${editing.title}”` : "Edit"}
        size="lg"
        testId="edit-segment-dialog"
      >
        {editing ? (
          <SegmentForm
            key={editing.id}
            tripId={tripId}
            dayIndex={editing.day_index}
            date={editing.date}
            segment={editing}
            live={liveEditing}
            defaultCurrency={defaultCurrency}
            destination={destination}
            onCancel={() => setEditing(null)}
            onDiscard={(current) => {
              setEditing(null);
              setAnnouncement(`Kept the other version of ${current.title}`);
              setRecent(current.id);
            }}
            onDone={(seg) => {
              setEditing(null);
              setAnnouncement(`Saved ${seg.title}`);
              setRecent(seg.id);
            }}
          />
        ) : null}
      </Dialog>

      <MoveDialog
        segment={moving}
        itinerary={itinerary}
        onClose={() => setMoving(null)}
        onMove={(seg, dayIndex, timeBlock) => {
          const target =
            dayIndex === null
              ? itinerary.unscheduled
              : (itinerary.days.find((d) => d.day_index === dayIndex)?.segments ?? []);
          const others = target.filter((x) => x.id !== seg.id);
          setMoving(null);
          runMove(
            seg,
            {
              day_index: dayIndex,
              position: others.length,
              ...(timeBlock !== undefined && { time_block: timeBlock }),
            },
            `Moved ${seg.title} to ${dayName(dayIndex)}`,
          );
        }}
      />

      <ConfirmDialog
        open={!!deleting}
        onCancel={() => setDeleting(null)}
        title="Remove from itinerary?"
        description={deleting ? `“${deleting.title}” will be removed from the trip.` : undefined}
        confirmLabel="Remove"
        busy={remove.isPending}
        onConfirm={() => {
          const seg = deleting;
          if (!seg) return;
          setDeleting(null);
          runDelete(seg);
        }}
      />

      <ConflictDialog
        open={!!opConflict}
        itemName={`“${opConflict?.current.title ?? ""}”`}
        changedBy={opConflict?.changedBy}
        changedAt={opConflict?.current.updated_at}
        rows={opConflict?.rows ?? []}
        keepLabel={opConflict?.verb === "delete" ? "Delete anyway" : "Move anyway"}
        onKeepMine={() => {
          const c = opConflict;
          setOpConflict(null);
          c?.retry(c.current);
        }}
        onTakeTheirs={() => {
          const c = opConflict;
          setOpConflict(null);
          if (c) setAnnouncement(`Kept the other version of ${c.current.title}`);
        }}
      />
    </div>
  );
}

/**
 * One day (or the unscheduled list) with its cards. Memoised: it re-renders only when its
 * own segments array (kept identical by react-query's structural sharing when nothing in the
 * day changed), its highlight or the caller's rights change.
 */
const DaySection = memo(function DaySection({
  dayIndex,
  date,
  segments,
  writable,
  highlight,
  onAction,
  onAdd,
}: {
  dayIndex: number | null;
  date: string | null;
  segments: SegmentResponse[];
  writable: boolean;
  highlight: string | null;
  onAction: (action: SegmentAction, segmentId: string) => void;
  onAdd: (dayIndex: number, date: string) => void;
}) {
  const key = dayIndex === null ? "unscheduled" : `day-${dayIndex}`;
  const headingId = `${key}-heading`;
  return (
    <li className="day-section">
      <section
        data-testid={dayIndex === null ? "day-unscheduled" : `day-${dayIndex}`}
        aria-labelledby={headingId}
        className="card p-4 sm:p-5"
      >
        <div className="flex items-center justify-between gap-2">
          <h3
            id={headingId}
            className="flex min-w-0 flex-wrap items-baseline gap-x-2 font-semibold tracking-tight"
          >
            {dayIndex !== null && date ? (
              <>
                <span className="text-brand-700">Day {dayIndex}</span>{" "}
                <span aria-hidden className="text-slate-300">
                  ·
                </span>{" "}
                <span className="text-slate-800">{formatDayDate(date)}</span>
              </>
            ) : (
              <span className="text-slate-800">Unscheduled</span>
            )}
          </h3>
          <div className="flex shrink-0 items-center gap-2">
            <span className="hidden text-xs text-slate-500 sm:inline">
              {segments.length === 0 ? "" : `${segments.length} ${segments.length === 1 ? "item" : "items"}`}
            </span>
            {writable && dayIndex !== null && date ? (
              <button
                type="button"
                className="btn-ghost px-2 py-1 text-brand-700"
                onClick={() => onAdd(dayIndex, date)}
                aria-label={`Add to day ${dayIndex}`}
                data-testid={`add-segment-day-${dayIndex}`}
              >
                <PlusIcon /> Add
              </button>
            ) : null}
          </div>
        </div>
        {segments.length ? (
          <ol className="mt-3 space-y-2">
            {segments.map((seg, i) => (
              <SegmentRow
                key={seg.id}
                segment={seg}
                index={i}
                count={segments.length}
                canWrite={writable}
                highlight={highlight === seg.id}
                onAction={onAction}
              />
            ))}
          </ol>
        ) : (
          <p className="mt-3 rounded-xl border border-dashed border-slate-200 px-3 py-4 text-center text-sm text-slate-500">
            Nothing planned yet.
            {writable ? " Add something, or ask the trip designer." : ""}
          </p>
        )}
      </section>
    </li>
  );
});

/** Picks a day (and optionally a time of day) for a segment; the segment goes to the end of that day. */
function MoveDialog({
  segment,
  itinerary,
  onClose,
  onMove,
}: {
  segment: SegmentResponse | null;
  itinerary: ItineraryResponse;
  onClose: () => void;
  onMove: (
    seg: SegmentResponse,
    dayIndex: number | null,
    timeBlock: SegmentResponse["time_block"] | undefined,
  ) => void;
}) {
  const formId = useId();
  const [day, setDay] = useState<string>("");
  const [block, setBlock] = useState<string>("keep");

  useEffect(() => {
    if (segment) {
      setDay(segment.day_index === null ? "none" : String(segment.day_index));
      setBlock("keep");
    }
  }, [segment]);

  return (
    <Dialog
      open={!!segment}
      onClose={onClose}
      title={segment ? `Move “${segment.title}”` : "Move"}
      description="It goes to the end of the chosen day."
      size="sm"
      testId="move-segment-dialog"
    >
      {segment ? (
        <form
          id={formId}
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const dayIndex = day === "none" ? null : Number(day);
            const timeBlock =
              block === "keep"
                ? undefined
                : block === "none"
                  ? null
                  : (block as NonNullable<SegmentResponse["time_block"]>);
            onMove(segment, dayIndex, timeBlock);
          }}
        >
          <SelectField
            label="Move to day"
            value={day}
            onChange={(e) => setDay(e.target.value)}
            data-testid="move-day-select"
          >
            {itinerary.days.map((d) => (
              <option key={d.day_index} value={d.day_index}>
                {dayLabel(d.day_index, d.date)}
              </option>
            ))}
            <option value="none">Unscheduled</option>
          </SelectField>
          <SelectField label="Time of day" value={block} onChange={(e) => setBlock(e.target.value)}>
            <option value="keep">
              Keep{" "}
              {segment.time_block ? `(${TIME_BLOCK_LABEL[segment.time_block]?.toLowerCase()})` : "(any time)"}
            </option>
            {TIME_BLOCKS.map((b) => (
              <option key={b} value={b}>
                {TIME_BLOCK_LABEL[b]}
              </option>
            ))}
            <option value="none">Any time</option>
          </SelectField>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <button type="button" className="btn-secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn-primary" data-testid="move-submit">
              Move
            </button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
