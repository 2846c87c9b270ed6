"use client";

import { useId } from "react";

/** A settings card: heading, optional description, content. */
export function SettingsSection({
  title,
  description,
  actions,
  children,
  testId,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <section className="card p-5 sm:p-6" aria-labelledby={id} data-testid={testId}>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={id} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          {description ? <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A small inline notice after saving, announced to screen readers. */
export function SavedNotice({ message }: { message: string | null }) {
  return (
    <p role="status" aria-live="polite" className="text-sm font-medium text-brand-700">
      {message ?? ""}
    </p>
  );
}
