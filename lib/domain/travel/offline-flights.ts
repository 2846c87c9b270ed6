/**
 * The built-in flight inventory: what `POST /api/flights/search` answers when no live
 * provider (Duffel) is configured, so the app works with zero setup. It is a *model*, not
 * real schedules or fares, and every answer says so (`search_metadata.provider: "offline"`).
 *
 * How offers are made (deterministic for a given route, date, cabin and day of searching):
 * - Carriers: every airline in ./airlines.ts with a hub at either end flies the route
 *   non-stop when the great-circle distance is within its range (16 000 km with wide-bodies,
 *   7 400 km with long-range narrow-bodies only, 4 500 km otherwise); full-service carriers
 *   whose hub lies on the way (detour ≤ 30 %) offer one stop through that hub. Low-cost
 *   carriers fly non-stop only. Airports less than 100 km apart get no flights.
 * - Times: 1-2 departures a day on long-haul routes, 2-3 on short ones, between 06:00 and
 *   23:00 local; block time = distance / 820 km/h + 35 min, rounded to 5 min; connections
 *   take 1 h 10 min - 2 h 50 min; a round trip's return leaves at least 2 h after the
 *   outbound lands. Local times and UTC offsets come from the airports' IANA zones (luxon),
 *   so offsets follow daylight-saving rules on the day.
 * - Fares (USD, per passenger, one way): 30 + 1.1 × km^0.68 (a curve fitted by eye to
 *   typical 2024 published economy fares: ~105 USD for 500 km, ~225 for 2 000 km, ~640 for
 *   10 800 km), × cabin (premium economy 1.7, business 4.2, first 6.5), × 0.6 for low-cost
 *   carriers, × a fixed 0.85-1.15 per airline, × advance purchase (< 7 days 1.6, < 14 1.35,
 *   < 21 1.2, > 300 1.05), × 1.08 on Fridays and Sundays, × a demand factor of ±7 % that
 *   changes every day (so tracked prices move). Round trips are 0.92 × the two one-ways.
 *   Taxes and charges: 12 % of the fare + 18 USD per flight.
 */
import { DateTime, Duration } from "luxon";
import { todayUtc } from "@/lib/domain/itinerary/dates";
import { haversineKm } from "@/lib/domain/users/profile";
import { AIRLINES, type Airline } from "./airlines";
import { type Airport, findAirport } from "./airports";
import { isoMinutes } from "./duration";
import type { CabinClass, FlightJourney, FlightLeg, FlightOffer, FlightQuery } from "./types";

/** Cruise-speed average used for block times, km/h. */
const BLOCK_SPEED_KMH = 820;
/** Taxi, climb and descent, minutes. */
const BLOCK_OVERHEAD_MIN = 35;
/** Range of carriers with wide-bodies / without, km. */
const LONG_RANGE_KM = 16_000;
const NARROW_RANGE_KM = 7_400;
const SHORT_RANGE_KM = 4_500;
/** Narrow-body types (A321LR/XLR, 737, 757...): long-range but not intercontinental-long. */
const NARROW_BODY = /A32[01]|A220|737|757|E1[79]\d|CRJ|ATR|Dash/i;

/** How far `airline` flies non-stop, km. */
function airlineRangeKm(airline: Airline): number {
  if (airline.long_haul_aircraft.some((a) => !NARROW_BODY.test(a))) return LONG_RANGE_KM;
  return airline.long_haul_aircraft.length > 0 ? NARROW_RANGE_KM : SHORT_RANGE_KM;
}
/** Closest two airports can be and still have flights between them, km. */
const MIN_ROUTE_KM = 100;
/** Shortest time between landing and the return flight of a round trip, ms. */
const MIN_TURNAROUND_MS = 2 * 3_600_000;
/** Longest detour through a hub, as a ratio of the direct distance. */
const MAX_DETOUR = 1.3;

const CABIN_FACTOR: Record<CabinClass, number> = {
  economy: 1,
  premium_economy: 1.7,
  business: 4.2,
  first: 6.5,
};

