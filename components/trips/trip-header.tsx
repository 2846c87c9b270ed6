"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/client/api";
import { formatDateRange, formatDuration, formatMoney } from "@/client/format";
import { canEdit, type ItineraryResponse, itineraryKey } from "@/client/types";
import { ShareDialog } from "../sharing/share-dialog";
import { ConfirmDialog, Dialog } from "../ui/dialog";
import {
  ArrowLeftIcon,
  CalendarIcon,
  MapPinIcon,
  PencilIcon,
  SparklesIcon,
  TrashIcon,
  UsersIcon,
  WalletIcon,
} from "../ui/icons";
import { PresenceAvatars } from "./presence-avatars";
import { StatusBadge } from "./status-badge";
import { TripForm } from "./trip-form";

/** Title, dates, destinations, budget and status of a trip, with edit and delete. */
export function TripHeader({ trip }: { trip: ItineraryResponse }) {
  const router = useRouter();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const writable = canEdit(trip.role);
  const manages = trip.role === "admin" || trip.role === "owner";
  const budget = trip.preferences.budget;
  const interests = trip.preferences.interests ?? [];

  async function onDelete() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await apiFetch<void>(`/api/trips/${trip.id}`, { method: "DELETE" });
      client.removeQueries({ queryKey: itineraryKey(trip.id) });
      router.push("/trips");
      router.refresh();
    } catch (err) {
      setDeleteError(errorMessage(err));
      setDeleting(false);
    }
  }

  return (
    <header className="card p-5 sm:p-6" data-testid="trip-header">
      <Link
        href="/trips"
        className="inline-flex items-center gap-1 text-sm font-medium text-slate-500 hover:text-slate-900"
      >
        <ArrowLeftIcon /> All trips
      </Link>
      <div className="mt-3 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1
              className="text-2xl font-semibold tracking-tight text-balance break-words"
              data-testid="trip-title-heading"
            >
              {trip.title}
            </h1>
            <StatusBadge status={trip.status} />
          </div>
          {trip.description ? (
            <p className="mt-1 max-w-2xl text-sm text-slate-600">{trip.description}</p>
          ) : null}
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <PresenceAvatars tripId={trip.id} />
          {writable ? null : (
            <span
              className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-600"
              data-testid="view-only"
            >
              View only
            </span>
          )}
          <button
            type="button"
            className="btn-secondary"
            onClick={() => setSharing(true)}
            data-testid={manages ? "share-trip" : "trip-people"}
          >
            <UsersIcon /> {manages ? "Share" : "People"}
          </button>
          {writable ? (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => setEditing(true)}
              data-testid="edit-trip"
            >
              <PencilIcon /> Edit
            </button>
          ) : null}
          {trip.role === "owner" ? (
            <button
              type="button"
              className="btn-secondary text-red-700 hover:bg-red-50"
              onClick={() => setConfirming(true)}
              data-testid="delete-trip"
            >
              <TrashIcon /> <span className="sr-only sm:not-sr-only">Delete</span>
            </button>
          ) : null}
        </div>
      </div>
      <dl className="mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-700">
        <div className="flex items-center gap-1.5">
          <dt>
            <CalendarIcon className="size-4 text-slate-400" />
            <span className="sr-only">Dates</span>
          </dt>
          <dd>
            {formatDateRange(trip.start_date, trip.end_date)}{" "}
            <span className="text-slate-400">· {formatDuration(trip.duration_days)}</span>
          </dd>
        </div>
        <div className="flex items-center gap-1.5">
          <dt>
            <MapPinIcon className="size-4 text-slate-400" />
            <span className="sr-only">Destinations</span>
          </dt>
          <dd>
            {trip.destinations.length
              ? trip.destinations.map((d) => (d.country ? `${d.name}, ${d.country}` : d.name)).join(" · ")
              : "No destination yet"}
          </dd>
        </div>
        {budget ? (
          <div className="flex items-center gap-1.5">
            <dt>
              <WalletIcon className="size-4 text-slate-400" />
              <span className="sr-only">Budget</span>
            </dt>
            <dd>{formatMoney(budget.total, budget.currency)} budget</dd>
          </div>
        ) : null}
      </dl>
      {interests.length ? (
        <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Interests">
          {interests.map((i) => (
            <li
              key={i}
              className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-600"
            >
              {i}
            </li>
          ))}
        </ul>
      ) : null}
      <a
        href="#trip-designer"
        className="mt-4 flex w-fit items-center gap-1.5 text-sm font-semibold text-brand-700 hover:underline lg:hidden"
      >
        <SparklesIcon className="size-4" /> Ask the trip designer
      </a>

      <Dialog
        open={editing}
        onClose={() => setEditing(false)}
        title="Edit trip"
        size="lg"
        testId="edit-trip-dialog"
      >
        <TripForm
          trip={trip}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            client.setQueryData<ItineraryResponse>(itineraryKey(trip.id), (prev) =>
              prev ? { ...prev, ...saved } : prev,
            );
            void client.invalidateQueries({ queryKey: itineraryKey(trip.id) });
            setEditing(false);
          }}
        />
      </Dialog>
      <ShareDialog trip={trip} open={sharing} onClose={() => setSharing(false)} />
      <ConfirmDialog
        open={confirming}
        onCancel={() => {
          setConfirming(false);
          setDeleteError(null);
        }}
        onConfirm={onDelete}
        busy={deleting}
        error={deleteError}
        title="Delete this trip?"
        description={`“${trip.title}” and its whole itinerary and chat will be deleted. This cannot be undone.`}
        confirmLabel="Delete trip"
      />
    </header>
  );
}
