"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { addDays, formatMoney, todayIso } from "@/lib/client/format";
import type { ItineraryResponse } from "@/lib/client/types";
import { STAY_SORTS } from "@/lib/travel/types";
import { useFocusFirstInvalid } from "../settings/use-focus-invalid";
import { FormError, SelectField, TextField } from "../ui/field";
import { BedIcon, MapPinIcon } from "../ui/icons";
import { laterDate, staySegment } from "./segments";
import { type AddState, AddToItinerary, OfflineNote, splitApiError, useAddToItinerary } from "./shared";
import type { AccommodationOffer, SearchAnswer, TravelHints } from "./types";

const FIELDS = ["location", "check_in", "check_out", "guests", "rooms", "sort_by"] as const;

interface StayQuery {
  location: string;
  check_in: string;
  check_out: string;
  guests: number;
  rooms: number;
  sort_by: string;
  limit: number;
}

const SORT_LABEL: Record<(typeof STAY_SORTS)[number], string> = {
  price: "Lowest price",
  rating: "Best rated",
  distance: "Closest to centre",
  stars: "Most stars",
};

const TYPE_LABEL: Record<string, string> = {
  hotel: "Hotel",
  apartment: "Apartment",
  hostel: "Hostel",
  resort: "Resort",
  guesthouse: "Guesthouse",
  villa: "Villa",
};

