/**
 * Memory learned from conversation: durable preferences the traveller states to the
 * assistant ("I'm vegetarian", "never red-eye flights", "we like boutique hotels"), saved
 * into the same memory the TripSage REST API's `GET /api/memory/user` and
 * `PUT /api/memory/preferences` read and write (`users.preferences.memory`, a JSON column:
 * no separate table). Learned items are also listed under `memory.learned` so settings can
 * show where each came from and delete it one by one.
 *
 * The memory is then applied where the assistant acts: the system prompt (compact summary),
 * flight searches (red-eye offers dropped when the traveller avoids them), stay searches
 * (avoided property types dropped) and activity/meal suggestions (dietary needs noted).
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { PREFERENCE_CATEGORIES } from "@/lib/domain/ai/tool-schemas";
import type { AccommodationOffer, FlightOffer } from "@/lib/domain/travel/types";
import { fieldError, notFound } from "@/lib/platform/errors";

/** A category of remembered preference (the `remember_preference` tool's `category`). */
export type PreferenceCategory = (typeof PREFERENCE_CATEGORIES)[number];

/** Memory fields that hold a list; the others hold one value that a new statement replaces. */
const LIST_CATEGORIES = new Set<PreferenceCategory>(["dietary_restrictions", "interests", "avoid"]);

/** One preference learned from conversation, as stored in `memory.learned`. */
export interface LearnedPreference {
  category: PreferenceCategory;
  value: string;
  /** ISO 8601 UTC instant the assistant saved it. */
  learned_at: string;
}

const BUDGET_TIERS: Record<string, "budget" | "mid-range" | "luxury"> = {
  budget: "budget",
  cheap: "budget",
  backpacker: "budget",
  "low-cost": "budget",
  "mid-range": "mid-range",
  midrange: "mid-range",
  "mid range": "mid-range",
  moderate: "mid-range",
  luxury: "luxury",
  premium: "luxury",
  upscale: "luxury",
};

const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

/** The stored list of a list field, tolerating anything else stored there. */
function listOf(memory: Record<string, unknown>, field: string): string[] {
  const v = memory[field];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function learnedOf(memory: Record<string, unknown>): LearnedPreference[] {
  const v = memory.learned;
  if (!Array.isArray(v)) return [];
  return v.filter(
    (x): x is LearnedPreference =>
      !!x &&
      typeof x === "object" &&
      PREFERENCE_CATEGORIES.includes((x as LearnedPreference).category) &&
      typeof (x as LearnedPreference).value === "string",
  );
}

/**
 * The preferences learned from conversation (`memory.learned`), oldest first: what settings
 * lists with a delete button each.
 */
export function learnedPreferences(memory: Record<string, unknown>): LearnedPreference[] {
  return learnedOf(memory).filter((l) => stillHolds(memory, l));
}

/** Whether a learned item still holds in `memory` (it was not deleted or replaced since). */
function stillHolds(memory: Record<string, unknown>, item: LearnedPreference): boolean {
  if (LIST_CATEGORIES.has(item.category)) {
    return listOf(memory, item.category).some((v) => key(v) === key(item.value));
  }
  const v = memory[item.category];
  return typeof v === "string" && key(v) === key(item.value);
}

/**
 * Drops `learned` entries that no longer hold (the user deleted the value through settings or
 * `PUT /api/memory/preferences`, or a new statement replaced a single-valued field).
 * @param memory the stored memory object (not mutated)
 * @returns a new memory object
 */
export function pruneLearned(memory: Record<string, unknown>): Record<string, unknown> {
  const learned = learnedOf(memory).filter((l) => stillHolds(memory, l));
  const { learned: _old, ...rest } = memory;
  return learned.length ? { ...rest, learned } : rest;
}

/**
 * Normalises a stated value for its category: trims it; a budget tier must name one of
 * budget / mid-range / luxury (synonyms such as "cheap" or "upscale" are mapped).
 * @throws ApiError VALIDATION_ERROR (field `value`) for an empty value or an unknown budget tier
 */
export function normalisePreference(category: PreferenceCategory, value: string): string {
  const v = value.trim().replace(/\s+/g, " ");
  if (!v) throw fieldError("value", "A preference needs a value");
  if (v.length > 50 && category !== "avoid") throw fieldError("value", "At most 50 characters");
  if (v.length > 100) throw fieldError("value", "At most 100 characters");
  if (category === "budget_tier") {
    const tier = BUDGET_TIERS[key(v)];
    if (!tier) throw fieldError("value", "A budget tier is one of budget, mid-range or luxury");
    return tier;
  }
  return v;
}

/**
 * Saves one preference the user stated in conversation into their memory, in one locked
 * transaction. List categories (`dietary_restrictions`, `interests`, `avoid`) gain the value
 * unless it is already there (case-insensitive); single-valued ones (`accommodation_type`,
 * `transportation_preference`, `travel_style`, `budget_tier`) are replaced by it.
 * @returns `saved: false` when memory already held exactly this, and the learned item
 * @throws ApiError NOT_FOUND when the account is gone; VALIDATION_ERROR for a bad value
 */
export async function rememberPreference(
  db: Db,
  userId: string,
  input: { category: PreferenceCategory; value: string },
  now = new Date(),
): Promise<{ saved: boolean; category: PreferenceCategory; value: string; learned: LearnedPreference[] }> {
  const value = normalisePreference(input.category, input.value);
  const { category } = input;
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw notFound("User");
    const memory: Record<string, unknown> = { ...(user.preferences.memory ?? {}) };
    let saved = false;
    if (LIST_CATEGORIES.has(category)) {
      const list = listOf(memory, category);
      if (!list.some((v) => key(v) === key(value))) {
        const max = category === "dietary_restrictions" ? 20 : 30;
        if (list.length >= max) throw fieldError("value", `At most ${max} ${category.replace(/_/g, " ")}`);
        memory[category] = [...list, value];
        saved = true;
      }
    } else if (typeof memory[category] !== "string" || key(memory[category] as string) !== key(value)) {
      memory[category] = value;
      saved = true;
    }
    const learned = learnedOf(memory);
    if (!learned.some((l) => l.category === category && key(l.value) === key(value))) {
      learned.push({ category, value, learned_at: now.toISOString() });
      saved = true;
    }
    const next = pruneLearned({ ...memory, learned });
    if (saved) {
      await tx
        .update(users)
        .set({ preferences: { ...user.preferences, memory: next }, updatedAt: now })
        .where(eq(users.id, userId));
    }
    return { saved, category, value, learned: learnedOf(next) };
  });
}

