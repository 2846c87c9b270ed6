/**
 * Demo data: one user and a five-day Paris trip, created through the same services the
 * app uses so it obeys the same rules. The trip is always upcoming (it starts at least 30
 * days after the day the database is seeded), its name says the season it falls in, and
 * every museum on it is open on the day it is planned.
 */
import { count } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { users } from "@/db/schema";
import { addDays, dateOfDay, isoWeekday } from "@/lib/domain/itinerary/dates";
import { addSegment } from "@/lib/domain/itinerary/service";
import { createTrip } from "@/lib/domain/trips/service";
import { registerUser } from "@/lib/domain/users/sign-up";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";

export const DEMO_EMAIL = "demo@tripsage.dev";
export const DEMO_PASSWORD = "tripsage-demo";

/**
 * Creates the demo user and trip when the database has no users at all.
 * The trip starts at least 30 days after `today` (UTC) so it is always upcoming (see {@link demoTripDates}).
 * @returns true when it seeded, false when the database already had users
 */
export async function seedDemoIfEmpty(db: Db, today = new Date()): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return false;
  await seedDemo(db, today);
  return true;
}

/**
 * The server's start-up step (lib/server/main.ts, when `SEED_DEMO` is "true"): opens the
 * app's database and runs {@link seedDemoIfEmpty} on it. Never throws: a database that cannot
 * be reached is logged and left to the requests (they answer 503 DATABASE_ERROR until it is back).
 * @returns true when it seeded
 */
export async function seedDemoOnStart(): Promise<boolean> {
  try {
    return await seedDemoIfEmpty(await getDb());
  } catch (err) {
    console.error("[server] cannot create the demo account", err);
    return false;
  }
}

/**
 * Weekly and yearly closures of the demo's sights, from their official visitor pages
 * (louvre.fr "Hours": closed Tuesdays, 1 January, 1 May, 25 December; musee-orsay.fr
 * "Opening hours": closed Mondays, 1 May, 25 December; chateauversailles.fr "Opening
 * times": the Palace is closed Mondays, 1 January, 1 May, 25 December). Weekdays are
 * ISO 8601 (1 = Monday … 7 = Sunday); dates are MM-DD.
 */
export const DEMO_CLOSURES = {
  louvre: { weekdays: [2], dates: ["01-01", "05-01", "12-25"] },
  orsay: { weekdays: [1], dates: ["05-01", "12-25"] },
  versailles: { weekdays: [1], dates: ["01-01", "05-01", "12-25"] },
} as const;
export type DemoVenue = keyof typeof DEMO_CLOSURES;

/** Whether `venue` is closed on the ISO date `date` (YYYY-MM-DD). */
export function isClosed(venue: DemoVenue, date: string): boolean {
  const rule = DEMO_CLOSURES[venue];
  const weekday = isoWeekday(date);
  return (
    (rule.weekdays as readonly number[]).includes(weekday) ||
    (rule.dates as readonly string[]).includes(date.slice(5))
  );
}

/** Meteorological seasons of the northern hemisphere, by month (Paris). */
const SEASONS = [
  "Winter",
  "Winter",
  "Spring",
  "Spring",
  "Spring",
  "Summer",
  "Summer",
  "Summer",
  "Autumn",
  "Autumn",
  "Autumn",
  "Winter",
];

/** The season a date falls in, e.g. "Spring" for 2027-04-14. */
export function seasonOf(date: string): string {
  return SEASONS[Number(date.slice(5, 7)) - 1] ?? "Spring";
}

/** Demo days: arrive on a Wednesday, Louvre Thursday, Orsay Friday, Versailles Saturday, leave Sunday. */
const DEMO_DAYS = 5;
const VENUE_DAYS: Record<DemoVenue, number> = { louvre: 2, orsay: 3, versailles: 4 };

/**
 * The demo trip's dates: the first Wednesday at least 30 days after `today` for which every
 * sight is open on its planned day (so no Tuesday Louvre, no Monday Versailles, and no
 * 25 December, 1 January or 1 May on a museum day), and the title "Paris in <season of the
 * start date>".
 * @param today ISO date (YYYY-MM-DD), UTC
 */
