/**
 * Turns a flight or stay offer into itinerary segment bodies
 * (`POST /api/itineraries/{tripId}/segments`, lib/domain/validators/segments.ts), plus the small
 * date and time helpers the result lists share. Pure functions: no React, no fetching.
 */
import type { ItineraryResponse } from "@/lib/client/types";
import type { AccommodationOffer, FlightJourney, FlightOffer } from "./types";

export type SegmentBody = Record<string, unknown>;

type TripDays = Pick<ItineraryResponse, "days">;

/** The 1-based trip day of an ISO date, or null when the date is outside the trip. */
export function tripDayOf(trip: TripDays, date: string): number | null {
  return trip.days.find((d) => d.date === date)?.day_index ?? null;
}

/** The later of two ISO dates (strings compare in date order). */
export function laterDate(a: string, b: string): string {
  if (a < b) return b;
  return a;
}

/** "2026-12-21T11:00" from "2026-12-21T11:00:00-05:00" (the wall-clock time where it happens). */
export function localMinutes(isoWithOffset: string): string {
  return isoWithOffset.slice(0, 16);
}

/** "11:00" from an ISO date-time with or without offset. */
export function clockOf(iso: string): string {
  return iso.slice(11, 16);
}

/** Morning before noon, afternoon until 17:00, evening after (for a local "YYYY-MM-DDTHH:mm"). */
export function timeBlockOf(local: string): "morning" | "afternoon" | "evening" {
  const hour = Number(local.slice(11, 13));
  return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
}

/** Whole days from the calendar date of `a` to that of `b` (see lib/domain/itinerary/dates.ts). */
export { daysBetween } from "@/lib/domain/itinerary/dates";

/** "7h 40m" from an ISO 8601 duration such as "PT7H40M" or "P1DT2H". */
export function formatIsoDuration(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:[\d.]+S)?)?$/.exec(iso);
  if (!m) return iso;
  const hours = Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0);
  const minutes = Number(m[3] ?? 0);
  if (hours && minutes) return `${hours}h ${minutes}m`;
  return hours ? `${hours}h` : `${minutes}m`;
}

/** "Non-stop", "1 stop (CDG)", "2 stops (DOH, SIN)". */
export function stopsLabel(j: FlightJourney): string {
  if (j.stops === 0) return "Non-stop";
  const via = j.legs.slice(0, -1).map((l) => l.arrival.airport);
  const n = j.stops === 1 ? "1 stop" : `${j.stops} stops`;
  return via.length ? `${n} (${via.join(", ")})` : n;
}

const CABIN_LABEL: Record<string, string> = {
  economy: "Economy",
  premium_economy: "Premium economy",
  business: "Business",
  first: "First",
};

/** "Premium economy" from "premium_economy". */
export function cabinLabel(cabin: string): string {
  return CABIN_LABEL[cabin] ?? cabin;
}

/** Where a new segment landed, for messages: "day 3" or "Unscheduled". */
export function placeLabel(dayIndex: number | null): string {
  return dayIndex === null ? "Unscheduled" : `day ${dayIndex}`;
}

/**
 * One flight segment for a journey. It goes on the trip day of the local departure date with
 * the departure as start time; a journey departing outside the trip becomes unscheduled (no
 * times: the API would refuse a start time outside the trip). A segment has one time zone,
 * the departure airport's, so the end time is only set when the arrival airport shares it and
 * the flight lands the same day; the arrival's local time is always in `details.arrival_local`.
 */