/** FNV-1a 32-bit hash of `s` mapped to [0, 1): the model's only source of variety. */
export function unitHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * One-way fare per passenger in USD for `km` flown, before cabin and carrier factors:
 * `30 + 1.1 × km^0.68` (see the module comment for where the curve comes from).
 */
export function baseFareUsd(km: number): number {
  return 30 + 1.1 * km ** 0.68;
}

/**
 * Advance-purchase factor for a departure `days` days after the search: 1.6 under 7 days,
 * 1.35 under 14, 1.2 under 21, 1.05 beyond 300, else 1.
 */
export function advanceFactor(days: number): number {
  if (days < 7) return 1.6;
  if (days < 14) return 1.35;
  if (days < 21) return 1.2;
  if (days > 300) return 1.05;
  return 1;
}

function blockMinutes(km: number): number {
  return Math.round((km / BLOCK_SPEED_KMH) * 12 + BLOCK_OVERHEAD_MIN / 5) * 5;
}

function terminalFor(airport: Airport, airline: Airline): string | null {
  const t = airport.terminals;
  if (t.length === 0) return null;
  return t[Math.floor(unitHash(`${airline.iata}@${airport.iata}`) * t.length)] ?? t[0] ?? null;
}

function aircraftFor(airline: Airline, km: number, salt: string): string {
  const pool =
    km > SHORT_RANGE_KM || airline.short_haul_aircraft.length === 0
      ? airline.long_haul_aircraft.length > 0
        ? airline.long_haul_aircraft
        : airline.short_haul_aircraft
      : airline.short_haul_aircraft;
  return pool[Math.floor(unitHash(salt) * pool.length)] ?? "Airbus A320";
}

function localTime(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? dt.toString();
}

/** A route a carrier flies between two airports: the airports in order (2 or 3). */
interface Routing {
  airline: Airline;
  via: Airport[];
}

/**
 * Carriers and routings between `from` and `to` (see the module comment).
 * @returns routings, non-stop first, at most 14
 */
export function routingsBetween(from: Airport, to: Airport, maxStops = 1): Routing[] {
  const direct = haversineKm(from, to);
  if (direct < MIN_ROUTE_KM) return []; // same city (LGA-JFK): a transfer, not a flight
  const nonstop: Routing[] = [];
  const onestop: { r: Routing; detour: number }[] = [];
  for (const airline of AIRLINES) {
    const range = airlineRangeKm(airline);
    const hubs = new Set(airline.hubs);
    if (hubs.has(from.iata) || hubs.has(to.iata)) {
      if (direct <= range) nonstop.push({ airline, via: [] });
      continue;
    }
    if (maxStops < 1 || airline.low_cost || direct < 800) continue;
    let best: { hub: Airport; detour: number } | undefined;
    for (const code of airline.hubs) {
      const hub = findAirport(code);
      if (!hub) continue;
      const a = haversineKm(from, hub);
      const b = haversineKm(hub, to);
      if (a < 150 || b < 150 || a > range || b > range) continue;
      const detour = (a + b) / direct;
      if (detour <= MAX_DETOUR && (!best || detour < best.detour)) best = { hub, detour };
    }
    if (best) onestop.push({ r: { airline, via: [best.hub] }, detour: best.detour });
  }
  onestop.sort((x, y) => x.detour - y.detour || x.r.airline.iata.localeCompare(y.r.airline.iata));
  return [...nonstop, ...onestop.slice(0, Math.max(0, 14 - nonstop.length)).map((o) => o.r)];
}