export function demoTripDates(today: string): { start: string; end: string; title: string } {
  let start = addDays(today, 30);
  while (isoWeekday(start) !== 3) start = addDays(start, 1);
  const fits = (s: string) =>
    (Object.entries(VENUE_DAYS) as [DemoVenue, number][]).every(([v, d]) => !isClosed(v, dateOfDay(s, d)));
  while (!fits(start)) start = addDays(start, 7);
  return { start, end: addDays(start, DEMO_DAYS - 1), title: `Paris in ${seasonOf(start)}` };
}

/** Creates the demo user and trip unconditionally. @throws ApiError EMAIL_TAKEN if it exists */
export async function seedDemo(db: Db, today = new Date()): Promise<{ userId: string; tripId: string }> {
  const user = await registerUser(db, { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: "Demo Traveller" });
  const dates = demoTripDates(today.toISOString().slice(0, 10));
  const trip = await createTrip(db, user.id, {
    title: dates.title,
    description: "Five days of museums, cafés and a day trip to Versailles.",
    start_date: dates.start,
    end_date: dates.end,
    destinations: [
      {
        name: "Paris",
        country: "France",
        city: "Paris",
        coordinates: { latitude: 48.8566, longitude: 2.3522 },
      },
    ],
    preferences: {
      budget: {
        total: 3000,
        currency: "EUR",
        breakdown: { accommodation: 1200, food: 800, activities: 600, transportation: 400 },
      },
      accommodation_type: "hotel",
      interests: ["museums", "cafes", "history"],
    },
    status: "planning",
  });
  for (const s of demoItems(dates.start, dates.end)) {
    const { venue: _venue, ...segment } = s;
    await addSegment(db, user.id, trip.id, segmentCreateSchema.parse(segment), "import");
  }
  return { userId: user.id, tripId: trip.id };
}

/**
 * The demo itinerary for a trip from `start` to `end`; a sight with opening days carries
 * its `venue` (checked by {@link isClosed}).
 */
export function demoItems(start: string, end: string) {
  return [
    {
      type: "flight" as const,
      title: "Flight JFK → CDG",
      day_index: 1,
      time_block: "morning" as const,
      start_time: `${start}T07:25`,
      timezone: "Europe/Paris",
      location: { name: "Paris Charles de Gaulle", iata_code: "CDG" },
      price: { amount: 640, currency: "EUR" },
      details: { carrier: "Air France", flight_number: "AF7", origin: "JFK", destination: "CDG" },
    },
    {
      type: "hotel" as const,
      title: "Hôtel Lutetia",
      day_index: 1,
      time_block: "afternoon" as const,
      location: { name: "Hôtel Lutetia", address: "45 Boulevard Raspail, 75006 Paris" },
      price: { amount: 1150, currency: "EUR" },
      details: { check_in: start, check_out: end },
    },
    {
      type: "meal" as const,
      title: "Dinner at Le Comptoir du Relais",
      day_index: 1,
      time_block: "evening" as const,
    },
    {
      type: "activity" as const,
      title: "Louvre Museum",
      day_index: VENUE_DAYS.louvre,
      time_block: "morning" as const,
      price: { amount: 22, currency: "EUR" },
      venue: "louvre" as const,
    },
    {
      type: "meal" as const,
      title: "Coffee at Café de Flore",
      day_index: VENUE_DAYS.louvre,
      time_block: "afternoon" as const,
    },
    {
      type: "activity" as const,
      title: "Musée d'Orsay",
      day_index: VENUE_DAYS.orsay,
      time_block: "morning" as const,
      venue: "orsay" as const,
    },
    {
      type: "activity" as const,
      title: "Montmartre walk",
      day_index: VENUE_DAYS.orsay,
      time_block: "afternoon" as const,
    },
    {
      type: "transfer" as const,
      title: "RER C to Versailles",
      day_index: VENUE_DAYS.versailles,
      time_block: "morning" as const,
      details: { mode: "train" as const, from: "Paris", to: "Versailles" },
    },
    {
      type: "activity" as const,
      title: "Palace of Versailles",
      day_index: VENUE_DAYS.versailles,
      time_block: "afternoon" as const,
      venue: "versailles" as const,
    },
    {
      type: "note" as const,
      title: "Check out by 11:00",
      day_index: DEMO_DAYS,
      time_block: "morning" as const,
    },
  ];
}
