"use client";

import { useMutation } from "@tanstack/react-query";
import {
  type ComponentType,
  type ReactNode,
  type RefObject,
  useCallback,
  useId,
  useRef,
  useState,
} from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { useSegmentActions } from "@/client/itinerary";
import type { ItineraryResponse } from "@/client/types";
import { useFocusFirstInvalid } from "../settings/use-focus-invalid";
import { FormError, TextField } from "../ui/field";
import { PlusIcon } from "../ui/icons";
import { placeLabel, type SegmentBody } from "./segments";
import type { SearchAnswer, TravelHints } from "./types";

/** "1 stay", "3 stays". */
export function countLabel(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A number typed into a field; NaN when it is empty (so validation rejects it, not 0). */
export function numberOf(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

/** The offline inventory's disclaimer (`search_metadata.provider === "offline"`). */
export function OfflineNote({ provider }: { provider: string | undefined }) {
  if (provider !== "offline") return null;
  return (
    <p
      className="rounded-lg bg-amber-50 px-2.5 py-1.5 text-xs font-medium text-amber-800"
      data-testid="offline-note"
    >
      Sample inventory (offline mode) — prices are modelled, not live
    </p>
  );
}

/**
 * Splits an API failure into messages for the form's own fields (by `errors[].field`) and a
 * banner message; field errors the form has no control for go to the banner.
 */
export function splitApiError(
  err: unknown,
  fields: readonly string[],
): { fieldErrors: Record<string, string>; formError: string } {
  const fieldErrors: Record<string, string> = {};
  const other: string[] = [];
  if (err instanceof ApiClientError) {
    for (const e of err.fieldErrors) {
      if (fields.includes(e.field)) fieldErrors[e.field] ??= e.message;
      else other.push(e.field ? `${e.field}: ${e.message}` : e.message);
    }
  }
  const base = errorMessage(err);
  const formError = other.length
    ? `${base}: ${other.join("; ")}`
    : Object.keys(fieldErrors).length
      ? `${base}. Check the highlighted fields.`
      : base;
  return { fieldErrors, formError };
}

/** A failed write's message, with the API's field messages ("day_index: …") appended. */
function describeFailure(err: unknown): string {
  const base = errorMessage(err);
  if (!(err instanceof ApiClientError) || err.fieldErrors.length === 0) return base;
  return `${base}: ${err.fieldErrors.map((e) => e.message).join("; ")}`;
}

export type AddState =
  | { status: "pending" }
  | { status: "done"; message: string }
  | { status: "error"; message: string };

/**
 * Adds results to the itinerary, one or more segments per result (in order), and remembers
 * each result's outcome by key for its row. The itinerary refetches after every write.
 */
export function useAddToItinerary(tripId: string) {
  const { add, remove } = useSegmentActions(tripId);
  const { mutateAsync } = add;
  const { mutateAsync: removeAsync } = remove;
  const [states, setStates] = useState<Record<string, AddState>>({});

  const addResult = useCallback(
    async (key: string, bodies: SegmentBody[], labels: string[]): Promise<void> => {
      setStates((s) => ({ ...s, [key]: { status: "pending" } }));
      const done: string[] = [];
      const added: { segmentId: string; version: number }[] = [];
      for (const [i, body] of bodies.entries()) {
        const label = labels[i] ?? "Item";
        try {
          const seg = await mutateAsync(body);
          added.push({ segmentId: seg.id, version: seg.version });
          done.push(`${label} added to ${placeLabel(seg.day_index)}`);
        } catch (err) {
          // All or nothing: take back what this result already added (e.g. the outbound of a
          // round trip whose return failed).
          const undone = await Promise.allSettled(added.map((a) => removeAsync(a)));
          const kept = undone.some((u) => u.status === "rejected");
          const failed = `${label} could not be added: ${describeFailure(err)}`;
          const message = kept
            ? `${failed} Some parts were added and could not be removed; check the itinerary.`
            : `${failed}${added.length ? " Nothing was added." : ""}`;
          setStates((s) => ({ ...s, [key]: { status: "error", message } }));
          return;
        }
      }
      setStates((s) => ({ ...s, [key]: { status: "done", message: `${done.join("; ")}.` } }));
    },
    [mutateAsync, removeAsync],
  );

  const reset = useCallback(() => setStates({}), []);
  return { states, addResult, reset };
}

/** A result row's "Add to itinerary" button and its outcome (announced politely). */
export function AddToItinerary({
  state,
  onAdd,
  context,
  testId,
}: {
  state: AddState | undefined;
  onAdd: () => void;
  /** Names the result for screen readers: "Add to itinerary: Air France, US$884". */
  context: string;
  testId: string;
}) {
  const pending = state?.status === "pending";
  const done = state?.status === "done";
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        className={done ? "btn-secondary" : "btn-primary"}
        onClick={onAdd}
        disabled={pending || done}
        data-testid={testId}
      >
        {done ? null : <PlusIcon />}
        {pending ? "Adding…" : done ? "Added" : "Add to itinerary"}
        <span className="sr-only">: {context}</span>
      </button>
      <p
        role="status"
        aria-live="polite"
        className={`max-w-xs text-right text-xs ${state?.status === "error" ? "font-medium text-red-600" : "text-brand-700"}`}
      >
        {state && state.status !== "pending" ? state.message : ""}
      </p>
    </div>
  );
}

/** One result row's props: the offer and its "Add to itinerary" state (editors only). */
export interface ResultRowProps<T> {
  offer: T;
  writable: boolean;
  state: AddState | undefined;
  onAdd: () => void;
}

/**
 * A result row: the offer's details (`children`), then its price and, for editors,
 * "Add to itinerary" (`add`).
 */
export function OfferCard({
  testId,
  offerId,
  price,
  add,
  children,
}: {
  testId: string;
  offerId: string;
  /** The price lines, inside a right-aligned paragraph. */
  price: ReactNode;
  add: { state: AddState | undefined; onAdd: () => void; context: string; testId: string } | null;
  children: ReactNode;
}) {
  return (
    <li
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:flex-row sm:items-start"
      data-testid={testId}
      data-offer-id={offerId}
    >
      {children}
      <div className="flex shrink-0 flex-row items-end justify-between gap-3 border-t border-slate-100 pt-2 sm:flex-col sm:border-0 sm:pt-0">
        <p className="text-right">{price}</p>
        {add ? <AddToItinerary {...add} /> : null}
      </div>
    </li>
  );
}

/** What a form control needs from {@link useTravelSearch}: its name, value, setter and error. */
export interface FieldBinding {
  name: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error: string | undefined;
}

/** A search that has answered: the request body it sent and the API's answer. */
export interface Answered<Q, T> {
  query: Q;
  data: SearchAnswer<T>;
}

/** The props of the trip page's flight and stay search. */
export interface TravelSearchProps {
  trip: ItineraryResponse;
  hints: TravelHints;
  /** Whether the caller may add results to the itinerary (editors). */
  writable: boolean;
}

/** A search endpoint's client: `POST`s the request body to `endpoint`, resolves to its answer. */
export function postSearch<T>(endpoint: string): (query: unknown) => Promise<SearchAnswer<T>> {
  return (query) => apiFetch<SearchAnswer<T>>(endpoint, { method: "POST", body: query });
}

/**
 * What sets one search apart: its endpoint (see {@link postSearch}), its form's defaults (one
 * string per control, keyed by the API's field name), the request body for the form's values
 * and the checks made before sending it (messages by field).
 */
export interface TravelSearchConfig<F, Q, T> {
  search: (query: Q) => Promise<SearchAnswer<T>>;
  initialForm: (trip: ItineraryResponse, hints: TravelHints) => F;
  toQuery: (form: F) => Q;
  validate: (query: Q) => Record<string, string>;
}

/**
 * State of a trip page search form (flights or stays): the form's values and field errors,
 * the search request, the last answer with the query that produced it, and each
 * result's "Add to itinerary" state (cleared by every new answer).
 *
 * On submit the form's values become the request body (`toQuery`); when `validate` finds
 * problems they show at their fields and nothing is sent. API field errors for the form's own controls (its value keys) show at those controls, the
 * rest in the form's banner; focus moves to the first invalid control.
 */
export function useTravelSearch<F extends { [K in keyof F]: string }, Q, T>(
  { search, initialForm, toQuery, validate }: TravelSearchConfig<F, Q, T>,
  trip: ItineraryResponse,
  hints: TravelHints,
) {
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(() => initialForm(trip, hints));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<Answered<Q, T> | null>(null);
  const { states, addResult, reset } = useAddToItinerary(trip.id);
  useFocusFirstInvalid(formRef, errors);

  const { mutateAsync, isPending: pending } = useMutation({ mutationFn: search });

  function field(name: keyof F & string): FieldBinding {
    return {
      name,
      value: form[name],
      onChange: (e) => setForm((f) => ({ ...f, [name]: e.target.value })),
      error: errors[name],
    };
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const query = toQuery(form);
    const invalid = validate(query);
    if (Object.keys(invalid).length) {
      setErrors(invalid);
      return;
    }
    setErrors({});
    try {
      const data = await mutateAsync(query);
      reset();
      setAnswer({ query, data });
    } catch (err) {
      const { fieldErrors, formError: message } = splitApiError(err, Object.keys(form));
      setErrors(fieldErrors);
      setFormError(message);
    }
  }

  return {
    form,
    field,
    formRef,
    formError,
    onSubmit,
    pending,
    answer,
    results: answer?.data.results ?? [],
    states,
    addResult,
  };
}

/** The texts of a search's status line; `found` leads "N found …" ("3 flights found for JFK → PAR"). */
export interface StatusText<Q> {
  searching: string;
  found: (query: Q, total: number) => string;
  none: (query: Q) => string;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The results' live status line: the searching text while pending, nothing before the first
 * answer, then "`found`, showing M." (the count part only when the API found more than it
 * sent) or the `none` text followed by the API's `warnings` (e.g. a date in the past).
 */
export function searchStatus<Q, T>(
  { pending, answer }: { pending: boolean; answer: Answered<Q, T> | null },
  text: StatusText<Q>,
): string {
  if (pending) return text.searching;
  if (!answer) return "";
  const shown = answer.data.results.length;
  const why = answer.data.search_metadata.warnings?.join(" ");
  if (!shown) return why ? `${text.none(answer.query)} ${capitalise(why)}.` : text.none(answer.query);
  const total = answer.data.search_metadata.total_results;
  return `${text.found(answer.query, total)}${total > shown ? `, showing ${shown}` : ""}.`;
}

/**
 * A search form: the banner error, the controls (`children`) in a grid and the submit button,
 * whose text (`label`) also names the form.
 */
export function SearchForm({
  search,
  label,
  icon,
  submitTestId,
  children,
}: {
  search: {
    formRef: RefObject<HTMLFormElement | null>;
    onSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
    formError: string | null;
    pending: boolean;
  };
  label: string;
  icon: ReactNode;
  submitTestId: string;
  children: ReactNode;
}) {
  return (
    <form ref={search.formRef} onSubmit={search.onSubmit} noValidate className="space-y-4" aria-label={label}>
      <FormError message={search.formError} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
      <SearchSubmit pending={search.pending} icon={icon} label={label} testId={submitTestId} />
    </form>
  );
}

/** The submit row of a search form: "Searching…" (and disabled) while a search runs. */
export function SearchSubmit({
  pending,
  icon,
  label,
  testId,
}: {
  pending: boolean;
  icon: ReactNode;
  label: string;
  testId: string;
}) {
  return (
    <div className="flex justify-end">
      <button type="submit" className="btn-primary" disabled={pending} data-testid={testId}>
        {icon}
        {pending ? "Searching…" : label}
      </button>
    </div>
  );
}

/** A required whole-number field from 1 to `max` (passengers, guests, rooms). */
export function CountField({
  max,
  ...props
}: FieldBinding & { label: string; max: number; "data-testid": string }) {
  return <TextField type="number" inputMode="numeric" min={1} max={max} step={1} required {...props} />;
}

/**
 * The results of a search: a visually hidden heading, the live status line (see
 * {@link searchStatus}), an optional toolbar, one `Row` per result (dimmed while a new search
 * runs; `onAdd` adds a result to the itinerary) and, for viewers, why results cannot be added.
 */
export function ResultsSection<Q, T extends { id: string }>({
  search,
  title,
  status,
  statusTestId,
  toolbar,
  listLabel,
  listTestId,
  Row,
  onAdd,
  writable,
}: {
  search: {
    pending: boolean;
    answer: Answered<Q, T> | null;
    results: readonly T[];
    states: Record<string, AddState>;
  };
  title: string;
  status: StatusText<Q>;
  statusTestId: string;
  toolbar: ReactNode;
  listLabel: string;
  listTestId: string;
  Row: ComponentType<ResultRowProps<T>>;
  onAdd: (offer: T) => void;
  writable: boolean;
}) {
  const headingId = useId();
  const { pending, results, states } = search;
  return (
    <section aria-labelledby={headingId} aria-busy={pending} className="space-y-3">
      <h3 id={headingId} className="sr-only">
        {title}
      </h3>
      <p role="status" aria-live="polite" className="text-sm text-slate-600" data-testid={statusTestId}>
        {searchStatus(search, status)}
      </p>
      {toolbar}
      {results.length ? (
        <ol
          aria-label={listLabel}
          className={`space-y-2 ${pending ? "opacity-60" : ""}`}
          data-testid={listTestId}
        >
          {results.map((offer) => (
            <Row
              key={offer.id}
              offer={offer}
              writable={writable}
              state={states[offer.id]}
              onAdd={() => onAdd(offer)}
            />
          ))}
        </ol>
      ) : null}
      {results.length > 0 && !writable ? (
        <p className="text-xs text-slate-500">
          You can view this trip only, so results cannot be added to it.
        </p>
      ) : null}
    </section>
  );
}