/** Flights one routing operates on `date` from `from` to `to`: departure times and numbers. */
function journeysOn(routing: Routing, from: Airport, to: Airport, date: string): FlightJourney[] {
  const { airline } = routing;
  const points = [from, ...routing.via, to];
  const totalKm = points.slice(1).reduce((s, p, i) => s + haversineKm(points[i] as Airport, p), 0);
  const perDay =
    totalKm > SHORT_RANGE_KM
      ? 1 + Math.floor(unitHash(`${airline.iata}${from.iata}${to.iata}n`) * 2)
      : 2 + Math.floor(unitHash(`${airline.iata}${from.iata}${to.iata}n`) * 2);
  const out: FlightJourney[] = [];
  for (let k = 0; k < perDay; k++) {
    const salt = `${airline.iata}|${from.iata}|${to.iata}|${k}`;
    // Spread the day's departures: slot k of perDay, jittered within the slot.
    const slot = 17 / perDay;
    const minuteOfDay = Math.round((6 + slot * k + unitHash(`${salt}|t`) * slot * 0.8) * 12) * 5;
    // Wall-clock time in the origin's zone (`set`, not `plus`, so DST days keep the schedule).
    const wall = Math.min(minuteOfDay, 23 * 60);
    let depart = DateTime.fromISO(date, { zone: from.time_zone }).set({
      hour: Math.floor(wall / 60),
      minute: wall % 60,
    });
    const legs: FlightLeg[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i] as Airport;
      const b = points[i + 1] as Airport;
      const km = haversineKm(a, b);
      const minutes = blockMinutes(km);
      const arrive = depart.plus({ minutes }).setZone(b.time_zone);
      const number =
        (km > SHORT_RANGE_KM ? 1 : 100) +
        Math.floor(unitHash(`${salt}|${i}|no`) * (km > SHORT_RANGE_KM ? 299 : 2899));
      legs.push({
        flight_number: `${airline.iata}${number}`,
        departure: { airport: a.iata, terminal: terminalFor(a, airline), time: localTime(depart) },
        arrival: { airport: b.iata, terminal: terminalFor(b, airline), time: localTime(arrive) },
        duration: isoMinutes(minutes),
        aircraft: aircraftFor(airline, km, `${salt}|${i}|ac`),
      });
      // Next flight leaves after a connection of 70-170 minutes.
      depart = arrive
        .plus({ minutes: 70 + Math.round(unitHash(`${salt}|${i}|cx`) * 20) * 5 })
        .setZone(b.time_zone);
    }
    const first = legs[0] as FlightLeg;
    const last = legs.at(-1) as FlightLeg;
    const door = DateTime.fromISO(last.arrival.time).diff(
      DateTime.fromISO(first.departure.time),
      "minutes",
    ).minutes;
    const longest = legs.reduce(
      (m, l) => (Duration.fromISO(l.duration) > Duration.fromISO(m.duration) ? l : m),
      first,
    );
    out.push({
      departure: first.departure,
      arrival: last.arrival,
      duration: isoMinutes(Math.round(door)),
      stops: legs.length - 1,
      aircraft: longest.aircraft,
      legs,
    });
  }
  return out;
}

function journeyKm(j: FlightJourney): number {
  return j.legs.reduce((s, l) => {
    const a = findAirport(l.departure.airport);
    const b = findAirport(l.arrival.airport);
    return s + (a && b ? haversineKm(a, b) : 0);
  }, 0);
}