/** Defaults from the trip: its dates (check-in no earlier than today) and first destination. */
function initialForm(trip: ItineraryResponse, hints: TravelHints) {
  const today = todayIso();
  const checkIn = laterDate(trip.start_date, today);
  return {
    location: hints.stayLocation,
    check_in: checkIn,
    check_out: trip.end_date > checkIn ? trip.end_date : addDays(checkIn, 1),
    guests: "2",
    rooms: "1",
    sort_by: "price",
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Stay search for the trip page: a place and dates (prefilled from the trip), a list of
 * offers and "Add to itinerary" (a hotel segment on the check-in day; editors only).
 */
export function StaySearch({
  trip,
  hints,
  writable,
}: {
  trip: ItineraryResponse;
  hints: TravelHints;
  writable: boolean;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(() => initialForm(trip, hints));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<{
    query: StayQuery;
    data: SearchAnswer<AccommodationOffer>;
  } | null>(null);
  const { states, addResult, reset } = useAddToItinerary(trip.id);
  useFocusFirstInvalid(formRef, errors);

  const search = useMutation({
    mutationFn: (query: StayQuery) =>
      apiFetch<SearchAnswer<AccommodationOffer>>("/api/accommodations/search", {
        method: "POST",
        body: query,
      }),
  });

  function set<K extends keyof typeof form>(key: K, value: string) {
    setForm((f) => ({ ...f, [key]: value }));
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
    const query: StayQuery = {
      location: form.location.trim(),
      check_in: form.check_in,
      check_out: form.check_out,
      guests: num(form.guests),
      rooms: num(form.rooms),
      sort_by: form.sort_by,
      limit: 10,
    };
    const local: Record<string, string> = {};
    if (!query.location) local.location = "Enter a city, e.g. Paris, France";
    if (!Number.isInteger(query.guests)) local.guests = "Enter a whole number of guests (1–16)";
    if (!Number.isInteger(query.rooms)) local.rooms = "Enter a whole number of rooms (1–8)";
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setErrors({});
    try {
      const data = await search.mutateAsync(query);
      reset();
      setAnswer({ query, data });
    } catch (err) {
      const { fieldErrors, formError: message } = splitApiError(err, FIELDS);
      setErrors(fieldErrors);
      setFormError(message);
    }
  }

  const results = answer?.data.results ?? [];
  const pending = search.isPending;
  const total = answer?.data.search_metadata.total_results ?? 0;
  let status = "";
  if (pending) status = "Searching stays…";
  else if (answer && results.length)
    status = `${count(total, "stay", "stays")} found in ${answer.query.location}${total > results.length ? `, showing ${results.length}` : ""}.`;
  else if (answer) status = `No stays found in ${answer.query.location} for these dates and guests.`;
  // A hotel found around the trip's own destination gets that destination's time zone.
  const zone =
    answer && answer.query.location.toLowerCase() === hints.stayLocation.trim().toLowerCase()
      ? hints.destinationTimeZone
      : null;

  return (
    <div className="space-y-5">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Search stays">
        <FormError message={formError} />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField
            label="Location"
            name="location"
            className="sm:col-span-2 lg:col-span-1"
            value={form.location}
            onChange={(e) => set("location", e.target.value)}
            placeholder="Paris, France"
            hint="City, or City, Country"
            autoComplete="off"
            maxLength={200}
            required
            error={errors.location}
            data-testid="stay-location"
          />
          <TextField
            label="Check-in"
            name="check_in"
            type="date"
            value={form.check_in}
            onChange={(e) => set("check_in", e.target.value)}
            required
            error={errors.check_in}
            data-testid="stay-check-in"
          />
          <TextField
            label="Check-out"
            name="check_out"
            type="date"
            value={form.check_out}
            min={form.check_in ? addDays(form.check_in, 1) : undefined}
            onChange={(e) => set("check_out", e.target.value)}
            required
            error={errors.check_out}
            data-testid="stay-check-out"
          />
          <TextField
            label="Guests"
            name="guests"
            type="number"
            inputMode="numeric"
            min={1}
            max={16}
            step={1}
            value={form.guests}
            onChange={(e) => set("guests", e.target.value)}
            required
            error={errors.guests}
            data-testid="stay-guests"
          />
          <TextField
            label="Rooms"
            name="rooms"
            type="number"
            inputMode="numeric"
            min={1}
            max={8}
            step={1}
            value={form.rooms}
            onChange={(e) => set("rooms", e.target.value)}
            required
            error={errors.rooms}
            data-testid="stay-rooms"
          />
          <SelectField
            label="Sort by"
            name="sort_by"
            value={form.sort_by}
            onChange={(e) => set("sort_by", e.target.value)}
            error={errors.sort_by}
          >
            {STAY_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="flex justify-end">
          <button type="submit" className="btn-primary" disabled={pending} data-testid="stay-search-submit">
            <BedIcon />
            {pending ? "Searching…" : "Search stays"}
          </button>
        </div>
      </form>

      <section aria-labelledby={headingId} aria-busy={pending} className="space-y-3">
        <h3 id={headingId} className="sr-only">
          Stay results
        </h3>
        <p
          role="status"
          aria-live="polite"
          className="text-sm text-slate-600"
          data-testid="stay-results-status"
        >
          {status}
        </p>
        {answer ? <OfflineNote provider={answer.data.search_metadata.provider} /> : null}
        {results.length ? (
          <ol
            aria-label="Stay offers"
            className={`space-y-2 ${pending ? "opacity-60" : ""}`}
            data-testid="stay-results"
          >
            {results.map((offer) => (
              <StayResult
                key={offer.id}
                offer={offer}
                writable={writable}
                state={states[offer.id]}
                onAdd={() => void addResult(offer.id, [staySegment(offer, trip, zone)], ["Stay"])}
              />
            ))}
          </ol>
        ) : null}
        {results.length > 0 && !writable ? (
          <p className="text-xs text-slate-500">
            You can view this trip only, so results cannot be added to it.
          </p>
        ) : null}
      </section>
    </div>
  );
}

function StayResult({
  offer,
  writable,
  state,
  onAdd,
}: {
  offer: AccommodationOffer;
  writable: boolean;
  state: AddState | undefined;
  onAdd: () => void;
}) {
  const total = formatMoney(offer.price.total, offer.price.currency);
  const perNight = formatMoney(offer.price.per_night, offer.price.currency);
  const stars = offer.star_rating;
  return (
    <li
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:flex-row sm:items-start"
      data-testid="stay-result"
      data-offer-id={offer.id}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
          <h4 className="font-semibold break-words text-slate-900">{offer.name}</h4>
          <span className="text-xs text-slate-500">
            {TYPE_LABEL[offer.property_type] ?? offer.property_type}
          </span>
          {stars ? (
            <span className="text-xs text-amber-600">
              <span aria-hidden>{"★".repeat(stars)}</span>
              <span className="sr-only">{count(stars, "star", "stars")}</span>
            </span>
          ) : null}
        </div>
        <p className="flex min-w-0 items-center gap-1 text-xs text-slate-600">
          <MapPinIcon className="size-3.5 shrink-0 text-slate-400" />
          <span className="truncate">
            {offer.location.neighborhood} · {offer.location.distance_to_center} km from the centre
          </span>
        </p>
        <p className="text-xs text-slate-600">
          <span className="font-medium text-slate-800">
            {offer.rating.score}/{offer.rating.max_score}
          </span>{" "}
          rating ({count(offer.rating.review_count, "review", "reviews")}) · {offer.room.type}
        </p>
      </div>
      <div className="flex shrink-0 flex-row items-end justify-between gap-3 border-t border-slate-100 pt-2 sm:flex-col sm:border-0 sm:pt-0">
        <p className="text-right">
          <span className="block text-lg font-semibold text-slate-900 tabular-nums" data-testid="stay-price">
            {perNight} <span className="text-xs font-normal text-slate-500">/ night</span>
          </span>
          <span className="block text-xs text-slate-500">
            {total} total {offer.price.currency}, {count(offer.nights, "night", "nights")}
          </span>
        </p>
        {writable ? (
          <AddToItinerary state={state} onAdd={onAdd} context={`${offer.name}, ${total}`} testId="stay-add" />
        ) : null}
      </div>
    </li>
  );
}
