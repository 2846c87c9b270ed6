/**
 * "Create this trip" from a planner draft: the trip and its itinerary are written together
 * or not at all.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { segments, trips } from "@/db/schema";
import { getItinerary } from "@/lib/domain/itinerary/service";
import { ApiError } from "@/lib/platform/errors";
import { makeUser } from "@/lib/testing/fixtures";
import { createTripFromDraft } from "./from-draft";

const draft = {
  destination: "Rome",
  country: "Italy",
  cities: ["Rome", "Florence"],
  start_date: "2030-04-10",
  end_date: "2030-04-13",
  travelers: 2,
  budget: { total: 2400, currency: "EUR" },
  activities: ["Colosseum", "Uffizi Gallery"],
  itinerary: [
    { dayIndex: 1, title: "Colosseum", timeBlock: "morning", category: "activities", notes: "Book ahead" },
    { dayIndex: 1, title: "Dinner in Trastevere", timeBlock: "evening", category: "meals" },
    { dayIndex: 3, title: "Uffizi Gallery", timeBlock: "afternoon", category: "activities" },
  ],
};

async function ownedTrips(userId: string) {
  const db = await getDb();
  return db.select().from(trips).where(eq(trips.ownerId, userId));
}

describe("createTripFromDraft", () => {
  it("creates the trip with its destinations, budget and every drafted item on its day", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await createTripFromDraft(db, user.id, draft);
    expect(trip).toMatchObject({
      title: "Trip to Rome",
      start_date: "2030-04-10",
      end_date: "2030-04-13",
      destinations: [
        { name: "Rome", country: "Italy" },
        { name: "Florence", country: "Italy" },
      ],
    });
    expect(trip.description).toMatch(/2 travellers/);
    const it = await getItinerary(db, user.id, trip.id);
    expect(it.preferences.budget).toMatchObject({ total: 2400, currency: "EUR" });
    expect(it.days).toHaveLength(4);
    const seen = it.days.map((d) => d.segments.map((s) => [s.type, s.title, s.time_block, s.source]));
    expect(seen).toEqual([
      [
        ["activity", "Colosseum", "morning", "assistant"],
        ["meal", "Dinner in Trastevere", "evening", "assistant"],
      ],
      [],
      [["activity", "Uffizi Gallery", "afternoon", "assistant"]],
      [],
    ]);
    expect(it.days[0]?.segments[0]?.notes).toBe("Book ahead");
  });

  it("refuses an item after the trip's last day, naming it, and writes nothing", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const err = await createTripFromDraft(db, user.id, { ...draft, end_date: "2030-04-11" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "VALIDATION_ERROR", status: 422 });
    expect(err.errors[0]).toMatchObject({ field: "itinerary.2.dayIndex" });
    expect(await ownedTrips(user.id)).toEqual([]);
  });

  it("refuses a draft without dates or destination as a validation error", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const err = await createTripFromDraft(db, user.id, { destination: "", start_date: "soon" }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: "VALIDATION_ERROR" });
    const fields = (err as ApiError).errors?.map((e) => e.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(["destination", "start_date", "end_date"]));
  });

  it("a failure while writing the itinerary leaves no trip and no segment behind", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    // The database itself refuses one title (a real failure in the middle of the writes:
    // the trip and the first segment are already inserted when it happens).
    const marker = `refused-${crypto.randomUUID()}`;
    const fn = `refuse_${marker.replace(/-/g, "_")}`;
    await db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
        begin if new.title = '${marker}' then raise exception 'refused by test trigger'; end if; return new; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger ${fn} before insert on segments for each row execute function ${fn}()`),
    );
    try {
      const failing = {
        ...draft,
        itinerary: [...draft.itinerary.slice(0, 2), { dayIndex: 2, title: marker, category: "activities" }],
      };
      const err = await createTripFromDraft(db, user.id, failing).catch((e) => e);
      expect(String(err?.cause ?? err)).toMatch(/refused by test trigger/);
    } finally {
      await db.execute(sql.raw(`drop trigger ${fn} on segments`));
      await db.execute(sql.raw(`drop function ${fn}()`));
    }
    expect(await ownedTrips(user.id)).toEqual([]);
    const orphans = await db.select().from(segments).where(eq(segments.createdBy, user.id));
    expect(orphans).toEqual([]);
    // And the same draft without the refused item goes through.
    const ok = await createTripFromDraft(db, user.id, draft);
    expect((await getItinerary(db, user.id, ok.id)).days.flatMap((d) => d.segments)).toHaveLength(3);
  });
});