function flightSegment(
  offer: FlightOffer,
  journey: FlightJourney,
  trip: TripDays,
  zones: Record<string, string>,
  extra: { title: string; notes: string; withPrice: boolean },
): SegmentBody {
  const from = journey.departure.airport;
  const to = journey.arrival.airport;
  const departure = localMinutes(journey.departure.time);
  const arrival = localMinutes(journey.arrival.time);
  const day = tripDayOf(trip, departure.slice(0, 10));
  const body: SegmentBody = {
    type: "flight",
    title: extra.title,
    notes: extra.notes,
    day_index: day,
    location: { iata_code: from },
    details: {
      carrier: offer.airline,
      flight_number: journey.legs[0]?.flight_number ?? "",
      origin: from,
      destination: to,
      departure_local: departure,
      arrival_local: arrival,
      cabin_class: offer.cabin_class,
    },
  };
  if (day !== null) {
    body.start_time = departure;
    body.time_block = timeBlockOf(departure);
    const sameZone = !!zones[from] && zones[from] === zones[to];
    if (sameZone && arrival.slice(0, 10) === departure.slice(0, 10) && arrival >= departure)
      body.end_time = arrival;
  }
  const zone = zones[from];
  if (zone) body.timezone = zone;
  if (extra.withPrice) body.price = { amount: offer.price.total, currency: offer.price.currency };
  return body;
}

/**
 * The segments for a flight offer: the outbound and, for a round trip, the return. The fare
 * (all passengers, both ways) goes on the outbound only, so the trip's costs count it once.
 */
export function flightSegments(
  offer: FlightOffer,
  trip: TripDays,
  zones: Record<string, string>,
): SegmentBody[] {
  const pax = offer.passengers === 1 ? "1 passenger" : `${offer.passengers} passengers`;
  const cabin = cabinLabel(offer.cabin_class).toLowerCase();
  const journeyLine = (j: FlightJourney) =>
    `${offer.airline} ${j.legs.map((l) => l.flight_number).join(" + ")}, ${stopsLabel(j).toLowerCase()}, ${formatIsoDuration(j.duration)}.`;
  const out = offer.outbound;
  const list = [
    flightSegment(offer, out, trip, zones, {
      title: `Flight ${out.departure.airport} → ${out.arrival.airport}`,
      notes: `${journeyLine(out)} ${offer.return ? "Round-trip fare" : "Fare"} for ${pax}, ${cabin}.`,
      withPrice: true,
    }),
  ];
  const back = offer.return;
  if (back) {
    list.push(
      flightSegment(offer, back, trip, zones, {
        title: `Flight ${back.departure.airport} → ${back.arrival.airport}`,
        notes: `${journeyLine(back)} Return of the round trip; the fare is on the outbound flight.`,
        withPrice: false,
      }),
    );
  }
  return list;
}

/**
 * A hotel segment for a stay offer, on the trip day of the check-in date, starting at the
 * property's check-in time; unscheduled when the check-in falls outside the trip.
 */
export function staySegment(offer: AccommodationOffer, trip: TripDays, timeZone: string | null): SegmentBody {
  const day = tripDayOf(trip, offer.check_in);
  const nights = offer.nights === 1 ? "1 night" : `${offer.nights} nights`;
  const rooms = offer.rooms === 1 ? "1 room" : `${offer.rooms} rooms`;
  const guests = offer.guests === 1 ? "1 guest" : `${offer.guests} guests`;
  const notes = [
    `${nights}, ${rooms}, ${guests}: ${offer.room.type}.`,
    `Check-in from ${offer.policies.check_in}, check-out by ${offer.policies.check_out}.`,
    offer.policies.cancellation,
  ]
    .filter(Boolean)
    .join(" ");
  const body: SegmentBody = {
    type: "hotel",
    title: offer.name.slice(0, 200),
    notes: notes.slice(0, 5000),
    day_index: day,
    location: {
      name: offer.name.slice(0, 200),
      ...(offer.location.address ? { address: offer.location.address.slice(0, 500) } : {}),
      coordinates: offer.location.coordinates,
    },
    price: { amount: offer.price.total, currency: offer.price.currency },
    details: {
      check_in: offer.check_in,
      check_out: offer.check_out,
      room_type: offer.room.type.slice(0, 100),
    },
  };
  if (day !== null && /^\d{2}:\d{2}$/.test(offer.policies.check_in)) {
    const start = `${offer.check_in}T${offer.policies.check_in}`;
    body.start_time = start;
    body.time_block = timeBlockOf(start);
  }
  if (timeZone) body.timezone = timeZone;
  return body;
}
