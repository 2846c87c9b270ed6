"use client";

import { useId, useRef, useState } from "react";
import { canEdit, type ItineraryResponse } from "@/client/types";
import { BedIcon, ChevronDownIcon, ChevronUpIcon, PlaneIcon } from "../ui/icons";
import { FlightSearch } from "./flight-search";
import { StaySearch } from "./stay-search";
import type { TravelHints } from "./types";

const TABS = [
  { id: "flights", label: "Flights", Icon: PlaneIcon },
  { id: "stays", label: "Stays", Icon: BedIcon },
] as const;
type Tab = (typeof TABS)[number]["id"];

/**
 * "Flights & stays" on the trip page: a collapsible card with flight and stay search tabs.
 * Searching is open to everyone who can see the trip; adding a result to the itinerary needs
 * editor rights. Both tabs stay mounted once opened, so results survive switching tabs.
 */
export function TravelPanel({ itinerary, hints }: { itinerary: ItineraryResponse; hints: TravelHints }) {
  const baseId = useId();
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<Tab>("flights");
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ flights: null, stays: null });
  const writable = canEdit(itinerary.role);
  const headingId = `${baseId}-heading`;
  const bodyId = `${baseId}-body`;
  const tabId = (t: Tab) => `${baseId}-tab-${t}`;
  const panelId = (t: Tab) => `${baseId}-panel-${t}`;

  function onTabKey(e: React.KeyboardEvent<HTMLDivElement>) {
    const i = TABS.findIndex((t) => t.id === tab);
    let next: number | null = null;
    if (e.key === "ArrowRight") next = (i + 1) % TABS.length;
    else if (e.key === "ArrowLeft") next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = TABS.length - 1;
    const target = next === null ? undefined : TABS[next];
    if (!target) return;
    e.preventDefault();
    setTab(target.id);
    tabRefs.current[target.id]?.focus();
  }

  return (
    <section aria-labelledby={headingId} className="card p-4 sm:p-5" data-testid="travel-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold tracking-tight">
            Flights &amp; stays
          </h2>
          <p className="text-sm text-slate-600">
            {writable
              ? "Search flights and places to stay for this trip, then add them to the itinerary."
              : "Search flights and places to stay for this trip. Only editors can add them to the itinerary."}
          </p>
        </div>
        <button
          type="button"
          className="btn-secondary"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
          data-testid="travel-toggle"
        >
          {open ? <ChevronUpIcon /> : <ChevronDownIcon />}
          {open ? "Hide search" : "Search flights & stays"}
        </button>
      </div>

      <div id={bodyId} hidden={!open} className="mt-4">
        <div
          role="tablist"
          aria-label="Search type"
          className="mb-4 inline-flex rounded-lg bg-slate-100 p-1"
          onKeyDown={onTabKey}
        >
          {TABS.map(({ id, label, Icon }) => {
            const selected = tab === id;
            return (
              <button
                key={id}
                ref={(el) => {
                  tabRefs.current[id] = el;
                }}
                type="button"
                role="tab"
                id={tabId(id)}
                aria-selected={selected}
                aria-controls={panelId(id)}
                tabIndex={selected ? 0 : -1}
                onClick={() => setTab(id)}
                className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
                  selected ? "bg-white text-brand-700 shadow-xs" : "text-slate-600 hover:text-slate-900"
                }`}
                data-testid={`travel-tab-${id}`}
              >
                <Icon /> {label}
              </button>
            );
          })}
        </div>
        <div
          role="tabpanel"
          id={panelId("flights")}
          aria-labelledby={tabId("flights")}
          hidden={tab !== "flights"}
        >
          <FlightSearch trip={itinerary} hints={hints} writable={writable} />
        </div>
        <div role="tabpanel" id={panelId("stays")} aria-labelledby={tabId("stays")} hidden={tab !== "stays"}>
          <StaySearch trip={itinerary} hints={hints} writable={writable} />
        </div>
      </div>
    </section>
  );
}
