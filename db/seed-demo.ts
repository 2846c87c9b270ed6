/**
 * Demo data: one user and a five-day Paris trip, created through the same services the
 * app uses so it obeys the same rules.
 */
import { count } from "drizzle-orm";
import { addSegment } from "@/lib/itinerary/service";
import { createTrip } from "@/lib/trips/service";
import { registerUser } from "@/lib/users/service";
import { segmentCreateSchema } from "@/lib/validators/segments";
import type { Db } from "./client";
import { users } from "./schema";

export const DEMO_EMAIL = "demo@tripsage.dev";
export const DEMO_PASSWORD = "tripsage-demo";

/**
 * Creates the demo user and trip when the database has no users at all.
 * The trip starts 30 days after `today` (UTC) so it is always upcoming.
 * @returns true when it seeded, false when the database already had users
 */
export async function seedDemoIfEmpty(db: Db, today = new Date()): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return false;
  await seedDemo(db, today);
  return true;
}

/** Creates the demo user and trip unconditionally. @throws ApiError EMAIL_TAKEN if it exists */
export async function seedDemo(db: Db, today = new Date()): Promise<{ userId: string; tripId: string }> {
  const user = await registerUser(db, { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: "Demo Traveller" });
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 30));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const end = new Date(start);
  end.setUTCDate(end.getUTCDate() + 4);
  const trip = await createTrip(db, user.id, {
    title: "Paris in Spring",
    description: "Five days of museums, cafés and a day trip to Versailles.",
    start_date: iso(start),
    end_date: iso(end),
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
  const day1 = `${iso(start)}T`;
  const items = [
    {
      type: "flight" as const,
      title: "Flight JFK → CDG",
      day_index: 1,
      time_block: "morning" as const,
      start_time: `${day1}07:25`,
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
      details: { check_in: iso(start), check_out: iso(end) },
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
      day_index: 2,
      time_block: "morning" as const,
      price: { amount: 22, currency: "EUR" },
    },
    {
      type: "meal" as const,
      title: "Coffee at Café de Flore",
      day_index: 2,
      time_block: "afternoon" as const,
    },
    { type: "activity" as const, title: "Musée d'Orsay", day_index: 3, time_block: "morning" as const },
    { type: "activity" as const, title: "Montmartre walk", day_index: 3, time_block: "afternoon" as const },
    {
      type: "transfer" as const,
      title: "RER C to Versailles",
      day_index: 4,
      time_block: "morning" as const,
      details: { mode: "train" as const, from: "Paris", to: "Versailles" },
    },
    {
      type: "activity" as const,
      title: "Palace of Versailles",
      day_index: 4,
      time_block: "afternoon" as const,
    },
    { type: "note" as const, title: "Check out by 11:00", day_index: 5, time_block: "morning" as const },
  ];
  for (const s of items) await addSegment(db, user.id, trip.id, segmentCreateSchema.parse(s), "import");
  return { userId: user.id, tripId: trip.id };
}
