"use client";

import { useItinerary, useItineraryEvents } from "@/client/itinerary";
import type { ItineraryResponse } from "@/client/types";
import { ChatPanel } from "../chat/chat-panel";
import { ItineraryView } from "../itinerary/itinerary-view";
import { TravelPanel } from "../travel/travel-panel";
import type { TravelHints } from "../travel/types";
import { TripHeader } from "./trip-header";

/**
 * The trip page: header and day-by-day itinerary on the left, the trip designer chat on the
 * right (below on small screens). All three read the same live itinerary query.
 */
export function TripWorkspace({ initial, travel }: { initial: ItineraryResponse; travel?: TravelHints }) {
  const { data } = useItinerary(initial.id, initial);
  useItineraryEvents(initial.id);
  const itinerary = data ?? initial;
  return (
    <div className="mx-auto grid max-w-7xl gap-6 px-4 py-6 sm:px-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:py-8 xl:grid-cols-[minmax(0,1fr)_27rem]">
      <div className="min-w-0 space-y-6">
        <TripHeader trip={itinerary} />
        {travel ? <TravelPanel itinerary={itinerary} hints={travel} /> : null}
        <section aria-labelledby="itinerary-heading">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="itinerary-heading" className="text-lg font-semibold tracking-tight">
              Itinerary
            </h2>
            <span className="text-sm text-slate-500" data-testid="segment-count">
              {itinerary.segment_count} {itinerary.segment_count === 1 ? "item" : "items"}
            </span>
          </div>
          <ItineraryView itinerary={itinerary} />
        </section>
      </div>
      <aside
        id="trip-designer"
        className="min-w-0 scroll-mt-20 lg:sticky lg:top-20 lg:self-start"
        aria-label="Trip designer"
      >
        <ChatPanel itinerary={itinerary} />
      </aside>
    </div>
  );
}
