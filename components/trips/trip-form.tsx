"use client";

import "@/lib/client/zod-jitless";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import {
  ApiClientError,
  apiFetch,
  conflictAuthor,
  conflictCurrent,
  errorMessage,
  zodFieldMap,
} from "@/lib/client/api";
import { type ConflictRow, changedKeys, conflictRows, pick, threeWay } from "@/lib/client/conflict";
import { addDays, formatMoney, todayIso } from "@/lib/client/format";
import type { TripResponse } from "@/lib/client/types";
import { TRIP_STATUSES, tripCreateSchema, tripUpdateSchema } from "@/lib/domain/validators/trips";
import { ConflictDialog } from "../itinerary/conflict-dialog";
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
import { PlusIcon, XIcon } from "../ui/icons";

const INTEREST_PRESETS = ["Museums", "Food", "History", "Art", "Nature", "Nightlife", "Shopping", "Beaches"];
const STATUS_LABELS: Record<(typeof TRIP_STATUSES)[number], string> = {
  planning: "Planning",
  booked: "Booked",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};
const STATUS_OPTIONS = TRIP_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));

interface DestinationRow {
  key: number;
  name: string;
  country: string;
}

const nextKey = (rows: DestinationRow[]) => rows.reduce((max, r) => Math.max(max, r.key), -1) + 1;

/** What the trip form's inputs hold. */
interface TripDraft {
  title: string;
  description: string;
  startDate: string;
  endDate: string;
  destinations: { name: string; country: string }[];
  budgetTotal: string;
  currency: string;
  interests: string[];
  otherInterests: string;
  status: string;
}

/** The inputs as they read for an existing trip. */
function draftOfTrip(trip: TripResponse): TripDraft {
  const existing = trip.preferences.interests ?? [];
  return {
    title: trip.title,
    description: trip.description ?? "",
    startDate: trip.start_date,
    endDate: trip.end_date,
    destinations: trip.destinations.map((d) => ({ name: d.name, country: d.country ?? "" })),
    budgetTotal: trip.preferences.budget?.total !== undefined ? String(trip.preferences.budget.total) : "",
    currency: trip.preferences.budget?.currency ?? "EUR",
    interests: existing.filter((i) => INTEREST_PRESETS.includes(i)),
    otherInterests: existing.filter((i) => !INTEREST_PRESETS.includes(i)).join(", "),
    status: trip.status,
  };
}

