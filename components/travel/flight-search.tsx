"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { apiFetch, errorMessage } from "@/lib/client/api";
import { formatMoney, todayIso } from "@/lib/client/format";
import type { ItineraryResponse } from "@/lib/client/types";
import { CABIN_CLASSES } from "@/lib/travel/types";
import { useFocusFirstInvalid } from "../settings/use-focus-invalid";
import { FormError, SelectField, TextField } from "../ui/field";
import { PlaneIcon } from "../ui/icons";
import {
  cabinLabel,
  clockOf,
  daysBetween,
  flightSegments,
  formatIsoDuration,
  laterDate,
  stopsLabel,
} from "./segments";
import { type AddState, AddToItinerary, OfflineNote, splitApiError, useAddToItinerary } from "./shared";
import type { FlightJourney, FlightOffer, PriceWatch, SearchAnswer, TravelHints } from "./types";

const FIELDS = [
  "origin",
  "destination",
  "departure_date",
  "return_date",
  "passengers",
  "cabin_class",
] as const;

/** The request body of one search; kept with its results for "Track price". */
interface FlightQuery {
  origin: string;
  destination: string;
  departure_date: string;
  return_date?: string;
  passengers: number;
  cabin_class: string;
  limit: number;
}

const watchesKey = ["flight-watches"] as const;

const dayFmt = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

/** "Mon 21 Dec" for the local calendar date of an ISO date-time. */
function shortDay(iso: string): string {
  return dayFmt.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)).replace(",", "");
}

/** Defaults from the trip: its dates (no earlier than today) and first destination. */
function initialForm(trip: ItineraryResponse, hints: TravelHints) {
  const today = todayIso();
  const departure = laterDate(trip.start_date, today);
  return {
    origin: "",
    destination: hints.destinationCode ?? "",
    departure_date: departure,
    return_date: trip.end_date > departure ? trip.end_date : "",
    passengers: "1",
    cabin_class: "economy",
  };
}

/**
 * Flight search for the trip page: a route and dates (prefilled from the trip), a list of
 * offers, "Add to itinerary" (one flight segment per direction; editors only) and price
 * tracking of the searched route, linked to the trip.
 */
