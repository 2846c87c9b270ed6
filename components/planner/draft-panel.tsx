"use client";

import { CURRENCIES, TIME_BLOCK_LABEL } from "@/client/format";
import { CurrencyField, DECIMAL_INPUT, FormError, SelectField, TextField } from "../ui/field";
import { PlusIcon, TrashIcon } from "../ui/icons";
import {
  type DraftField,
  type DraftForm,
  type DraftItem,
  dayCount,
  ERROR_KEY,
  nextItemKey,
  type TimeBlock,
} from "./draft";

const BLOCKS: TimeBlock[] = ["morning", "afternoon", "evening"];
const CATEGORIES = [
  { value: "activities", label: "Activity" },
  { value: "meals", label: "Meal" },
  { value: "accommodation", label: "Stay" },
  { value: "transport", label: "Transfer" },
  { value: "note", label: "Note" },
];

/** One drafted itinerary item: day, time of day, kind and title, each editable, and a remove button. */
function ItemRow({
  item,
  index,
  days,
  errors,
  onChange,
  onRemove,
}: {
  item: DraftItem;
  index: number;
  days: number | null;
  errors: Record<string, string>;
  onChange: (patch: Partial<DraftItem>) => void;
  onRemove: () => void;
}) {
  const dayError = errors[`itinerary.${index}.dayIndex`];
  const titleError = errors[`itinerary.${index}.title`];
  const late = days !== null && Number(item.dayIndex) > days;
  return (
    <li className="rounded-xl border border-slate-200 p-3" data-testid="draft-item">
      <div className="grid grid-cols-[4.5rem_minmax(0,1fr)_auto] items-end gap-2">
        <TextField
          label="Day"
          type="number"
          min={1}
          value={item.dayIndex}
          onChange={(e) => onChange({ dayIndex: e.target.value })}
          error={dayError ?? (late ? `After day ${days}` : undefined)}
          data-testid="draft-item-day"
        />
        <TextField
          label="Title"
          value={item.title}
          maxLength={200}
          onChange={(e) => onChange({ title: e.target.value })}
          error={titleError}
          data-testid="draft-item-title"
        />
        <button
          type="button"
          className="btn-ghost mb-0.5 px-2"
          onClick={onRemove}
          aria-label={`Remove ${item.title || "this item"}`}
          data-testid="draft-item-remove"
        >
          <TrashIcon />
        </button>
      </div>
      <div className="mt-2 grid grid-cols-2 gap-2">
        <SelectField
          label="Time of day"
          value={item.timeBlock}
          onChange={(e) => onChange({ timeBlock: e.target.value as TimeBlock | "" })}
        >
          <option value="">Any time</option>
          {BLOCKS.map((b) => (
            <option key={b} value={b}>
              {TIME_BLOCK_LABEL[b] ?? b}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Kind"
          value={item.category}
          onChange={(e) => onChange({ category: e.target.value })}
        >
          {[...new Set([item.category, ...CATEGORIES.map((c) => c.value)])].filter(Boolean).map((v) => (
            <option key={v} value={v}>
              {CATEGORIES.find((c) => c.value === v)?.label ?? v}
            </option>
          ))}
        </SelectField>
      </div>
    </li>
  );
}

/**
 * The draft beside the planner chat: destination, cities, dates, travellers, budget and the
 * suggested days, all editable, and "Create this trip".
 */
export function DraftPanel({
  form,
  errors,
  formError,
  creating,
  onEdit,
  onCreate,
}: {
  form: DraftForm;
  errors: Record<string, string>;
  formError: string | null;
  creating: boolean;
  onEdit: <K extends DraftField>(field: K, value: DraftForm[K]) => void;
  onCreate: () => void;
}) {
  const days = dayCount(form.startDate, form.endDate);
  const setItem = (key: number, patch: Partial<DraftItem>) =>
    onEdit(
      "itinerary",
      form.itinerary.map((i) => (i.key === key ? { ...i, ...patch } : i)),
    );
  const text = (field: DraftField, label: string, testId: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label}
      value={form[field] as string}
      onChange={(e) => onEdit(field, e.target.value as never)}
      error={errors[ERROR_KEY[field]]}
      data-testid={testId}
      {...extra}
    />
  );
  return (
    <section aria-labelledby="draft-heading" className="card p-4 sm:p-5" data-testid="planner-draft">
      <h2 id="draft-heading" className="text-lg font-semibold">
        Your draft
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">
        Fills in as you talk. Anything you change here stays as you set it.
      </p>
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onCreate();
        }}
      >
        {text("destination", "Destination", "draft-destination", { maxLength: 200 })}
        <div className="grid grid-cols-2 gap-3">
          {text("country", "Country", "draft-country", { maxLength: 100 })}
          {text("cities", "Cities", "draft-cities", { hint: "Comma-separated, in order" })}
        </div>
        <div className="grid grid-cols-2 gap-3">
          {text("startDate", "Start date", "draft-start", { type: "date" })}
          {text("endDate", "End date", "draft-end", { type: "date" })}
        </div>
        {days ? (
          <p className="-mt-2 text-xs text-slate-500" data-testid="draft-days">
            {days} day{days === 1 ? "" : "s"}
          </p>
        ) : null}
        <div className="grid grid-cols-[5.5rem_minmax(0,1fr)_6.5rem] gap-3">
          {text("travelers", "Travellers", "draft-travelers", { type: "number", min: 1, max: 50 })}
          {text("budgetTotal", "Budget (total)", "draft-budget", DECIMAL_INPUT)}
          <CurrencyField
            value={form.currency}
            choices={CURRENCIES}
            onValueChange={(v) => onEdit("currency", v)}
            data-testid="draft-currency"
          />
        </div>
        {text("title", "Trip name", "draft-title", {
          maxLength: 200,
          placeholder: form.destination ? `Trip to ${form.destination}` : "Optional",
        })}
        <fieldset>
          <legend className="field-label">Suggested days</legend>
          {form.itinerary.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid="draft-no-items">
              Mention sights or must-dos and they appear here, one per day.
            </p>
          ) : (
            <ol className="space-y-2" data-testid="draft-items">
              {form.itinerary.map((item, index) => (
                <ItemRow
                  key={item.key}
                  item={item}
                  index={index}
                  days={days}
                  errors={errors}
                  onChange={(patch) => setItem(item.key, patch)}
                  onRemove={() =>
                    onEdit(
                      "itinerary",
                      form.itinerary.filter((i) => i.key !== item.key),
                    )
                  }
                />
              ))}
            </ol>
          )}
          <button
            type="button"
            className="btn-secondary mt-2"
            onClick={() =>
              onEdit("itinerary", [
                ...form.itinerary,
                {
                  key: nextItemKey(),
                  dayIndex: String(Math.min(days ?? 1, (form.itinerary.length % (days ?? 1)) + 1)),
                  title: "",
                  timeBlock: "",
                  category: "activities",
                  notes: "",
                },
              ])
            }
            data-testid="draft-add-item"
          >
            <PlusIcon /> Add an item
          </button>
        </fieldset>
        <FormError message={formError} />
        <button
          type="submit"
          className="btn-primary w-full justify-center"
          disabled={creating}
          data-testid="draft-create"
        >
          {creating ? "Creating…" : "Create this trip"}
        </button>
      </form>
    </section>
  );
}
