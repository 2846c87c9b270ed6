"use client";

import "@/lib/client/zod-jitless";
import { useState } from "react";
import { ApiClientError, conflictAuthor, conflictCurrent, errorMessage, zodFieldMap } from "@/lib/client/api";
import { type ConflictRow, changedKeys, conflictRows, pick, threeWay } from "@/lib/client/conflict";
import { formatClock, formatMoney, TIME_BLOCK_LABEL } from "@/lib/client/format";
import { useSegmentActions } from "@/lib/client/itinerary";
import type { SegmentResponse } from "@/lib/client/types";
import {
  SEGMENT_TYPES,
  segmentCreateSchema,
  segmentUpdateSchema,
  TIME_BLOCKS,
} from "@/lib/domain/validators/segments";
import {
  CurrencyField,
  DECIMAL_INPUT,
  FormActions,
  FormError,
  OptionalLabel,
  Options,
  SelectField,
  TextAreaField,
  TextField,
} from "../ui/field";
import { ConflictDialog } from "./conflict-dialog";
import { SEGMENT_META } from "./segment-types";

type SegmentType = (typeof SEGMENT_TYPES)[number];

interface FlightFields {
  carrier: string;
  flight_number: string;
  origin: string;
  destination: string;
}

/** The flight inputs, in order; `code` ones are IATA-style codes typed in capitals. */
const FLIGHT_FIELDS: {
  key: keyof FlightFields;
  label: string;
  placeholder: string;
  maxLength?: number;
  code?: boolean;
}[] = [
  { key: "carrier", label: "Airline", placeholder: "Airline name" },
  { key: "flight_number", label: "Flight number", placeholder: "AB1234", code: true },
  { key: "origin", label: "From (IATA)", placeholder: "3 letters", maxLength: 3, code: true },
  { key: "destination", label: "To (IATA)", placeholder: "3 letters", maxLength: 3, code: true },
];

const TYPE_OPTIONS = SEGMENT_TYPES.map((t) => ({ value: t, label: SEGMENT_META[t].label }));
const TIME_BLOCK_OPTIONS = TIME_BLOCKS.map((b) => ({
  value: b,
  label: (
    <>
      {b[0]?.toUpperCase()}
      {b.slice(1)}
    </>
  ),
}));

/**
 * Placeholders from the trip's own destination (neutral when it has none), so a trip to
 * Tokyo is not offered the Louvre.
 */
