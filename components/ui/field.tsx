"use client";

import { useId } from "react";
import { CURRENCIES } from "@/client/format";

type Common = {
  label: React.ReactNode;
  error?: string | null;
  hint?: React.ReactNode;
  className?: string;
};

/** Renders a label + control + hint/error, wiring `id`, `aria-invalid` and `aria-describedby`. */
function FieldShell({
  id,
  label,
  error,
  hint,
  className,
  children,
}: Common & { id: string; children: React.ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** `aria-describedby` for a control: its error when shown, else its hint. */
function describedBy(id: string, error?: string | null, hint?: React.ReactNode): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

/** A labelled `<input>` with an optional hint or error below it; `id` defaults to a generated one. */
export function TextField({
  label,
  error,
  hint,
  className,
  id: idProp,
  ...input
}: Common & React.InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const id = idProp ?? auto;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <input
        id={id}
        className="field-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </FieldShell>
  );
}

/** A labelled `<textarea>` with an optional hint or error below it; `id` defaults to a generated one. */
export function TextAreaField({
  label,
  error,
  hint,
  className,
  id: idProp,
  ...input
}: Common & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const id = idProp ?? auto;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <textarea
        id={id}
        className="field-input min-h-20 resize-y"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </FieldShell>
  );
}

/** A labelled `<select>` (options as children) with an optional hint or error below it. */
export function SelectField({
  label,
  error,
  hint,
  className,
  id: idProp,
  children,
  ...select
}: Common & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const id = idProp ?? auto;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <select
        id={id}
        className="field-input pr-8"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...select}
      >
        {children}
      </select>
    </FieldShell>
  );
}

/** A form-level error banner. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </div>
  );
}

/**
 * A field label followed by a muted "(optional)" marker. Renders the same nodes as writing
 * `Notes <span className="font-normal text-slate-400">(optional)</span>` inline.
 */
export function OptionalLabel({ children }: { children: string }) {
  return (
    <>
      {`${children} `}
      <span className="font-normal text-slate-400">(optional)</span>
    </>
  );
}

/** One choice for {@link Options}: a bare value (shown as its own label) or a value with a label. */
export type OptionItem = string | { value: string; label: React.ReactNode };

/** The `<option>`s of a select, one per item, keyed by value. */
export function Options({ items }: { items: readonly OptionItem[] }) {
  return (
    <>
      {items.map((item) => {
        const { value, label } = typeof item === "string" ? { value: item, label: item } : item;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </>
  );
}

/** Grouped choices for a select: one `<optgroup>` per group, each with its {@link Options}. */
export function OptionGroups({
  groups,
}: {
  groups: readonly { group: string; options: readonly OptionItem[] }[];
}) {
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g.group} label={g.group}>
          <Options items={g.options} />
        </optgroup>
      ))}
    </>
  );
}

/** Input attributes for a non-negative decimal amount (a price or a budget): spread onto a {@link TextField}. */
export const DECIMAL_INPUT = { type: "number", inputMode: "decimal", min: 0, step: "any" } as const;

/**
 * A "Currency" select over `choices` (default: `CURRENCIES`), with the current `value` listed
 * first (so a stored code outside `choices` still shows) and each code as its own label.
 */
export function CurrencyField({
  value,
  choices = CURRENCIES,
  onValueChange,
  ...select
}: Omit<Common, "label"> &
  Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange" | "children"> & {
    value: string;
    choices?: readonly string[];
    onValueChange: (value: string) => void;
  }) {
  return (
    <SelectField label="Currency" value={value} onChange={(e) => onValueChange(e.target.value)} {...select}>
      <Options items={[...new Set([value, ...choices])]} />
    </SelectField>
  );
}

/** The submit button of a form: disabled while `pending`. */
function SubmitButton({
  pending,
  testId,
  children,
}: {
  pending: boolean;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <button type="submit" className="btn-primary" disabled={pending} data-testid={testId}>
      {children}
    </button>
  );
}

/**
 * The footer of a dialog-style form: an optional Cancel button and the submit button, stacked
 * on small screens (submit on top) and right-aligned from `sm` up. Both are disabled while `pending`.
 */
export function FormActions({
  pending,
  onCancel,
  submitLabel,
  submitTestId,
  gap = "pt-1",
}: {
  pending: boolean;
  /** Shows a Cancel button calling this. */
  onCancel?: () => void;
  submitLabel: React.ReactNode;
  submitTestId?: string;
  /** Space above the buttons. */
  gap?: "pt-1" | "pt-2";
}) {
  return (
    <div className={`flex flex-col-reverse gap-2 ${gap} sm:flex-row sm:justify-end`}>
      {onCancel ? (
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      ) : null}
      <SubmitButton pending={pending} testId={submitTestId}>
        {submitLabel}
      </SubmitButton>
    </div>
  );
}

/**
 * The footer of a settings form: the form-level `error` and `children` (e.g. a saved notice)
 * on the left, the submit button on the right, reading "Saving…" while `pending`.
 */
export function SaveBar({
  error,
  pending,
  label,
  testId,
  children,
}: {
  error?: string | null;
  pending: boolean;
  /** The submit button's text when not pending. */
  label: React.ReactNode;
  /** `data-testid` of the submit button. */
  testId?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <div className="mr-auto min-w-0">
        <FormError message={error} />
        {children}
      </div>
      <SubmitButton pending={pending} testId={testId}>
        {pending ? "Saving…" : label}
      </SubmitButton>
    </div>
  );
}
