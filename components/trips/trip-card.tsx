import Link from "next/link";
import { formatDateRange, formatDuration, STATUS_LABEL } from "@/client/format";
import { CalendarIcon, MapPinIcon } from "../ui/icons";
import { StatusBadge } from "./status-badge";

export interface TripCardData {
  id: string;
  title: string;
  description: string | null;
  start_date: string;
  end_date: string;
  duration_days: number;
  destinations: string[];
  status: string;
  role: "owner" | "collaborator";
}

/** One trip in the list; the whole card is a link to the trip page. */
export function TripCard({ trip }: { trip: TripCardData }) {
  return (
    <li data-testid="trip-card" className="group relative">
      <article className="card flex h-full flex-col p-5 transition-shadow group-hover:shadow-md group-focus-within:ring-2 group-focus-within:ring-brand-500">
        <div className="flex items-start justify-between gap-3">
          <h2 className="text-base font-semibold tracking-tight text-slate-900">
            <Link
              href={`/trips/${trip.id}`}
              className="after:absolute after:inset-0 focus-visible:outline-none"
            >
              {trip.title}
            </Link>
          </h2>
          <StatusBadge status={trip.status} />
        </div>
        {trip.description ? (
          <p className="mt-1 line-clamp-2 text-sm text-slate-600">{trip.description}</p>
        ) : null}
        <dl className="mt-4 space-y-1.5 text-sm text-slate-600">
          <div className="flex items-center gap-2">
            <dt>
              <CalendarIcon className="size-4 text-slate-400" />
              <span className="sr-only">Dates</span>
            </dt>
            <dd>
              {formatDateRange(trip.start_date, trip.end_date)}{" "}
              <span className="text-slate-400">· {formatDuration(trip.duration_days)}</span>
            </dd>
          </div>
          <div className="flex items-center gap-2">
            <dt>
              <MapPinIcon className="size-4 text-slate-400" />
              <span className="sr-only">Destinations</span>
            </dt>
            <dd className="truncate">
              {trip.destinations.length ? (
                trip.destinations.join(" · ")
              ) : (
                <span className="italic">No destination yet</span>
              )}
            </dd>
          </div>
        </dl>
        {trip.role === "collaborator" ? (
          <p className="mt-3 text-xs font-medium text-slate-500">Shared with you</p>
        ) : null}
        <span className="sr-only">Status: {STATUS_LABEL[trip.status] ?? trip.status}</span>
      </article>
    </li>
  );
}
