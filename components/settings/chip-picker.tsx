"use client";

import { useId, useState } from "react";
import { PlusIcon } from "../ui/icons";

/**
 * A set of strings as toggle chips: the presets plus anything already chosen; more can be
 * added by typing. Each chip is a labelled checkbox, so it works with the keyboard.
 */
export function ChipPicker({
  legend,
  presets,
  value,
  onChange,
  placeholder,
  error,
  max,
  testId,
}: {
  legend: string;
  presets: readonly string[];
  value: string[];
  onChange: (next: string[]) => void;
  placeholder: string;
  error?: string | null;
  max: number;
  testId?: string;
}) {
  const inputId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState("");
  const lower = value.map((v) => v.toLowerCase());
  const chips = [
    ...presets,
    ...value.filter((v) => !presets.some((p) => p.toLowerCase() === v.toLowerCase())),
  ];

  function toggle(chip: string) {
    const i = lower.indexOf(chip.toLowerCase());
    onChange(i >= 0 ? value.filter((_, j) => j !== i) : [...value, chip]);
  }

  function add() {
    const items = draft
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const next = [...value];
    for (const item of items) {
      if (!next.some((v) => v.toLowerCase() === item.toLowerCase())) next.push(item.slice(0, 50));
    }
    onChange(next.slice(0, max));
    setDraft("");
  }

  return (
    <fieldset data-testid={testId} aria-describedby={error ? errorId : undefined}>
      <legend className="field-label">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {chips.map((chip) => {
          const checked = lower.includes(chip.toLowerCase());
          return (
            <label
              key={chip}
              className={`cursor-pointer rounded-full border px-3 py-1 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                checked
                  ? "border-brand-500 bg-brand-50 text-brand-800"
                  : "border-slate-300 bg-white text-slate-600 hover:border-slate-400"
              }`}
            >
              <input type="checkbox" className="sr-only" checked={checked} onChange={() => toggle(chip)} />
              {chip}
            </label>
          );
        })}
      </div>
      <div className="mt-2 flex max-w-sm gap-2">
        <label htmlFor={inputId} className="sr-only">
          Add to {legend.toLowerCase()}
        </label>
        <input
          id={inputId}
          className="field-input"
          value={draft}
          placeholder={placeholder}
          maxLength={120}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="btn-secondary shrink-0" onClick={add} disabled={!draft.trim()}>
          <PlusIcon /> Add
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
