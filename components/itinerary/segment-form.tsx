"use client";

import { useState } from "react";
import { ApiClientError, errorMessage, zodFieldMap } from "@/lib/client/api";
import { CURRENCIES, formatClock } from "@/lib/client/format";
import { useSegmentActions } from "@/lib/client/itinerary";
import type { SegmentResponse } from "@/lib/client/types";
import {
  SEGMENT_TYPES,
  segmentCreateSchema,
  segmentUpdateSchema,
  TIME_BLOCKS,
} from "@/lib/validators/segments";
import { FormError, SelectField, TextAreaField, TextField } from "../ui/field";
import { SEGMENT_META } from "./segment-types";

type SegmentType = (typeof SEGMENT_TYPES)[number];

interface FlightFields {
  carrier: string;
  flight_number: string;
  origin: string;
  destination: string;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/**
 * Add a segment to a day, or edit one. The day's ISO date turns the optional clock times
 * into the API's local date-times ("2026-06-02T09:30"). A flight also asks for carrier,
 * flight number and IATA origin/destination.
 */
export function SegmentForm({
  tripId,
  dayIndex,
  date,
  segment,
  defaultCurrency,
  onDone,
  onCancel,
}: {
  tripId: string;
  /** Day the new segment goes to (ignored when editing). */
  dayIndex: number | null;
  /** ISO date of that day; null for unscheduled segments (no clock times then). */
  date: string | null;
  segment?: SegmentResponse;
  defaultCurrency: string;
  onDone: (segment: SegmentResponse) => void;
  onCancel: () => void;
}) {
  const { add, update } = useSegmentActions(tripId);
  const editing = !!segment;
  const details = (segment?.details ?? {}) as Record<string, unknown>;
  const [type, setType] = useState<SegmentType>(segment?.type ?? "activity");
  const [title, setTitle] = useState(segment?.title ?? "");
  const [timeBlock, setTimeBlock] = useState<string>(segment?.time_block ?? "");
  const [start, setStart] = useState(formatClock(segment?.start_time) ?? "");
  const [end, setEnd] = useState(formatClock(segment?.end_time) ?? "");
  const [locationName, setLocationName] = useState(segment?.location?.name ?? "");
  const [address, setAddress] = useState(segment?.location?.address ?? "");
  const [amount, setAmount] = useState(segment?.price ? String(segment.price.amount) : "");
  const [currency, setCurrency] = useState(segment?.price?.currency ?? defaultCurrency);
  const [notes, setNotes] = useState(segment?.notes ?? "");
  const [flight, setFlight] = useState<FlightFields>({
    carrier: str(details.carrier),
    flight_number: str(details.flight_number),
    origin: str(details.origin),
    destination: str(details.destination),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const pending = add.isPending || update.isPending;

  const dayDate = segment ? segment.date : date;

  function buildBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      type,
      title,
      time_block: timeBlock || null,
      notes: notes.trim() ? notes : null,
    };
    if (dayDate) {
      body.start_time = start ? `${dayDate}T${start}` : null;
      body.end_time = end ? `${dayDate}T${end}` : null;
    }
    const hasLocation = locationName.trim() || address.trim();
    body.location = hasLocation
      ? {
          ...(segment?.location ?? {}),
          name: locationName.trim() || undefined,
          address: address.trim() || undefined,
        }
      : null;
    body.price = amount.trim() === "" ? null : { amount: Number(amount), currency };
    if (type === "flight") {
      body.details = {
        ...(segment?.type === "flight" ? details : {}),
        carrier: flight.carrier.trim(),
        flight_number: flight.flight_number.trim().toUpperCase(),
        origin: flight.origin.trim().toUpperCase(),
        destination: flight.destination.trim().toUpperCase(),
      };
    }
    if (!editing) {
      body.day_index = dayIndex;
      // The create endpoint treats a missing field and null alike; keep the body small.
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    }
    return body;
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const body = buildBody();
    if (body.price && Number.isNaN((body.price as { amount: number }).amount)) {
      setErrors({ "price.amount": "Enter a number" });
      return;
    }
    const parsed = (editing ? segmentUpdateSchema : segmentCreateSchema).safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldMap(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      const saved = segment
        ? await update.mutateAsync({ segmentId: segment.id, body })
        : await add.mutateAsync(body);
      onDone(saved);
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) setErrors(err.byField());
      setFormError(errorMessage(err));
    }
  }

