"use client";

import { memo } from "react";
import { formatClock, formatMoney, TIME_BLOCK_LABEL } from "@/client/format";
import type { SegmentResponse } from "@/client/types";
import {
  CalendarIcon,
  ChevronDownIcon,
  ChevronUpIcon,
  ClockIcon,
  MapPinIcon,
  PencilIcon,
  SparklesIcon,
  TrashIcon,
} from "../ui/icons";
import { SegmentTypeIcon } from "./segment-types";

const BLOCK_STYLE: Record<string, string> = {
  morning: "bg-amber-50 text-amber-800",
  afternoon: "bg-sky-50 text-sky-800",
  evening: "bg-indigo-50 text-indigo-800",
};

function flightLine(s: SegmentResponse): string | null {
  if (s.type !== "flight" || !s.details) return null;
  const d = s.details as Record<string, unknown>;
  const parts = [d.carrier, d.flight_number].filter((x) => typeof x === "string" && x).join(" ");
  const route =
    typeof d.origin === "string" && typeof d.destination === "string" ? `${d.origin} → ${d.destination}` : "";
  return [parts, route].filter(Boolean).join(" · ") || null;
}

/** What a card's buttons ask for (also their `data-action`). */
export type SegmentAction = "move-up" | "move-down" | "move-to" | "edit" | "delete";

/**
 * One segment of a day: type icon, title, time block, time, place, price; write controls for
 * editors. Memoised: `onAction` is one stable callback for all cards, so a card re-renders
 * only when its own segment object (or its place in the day) changes.
 */
export const SegmentRow = memo(function SegmentRow({
  segment: s,
  index,
  count,
  canWrite,
  onAction,
  highlight,
}: {
  segment: SegmentResponse;
  index: number;
  count: number;
  canWrite: boolean;
  onAction: (action: SegmentAction, segmentId: string) => void;
  highlight?: boolean;
}) {
  const start = formatClock(s.start_time);
  const end = formatClock(s.end_time);
  const time = start ? (end ? `${start}–${end}` : start) : null;
  const flight = flightLine(s);
  const place = s.location?.name ?? s.location?.address ?? null;

  return (
    <li
      data-testid="segment"
      data-segment-id={s.id}
      data-segment-title={s.title}
      className={`segment-card group flex flex-col gap-3 rounded-xl border bg-white p-3 transition-colors sm:flex-row sm:items-start ${
        highlight ? "border-brand-300 ring-2 ring-brand-200" : "border-slate-200 hover:border-slate-300"
      }`}
    >
      <div className="flex min-w-0 flex-1 gap-3">
        <SegmentTypeIcon type={s.type} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h4 className="font-medium break-words text-slate-900">{s.title}</h4>
            {s.source === "assistant" ? (
              <span
                className="inline-flex items-center gap-0.5 rounded-full bg-brand-50 px-1.5 py-0.5 text-[10px] font-semibold tracking-wide text-brand-700 uppercase"
                title="Added by the trip designer"
              >
                <SparklesIcon className="size-3" /> AI
              </span>
            ) : null}
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            {s.time_block ? (
              <span className={`rounded px-1.5 py-0.5 font-medium ${BLOCK_STYLE[s.time_block] ?? ""}`}>
                {TIME_BLOCK_LABEL[s.time_block]}
              </span>
            ) : null}
            {time ? (
              <span className="inline-flex items-center gap-1">
                <ClockIcon className="size-3.5 text-slate-400" />
                <span className="tabular-nums">{time}</span>
              </span>
            ) : null}
            {flight ? <span className="font-medium text-slate-700">{flight}</span> : null}
            {place ? (
              <span className="inline-flex min-w-0 items-center gap-1">
                <MapPinIcon className="size-3.5 shrink-0 text-slate-400" />
                <span className="truncate">{place}</span>
              </span>
            ) : null}
            {s.price ? (
              <span className="font-medium text-slate-700">
                {formatMoney(s.price.amount, s.price.currency)}
              </span>
            ) : null}
          </div>
          {s.notes ? (
            <p className="mt-1.5 line-clamp-3 text-sm whitespace-pre-line text-slate-600">{s.notes}</p>
          ) : null}
        </div>
      </div>
      {canWrite ? (
        <div className="-my-1 flex shrink-0 items-center justify-end gap-0.5 border-t border-slate-100 pt-2 sm:border-0 sm:pt-0">
          <button
            type="button"
            className="btn-icon"
            onClick={() => onAction("move-up", s.id)}
            disabled={index === 0}
            aria-label={`Move ${s.title} up`}
            title="Move up"
            data-action="move-up"
          >
            <ChevronUpIcon />
          </button>
          <button
            type="button"
            className="btn-icon"
            onClick={() => onAction("move-down", s.id)}
            disabled={index === count - 1}
            aria-label={`Move ${s.title} down`}
            title="Move down"
            data-action="move-down"
          >
            <ChevronDownIcon />
          </button>
          <button
            type="button"
            className="btn-icon"
            onClick={() => onAction("move-to", s.id)}
            aria-label={`Move ${s.title} to another day`}
            title="Move to day…"
            data-action="move-to"
          >
            <CalendarIcon />
          </button>
          <button
            type="button"
            className="btn-icon"
            onClick={() => onAction("edit", s.id)}
            aria-label={`Edit ${s.title}`}
            title="Edit"
            data-action="edit"
          >
            <PencilIcon />
          </button>
          <button
            type="button"
            className="btn-icon hover:bg-red-50 hover:text-red-700"
            onClick={() => onAction("delete", s.id)}
            aria-label={`Delete ${s.title}`}
            title="Delete"
            data-action="delete"
          >
            <TrashIcon />
          </button>
        </div>
      ) : null}
    </li>
  );
});