/** The API body for a draft (`status` only when editing). */
function tripBodyOf(d: TripDraft, editing: boolean) {
  const allInterests = [
    ...d.interests,
    ...d.otherInterests
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  const total = d.budgetTotal.trim() === "" ? undefined : Number(d.budgetTotal);
  const preferences: Record<string, unknown> = { interests: [...new Set(allInterests)] };
  if (total !== undefined) preferences.budget = { total, currency: d.currency };
  return {
    title: d.title,
    description: d.description.trim() ? d.description : null,
    start_date: d.startDate,
    end_date: d.endDate,
    destinations: d.destinations
      .filter((x) => x.name.trim())
      .map((x) => ({ name: x.name.trim(), ...(x.country.trim() && { country: x.country.trim() }) })),
    preferences,
    ...(editing && { status: d.status }),
  };
}

const TRIP_FIELD_LABELS: Record<string, string> = {
  title: "Trip name",
  description: "Description",
  start_date: "Starts",
  end_date: "Ends",
  destinations: "Destinations",
  preferences: "Budget and interests",
  status: "Status",
};

/** A trip body field's value as the conflict dialog shows it. */
function showTripField(key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (key === "destinations") {
    const list = v as { name: string; country?: string }[];
    return list.map((d) => (d.country ? `${d.name} (${d.country})` : d.name)).join(", ") || "—";
  }
  if (key === "preferences") {
    const p = v as { budget?: { total: number; currency: string }; interests?: string[] };
    const parts = [
      p.budget ? `Budget ${formatMoney(p.budget.total, p.budget.currency)}` : null,
      p.interests?.length ? p.interests.join(", ") : null,
    ].filter(Boolean);
    return parts.join("\n") || "—";
  }
  if (key === "status") return STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? String(v);
  return String(v);
}

interface TripConflict {
  current: TripResponse;
  /** Who saved `current`, when the API names them. */
  changedBy: string | null;
  rows: ConflictRow[];
  resend: Record<string, unknown>;
}

/**
 * Create or edit a trip. Validates with the same zod schema as the API, then POSTs (create,
 * then navigates to the new trip) or PUTs (edit, then calls `onSaved`). Server field errors
 * land next to the same inputs as client ones.
 *
 * An edit sends only the fields the user changed, with `If-Match` of the trip version the
 * form was opened on (the trip's version also moves with every itinerary change). On 412,
 * edits of other fields are merged and re-sent; the same field changed by both opens the
 * conflict dialog (keep mine / take theirs).
 */
export function TripForm({
  trip,
  defaultDates,
  onSaved,
  onCancel,
}: {
  trip?: TripResponse;
  /** Suggested dates for a new trip, computed by the server so the render hydrates as is. */
  defaultDates?: { start: string; end: string };
  onSaved?: (trip: TripResponse) => void;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const uid = useId();
  // The version the edit is based on: later renders may pass a newer, live trip.
  const [base] = useState(trip);
  const editing = !!trip;
  const [title, setTitle] = useState(trip?.title ?? "");
  const [description, setDescription] = useState(trip?.description ?? "");
  const [startDate, setStartDate] = useState(
    () => trip?.start_date ?? defaultDates?.start ?? addDays(todayIso(), 30),
  );
  const [endDate, setEndDate] = useState(
    () => trip?.end_date ?? defaultDates?.end ?? addDays(todayIso(), 34),
  );
  const [destinations, setDestinations] = useState<DestinationRow[]>(() =>
    trip?.destinations.length
      ? trip.destinations.map((d, i) => ({ key: i, name: d.name, country: d.country ?? "" }))
      : [{ key: 0, name: "", country: "" }],
  );
  const [budgetTotal, setBudgetTotal] = useState(
    trip?.preferences.budget?.total !== undefined ? String(trip.preferences.budget.total) : "",
  );
  const [currency, setCurrency] = useState(trip?.preferences.budget?.currency ?? "EUR");
  const existingInterests = trip?.preferences.interests ?? [];
  const [interests, setInterests] = useState<string[]>(
    existingInterests.filter((i) => INTEREST_PRESETS.includes(i)),
  );
  const [otherInterests, setOtherInterests] = useState(
    existingInterests.filter((i) => !INTEREST_PRESETS.includes(i)).join(", "),
  );
  const [status, setStatus] = useState<string>(trip?.status ?? "planning");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [conflict, setConflict] = useState<TripConflict | null>(null);
  const [conflictError, setConflictError] = useState<string | null>(null);

  function buildBody() {
    return tripBodyOf(
      {
        title,
        description,
        startDate,
        endDate,
        destinations,
        budgetTotal,
        currency,
        interests,
        otherInterests,
        status,
      },
      editing,
    );
  }

  /**
   * PUTs `body` with `If-Match: version`; on 412 merges or opens the conflict dialog.
   * @returns true when saved
   */
  async function saveEdit(
    from: TripResponse,
    version: number,
    body: Record<string, unknown>,
    merges = 0,
  ): Promise<boolean> {
    try {
      const saved = await apiFetch<TripResponse>(`/api/trips/${from.id}`, {
        method: "PUT",
        body,
        ifMatch: version,
      });
      onSaved?.(saved);
      router.refresh();
      return true;
    } catch (err) {
      const current = conflictCurrent<TripResponse>(err);
      if (!current) throw err;
      const mine: Record<string, unknown> = buildBody();
      const theirs: Record<string, unknown> = tripBodyOf(draftOfTrip(current), true);
      const diff = threeWay(tripBodyOf(draftOfTrip(from), true), mine, theirs);
      const resend = pick(mine, diff.mine);
      if (!diff.clashes.length && merges < 3) return saveEdit(from, current.version, resend, merges + 1);
      setConflict({
        current,
        changedBy: conflictAuthor(err),
        rows: conflictRows(mine, theirs, diff, TRIP_FIELD_LABELS, showTripField),
        resend,
      });
      return false;
    }
  }

  async function keepMine() {
    if (!base || !conflict) return;
    setConflictError(null);
    setSubmitting(true);
    try {
      if (await saveEdit(base, conflict.current.version, conflict.resend)) setConflict(null);
    } catch (err) {
      setConflictError(errorMessage(err));
    }
    setSubmitting(false);
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const body = buildBody();
    if (body.preferences.budget && Number.isNaN((body.preferences.budget as { total: number }).total)) {
      setErrors({ "preferences.budget.total": "Enter a number" });
      return;
    }
    const parsed = (editing ? tripUpdateSchema : tripCreateSchema).safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldMap(parsed.error.issues));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      if (base) {
        const changed = changedKeys(tripBodyOf(draftOfTrip(base), true), body);
        if (!changed.length) onCancel?.();
        else await saveEdit(base, base.version, pick(body, changed));
      } else {
        const created = await apiFetch<TripResponse>("/api/trips", { method: "POST", body });
        onSaved?.(created);
        router.push(`/trips/${created.id}`);
        return; // keep the button disabled while navigating
      }
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) setErrors(err.byField());
      setFormError(errorMessage(err));
    }
    setSubmitting(false);
  }

  const err = (k: string) => errors[k];
  const updateDestination = (key: number, patch: Partial<Omit<DestinationRow, "key">>) =>
    setDestinations((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const destinationError = (i: number) => err(`destinations.${i}.name`) ?? err(`destinations.${i}`);

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate data-testid="trip-form">
      <FormError message={formError} />
      <TextField
        label="Trip name"
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder="Long weekend in Paris"
        required
        maxLength={200}
        error={err("title")}
        data-testid="trip-title"
      />
      <TextAreaField
        label={<OptionalLabel>Description</OptionalLabel>}
        name="description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        placeholder="What is this trip about?"
        rows={2}
        error={err("description")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Start date"
          name="start_date"
          type="date"
          value={startDate}
          onChange={(e) => {
            const v = e.target.value;
            setStartDate(v);
            if (v && endDate && endDate < v) setEndDate(v);
          }}
          required
          error={err("start_date")}
          data-testid="trip-start"
        />
        <TextField
          label="End date"
          name="end_date"
          type="date"
          value={endDate}
          min={startDate || undefined}
          onChange={(e) => setEndDate(e.target.value)}
          required
          error={err("end_date")}
          data-testid="trip-end"
        />
      </div>

      <fieldset>
        <legend className="field-label">Destinations</legend>
        <ul className="space-y-2">
          {destinations.map((d, i) => (
            <li key={d.key} className="flex items-start gap-2">
              <div className="grid flex-1 gap-2 sm:grid-cols-[2fr_1fr]">
                <div>
                  <label htmlFor={`${uid}-dest-${d.key}`} className="sr-only">
                    Destination {i + 1}
                  </label>
                  <input
                    id={`${uid}-dest-${d.key}`}
                    className="field-input"
                    placeholder={i === 0 ? "City or region, e.g. Paris" : "Another stop"}
                    value={d.name}
                    aria-invalid={destinationError(i) ? true : undefined}
                    data-testid={`trip-destination-${i}`}
                    onChange={(e) => updateDestination(d.key, { name: e.target.value })}
                  />
                  {destinationError(i) ? <p className="field-error">{destinationError(i)}</p> : null}
                </div>
                <div>
                  <label htmlFor={`${uid}-country-${d.key}`} className="sr-only">
                    Country of destination {i + 1}
                  </label>
                  <input
                    id={`${uid}-country-${d.key}`}
                    className="field-input"
                    placeholder="Country (optional)"
                    value={d.country}
                    onChange={(e) => updateDestination(d.key, { country: e.target.value })}
                  />
                </div>
              </div>
              <button
                type="button"
                className="btn-icon mt-1"
                aria-label={`Remove destination ${i + 1}`}
                disabled={destinations.length === 1}
                onClick={() => setDestinations((rows) => rows.filter((r) => r.key !== d.key))}
              >
                <XIcon />
              </button>
            </li>
          ))}
        </ul>
        {err("destinations") ? <p className="field-error">{err("destinations")}</p> : null}
        {destinations.length < 20 ? (
          <button
            type="button"
            className="btn-ghost mt-2 px-2 text-brand-700"
            onClick={() =>
              setDestinations((rows) => [...rows, { key: nextKey(rows), name: "", country: "" }])
            }
          >
            <PlusIcon /> Add destination
          </button>
        ) : null}
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField
          label={<OptionalLabel>Budget</OptionalLabel>}
          name="budget_total"
          {...DECIMAL_INPUT}
          placeholder="2000"
          value={budgetTotal}
          onChange={(e) => setBudgetTotal(e.target.value)}
          error={err("preferences.budget.total") ?? err("preferences.budget")}
          data-testid="trip-budget"
        />
        <CurrencyField
          name="currency"
          value={currency}
          onValueChange={setCurrency}
          error={err("preferences.budget.currency")}
        />
      </div>

      <fieldset>
        <legend className="field-label">Interests</legend>
        <div className="flex flex-wrap gap-2">
          {INTEREST_PRESETS.map((interest) => {
            const checked = interests.includes(interest);
            return (
              <label
                key={interest}
                className={`cursor-pointer rounded-full border px-3 py-1 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                  checked
                    ? "border-brand-500 bg-brand-50 text-brand-800"
                    : "border-slate-300 bg-white text-slate-600 hover:border-slate-400"
                }`}
              >
                <input
                  type="checkbox"
                  className="sr-only"
                  checked={checked}
                  onChange={() =>
                    setInterests((list) =>
                      checked ? list.filter((x) => x !== interest) : [...list, interest],
                    )
                  }
                />
                {interest}
              </label>
            );
          })}
        </div>
        <TextField
          className="mt-3"
          label={<span className="text-xs font-normal text-slate-500">Other interests, comma-separated</span>}
          name="other_interests"
          value={otherInterests}
          onChange={(e) => setOtherInterests(e.target.value)}
          placeholder="Jazz, street food"
          error={err("preferences.interests")}
        />
      </fieldset>

      {editing ? (
        <SelectField label="Status" name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <Options items={STATUS_OPTIONS} />
        </SelectField>
      ) : null}

      <FormActions
        gap="pt-2"
        pending={submitting}
        onCancel={onCancel}
        submitLabel={
          submitting ? (editing ? "Saving…" : "Creating…") : editing ? "Save changes" : "Create trip"
        }
        submitTestId="trip-submit"
      />
      <ConflictDialog
        open={!!conflict}
        itemName="this trip"
        changedBy={conflict?.changedBy}
        changedAt={conflict?.current.updated_at}
        rows={conflict?.rows ?? []}
        busy={submitting}
        error={conflictError}
        onKeepMine={() => void keepMine()}
        onTakeTheirs={() => {
          const current = conflict?.current;
          setConflict(null);
          setConflictError(null);
          if (current) onSaved?.(current);
        }}
        onDismiss={() => setConflict(null)}
      />
    </form>
  );
}