  const err = (k: string) => errors[k];
  const flightField = (key: keyof FlightFields) => ({
    value: flight[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setFlight((f) => ({ ...f, [key]: e.target.value })),
    error: err(`details.${key}`),
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="segment-form">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
        <SelectField
          label="Type"
          name="type"
          value={type}
          onChange={(e) => setType(e.target.value as SegmentType)}
          error={err("type")}
          data-testid="segment-type"
        >
          {SEGMENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {SEGMENT_META[t].label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Title"
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={
            type === "flight"
              ? "Flight to Paris"
              : type === "meal"
                ? "Dinner at Le Comptoir"
                : "Louvre Museum"
          }
          required
          maxLength={200}
          error={err("title")}
          data-testid="segment-title"
        />
      </div>

      {type === "flight" ? (
        <fieldset className="grid gap-4 rounded-xl border border-sky-100 bg-sky-50/50 p-3 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium text-sky-800">Flight details</legend>
          <TextField
            label="Airline"
            name="carrier"
            placeholder="Air France"
            required
            {...flightField("carrier")}
          />
          <TextField
            label="Flight number"
            name="flight_number"
            placeholder="AF1234"
            required
            autoCapitalize="characters"
            {...flightField("flight_number")}
          />
          <TextField
            label="From (IATA)"
            name="origin"
            placeholder="JFK"
            maxLength={3}
            required
            autoCapitalize="characters"
            {...flightField("origin")}
          />
          <TextField
            label="To (IATA)"
            name="destination"
            placeholder="CDG"
            maxLength={3}
            required
            autoCapitalize="characters"
            {...flightField("destination")}
          />
          {err("details") ? <p className="field-error sm:col-span-2">{err("details")}</p> : null}
        </fieldset>
      ) : null}

      <div className={`grid gap-4 ${dayDate ? "sm:grid-cols-3" : ""}`}>
        <SelectField
          label="Time of day"
          name="time_block"
          value={timeBlock}
          onChange={(e) => setTimeBlock(e.target.value)}
          error={err("time_block")}
          data-testid="segment-time-block"
        >
          <option value="">Any time</option>
          {TIME_BLOCKS.map((b) => (
            <option key={b} value={b}>
              {b[0]?.toUpperCase()}
              {b.slice(1)}
            </option>
          ))}
        </SelectField>
        {dayDate ? (
          <>
            <TextField
              label={
                <>
                  Starts <span className="font-normal text-slate-400">(optional)</span>
                </>
              }
              name="start"
              type="time"
              value={start}
              onChange={(e) => setStart(e.target.value)}
              error={err("start_time")}
            />
            <TextField
              label={
                <>
                  Ends <span className="font-normal text-slate-400">(optional)</span>
                </>
              }
              name="end"
              type="time"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
              error={err("end_time")}
            />
          </>
        ) : null}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={
            <>
              Place <span className="font-normal text-slate-400">(optional)</span>
            </>
          }
          name="location_name"
          value={locationName}
          onChange={(e) => setLocationName(e.target.value)}
          placeholder="Musée du Louvre"
          error={err("location.name") ?? err("location")}
        />
        <TextField
          label={
            <>
              Address <span className="font-normal text-slate-400">(optional)</span>
            </>
          }
          name="address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          placeholder="Rue de Rivoli, Paris"
          error={err("location.address")}
        />
      </div>

      <div className="grid grid-cols-[2fr_1fr] gap-4">
        <TextField
          label={
            <>
              Price <span className="font-normal text-slate-400">(optional)</span>
            </>
          }
          name="price"
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="22"
          error={err("price.amount") ?? err("price")}
        />
        <SelectField
          label="Currency"
          name="price_currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          error={err("price.currency")}
        >
          {[...new Set([currency, ...CURRENCIES])].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
      </div>

      <TextAreaField
        label={
          <>
            Notes <span className="font-normal text-slate-400">(optional)</span>
          </>
        }
        name="notes"
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        rows={2}
        error={err("notes")}
      />

      {err("day_index") ? <p className="field-error">{err("day_index")}</p> : null}

      <div className="flex flex-col-reverse gap-2 pt-1 sm:flex-row sm:justify-end">
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={pending} data-testid="segment-submit">
          {pending ? "Saving…" : editing ? "Save changes" : "Add to itinerary"}
        </button>
      </div>
    </form>
  );
}
