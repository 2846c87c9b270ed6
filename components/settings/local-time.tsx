"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** False while rendering on the server and hydrating, true afterwards. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

const localFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const localDateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/**
 * A timestamp in the reader's time zone. The server (and hydration) render it in UTC, so
 * both agree; the browser then switches to local time.
 */
export function LocalTime({
  iso,
  dateOnly = false,
  fallback = "—",
}: {
  iso: string | null | undefined;
  dateOnly?: boolean;
  fallback?: string;
}) {
  const hydrated = useHydrated();
  if (!iso) return <span>{fallback}</span>;
  const d = new Date(iso);
  const text = hydrated
    ? (dateOnly ? localDateFmt : localFmt).format(d)
    : dateOnly
      ? iso.slice(0, 10)
      : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  return (
    <time dateTime={iso} title={d.toISOString()}>
      {text}
    </time>
  );
}