export function FlightSearch({
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
  const [answer, setAnswer] = useState<{ query: FlightQuery; data: SearchAnswer<FlightOffer> } | null>(null);
  const { states, addResult, reset } = useAddToItinerary(trip.id);
  useFocusFirstInvalid(formRef, errors);

  const search = useMutation({
    mutationFn: (query: FlightQuery) =>
      apiFetch<SearchAnswer<FlightOffer>>("/api/flights/search", { method: "POST", body: query }),
  });

  function set<K extends keyof typeof form>(key: K, value: string) {
    setForm((f) => ({ ...f, [key]: value }));
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const query: FlightQuery = {
      origin: form.origin.trim().toUpperCase(),
      destination: form.destination.trim().toUpperCase(),
      departure_date: form.departure_date,
      ...(form.return_date ? { return_date: form.return_date } : {}),
      passengers: form.passengers.trim() === "" ? Number.NaN : Number(form.passengers),
      cabin_class: form.cabin_class,
      limit: 10,
    };
    if (!Number.isInteger(query.passengers)) {
      setErrors({ passengers: "Enter a whole number of passengers (1–9)" });
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
  const route = answer ? `${answer.query.origin} → ${answer.query.destination}` : "";
  let status = "";
  if (pending) status = "Searching flights…";
  else if (answer && results.length)
    status = `${total} ${total === 1 ? "flight" : "flights"} found for ${route}${total > results.length ? `, showing ${results.length}` : ""}.`;
  else if (answer) status = `No flights found for ${route} on these dates. Try other dates or airports.`;

  return (
    <div className="space-y-5">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Search flights">
        <FormError message={formError} />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField
            label="From"
            name="origin"
            value={form.origin}
            onChange={(e) => set("origin", e.target.value)}
            placeholder="JFK or NYC"
            hint="Airport or city code"
            autoCapitalize="characters"
            autoComplete="off"
            maxLength={3}
            required
            error={errors.origin}
            data-testid="flight-origin"
          />
          <TextField
            label="To"
            name="destination"
            value={form.destination}
            onChange={(e) => set("destination", e.target.value)}
            placeholder="CDG or PAR"
            hint="Airport or city code"
            autoCapitalize="characters"
            autoComplete="off"
            maxLength={3}
            required
            error={errors.destination}
            data-testid="flight-destination"
          />
          <TextField
            label="Departure date"
            name="departure_date"
            type="date"
            value={form.departure_date}
            onChange={(e) => set("departure_date", e.target.value)}
            required
            error={errors.departure_date}
            data-testid="flight-departure"
          />
          <TextField
            label={
              <>
                Return date <span className="font-normal text-slate-400">(optional)</span>
              </>
            }
            name="return_date"
            type="date"
            value={form.return_date}
            min={form.departure_date || undefined}
            onChange={(e) => set("return_date", e.target.value)}
            hint="Leave empty for one way"
            error={errors.return_date}
            data-testid="flight-return"
          />
          <TextField
            label="Passengers"
            name="passengers"
            type="number"
            inputMode="numeric"
            min={1}
            max={9}
            step={1}
            value={form.passengers}
            onChange={(e) => set("passengers", e.target.value)}
            required
            error={errors.passengers}
            data-testid="flight-passengers"
          />
          <SelectField
            label="Cabin"
            name="cabin_class"
            value={form.cabin_class}
            onChange={(e) => set("cabin_class", e.target.value)}
            error={errors.cabin_class}
            data-testid="flight-cabin"
          >
            {CABIN_CLASSES.map((c) => (
              <option key={c} value={c}>
                {cabinLabel(c)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="flex justify-end">
          <button type="submit" className="btn-primary" disabled={pending} data-testid="flight-search-submit">
            <PlaneIcon />
            {pending ? "Searching…" : "Search flights"}
          </button>
        </div>
      </form>

      <section aria-labelledby={headingId} aria-busy={pending} className="space-y-3">
        <h3 id={headingId} className="sr-only">
          Flight results
        </h3>
        <p
          role="status"
          aria-live="polite"
          className="text-sm text-slate-600"
          data-testid="flight-results-status"
        >
          {status}
        </p>
        {answer ? (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <OfflineNote provider={answer.data.search_metadata.provider} />
            <TrackRoute key={answer.data.search_metadata.search_id} tripId={trip.id} query={answer.query} />
          </div>
        ) : null}
        {results.length ? (
          <ol
            aria-label="Flight offers"
            className={`space-y-2 ${pending ? "opacity-60" : ""}`}
            data-testid="flight-results"
          >
            {results.map((offer) => (
              <FlightResult
                key={offer.id}
                offer={offer}
                writable={writable}
                state={states[offer.id]}
                onAdd={() => {
                  const bodies = flightSegments(offer, trip, hints.airportZones);
                  const labels = offer.return ? ["Outbound flight", "Return flight"] : ["Flight"];
                  void addResult(offer.id, bodies, labels);
                }}
              />
            ))}
          </ol>
        ) : null}
        {answer && results.length > 0 && !writable ? (
          <p className="text-xs text-slate-500">
            You can view this trip only, so results cannot be added to it.
          </p>
        ) : null}
      </section>
    </div>
  );
}

/** One direction of an offer: times with airport codes, duration, stops, flight numbers. */
function Journey({ label, journey }: { label: string; journey: FlightJourney }) {
  const plusDays = daysBetween(journey.departure.time, journey.arrival.time);
  return (
    <div className="grid gap-x-3 gap-y-0.5 text-sm sm:grid-cols-[5.5rem_minmax(0,1fr)]">
      <span className="text-xs font-medium tracking-wide text-slate-500 uppercase sm:pt-0.5">{label}</span>
      <div className="min-w-0">
        <p className="flex flex-wrap items-baseline gap-x-1.5 font-medium text-slate-900">
          <span className="text-slate-500">{shortDay(journey.departure.time)}</span>
          <time dateTime={journey.departure.time} className="tabular-nums">
            {clockOf(journey.departure.time)}
          </time>
          <span>{journey.departure.airport}</span>
          <span aria-hidden className="text-slate-400">
            →
          </span>
          <span className="sr-only">to</span>
          <time dateTime={journey.arrival.time} className="tabular-nums">
            {clockOf(journey.arrival.time)}
          </time>
          {plusDays > 0 ? (
            <sup className="text-xs font-semibold text-amber-700">
              +{plusDays}
              <span className="sr-only"> {plusDays === 1 ? "day" : "days"}</span>
            </sup>
          ) : null}
          <span>{journey.arrival.airport}</span>
        </p>
        <p className="text-xs text-slate-600">
          {formatIsoDuration(journey.duration)} · {stopsLabel(journey)} ·{" "}
          {journey.legs.map((l) => l.flight_number).join(" + ")}
        </p>
      </div>
    </div>
  );
}

function FlightResult({
  offer,
  writable,
  state,
  onAdd,
}: {
  offer: FlightOffer;
  writable: boolean;
  state: AddState | undefined;
  onAdd: () => void;
}) {
  const price = formatMoney(offer.price.total, offer.price.currency);
  const pax = offer.passengers === 1 ? "1 passenger" : `${offer.passengers} passengers`;
  return (
    <li
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 sm:flex-row sm:items-start"
      data-testid="flight-result"
      data-offer-id={offer.id}
    >
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <h4 className="font-semibold text-slate-900">{offer.airline}</h4>
          <span className="text-xs text-slate-500">
            {offer.airline_code} · {cabinLabel(offer.cabin_class)}
            {offer.refundable ? " · Refundable" : ""}
          </span>
        </div>
        <Journey label="Outbound" journey={offer.outbound} />
        {offer.return ? <Journey label="Return" journey={offer.return} /> : null}
      </div>
      <div className="flex shrink-0 flex-row items-end justify-between gap-3 border-t border-slate-100 pt-2 sm:flex-col sm:border-0 sm:pt-0">
        <p className="text-right">
          <span
            className="block text-lg font-semibold text-slate-900 tabular-nums"
            data-testid="flight-price"
          >
            {price}
          </span>
          <span className="block text-xs text-slate-500">
            total {offer.price.currency}, {pax}
            {offer.return ? ", round trip" : ""}
          </span>
        </p>
        {writable ? (
          <AddToItinerary
            state={state}
            onAdd={onAdd}
            context={`${offer.airline} ${offer.outbound.departure.airport} to ${offer.outbound.arrival.airport}, ${price}`}
            testId="flight-add"
          />
        ) : null}
      </div>
    </li>
  );
}

/**
 * "Track price" for the searched route (the cheapest fare is re-checked every 6 hours), linked
 * to this trip; shows an existing watch for the same route instead, with "Stop tracking".
 */
function TrackRoute({ tripId, query }: { tripId: string; query: FlightQuery }) {
  const client = useQueryClient();
  const watches = useQuery({
    queryKey: watchesKey,
    queryFn: ({ signal }) => apiFetch<{ watches: PriceWatch[] }>("/api/flights/track", { signal }),
    select: (d) => d.watches,
    staleTime: 60_000,
  });
  const [error, setError] = useState<string | null>(null);
  const track = useMutation({
    mutationFn: () =>
      apiFetch<PriceWatch>("/api/flights/track", {
        method: "POST",
        body: {
          route: {
            origin: query.origin,
            destination: query.destination,
            departure_date: query.departure_date,
            ...(query.return_date ? { return_date: query.return_date } : {}),
          },
          passengers: query.passengers,
          cabin_class: query.cabin_class,
          trip_id: tripId,
        },
      }),
    onSuccess: (watch) => {
      client.setQueryData<{ watches: PriceWatch[] }>(watchesKey, (prev) =>
        prev ? { watches: [watch, ...prev.watches] } : prev,
      );
      void client.invalidateQueries({ queryKey: watchesKey });
    },
  });
  const stop = useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/flights/track/${id}`, { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: watchesKey }),
  });

  const existing = watches.data?.find(
    (w) =>
      w.status === "active" &&
      w.trip_id === tripId &&
      w.route.origin === query.origin &&
      w.route.destination === query.destination &&
      w.route.departure_date === query.departure_date &&
      (w.route.return_date ?? "") === (query.return_date ?? "") &&
      w.passengers === query.passengers &&
      w.cabin_class === query.cabin_class,
  );
  const fresh = track.data?.status === "active" ? track.data : undefined;
  const stopped = stop.isSuccess ? stop.variables : undefined;
  const watch = [existing, fresh].find((w) => w && w.id !== stopped);

  if (watch) {
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="flight-tracking">
        <span role="status" className="text-brand-700">
          Tracking {watch.route.origin} → {watch.route.destination}
          {watch.current_price !== null
            ? ` · cheapest now ${formatMoney(watch.current_price, watch.currency)}`
            : ""}
        </span>
        <button
          type="button"
          className="btn-ghost px-2 py-1 text-xs"
          disabled={stop.isPending}
          onClick={() => {
            setError(null);
            stop.mutate(watch.id, { onError: (err) => setError(errorMessage(err)) });
          }}
        >
          {stop.isPending ? "Stopping…" : "Stop tracking"}
        </button>
        {error ? (
          <span role="alert" className="text-xs font-medium text-red-600">
            {error}
          </span>
        ) : null}
      </div>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      {error ? (
        <span role="alert" className="text-xs font-medium text-red-600">
          {error}
        </span>
      ) : null}
      <button
        type="button"
        className="btn-secondary px-3 py-1.5 text-xs"
        disabled={track.isPending}
        onClick={() => {
          setError(null);
          track.mutate(undefined, {
            onError: (err) => setError(splitApiError(err, []).formError),
          });
        }}
        data-testid="flight-track"
      >
        {track.isPending ? "Starting…" : "Track price"}
        <span className="sr-only">
          {" "}
          for {query.origin} to {query.destination} from {query.departure_date}
        </span>
      </button>
      {stopped ? (
        <span role="status" className="text-xs text-slate-500">
          Stopped tracking.
        </span>
      ) : null}
    </div>
  );
}
