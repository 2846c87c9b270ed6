"use client";

import { useEffect, useId, useRef, useState } from "react";

/** Copies `text` to the clipboard; falls back to selecting `input` for Ctrl+C. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.focus();
    input?.select();
    return false;
  }
}

/**
 * A read-only value (a secret, a link) with a Copy button. The value stays selectable, so
 * it can be copied by hand where the Clipboard API is unavailable.
 */
export function CopyField({
  label,
  value,
  testId,
  mono = true,
  hideLabel = false,
}: {
  label: string;
  value: string;
  testId?: string;
  mono?: boolean;
  hideLabel?: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <div>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "field-label"}>
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className={`field-input min-w-0 flex-1 bg-slate-50 ${mono ? "font-mono text-xs sm:text-sm" : ""}`}
          data-testid={testId}
        />
        <button
          type="button"
          className="btn-secondary shrink-0"
          onClick={async () => setState((await copyText(value, input.current)) ? "copied" : "manual")}
          data-testid={testId ? `${testId}-copy` : undefined}
        >
          {state === "copied" ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {state === "copied" ? `${label} copied to the clipboard` : ""}
      </p>
      {state === "manual" ? (
        <p className="mt-1 text-xs text-slate-500">Selected — press Ctrl+C (⌘C) to copy.</p>
      ) : null}
    </div>
  );
}
