import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ItineraryView } from "@/components/itinerary/itinerary-view";
import { PublicShell } from "@/components/sharing/public-shell";
import { SHARE_TOKEN } from "@/components/sharing/types";
import { CalendarIcon, MapPinIcon } from "@/components/ui/icons";
import { getDb } from "@/db/client";
import { formatDateRange, formatDuration } from "@/lib/client/format";
import type { ItineraryResponse } from "@/lib/client/types";
import { publicItinerary } from "@/lib/domain/sharing/service";
import { sessionCaller } from "@/lib/http/caller";
import { ApiError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

/** The public itinerary behind `token` (once per request); 404 for unknown, private or dead links. */
const load = cache(async (token: string) => {
  if (!SHARE_TOKEN.test(token)) notFound();
  try {
    return await publicItinerary(await getDb(), token);
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const it = await load(token);
  return {
    title: it.title,
    description: `A ${formatDuration(it.duration_days)} itinerary shared on TripSage.`,
    robots: { index: false, follow: false },
  };
}

export default async function PublicItineraryPage({ params }: Props) {
  const { token } = await params;
  const db = await getDb();
  const [it, caller] = await Promise.all([load(token), sessionCaller(db)]);
  // The read-only itinerary view needs the full response shape; the owner's id stays private.
  const itinerary: ItineraryResponse = { ...it, user_id: "", role: "viewer" };
  const destinations = it.destinations.map((d) => (d.country ? `${d.name}, ${d.country}` : d.name));

  return (
    <PublicShell signedIn={!!caller} wide>
      <header className="card p-5 sm:p-6" data-testid="public-trip-header">
        <p className="text-xs font-semibold tracking-wide text-brand-700 uppercase">
          Shared itinerary · read-only
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-balance break-words">{it.title}</h1>
        {it.description ? <p className="mt-1 max-w-2xl text-sm text-slate-600">{it.description}</p> : null}
        <dl className="mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-700">
          <div className="flex items-center gap-1.5">
            <dt>
              <CalendarIcon className="size-4 text-slate-400" />
              <span className="sr-only">Dates</span>
            </dt>
            <dd>
              {formatDateRange(it.start_date, it.end_date)}{" "}
              <span className="text-slate-400">· {formatDuration(it.duration_days)}</span>
            </dd>
          </div>
          {destinations.length ? (
            <div className="flex items-center gap-1.5">
              <dt>
                <MapPinIcon className="size-4 text-slate-400" />
                <span className="sr-only">Destinations</span>
              </dt>
              <dd>{destinations.join(" · ")}</dd>
            </div>
          ) : null}
        </dl>
      </header>

      <section aria-labelledby="itinerary-heading" className="mt-6" data-testid="public-itinerary">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="itinerary-heading" className="text-lg font-semibold tracking-tight">
            Itinerary
          </h2>
          <span className="text-sm text-slate-500">
            {it.segment_count} {it.segment_count === 1 ? "item" : "items"}
          </span>
        </div>
        <ItineraryView itinerary={itinerary} />
      </section>

      <aside className="mt-8 rounded-2xl border border-brand-200 bg-brand-50/60 p-5 text-center sm:p-6">
        <h2 className="font-semibold tracking-tight text-brand-900">Plan a trip like this</h2>
        <p className="mt-1 text-sm text-brand-900/80">
          TripSage builds day-by-day itineraries with an AI trip designer.
        </p>
        <Link href={caller ? "/trips/new" : "/signup"} className="btn-primary mt-4">
          {caller ? "Start a new trip" : "Create a free account"}
        </Link>
      </aside>
    </PublicShell>
  );
}
