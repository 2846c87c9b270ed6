"use client";

import { addDays, formatMoney, todayIso } from "@/lib/client/format";
import type { ItineraryResponse } from "@/lib/client/types";
import { STAY_SORTS } from "@/lib/domain/travel/types";
import { SelectField, TextField } from "../ui/field";
import { BedIcon, MapPinIcon } from "../ui/icons";
import { laterDate, staySegment } from "./segments";
import {
  CountField,
  countLabel,
  numberOf,
  OfferCard,
  OfflineNote,
  postSearch,
  type ResultRowProps,
  ResultsSection,
  SearchForm,
  type TravelSearchProps,
  useTravelSearch,
} from "./shared";
import type { AccommodationOffer, TravelHints } from "./types";

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

type StayForm = ReturnType<typeof initialForm>;

/** The search request for the form's values (10 offers at most). */
function toQuery(form: StayForm): StayQuery {
  return {
    location: form.location.trim(),
    check_in: form.check_in,
    check_out: form.check_out,
    guests: numberOf(form.guests),
    rooms: numberOf(form.rooms),
    sort_by: form.sort_by,
    limit: 10,
  };
}

/** What the browser checks before searching; the API checks the rest. */
function validate(query: StayQuery): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!query.location) invalid.location = "Enter a city, e.g. Paris, France";
  if (!Number.isInteger(query.guests)) invalid.guests = "Enter a whole number of guests (1–16)";
  if (!Number.isInteger(query.rooms)) invalid.rooms = "Enter a whole number of rooms (1–8)";
  return invalid;
}

/**
 * Stay search for the trip page: a place and dates (prefilled from the trip), a list of
 * offers and "Add to itinerary" (a hotel segment on the check-in day; editors only).
 */
export function StaySearch({ trip, hints, writable }: TravelSearchProps) {
  const search = useTravelSearch(
    { search: postSearch<AccommodationOffer>("/api/accommodations/search"), initialForm, toQuery, validate },
    trip,
    hints,
  );
  const { form, field, answer, addResult } = search;
  // A hotel found around the trip's own destination gets that destination's time zone.
  const zone =
    answer && answer.query.location.toLowerCase() === hints.stayLocation.trim().toLowerCase()
      ? hints.destinationTimeZone
      : null;

  return (
    <div className="space-y-5">
      <SearchForm search={search} label="Search stays" icon={<BedIcon />} submitTestId="stay-search-submit">
        <TextField
          label="Location"
          className="sm:col-span-2 lg:col-span-1"
          {...field("location")}
          placeholder="Paris, France"
          hint="City, or City, Country"
          autoComplete="off"
          maxLength={200}
          required
          data-testid="stay-location"
        />
        <TextField label="Check-in" type="date" {...field("check_in")} required data-testid="stay-check-in" />
        <TextField
          label="Check-out"
          type="date"
          {...field("check_out")}
          min={form.check_in ? addDays(form.check_in, 1) : undefined}
          required
          data-testid="stay-check-out"
        />
        <CountField label="Guests" max={16} {...field("guests")} data-testid="stay-guests" />
        <CountField label="Rooms" max={8} {...field("rooms")} data-testid="stay-rooms" />
        <SelectField label="Sort by" {...field("sort_by")}>
          {STAY_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABEL[s]}
            </option>
          ))}
        </SelectField>
      </SearchForm>

      <ResultsSection
        search={search}
        title="Stay results"
        status={{
          searching: "Searching stays…",
          found: (query, total) => `${countLabel(total, "stay", "stays")} found in ${query.location}`,
          none: (query) => `No stays found in ${query.location} for these dates and guests.`,
        }}
        statusTestId="stay-results-status"
        toolbar={answer ? <OfflineNote provider={answer.data.search_metadata.provider} /> : null}
        listLabel="Stay offers"
        listTestId="stay-results"
        Row={StayResult}
        onAdd={(offer) => void addResult(offer.id, [staySegment(offer, trip, zone)], ["Stay"])}
        writable={writable}
      />
    </div>
  );
}

/** One offer: name, type, stars, place, rating, the price per night and in total, "Add to itinerary". */
function StayResult({ offer, writable, state, onAdd }: ResultRowProps<AccommodationOffer>) {
  const total = formatMoney(offer.price.total, offer.price.currency);
  const perNight = formatMoney(offer.price.per_night, offer.price.currency);
  const stars = offer.star_rating;
  return (
    <OfferCard
      testId="stay-result"
      offerId={offer.id}
      price={
        <>
          <span className="block text-lg font-semibold text-slate-900 tabular-nums" data-testid="stay-price">
            {perNight} <span className="text-xs font-normal text-slate-500">/ night</span>
          </span>
          <span className="block text-xs text-slate-500">
            {total} total {offer.price.currency}, {countLabel(offer.nights, "night", "nights")}
          </span>
        </>
      }
      add={writable ? { state, onAdd, context: `${offer.name}, ${total}`, testId: "stay-add" } : null}
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
              <span className="sr-only">{countLabel(stars, "star", "stars")}</span>
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
          rating ({countLabel(offer.rating.review_count, "review", "reviews")}) · {offer.room.type}
        </p>
      </div>
    </OfferCard>
  );
}
