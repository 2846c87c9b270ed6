import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { travelHints } from "@/components/travel/hints";
import { TripWorkspace } from "@/components/trips/trip-workspace";
import { getDb } from "@/db/client";
import { getItinerary } from "@/lib/domain/itinerary/service";
import { ApiError } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/parse";
import { requireCaller } from "../../_lib/session";

export const dynamic = "force-dynamic";

/** The itinerary for this request (shared by the metadata and the page); 404 when not visible. */
const loadItinerary = cache(async (tripId: string) => {
  const caller = await requireCaller(`/trips/${tripId}`);
  if (!isUuid(tripId)) notFound();
  try {
    return await getItinerary(await getDb(), caller.userId, tripId.toLowerCase());
  } catch (err) {
    if (err instanceof ApiError && (err.code === "NOT_FOUND" || err.code === "INSUFFICIENT_PERMISSIONS"))
      notFound();
    throw err;
  }
});

type Props = { params: Promise<{ tripId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tripId } = await params;
  const it = await loadItinerary(tripId);
  return { title: it.title };
}

export default async function TripPage({ params }: Props) {
  const { tripId } = await params;
  const itinerary = await loadItinerary(tripId);
  return <TripWorkspace initial={itinerary} travel={travelHints(itinerary)} />;
}
