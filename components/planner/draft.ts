/**
 * The planner page's editable draft: the `/v1/ai` assistant API's `plannerDraft` as form
 * fields, how a new answer merges into what the user already edited, and the body
 * "Create this trip" sends. Browser-side; no server imports beyond types.
 */
import type { PlannerDraft } from "@/lib/domain/chat/planner";
import { daysBetween } from "@/lib/domain/itinerary/dates";

export type TimeBlock = "morning" | "afternoon" | "evening";

export interface DraftItem {
  key: number;
  dayIndex: string;
  title: string;
  timeBlock: TimeBlock | "";
  category: string;
  notes: string;
}

export interface DraftForm {
  title: string;
  destination: string;
  country: string;
  /** Comma-separated city names. */
  cities: string;
  startDate: string;
  endDate: string;
  travelers: string;
  budgetTotal: string;
  currency: string;
  activities: string[];
  itinerary: DraftItem[];
}

/** A field the user can edit; once edited, later planner answers leave it alone. */
export type DraftField = Exclude<keyof DraftForm, "activities">;

/** The server's error field (`errors[].field`) for a form field. */
export const ERROR_KEY: Record<DraftField, string> = {
  title: "title",
  destination: "destination",
  country: "country",
  cities: "cities",
  startDate: "start_date",
  endDate: "end_date",
  travelers: "travelers",
  budgetTotal: "budget.total",
  currency: "budget.currency",
  itinerary: "itinerary",
};

export const EMPTY_DRAFT: DraftForm = {
  title: "",
  destination: "",
  country: "",
  cities: "",
  startDate: "",
  endDate: "",
  travelers: "",
  budgetTotal: "",
  currency: "USD",
  activities: [],
  itinerary: [],
};

let itemKey = 0;
/** A fresh key for an itinerary row. */
export function nextItemKey(): number {
  itemKey += 1;
  return itemKey;
}

/**
 * Merges a planner answer's draft into the form: every field the user has not edited takes
 * the planner's value when it has one; edited fields keep the user's. The currency is the
 * draft's own (`plannerDraft.currency`, read by the planner with its budget).
 */
export function mergeDraft(
  form: DraftForm,
  draft: PlannerDraft | null,
  edited: ReadonlySet<DraftField>,
): DraftForm {
  if (!draft) return form;
  const next = { ...form, activities: draft.activities.length ? draft.activities : form.activities };
  const take = <K extends DraftField>(field: K, value: DraftForm[K] | "" | undefined) => {
    if (!edited.has(field) && value !== undefined && value !== "") next[field] = value as DraftForm[K];
  };
  take("destination", draft.destination);
  take("country", draft.country);
  take("cities", draft.cities.join(", "));
  take("startDate", draft.startDate);
  take("endDate", draft.endDate);
  take("travelers", draft.travelers ? String(draft.travelers) : "");
  take("budgetTotal", draft.budgetTotal ? String(draft.budgetTotal) : "");
  if (draft.budgetTotal) take("currency", draft.currency ?? undefined);
  if (!edited.has("itinerary") && draft.itinerary.length) {
    next.itinerary = draft.itinerary.map((i) => ({
      key: nextItemKey(),
      dayIndex: String(i.dayIndex),
      title: i.title,
      timeBlock: i.timeBlock,
      category: i.category,
      notes: i.notes,
    }));
  }
  return next;
}

/** The fields the user edited, as the planner's `plannerContext` (so its next answer builds on them). */
export function plannerContextOf(form: DraftForm, edited: ReadonlySet<DraftField>): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  if (edited.has("destination") && form.destination.trim()) ctx.destination = form.destination.trim();
  if (edited.has("travelers") && Number(form.travelers) >= 1)
    ctx.travelers = Math.floor(Number(form.travelers));
  if (edited.has("startDate") && form.startDate) ctx.startDate = form.startDate;
  if (edited.has("endDate") && form.endDate) ctx.endDate = form.endDate;
  if (edited.has("budgetTotal") && Number(form.budgetTotal) > 0) ctx.budgetTotal = Number(form.budgetTotal);
  return ctx;
}

/** Whole days from `start` to `end` inclusive, or null while either is missing or they are out of order. */
export function dayCount(start: string, end: string): number | null {
  const days = start && end ? daysBetween(start, end) : Number.NaN;
  return Number.isNaN(days) || days < 0 ? null : days + 1;
}

/** The body of "Create this trip" (validated again on the server by `draftTripSchema`). */
export function toCreateBody(form: DraftForm): Record<string, unknown> {
  const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
  const travelers = num(form.travelers);
  const total = num(form.budgetTotal);
  return {
    ...(form.title.trim() && { title: form.title.trim() }),
    destination: form.destination.trim(),
    ...(form.country.trim() && { country: form.country.trim() }),
    cities: form.cities
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    start_date: form.startDate,
    end_date: form.endDate,
    ...(travelers !== undefined && { travelers }),
    ...(total !== undefined && total > 0 && { budget: { total, currency: form.currency } }),
    activities: form.activities,
    itinerary: form.itinerary.map((i) => ({
      dayIndex: Number(i.dayIndex),
      title: i.title,
      timeBlock: i.timeBlock || null,
      ...(i.category && { category: i.category }),
      ...(i.notes && { notes: i.notes }),
    })),
  };
}