/** Per-passenger one-way fare (USD, before taxes) of journey `j` (module comment's formula). */
function journeyFare(j: FlightJourney, airline: Airline, cabin: CabinClass, today: string): number {
  const km = journeyKm(j);
  const dep = DateTime.fromISO(j.departure.time, { setZone: true });
  const days = Math.floor(dep.startOf("day").diff(DateTime.fromISO(today, { zone: dep.zone }), "days").days);
  const weekday = dep.weekday === 5 || dep.weekday === 7 ? 1.08 : 1;
  const carrier = 0.85 + unitHash(`carrier|${airline.iata}`) * 0.3;
  const demand = 0.93 + unitHash(`${j.legs[0]?.flight_number}|${dep.toISODate()}|${today}`) * 0.14;
  const connection = j.stops > 0 ? 0.88 : 1;
  return (
    baseFareUsd(km) *
    CABIN_FACTOR[cabin] *
    (airline.low_cost ? 0.6 : 1) *
    carrier *
    advanceFactor(days) *
    weekday *
    demand *
    connection
  );
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function fareRules(cabin: CabinClass, airline: Airline, longHaul: boolean) {
  if (airline.low_cost) {
    return {
      baggage: { carry_on: "1 personal item", checked: "Not included" },
      refundable: false,
      changeable: false,
      change_fee: null,
    };
  }
  switch (cabin) {
    case "first":
      return {
        baggage: { carry_on: "2 pieces", checked: "3 pieces included" },
        refundable: true,
        changeable: true,
        change_fee: 0,
      };
    case "business":
      return {
        baggage: { carry_on: "2 pieces", checked: "2 pieces included" },
        refundable: true,
        changeable: true,
        change_fee: 0,
      };
    case "premium_economy":
      return {
        baggage: { carry_on: "1 piece", checked: "2 pieces included" },
        refundable: false,
        changeable: true,
        change_fee: 100,
      };
    default:
      return {
        baggage: { carry_on: "1 piece", checked: longHaul ? "1 piece included" : "Not included" },
        refundable: false,
        changeable: true,
        change_fee: longHaul ? 200 : 75,
      };
  }
}

/**
 * Offers for one origin/destination airport pair on one date (and return date).
 * @param now the search time; fares depend on how far ahead the departure is and on the day
 * @returns offers without `id` (the service assigns ids when it stores them), unsorted
 */
export function offlineFlightOffers(
  from: Airport,
  to: Airport,
  q: Pick<FlightQuery, "departure_date" | "return_date" | "passengers" | "cabin_class" | "max_stops">,
  now: Date,
): Omit<FlightOffer, "id">[] {
  const today = todayUtc(now);
  const offers: Omit<FlightOffer, "id">[] = [];
  const longHaul = haversineKm(from, to) > SHORT_RANGE_KM;
  for (const routing of routingsBetween(from, to, q.max_stops ?? 1)) {
    const outs = journeysOn(routing, from, to, q.departure_date);
    const backs = q.return_date
      ? journeysOn({ airline: routing.airline, via: [...routing.via].reverse() }, to, from, q.return_date)
      : [];
    for (const [i, outbound] of outs.entries()) {
      // A round trip needs a return leaving at least 2 h after the outbound lands; the
      // i-th outbound prefers the i-th such return, so the day's options stay varied.
      const landed = Date.parse(outbound.arrival.time) + MIN_TURNAROUND_MS;
      const usable = backs.filter((b) => Date.parse(b.departure.time) >= landed);
      if (q.return_date && usable.length === 0) continue;
      const back = usable.length > 0 ? usable[Math.min(i, usable.length - 1)] : undefined;
      let fare = journeyFare(outbound, routing.airline, q.cabin_class, today);
      if (back) fare = 0.92 * (fare + journeyFare(back, routing.airline, q.cabin_class, today));
      const flights = outbound.legs.length + (back?.legs.length ?? 0);
      const baseFare = round2(fare * q.passengers);
      const taxes = round2((0.12 * fare + 18 * flights) * q.passengers);
      const total = round2(baseFare + taxes);
      const departsAt = DateTime.fromISO(outbound.departure.time, { setZone: true }).toUTC();
      const deadline = DateTime.min(
        departsAt.minus({ hours: 2 }),
        departsAt.minus({ days: 3 }).endOf("day").set({ millisecond: 0 }),
      );
      offers.push({
        airline: routing.airline.name,
        airline_code: routing.airline.iata,
        price: {
          total,
          currency: "USD",
          breakdown: { base_fare: baseFare, taxes },
          per_passenger: round2(total / q.passengers),
        },
        outbound,
        ...(back ? { return: back } : {}),
        ...fareRules(q.cabin_class, routing.airline, longHaul),
        booking_deadline: (deadline.toMillis() > now.getTime() ? deadline : departsAt.minus({ hours: 2 }))
          .toUTC()
          .toISO({ suppressMilliseconds: true }) as string,
        cabin_class: q.cabin_class,
        passengers: q.passengers,
        expires_at: new Date(now.getTime() + 60 * 60_000).toISOString(),
      });
    }
  }
  return offers;
}
