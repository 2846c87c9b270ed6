/**
 * API response types for client components. Type-only re-exports: nothing from the server
 * modules is bundled for the browser.
 */

export type { ChangesetEntry, ChangesetView, UndoItem, UndoResult } from "@/lib/domain/changesets/schemas";
export type { ItineraryResponse, SegmentResponse } from "@/lib/domain/itinerary/service";
export type { TripResponse } from "@/lib/domain/trips/service";

import type { ItineraryResponse } from "@/lib/domain/itinerary/service";

export type TripRole = ItineraryResponse["role"];
export type ItineraryDay = ItineraryResponse["days"][number];

/** True when `role` may change the itinerary and the trip (editor and above). */
export function canEdit(role: TripRole | undefined): boolean {
  return role === "editor" || role === "admin" || role === "owner";
}

/** Query key of a trip's itinerary in react-query. */
export const itineraryKey = (tripId: string) => ["itinerary", tripId] as const;