/**
 * The memory as the designer's system prompt shows it: the preference fields only (the
 * `learned` bookkeeping is left out), empty values dropped.
 * @returns undefined when nothing is known
 */
export function memoryForPrompt(
  memory: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!memory) return undefined;
  const out = Object.fromEntries(
    Object.entries(memory).filter(
      ([k, v]) => k !== "learned" && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0),
    ),
  );
  return Object.keys(out).length ? out : undefined;
}

/** Avoid items that mean red-eye flights ("red-eye flights", "redeye", "overnight flights", "night flights"). */
const RED_EYE = /\bred[\s-]?eyes?\b|\b(?:overnight|night)\s+flights?\b/i;

/** Whether the traveller's `avoid` list rules out red-eye flights. */
export function avoidsRedEye(memory: Record<string, unknown> | undefined): boolean {
  return listOf(memory ?? {}, "avoid").some((a) => RED_EYE.test(a));
}

const localHour = (iso: string) => Number(iso.slice(11, 13)) + Number(iso.slice(14, 16)) / 60;

/**
 * A red-eye journey, as TripSage defines it: it departs between 22:00 and 04:59 local time
 * at the origin and arrives between 04:00 and 11:59 local time at the destination — an
 * overnight flight that lands in the morning. Times are read from the offer's ISO 8601
 * local times (`2025-04-02T23:10:00+09:00`), so each end uses its own airport's clock.
 * A 23:00 departure landing at 00:40 is a late flight, not a red-eye.
 */
export function isRedEye(j: { departure: { time: string }; arrival: { time: string } }): boolean {
  const dep = localHour(j.departure.time);
  const arr = localHour(j.arrival.time);
  const departsAtNight = dep >= 21 || dep < 5;
  const arrivesInMorning = arr >= 4 && arr < 12;
  const overnight = Date.parse(j.arrival.time) - Date.parse(j.departure.time) >= 3 * 3_600_000;
  return departsAtNight && arrivesInMorning && overnight;
}

/**
 * Applies the traveller's memory to flight offers: when they avoid red-eye flights, every
 * offer whose outbound or return journey is a red-eye ({@link isRedEye}) is dropped.
 * @returns the kept offers and a note for the model when some were dropped
 */
export function filterFlightsByMemory<T extends Pick<FlightOffer, "outbound" | "return">>(
  offers: T[],
  memory: Record<string, unknown> | undefined,
): { offers: T[]; removed: number; note?: string } {
  if (!avoidsRedEye(memory)) return { offers, removed: 0 };
  const kept = offers.filter((o) => !isRedEye(o.outbound) && !(o.return && isRedEye(o.return)));
  const removed = offers.length - kept.length;
  return {
    offers: kept,
    removed,
    ...(removed > 0 && {
      note: `${removed} red-eye offer${removed === 1 ? "" : "s"} left out: the traveller never takes red-eye flights`,
    }),
  };
}

/**
 * Applies the traveller's memory to stay offers: an avoid item naming a property type
 * ("hostel" or "hostels") drops offers of that type.
 */
export function filterStaysByMemory<T extends Pick<AccommodationOffer, "property_type">>(
  offers: T[],
  memory: Record<string, unknown> | undefined,
): { offers: T[]; removed: number; note?: string } {
  const avoid = listOf(memory ?? {}, "avoid").map(key);
  const avoided = (type: string) => {
    const t = key(type).replace(/_/g, " ");
    return avoid.some((a) => a === t || a === `${t}s`);
  };
  const kept = offers.filter((o) => !avoided(o.property_type));
  const removed = offers.length - kept.length;
  return {
    offers: kept,
    removed,
    ...(removed > 0 && {
      note: `${removed} offer${removed === 1 ? "" : "s"} left out because the traveller avoids them (${avoid.join(", ")})`,
    }),
  };
}

/**
 * A note for meal and activity suggestions from the traveller's dietary needs, e.g.
 * "The traveller is vegetarian: suggest only restaurants with vegetarian dishes".
 * @returns undefined when memory holds no dietary restriction
 */
export function dietaryNote(memory: Record<string, unknown> | undefined): string | undefined {
  const diet = listOf(memory ?? {}, "dietary_restrictions");
  if (!diet.length) return undefined;
  return `The traveller's dietary needs: ${diet.join(", ")}. Suggest only meals and restaurants that serve them.`;
}

/**
 * The user's stored memory object (`users.preferences.memory`), `{}` when none.
 * @throws ApiError NOT_FOUND when the account is gone
 */
export async function loadMemory(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [user] = await db.select({ preferences: users.preferences }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound("User");
  return user.preferences.memory ?? {};
}
