import type { Metadata } from "next";
import Link from "next/link";
import { addDays, todayIso } from "@/client/format";
import { TripForm } from "@/components/trips/trip-form";
import { ArrowLeftIcon } from "@/components/ui/icons";
import { requireCaller } from "../../_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New trip" };

export default async function NewTripPage() {
  await requireCaller("/trips/new");
  return (
    <div className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-10">
      <Link
        href="/trips"
        className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900"
      >
        <ArrowLeftIcon /> All trips
      </Link>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight">Plan a new trip</h1>
      <p className="mt-1 text-sm text-slate-600">
        The basics are enough — you can fill in the days yourself or ask the trip designer.
      </p>
      <div className="card mt-6 p-5 sm:p-6">
        <TripForm defaultDates={{ start: addDays(todayIso(), 30), end: addDays(todayIso(), 34) }} />
      </div>
    </div>
  );
}
