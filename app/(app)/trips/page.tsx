import type { Metadata } from "next";
import Link from "next/link";
import { TripCard } from "@/components/trips/trip-card";
import { CompassIcon, PlusIcon, SparklesIcon } from "@/components/ui/icons";
import { getDb } from "@/db/client";
import { listTrips } from "@/lib/domain/trips/service";
import { requireCaller } from "../_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your trips" };

const PAGE_SIZE = 24;

export default async function TripsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const caller = await requireCaller("/trips");
  const sp = await searchParams;
  const page = Math.max(1, Number.parseInt(typeof sp.page === "string" ? sp.page : "1", 10) || 1);
  const list = await listTrips(await getDb(), caller.userId, {
    skip: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const firstName = caller.name.split(/\s+/)[0] ?? caller.name;

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Your trips</h1>
          <p className="mt-1 text-sm text-slate-600">
            {list.total === 0
              ? `Welcome, ${firstName}. Where to next?`
              : `${list.total} ${list.total === 1 ? "trip" : "trips"} planned`}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/planner" className="btn-secondary" data-testid="open-planner">
            <SparklesIcon /> Plan with the assistant
          </Link>
          <Link href="/trips/new" className="btn-primary" data-testid="new-trip">
            <PlusIcon /> New trip
          </Link>
        </div>
      </div>

      {list.total === 0 ? (
        <div
          className="card mt-8 flex flex-col items-center px-6 py-16 text-center"
          data-testid="trips-empty"
        >
          <span className="inline-flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
            <CompassIcon className="size-6" />
          </span>
          <h2 className="mt-4 text-lg font-semibold">No trips yet</h2>
          <p className="mt-1 max-w-sm text-sm text-slate-600">
            Create your first trip, then let the AI trip designer fill in the days with sights, meals and
            transfers.
          </p>
          <div className="mt-6 flex flex-wrap justify-center gap-2">
            <Link href="/trips/new" className="btn-primary">
              <PlusIcon /> Plan your first trip
            </Link>
            <Link href="/planner" className="btn-secondary">
              <SparklesIcon /> Describe it to the planner
            </Link>
          </div>
        </div>
      ) : (
        <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {list.items.map((t) => (
            <TripCard key={t.id} trip={t} />
          ))}
        </ul>
      )}

      {pages > 1 ? (
        <nav aria-label="Pagination" className="mt-8 flex items-center justify-center gap-3 text-sm">
          {page > 1 ? (
            <Link className="btn-secondary" href={`/trips?page=${page - 1}`}>
              Previous
            </Link>
          ) : null}
          <span className="text-slate-600">
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link className="btn-secondary" href={`/trips?page=${page + 1}`}>
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