function placeholders(type: SegmentType, destination: string | undefined) {
  const d = destination?.trim();
  const title: Record<SegmentType, string> = {
    flight: d ? `Flight to ${d}` : "Flight home",
    hotel: d ? `Hotel in ${d}` : "Hotel",
    activity: d ? `Sightseeing in ${d}` : "Museum visit",
    transfer: d ? `Train into ${d}` : "Airport transfer",
    meeting: "Meeting",
    meal: d ? `Dinner in ${d}` : "Dinner",
    note: "Reminder",
  };
  return {
    title: title[type],
    place: d ? `A place in ${d}` : "Name of the place",
    address: d ? `Street, ${d}` : "Street and city",
  };
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** What the form's inputs hold. */
interface SegmentDraft {
  type: SegmentType;
  title: string;
  timeBlock: string;
  start: string;
  end: string;
  locationName: string;
  address: string;
  amount: string;
  currency: string;
  notes: string;
  flight: FlightFields;
}

/** The inputs as they read for `segment` (empty for a new one). */
function draftOf(segment: SegmentResponse | undefined, defaultCurrency: string): SegmentDraft {
  const details = (segment?.details ?? {}) as Record<string, unknown>;
  return {
    type: segment?.type ?? "activity",
    title: segment?.title ?? "",
    timeBlock: segment?.time_block ?? "",
    start: formatClock(segment?.start_time) ?? "",
    end: formatClock(segment?.end_time) ?? "",
    locationName: segment?.location?.name ?? "",
    address: segment?.location?.address ?? "",
    amount: segment?.price ? String(segment.price.amount) : "",
    currency: segment?.price?.currency ?? defaultCurrency,
    notes: segment?.notes ?? "",
    flight: {
      carrier: str(details.carrier),
      flight_number: str(details.flight_number),
      origin: str(details.origin),
      destination: str(details.destination),
    },
  };
}

/**
 * The API body for `d`. `segment` (when editing) contributes the fields the form does not
 * show (location coordinates, other flight details); `dayDate` turns clock times into the
 * API's local date-times ("2026-06-02T09:30").
 */
function bodyOf(d: SegmentDraft, segment: SegmentResponse | undefined, dayDate: string | null) {
  const details = (segment?.details ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {
    type: d.type,
    title: d.title,
    time_block: d.timeBlock || null,
    notes: d.notes.trim() ? d.notes : null,
  };
  if (dayDate) {
    body.start_time = d.start ? `${dayDate}T${d.start}` : null;
    body.end_time = d.end ? `${dayDate}T${d.end}` : null;
  }
  const hasLocation = d.locationName.trim() || d.address.trim();
  body.location = hasLocation
    ? {
        ...(segment?.location ?? {}),
        name: d.locationName.trim() || undefined,
        address: d.address.trim() || undefined,
      }
    : null;
  body.price = d.amount.trim() === "" ? null : { amount: Number(d.amount), currency: d.currency };
  if (d.type === "flight") {
    body.details = {
      ...(segment?.type === "flight" ? details : {}),
      carrier: d.flight.carrier.trim(),
      flight_number: d.flight.flight_number.trim().toUpperCase(),
      ...(d.flight.origin.trim() && { origin: d.flight.origin.trim().toUpperCase() }),
      destination: d.flight.destination.trim().toUpperCase(),
    };
  }
  return body;
}

/** The body of `segment` as this form would send it unchanged (for comparing versions). */
function bodyOfSegment(segment: SegmentResponse, defaultCurrency: string) {
  return bodyOf(draftOf(segment, defaultCurrency), segment, segment.date);
}

const FIELD_LABELS: Record<string, string> = {
  type: "Type",
  title: "Title",
  time_block: "Time of day",
  notes: "Notes",
  start_time: "Starts",
  end_time: "Ends",
  location: "Place",
  price: "Price",
  details: "Flight details",
};

/** A body field's value as the conflict dialog shows it. */
function showField(key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  switch (key) {
    case "type":
      return SEGMENT_META[v as SegmentType]?.label ?? String(v);
    case "time_block":
      return TIME_BLOCK_LABEL[String(v)] ?? String(v);
    case "start_time":
    case "end_time":
      return formatClock(String(v)) ?? String(v);
    case "location": {
      const l = v as { name?: string; address?: string };
      return [l.name, l.address].filter(Boolean).join(", ") || "—";
    }
    case "price": {
      const p = v as { amount: number; currency: string };
      return formatMoney(p.amount, p.currency);
    }
    case "details": {
      const f = v as Partial<FlightFields>;
      return [
        [f.carrier, f.flight_number].filter(Boolean).join(" "),
        [f.origin, f.destination].filter(Boolean).join(" → "),
      ]
        .filter(Boolean)
        .join(" · ");
    }
    default:
      return String(v);
  }
}

/** The fields in which `live` differs from `base`, by label ("Title, Notes"). */
export function changedFieldLabels(
  base: SegmentResponse,
  live: SegmentResponse,
  defaultCurrency: string,
): string[] {
  return changedKeys(bodyOfSegment(base, defaultCurrency), bodyOfSegment(live, defaultCurrency)).map(
    (k) => FIELD_LABELS[k] ?? k,
  );
}

interface Conflict {
  current: SegmentResponse;
  /** Who saved `current`, when the API names them. */
  changedBy: string | null;
  rows: ConflictRow[];
  /** What "Keep mine" sends on top of `current`. */
  resend: Record<string, unknown>;
}

/**
 * Add a segment to a day, or edit one. A flight also asks for carrier, flight number and
 * IATA destination, and the IATA origin when known (an arrival may be recorded without it).
 *
 * Editing is conflict-safe: the form keeps the segment it was opened on and the user's draft
 * whatever live updates arrive; `live` (the segment as the itinerary shows it now) only adds
 * a notice when someone else changed it meanwhile. A save sends just the fields the user
 * changed, with `If-Match` of the version they started from. On 412, changes to other
 * fields are merged (the save is re-sent on top of the other version); changes to the same
 * fields open the conflict dialog: keep mine or take theirs.
 */
export function SegmentForm({
  tripId,
  dayIndex,
  date,
  segment,
  live,
  defaultCurrency,
  destination,
  onDone,
  onCancel,
  onDiscard,
}: {
  tripId: string;
  /** Day the new segment goes to (ignored when editing). */
  dayIndex: number | null;
  /** ISO date of that day; null for unscheduled segments (no clock times then). */
  date: string | null;
  segment?: SegmentResponse;
  /** The edited segment as the live itinerary has it now; null once someone deleted it. */
  live?: SegmentResponse | null;
  defaultCurrency: string;
  /** The trip's first destination, for placeholders. */
  destination?: string;
  onDone: (segment: SegmentResponse) => void;
  onCancel: () => void;
  /** "Take theirs" in a conflict: the draft is dropped, `current` is what stays. */
  onDiscard?: (current: SegmentResponse) => void;
}) {
  const { add, update } = useSegmentActions(tripId);
  const editing = !!segment;
  const [draft, setDraft] = useState<SegmentDraft>(() => draftOf(segment, defaultCurrency));
  const set =
    <K extends keyof SegmentDraft>(key: K) =>
    (value: SegmentDraft[K]) =>
      setDraft((prev) => ({ ...prev, [key]: value }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [conflictError, setConflictError] = useState<string | null>(null);
  const pending = add.isPending || update.isPending;
  const { type, flight } = draft;
  const ph = placeholders(type, destination);

  const dayDate = segment ? segment.date : date;
  const changedMeanwhile =
    segment && live && live.version !== segment.version
      ? changedFieldLabels(segment, live, defaultCurrency)
      : null;

  /**
   * PUTs `body` with `If-Match: version`; on 412 merges or opens the conflict dialog.
   * @returns true when saved (and `onDone` called)
   */
  async function saveEdit(base: SegmentResponse, version: number, body: Record<string, unknown>, merges = 0) {
    try {
      onDone(await update.mutateAsync({ segmentId: base.id, body, version }));
      return true;
    } catch (err) {
      const current = conflictCurrent<SegmentResponse>(err);
      if (!current) throw err;
      const mine = bodyOf(draft, base, dayDate);
      const theirs = bodyOfSegment(current, defaultCurrency);
      const diff = threeWay(bodyOfSegment(base, defaultCurrency), mine, theirs);
      const resend = pick(mine, diff.mine);
      if (!diff.clashes.length && merges < 3) return saveEdit(base, current.version, resend, merges + 1);
      setConflict({
        current,
        changedBy: conflictAuthor(err),
        rows: conflictRows(mine, theirs, diff, FIELD_LABELS, showField),
        resend,
      });
      return false;
    }
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const body = bodyOf(draft, segment, dayDate);
    if (body.price && Number.isNaN((body.price as { amount: number }).amount)) {
      setErrors({ "price.amount": "Enter a number" });
      return;
    }
    const parsed = (editing ? segmentUpdateSchema : segmentCreateSchema).safeParse(
      editing ? body : { ...body, day_index: dayIndex },
    );
    if (!parsed.success) {
      setErrors(zodFieldMap(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      if (segment) {
        const changed = changedKeys(bodyOfSegment(segment, defaultCurrency), body);
        if (!changed.length) {
          onDone(segment);
          return;
        }
        await saveEdit(segment, segment.version, pick(body, changed));
      } else {
        const create: Record<string, unknown> = { ...body, day_index: dayIndex };
        // The create endpoint treats a missing field and null alike; keep the body small.
        for (const k of Object.keys(create)) if (create[k] === null) delete create[k];
        onDone(await add.mutateAsync(create));
      }
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) setErrors(err.byField());
      setFormError(
        err instanceof ApiClientError && err.status === 404 && editing
          ? "Someone else deleted this item; there is nothing left to save."
          : errorMessage(err),
      );
    }
  }

  async function keepMine() {
    if (!segment || !conflict) return;
    setConflictError(null);
    const { current, resend } = conflict;
    try {
      if (await saveEdit(segment, current.version, resend)) setConflict(null);
    } catch (err) {
      setConflictError(errorMessage(err));
    }
  }

  function takeTheirs() {
    const current = conflict?.current;
    setConflict(null);
    setConflictError(null);
    if (current) (onDiscard ?? onCancel)(current);
  }

  const err = (k: string) => errors[k];
  const timeFields = [
    { label: "Starts", name: "start", value: draft.start, set: set("start"), error: err("start_time") },
    { label: "Ends", name: "end", value: draft.end, set: set("end"), error: err("end_time") },
  ];
  const locationFields = [
    {
      label: "Place",
      name: "location_name",
      value: draft.locationName,
      set: set("locationName"),
      placeholder: ph.place,
      error: err("location.name") ?? err("location"),
    },
    {
      label: "Address",
      name: "address",
      value: draft.address,
      set: set("address"),
      placeholder: ph.address,
      error: err("location.address"),
    },
  ];

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="segment-form">
      {segment && live === null ? (
        <p
          role="status"
          className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="changed-meanwhile"
        >
          Someone else deleted this item while you were editing it.
        </p>
      ) : changedMeanwhile ? (
        <p
          role="status"
          className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="changed-meanwhile"
        >
          Someone else changed this item while you were editing it
          {changedMeanwhile.length ? ` (${changedMeanwhile.join(", ")})` : " (moved it)"}. Your draft is kept;
          saving shows both versions where they differ.
        </p>
      ) : null}
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
        <SelectField
          label="Type"
          name="type"
          value={type}
          onChange={(e) => set("type")(e.target.value as SegmentType)}
          error={err("type")}
          data-testid="segment-type"
        >
          <Options items={TYPE_OPTIONS} />
        </SelectField>
        <TextField
          label="Title"
          name="title"
          value={draft.title}
          onChange={(e) => set("title")(e.target.value)}
          placeholder={ph.title}
          required
          maxLength={200}
          error={err("title")}
          data-testid="segment-title"
        />
      </div>

      {type === "flight" ? (
        <fieldset className="grid gap-4 rounded-xl border border-sky-100 bg-sky-50/50 p-3 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium text-sky-800">Flight details</legend>
          {FLIGHT_FIELDS.map(({ key, code, ...f }) => (
            <TextField
              key={key}
              {...f}
              name={key}
              required={key !== "origin"}
              autoCapitalize={code ? "characters" : undefined}
              value={flight[key]}
              onChange={(e) => set("flight")({ ...flight, [key]: e.target.value })}
              error={err(`details.${key}`)}
            />
          ))}
          {err("details") ? <p className="field-error sm:col-span-2">{err("details")}</p> : null}
        </fieldset>
      ) : null}

      <div className={`grid gap-4 ${dayDate ? "sm:grid-cols-3" : ""}`}>
        <SelectField
          label="Time of day"
          name="time_block"
          value={draft.timeBlock}
          onChange={(e) => set("timeBlock")(e.target.value)}
          error={err("time_block")}
          data-testid="segment-time-block"
        >
          <option value="">Any time</option>
          <Options items={TIME_BLOCK_OPTIONS} />
        </SelectField>
        {dayDate
          ? timeFields.map(({ label, set: setValue, ...f }) => (
              <TextField
                key={f.name}
                label={<OptionalLabel>{label}</OptionalLabel>}
                type="time"
                {...f}
                onChange={(e) => setValue(e.target.value)}
              />
            ))
          : null}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        {locationFields.map(({ label, set: setValue, ...f }) => (
          <TextField
            key={f.name}
            label={<OptionalLabel>{label}</OptionalLabel>}
            {...f}
            onChange={(e) => setValue(e.target.value)}
          />
        ))}
      </div>

      <div className="grid grid-cols-[2fr_1fr] gap-4">
        <TextField
          label={<OptionalLabel>Price</OptionalLabel>}
          name="price"
          {...DECIMAL_INPUT}
          value={draft.amount}
          onChange={(e) => set("amount")(e.target.value)}
          placeholder="0.00"
          error={err("price.amount") ?? err("price")}
        />
        <CurrencyField
          name="price_currency"
          value={draft.currency}
          onValueChange={set("currency")}
          error={err("price.currency")}
        />
      </div>

      <TextAreaField
        label={<OptionalLabel>Notes</OptionalLabel>}
        name="notes"
        value={draft.notes}
        onChange={(e) => set("notes")(e.target.value)}
        rows={2}
        error={err("notes")}
        data-testid="segment-notes"
      />

      {err("day_index") ? <p className="field-error">{err("day_index")}</p> : null}

      <FormActions
        pending={pending}
        onCancel={onCancel}
        submitLabel={pending ? "Saving…" : editing ? "Save changes" : "Add to itinerary"}
        submitTestId="segment-submit"
      />

      <ConflictDialog
        open={!!conflict}
        itemName={`“${conflict?.current.title ?? segment?.title ?? ""}”`}
        changedBy={conflict?.changedBy}
        changedAt={conflict?.current.updated_at}
        rows={conflict?.rows ?? []}
        busy={update.isPending}
        error={conflictError}
        onKeepMine={() => void keepMine()}
        onTakeTheirs={takeTheirs}
        onDismiss={() => setConflict(null)}
      />
    </form>
  );
}

/**
 * The conflict dialog's rows for a move or delete refused with 412: what changed between the
 * version the user acted on (`base`, the "Yours" column) and the one there is now.
 */
export function segmentChangeRows(
  base: SegmentResponse,
  current: SegmentResponse,
  defaultCurrency: string,
): ConflictRow[] {
  const mine = bodyOfSegment(base, defaultCurrency);
  const theirs = bodyOfSegment(current, defaultCurrency);
  const rows = conflictRows(mine, theirs, threeWay(mine, mine, theirs), FIELD_LABELS, showField);
  if (base.day_index !== current.day_index) {
    const day = (s: SegmentResponse) => (s.day_index === null ? "Unscheduled" : `Day ${s.day_index}`);
    rows.unshift({ key: "day_index", label: "Day", mine: day(base), theirs: day(current), clash: false });
  }
  return rows;
}
