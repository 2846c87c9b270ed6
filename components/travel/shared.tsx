"use client";

import { useCallback, useState } from "react";
import { ApiClientError, errorMessage } from "@/lib/client/api";
import { useSegmentActions } from "@/lib/client/itinerary";
import { PlusIcon } from "../ui/icons";
import { placeLabel, type SegmentBody } from "./segments";

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
  const { add } = useSegmentActions(tripId);
  const { mutateAsync } = add;
  const [states, setStates] = useState<Record<string, AddState>>({});

  const addResult = useCallback(
    async (key: string, bodies: SegmentBody[], labels: string[]): Promise<void> => {
      setStates((s) => ({ ...s, [key]: { status: "pending" } }));
      const done: string[] = [];
      for (const [i, body] of bodies.entries()) {
        const label = labels[i] ?? "Item";
        try {
          const seg = await mutateAsync(body);
          done.push(`${label} added to ${placeLabel(seg.day_index)}`);
        } catch (err) {
          const failed = `${label} could not be added: ${describeFailure(err)}`;
          const message = done.length ? `${done.join("; ")}. ${failed}` : failed;
          setStates((s) => ({ ...s, [key]: { status: "error", message } }));
          return;
        }
      }
      setStates((s) => ({ ...s, [key]: { status: "done", message: `${done.join("; ")}.` } }));
    },
    [mutateAsync],
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
