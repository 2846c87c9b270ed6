"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ComponentProps, type FormEvent, type ReactNode, useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import { ConfirmAction } from "@/components/sharing/confirm-action";
import { CopyField } from "@/components/sharing/copy-field";
import { PlusIcon } from "../ui/icons";

/** The remove-with-confirm state of a {@link useSecretList}: which item is asked about, and the request. */
export type RemoveState<T> = {
  /** The item the confirm dialog asks about; `null` while it is closed. */
  target: T | null;
  /** Opens the confirm dialog for `item`. */
  ask: (item: T) => void;
  /** Closes the confirm dialog and clears its error. */
  cancel: () => void;
  /** Sends the DELETE for the target, then closes the dialog and refetches the list. */
  confirm: () => void;
  busy: boolean;
  error: string | null;
};

/**
 * The state behind a settings list of things that carry a secret (API keys, webhooks):
 * the list query (seeded with the server-rendered `initial`), whether the create dialog is
 * open, and a remove-with-confirm flow that DELETEs `${url}/${id}` and refetches the list.
 */
export function useSecretList<R extends object, T extends { id: string }>({
  queryKey,
  url,
  initial,
}: {
  queryKey: readonly unknown[];
  url: string;
  initial: R;
}) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => apiFetch<R>(url, { signal }),
    initialData: initial,
    initialDataUpdatedAt: () => Date.now(),
  });
  const [creating, setCreating] = useState(false);
  const [target, setTarget] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`${url}/${target.id}`, { method: "DELETE" });
      setTarget(null);
      await client.invalidateQueries({ queryKey });
    } catch (err) {
      setError(errorMessage(err));
    }
    setBusy(false);
  }

  const removeState: RemoveState<T> = {
    target,
    ask: setTarget,
    cancel: () => {
      setTarget(null);
      setError(null);
    },
    confirm: () => void remove(),
    busy,
    error,
  };

  return {
    data: query.data,
    creating,
    open: () => setCreating(true),
    close: () => setCreating(false),
    refresh: () => void client.invalidateQueries({ queryKey }),
    remove: removeState,
  };
}

/**
 * The submit flow of a create form whose result is shown once: `validate` the fields
 * (messages by field; none means valid), then `create`; on success keep the result in
 * `created` and call `onCreated`. Server field errors go through `fieldErrors`, which maps
 * them to the form's fields and may word the form-level message (default: the error's own).
 */
export function useCreateForm<C>({
  validate,
  create,
  onCreated,
  fieldErrors,
}: {
  validate: () => Record<string, string>;
  create: () => Promise<C>;
  onCreated: () => void;
  fieldErrors: (byField: Record<string, string>) => { errors: Record<string, string>; message?: string };
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<C | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const errs = validate();
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const result = await create();
      setCreated(result);
      onCreated();
    } catch (err) {
      if (err instanceof ApiClientError && err.fieldErrors.length) {
        const mapped = fieldErrors(err.byField());
        setErrors(mapped.errors);
        setFormError(mapped.message ?? errorMessage(err));
      } else {
        setFormError(errorMessage(err));
      }
    }
    setBusy(false);
  }

  return { errors, formError, busy, created, onSubmit };
}

/** {@link ConfirmAction} wired to a {@link RemoveState}: open while it has a target. */
export function ConfirmRemove<T>({
  state,
  ...props
}: { state: RemoveState<T> } & Omit<
  ComponentProps<typeof ConfirmAction>,
  "open" | "onCancel" | "onConfirm" | "busy" | "error"
>) {
  return (
    <ConfirmAction
      open={!!state.target}
      onCancel={state.cancel}
      onConfirm={state.confirm}
      busy={state.busy}
      error={state.error}
      {...props}
    />
  );
}

/** The primary "+ New …" button in a settings section's header. */
export function NewItemButton({
  label,
  onClick,
  testId,
}: {
  label: string;
  onClick: () => void;
  testId: string;
}) {
  return (
    <button type="button" className="btn-primary" onClick={onClick} data-testid={testId}>
      <PlusIcon />
      {` ${label}`}
    </button>
  );
}

/** The dashed placeholder shown in place of an empty list. */
export function EmptyList({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <p
      className="rounded-xl border border-dashed border-slate-200 px-4 py-8 text-center text-sm text-slate-500"
      data-testid={testId}
    >
      {children}
    </p>
  );
}

/** A row of monospace tags (scopes, events), each titled with its description from `info`. */
export function TagList({
  label,
  items,
  info,
  spacing,
}: {
  label: string;
  items: readonly string[];
  info: Record<string, string>;
  /** The top margin class, e.g. `mt-2`. */
  spacing: string;
}) {
  return (
    <ul className={`${spacing} flex flex-wrap gap-1.5`} aria-label={label}>
      {items.map((item) => (
        <li
          key={item}
          className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700"
          title={info[item]}
        >
          {item}
        </li>
      ))}
    </ul>
  );
}

/**
 * A just-created secret, shown once: a warning, the value with a Copy button, optional
 * details (`children`), and an "I’ve copied it" button that calls `onDone`.
 */
export function RevealOnce({
  testId,
  heading,
  detail,
  label,
  value,
  secretTestId,
  doneTestId,
  onDone,
  children,
}: {
  testId: string;
  heading: string;
  detail: ReactNode;
  label: string;
  value: string;
  secretTestId: string;
  doneTestId: string;
  onDone: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="space-y-4" data-testid={testId}>
      <div
        role="alert"
        className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
      >
        <p className="font-semibold">{heading}</p>
        <p className="mt-0.5">{detail}</p>
      </div>
      <CopyField label={label} value={value} testId={secretTestId} />
      {children}
      <div className="flex justify-end">
        <button type="button" className="btn-primary" onClick={onDone} data-testid={doneTestId}>
          I’ve copied it
        </button>
      </div>
    </div>
  );
}

/**
 * A fieldset of checkbox cards, one per option, each showing the option in monospace with
 * its description from `info`. Each checkbox has `data-testid="${testIdPrefix}${option}"`.
 */
export function CheckboxGrid({
  legend,
  options,
  info,
  value,
  onChange,
  error,
  errorId,
  testIdPrefix,
}: {
  legend: string;
  options: readonly string[];
  info: Record<string, string>;
  value: string[];
  onChange: (update: (prev: string[]) => string[]) => void;
  error?: string;
  /** The id of the error message, for `aria-describedby`. */
  errorId: string;
  testIdPrefix: string;
}) {
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="field-label">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((option) => {
          const checked = value.includes(option);
          return (
            <label
              key={option}
              className={`flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                checked ? "border-brand-400 bg-brand-50/60" : "border-slate-200 hover:border-slate-300"
              }`}
            >
              <input
                type="checkbox"
                className="mt-0.5 size-4 shrink-0 accent-brand-600"
                checked={checked}
                onChange={() => onChange((s) => (checked ? s.filter((x) => x !== option) : [...s, option]))}
                data-testid={`${testIdPrefix}${option}`}
              />
              <span className="min-w-0">
                <span className="block font-mono text-xs font-medium text-slate-900">{option}</span>
                <span className="block text-xs text-slate-500">{info[option] ?? ""}</span>
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A create form's Cancel and submit buttons; both are disabled while `busy`. */
export function CreateFormActions({
  onCancel,
  busy,
  label,
  busyLabel,
  submitTestId,
}: {
  onCancel: () => void;
  busy: boolean;
  label: string;
  busyLabel: string;
  submitTestId: string;
}) {
  return (
    <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
      <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="btn-primary" disabled={busy} data-testid={submitTestId}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
