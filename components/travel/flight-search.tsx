"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/lib/client/api";
import { formatMoney, todayIso } from "@/lib/client/format";
import type { ItineraryResponse } from "@/lib/client/types";
import { CABIN_CLASSES } from "@/lib/domain/travel/types";
import { SelectField, TextField } from "../ui/field";
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
import {
  CountField,
  countLabel,
  type FieldBinding,
  numberOf,
  OfferCard,
  OfflineNote,
  postSearch,
  type ResultRowProps,
  ResultsSection,
  SearchForm,
  splitApiError,
  type TravelSearchProps,
  useTravelSearch,
} from "./shared";
import type { FlightJourney, FlightOffer, PriceWatch, TravelHints } from "./types";

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

type FlightForm = ReturnType<typeof initialForm>;

/** The search request for the form's values (codes upper-cased, 10 offers at most). */
function toQuery(form: FlightForm): FlightQuery {
  return {
    origin: form.origin.trim().toUpperCase(),
    destination: form.destination.trim().toUpperCase(),
    departure_date: form.departure_date,
    ...(form.return_date ? { return_date: form.return_date } : {}),
    passengers: numberOf(form.passengers),
    cabin_class: form.cabin_class,
    limit: 10,
  };
}

/** What the browser checks before searching; the API checks the rest. */
function validate(query: FlightQuery): Record<string, string> {
  return Number.isInteger(query.passengers) ? {} : { passengers: "Enter a whole number of passengers (1–9)" };
}

/** "JFK → PAR". */
function routeOf(query: FlightQuery): string {
  return `${query.origin} → ${query.destination}`;
}

/**
 * Flight search for the trip page: a route and dates (prefilled from the trip), a list of
 * offers, "Add to itinerary" (one flight segment per direction; editors only) and price
 * tracking of the searched route, linked to the trip.
 */
export function FlightSearch({ trip, hints, writable }: TravelSearchProps) {
  const search = useTravelSearch(
    { search: postSearch<FlightOffer>("/api/flights/search"), initialForm, toQuery, validate },
    trip,
    hints,
  );
  const { form, field, answer, addResult } = search;

  return (
    <div className="space-y-5">
      <SearchForm
        search={search}
        label="Search flights"
        icon={<PlaneIcon />}
        submitTestId="flight-search-submit"
      >
        <AirportField
          label="From"
          placeholder="JFK or NYC"
          {...field("origin")}
          data-testid="flight-origin"
        />
        <AirportField
          label="To"
          placeholder="CDG or PAR"
          {...field("destination")}
          data-testid="flight-destination"
        />
        <TextField
          label="Departure date"
          type="date"
          {...field("departure_date")}
          required
          data-testid="flight-departure"
        />
        <TextField
          label={
            <>
              Return date <span className="font-normal text-slate-400">(optional)</span>
            </>
          }
          type="date"
          {...field("return_date")}
          min={form.departure_date || undefined}
          hint="Leave empty for one way"
          data-testid="flight-return"
        />
        <CountField label="Passengers" max={9} {...field("passengers")} data-testid="flight-passengers" />
        <SelectField label="Cabin" {...field("cabin_class")} data-testid="flight-cabin">
          {CABIN_CLASSES.map((c) => (
            <option key={c} value={c}>
              {cabinLabel(c)}
            </option>
          ))}
        </SelectField>
      </SearchForm>

      <ResultsSection
        search={search}
        title="Flight results"
        status={{
          searching: "Searching flights…",
          found: (query, total) => `${countLabel(total, "flight", "flights")} found for ${routeOf(query)}`,
          none: (query) =>
            `No flights found for ${routeOf(query)} on these dates. Try other dates or airports.`,
        }}
        statusTestId="flight-results-status"
        toolbar={
          answer ? (
            <div className="flex flex-wrap items-center justify-between gap-2">
              <OfflineNote provider={answer.data.search_metadata.provider} />
              <TrackRoute key={answer.data.search_metadata.search_id} tripId={trip.id} query={answer.query} />
            </div>
          ) : null
        }
        listLabel="Flight offers"
        listTestId="flight-results"
        Row={FlightResult}
        onAdd={(offer) => {
          const labels = offer.return ? ["Outbound flight", "Return flight"] : ["Flight"];
          void addResult(offer.id, flightSegments(offer, trip, hints.airportZones), labels);
        }}
        writable={writable}
      />
    </div>
  );
}

/** A required airport or metro code ("JFK", "PAR"). */
function AirportField(props: FieldBinding & { label: string; placeholder: string; "data-testid": string }) {
  return (
    <TextField
      hint="Airport or city code"
      autoCapitalize="characters"
      autoComplete="off"
      maxLength={3}
      required
      {...props}
    />
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

/** One offer: airline, cabin, each direction, the total price and "Add to itinerary". */
function FlightResult({ offer, writable, state, onAdd }: ResultRowProps<FlightOffer>) {
  const price = formatMoney(offer.price.total, offer.price.currency);
  const pax = countLabel(offer.passengers, "passenger", "passengers");
  return (
    <OfferCard
      testId="flight-result"
      offerId={offer.id}
      price={
        <>
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
        </>
      }
      add={
        writable
          ? {
              state,
              onAdd,
              context: `${offer.airline} ${offer.outbound.departure.airport} to ${offer.outbound.arrival.airport}, ${price}`,
              testId: "flight-add",
            }
          : null
      }
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
    </OfferCard>
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
  // One message line for both actions: cleared when either starts, set when it fails.
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
    onMutate: () => setError(null),
    onError: (err) => setError(splitApiError(err, []).formError),
  });
  const stop = useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/flights/track/${id}`, { method: "DELETE" }),
    onMutate: () => setError(null),
    onError: (err) => setError(errorMessage(err)),
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
          onClick={() => stop.mutate(watch.id)}
        >
          {stop.isPending ? "Stopping…" : "Stop tracking"}
        </button>
        <TrackError message={error} />
      </div>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <TrackError message={error} />
      <button
        type="button"
        className="btn-secondary px-3 py-1.5 text-xs"
        disabled={track.isPending}
        onClick={() => track.mutate()}
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

/** Why starting or stopping price tracking failed (nothing when it did not). */
function TrackError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <span role="alert" className="text-xs font-medium text-red-600">
      {message}
    </span>
  );
}
