"use client";

import "@/lib/client/zod-jitless";
import { useState } from "react";
import { ApiClientError, errorMessage, zodFieldMap } from "@/lib/client/api";
import { formatClock } from "@/lib/client/format";
import { useSegmentActions } from "@/lib/client/itinerary";
import type { SegmentResponse } from "@/lib/client/types";
import {
  SEGMENT_TYPES,
  segmentCreateSchema,
  segmentUpdateSchema,
  TIME_BLOCKS,
} from "@/lib/validators/segments";
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
  { key: "carrier", label: "Airline", placeholder: "Air France" },
  { key: "flight_number", label: "Flight number", placeholder: "AF1234", code: true },
  { key: "origin", label: "From (IATA)", placeholder: "JFK", maxLength: 3, code: true },
  { key: "destination", label: "To (IATA)", placeholder: "CDG", maxLength: 3, code: true },
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
/** Title placeholder by type; other types use "Louvre Museum". */
const TITLE_PLACEHOLDERS: Partial<Record<SegmentType, string>> = {
  flight: "Flight to Paris",
  meal: "Dinner at Le Comptoir",
};

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
  const timeFields = [
    { label: "Starts", name: "start", value: start, set: setStart, error: err("start_time") },
    { label: "Ends", name: "end", value: end, set: setEnd, error: err("end_time") },
  ];
  const locationFields = [
    {
      label: "Place",
      name: "location_name",
      value: locationName,
      set: setLocationName,
      placeholder: "Musée du Louvre",
      error: err("location.name") ?? err("location"),
    },
    {
      label: "Address",
      name: "address",
      value: address,
      set: setAddress,
      placeholder: "Rue de Rivoli, Paris",
      error: err("location.address"),
    },
  ];

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
          <Options items={TYPE_OPTIONS} />
        </SelectField>
        <TextField
          label="Title"
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={TITLE_PLACEHOLDERS[type] ?? "Louvre Museum"}
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
              required
              autoCapitalize={code ? "characters" : undefined}
              value={flight[key]}
              onChange={(e) => setFlight((prev) => ({ ...prev, [key]: e.target.value }))}
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
          value={timeBlock}
          onChange={(e) => setTimeBlock(e.target.value)}
          error={err("time_block")}
          data-testid="segment-time-block"
        >
          <option value="">Any time</option>
          <Options items={TIME_BLOCK_OPTIONS} />
        </SelectField>
        {dayDate
          ? timeFields.map(({ label, set, ...f }) => (
              <TextField
                key={f.name}
                label={<OptionalLabel>{label}</OptionalLabel>}
                type="time"
                {...f}
                onChange={(e) => set(e.target.value)}
              />
            ))
          : null}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        {locationFields.map(({ label, set, ...f }) => (
          <TextField
            key={f.name}
            label={<OptionalLabel>{label}</OptionalLabel>}
            {...f}
            onChange={(e) => set(e.target.value)}
          />
        ))}
      </div>

      <div className="grid grid-cols-[2fr_1fr] gap-4">
        <TextField
          label={<OptionalLabel>Price</OptionalLabel>}
          name="price"
          {...DECIMAL_INPUT}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="22"
          error={err("price.amount") ?? err("price")}
        />
        <CurrencyField
          name="price_currency"
          value={currency}
          onValueChange={setCurrency}
          error={err("price.currency")}
        />
      </div>

      <TextAreaField
        label={<OptionalLabel>Notes</OptionalLabel>}
        name="notes"
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        rows={2}
        error={err("notes")}
      />

      {err("day_index") ? <p className="field-error">{err("day_index")}</p> : null}

      <FormActions
        pending={pending}
        onCancel={onCancel}
        submitLabel={pending ? "Saving…" : editing ? "Save changes" : "Add to itinerary"}
        submitTestId="segment-submit"
      />
    </form>
  );
}
