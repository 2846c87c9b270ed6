/**
 * Trip suggestions (the TripSage REST API `GET /api/trips/suggestions`): ranks the hand-written
 * {@link CATALOGUE} for one user. No model call and no randomness: the same user, query and
 * date always give the same list.
 *
 * How the list is built:
 * 1. Filter: `category` keeps destinations that list it among their categories (primary or
 *    not); the returned `category` is then the requested one. `budget_max` keeps those whose
 *    `estimated_price` (USD per person, excluding flights) is at most `budget_max`.
 * 2. Score (higher first), see {@link WEIGHTS}: overlap of the caller's interests with the
 *    destination's categories and tags; affinity between the caller's budget tier and the
 *    destination's daily cost; a bonus when today's month is in its best months; its rating;
 *    a little popularity.
 * 3. Order: destinations the caller has no trip to first, then by score, then by id. So a city
 *    the caller already has a trip to (owned or shared, matched by city name) only appears when
 *    the filters leave fewer than `limit` other destinations, and then after all of them.
 *
 * Where the caller's taste comes from: `users.preferences.memory` (the TripSage REST API memory
 * preferences: `interests`, `travel_style`, `budget_tier`, `accommodation_type`) and the
 * `preferences.interests` / `preferences.budget` of their most recent trips.
 */
import { desc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Trip, tripCollaborators, trips } from "@/db/schema";
import { findUserById } from "@/lib/domain/users/service";
import { daysBetween } from "@/lib/domain/validators/trips";
import {
  CATALOGUE,
  CATEGORIES,
  type CatalogueDestination,
  type Category,
  DIFFICULTIES,
  TAGS,
  type Tag,
} from "./catalogue";

/** Query of `GET /api/trips/suggestions`: limit 1-20 (default 4), budget_max > 0, category. */
export const suggestionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(20).default(4),
  budget_max: z.coerce.number().positive().optional(),
  category: z.enum(CATEGORIES).optional(),
});
/** Parsed suggestions query. */
export type SuggestionsQuery = z.output<typeof suggestionsQuerySchema>;

/** One suggestion, exactly the TripSage REST API's response item. */
export const suggestionSchema = z.object({
  /** `suggestion-<catalogue id>`, stable across calls. */
  id: z.string().meta({ example: "suggestion-kyoto" }),
  title: z.string(),
  /** "City, Country". */
  destination: z.string().meta({ example: "Kyoto, Japan" }),
  description: z.string(),
  /** Daily cost × duration, rounded to the nearest 10. */
  estimated_price: z.number().meta({ description: "USD per person, excluding flights." }),
  currency: z.literal("USD"),
  duration: z.int().meta({ description: "Days." }),
  rating: z.number(),
  /** The requested category when filtering, otherwise the destination's primary category. */
  category: z.enum(CATEGORIES),
  best_time_to_visit: z.string(),
  highlights: z.array(z.string()),
  trending: z.boolean(),
  seasonal: z.boolean(),
  difficulty: z.enum(DIFFICULTIES),
});
export type TripSuggestion = z.infer<typeof suggestionSchema>;

/** Budget tiers of the TripSage REST API's memory preferences. */
export type BudgetTier = "budget" | "mid-range" | "luxury";
/** Something an interest can match: a category or a tag. */
export type InterestKey = Category | Tag;

/** What the ranking knows about the caller. */
export interface SuggestionProfile {
  /** Interest → weight (1 for memory interests, 0.5 for travel style and recent trips). */
  interests: Map<InterestKey, number>;
  budgetTier?: BudgetTier;
  /** Normalised ({@link normalizePlace}) city names of the caller's trips. */
  visitedCities: Set<string>;
}

/** Ranking weights (see the file header). */
export const WEIGHTS = {
  /** Interest equals the destination's primary category. */
  primaryCategory: 3,
  /** Interest equals one of its other categories. */
  otherCategory: 2,
  /** Interest equals one of its tags. */
  tag: 1.5,
  /** Budget tier affinity by tier distance 0, 1, 2. */
  budgetTier: [2, 0.5, -1.5] as const,
  /** Today's month is one of the best months. */
  seasonal: 1.5,
  /** Per rating point above 4.0 (so 0 to 1.8). */
  rating: 2,
  /** Per 100 popularity points (so at most 0.5). */
  popularity: 0.5,
  /** Weight of interests from travel style and from recent trips, relative to memory interests. */
  secondaryInterest: 0.5,
} as const;

/** `trending`: popularity plus {@link TRENDING.upcomingBonus} when in season now or within 2 months, ≥ threshold. */
export const TRENDING = { upcomingBonus: 20, threshold: 100, lookaheadMonths: 2 } as const;

/** Daily cost (USD) at or under which a destination counts as `budget`; above `midRangeMax`, `luxury`. */
export const TIER_LIMITS = { budgetMax: 100, midRangeMax: 250 } as const;

const TIERS: readonly BudgetTier[] = ["budget", "mid-range", "luxury"];
const TRIPS_CONSIDERED = 50;
const TRIPS_FOR_INTERESTS = 10;

const utcMonth = (d: Date) => d.getUTCMonth() + 1;

/** True when `today`'s month (UTC) is one of the destination's best months. */
export function isSeasonal(dest: CatalogueDestination, today: Date): boolean {
  return (dest.best_months as readonly number[]).includes(utcMonth(today));
}

/**
 * Deterministic "trending": popularity, plus {@link TRENDING.upcomingBonus} when a best month
 * falls in this month or the next two, reaches {@link TRENDING.threshold}. In practice: popular
 * destinations (≥ 80) whose season is now or about to start.
 */
export function isTrending(dest: CatalogueDestination, today: Date): boolean {
  const m = utcMonth(today);
  const best = dest.best_months as readonly number[];
  let upcoming = false;
  for (let i = 0; i <= TRENDING.lookaheadMonths; i++)
    if (best.includes(((m - 1 + i) % 12) + 1)) upcoming = true;
  return dest.popularity + (upcoming ? TRENDING.upcomingBonus : 0) >= TRENDING.threshold;
}

/** Daily cost × duration rounded to the nearest 10 (USD per person, excluding flights). */
export function estimatedPrice(dest: CatalogueDestination): number {
  return Math.round((dest.daily_cost_usd * dest.duration_days) / 10) * 10;
}

/** The budget tier a destination's daily cost falls in ({@link TIER_LIMITS}). */
export function destinationTier(dest: CatalogueDestination): BudgetTier {
  if (dest.daily_cost_usd <= TIER_LIMITS.budgetMax) return "budget";
  if (dest.daily_cost_usd <= TIER_LIMITS.midRangeMax) return "mid-range";
  return "luxury";
}

/** Renders a catalogue destination as the TripSage REST API's suggestion item. */
export function toSuggestion(dest: CatalogueDestination, today: Date, category?: Category): TripSuggestion {
  return {
    id: `suggestion-${dest.id}`,
    title: dest.title,
    destination: `${dest.city}, ${dest.country}`,
    description: dest.description,
    estimated_price: estimatedPrice(dest),
    currency: "USD",
    duration: dest.duration_days,
    rating: dest.rating,
    category: category ?? (dest.categories[0] as Category),
    best_time_to_visit: dest.best_time_to_visit,
    highlights: [...dest.highlights],
    trending: isTrending(dest, today),
    seasonal: isSeasonal(dest, today),
    difficulty: dest.difficulty,
  };
}

// ---- interests ---------------------------------------------------------------------------

const KEYS = new Set<string>([...CATEGORIES, ...TAGS]);

/** Everyday words for the same interests (singular/plural forms are tried automatically). */
const SYNONYMS: Record<string, InterestKey> = {
  cultural: "culture",
  sightseeing: "culture",
  adventurous: "adventure",
  thrill: "adventure",
  climbing: "adventure",
  "extreme sports": "adventure",
  relax: "relaxation",
  relaxed: "relaxation",
  relaxing: "relaxation",
  rest: "relaxation",
  natural: "nature",
  outdoor: "nature",
  outdoors: "nature",
  "national parks": "nature",
  scenery: "nature",
  historic: "history",
  historical: "history",
  heritage: "history",
  ruins: "archaeology",
  museum: "art",
  gallery: "art",
  galleries: "art",
  arts: "art",
  cuisine: "food",
  culinary: "food",
  gastronomy: "food",
  foodie: "food",
  dining: "food",
  restaurant: "food",
  "street food": "food",
  vineyard: "wine",
  winery: "wine",
  wineries: "wine",
  party: "nightlife",
  bar: "nightlife",
  club: "nightlife",
  jazz: "music",
  concert: "music",
  market: "shopping",
  beach: "beaches",
  sea: "beaches",
  coast: "beaches",
  island: "beaches",
  scuba: "diving",
  dive: "diving",
  snorkeling: "snorkelling",
  snorkel: "snorkelling",
  surf: "surfing",
  hike: "hiking",
  trek: "hiking",
  trekking: "hiking",
  walking: "hiking",
  mountain: "mountains",
  alps: "mountains",
  animal: "wildlife",
  safari: "wildlife",
  birdwatching: "wildlife",
  photo: "photography",
  spa: "wellness",
  yoga: "wellness",
  "hot springs": "wellness",
  romantic: "romance",
  honeymoon: "romance",
  kids: "family",
  temple: "temples",
  ski: "skiing",
  snow: "skiing",
  cycle: "cycling",
  bike: "cycling",
  biking: "cycling",
  astronomy: "stargazing",
  stars: "stargazing",
  kayak: "kayaking",
  canoe: "kayaking",
  glacier: "glaciers",
};

/** Lower-cases, strips accents and punctuation: "Québec City" → "quebec city". */
export function normalizePlace(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function lookup(word: string): InterestKey | undefined {
  const forms = [word, word.replace(/s$/, ""), word.replace(/es$/, ""), `${word}s`];
  for (const f of forms) {
    if (KEYS.has(f)) return f as InterestKey;
    if (SYNONYMS[f]) return SYNONYMS[f];
  }
  return undefined;
}

/**
 * Maps one free-text interest ("Beaches", "street_food", "adventure_seeker") onto catalogue
 * categories and tags; unknown words map to nothing.
 */
export function interestKeys(raw: string): InterestKey[] {
  const s = normalizePlace(raw.replace(/[_-]+/g, " ")).replace(/[0-9]/g, "").trim();
  if (!s) return [];
  const whole = lookup(s);
  if (whole) return [whole];
  const out = new Set<InterestKey>();
  for (const w of s.split(" ")) {
    const k = lookup(w);
    if (k) out.add(k);
  }
  return [...out];
}

function parseTier(v: unknown): BudgetTier | undefined {
  if (typeof v !== "string") return undefined;
  const s = normalizePlace(v);
  if (/\b(budget|economy|backpack\w*|cheap|low)\b/.test(s)) return "budget";
  if (/\b(luxury|premium|high end|high|first class|five star)\b/.test(s)) return "luxury";
  if (/\b(mid|mid range|midrange|moderate|medium|standard|comfort)\b/.test(s)) return "mid-range";
  return undefined;
}

const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];

/**
 * Builds the ranking profile from a user's memory preferences and their trips (newest first).
 * Budget tier: memory `budget_tier`, else a luxury/budget word in memory `accommodation_type`
 * (or `accommodation_preference`), else the newest trip with a USD budget, taking
 * total ÷ days as per-person daily spend.
 */
export function buildProfile(
  memory: Record<string, unknown> | undefined,
  recentTrips: Pick<Trip, "destinations" | "preferences" | "startDate" | "endDate">[],
): SuggestionProfile {
  const interests = new Map<InterestKey, number>();
  const add = (raw: string, w: number) => {
    for (const k of interestKeys(raw)) interests.set(k, Math.max(interests.get(k) ?? 0, w));
  };
  const mem = memory ?? {};
  for (const i of asStrings(mem.interests)) add(i, 1);
  for (const s of asStrings(mem.travel_style)) add(s, WEIGHTS.secondaryInterest);
  for (const t of recentTrips.slice(0, TRIPS_FOR_INTERESTS)) {
    for (const i of t.preferences?.interests ?? []) add(i, WEIGHTS.secondaryInterest);
  }

  let budgetTier = parseTier(mem.budget_tier);
  if (!budgetTier) {
    const acc = [...asStrings(mem.accommodation_type), ...asStrings(mem.accommodation_preference)].join(" ");
    if (/luxury|five star|5 star/i.test(acc)) budgetTier = "luxury";
    else if (/hostel|budget|camping/i.test(acc)) budgetTier = "budget";
  }
  if (!budgetTier) {
    const t = recentTrips.find(
      (x) => x.preferences?.budget?.currency === "USD" && x.preferences.budget.total > 0,
    );
    if (t?.preferences.budget) {
      const daily = t.preferences.budget.total / (daysBetween(t.startDate, t.endDate) + 1);
      budgetTier =
        daily <= TIER_LIMITS.budgetMax ? "budget" : daily <= TIER_LIMITS.midRangeMax ? "mid-range" : "luxury";
    }
  }

  const visitedCities = new Set<string>();
  for (const t of recentTrips) {
    for (const d of t.destinations ?? []) {
      if (d.city) visitedCities.add(normalizePlace(d.city));
      const first = d.name?.split(",")[0];
      if (first) visitedCities.add(normalizePlace(first));
    }
  }
  return { interests, budgetTier, visitedCities };
}

/** The ranking score of one destination for `profile` on `today` (see {@link WEIGHTS}). */
export function scoreDestination(
  dest: CatalogueDestination,
  profile: SuggestionProfile,
  today: Date,
): number {
  let score = 0;
  for (const [key, w] of profile.interests) {
    if (dest.categories[0] === key) score += WEIGHTS.primaryCategory * w;
    else if ((dest.categories as readonly string[]).includes(key)) score += WEIGHTS.otherCategory * w;
    else if ((dest.tags as readonly string[]).includes(key)) score += WEIGHTS.tag * w;
  }
  if (profile.budgetTier) {
    const distance = Math.abs(TIERS.indexOf(profile.budgetTier) - TIERS.indexOf(destinationTier(dest)));
    score += WEIGHTS.budgetTier[distance] ?? 0;
  }
  if (isSeasonal(dest, today)) score += WEIGHTS.seasonal;
  score += (dest.rating - 4) * WEIGHTS.rating;
  score += (dest.popularity / 100) * WEIGHTS.popularity;
  return score;
}

/**
 * Filters and orders the catalogue for `profile` (pure; see the file header for the rules).
 * @returns at most `query.limit` destinations, best first
 */
export function rankDestinations(
  profile: SuggestionProfile,
  query: { limit: number; budget_max?: number; category?: Category },
  today: Date,
  catalogue: readonly CatalogueDestination[] = CATALOGUE,
): CatalogueDestination[] {
  const category = query.category;
  const budgetMax = query.budget_max;
  return catalogue
    .filter((d) => !category || d.categories.includes(category))
    .filter((d) => budgetMax === undefined || estimatedPrice(d) <= budgetMax)
    .map((d) => ({
      d,
      visited: profile.visitedCities.has(normalizePlace(d.city)) ? 1 : 0,
      score: scoreDestination(d, profile, today),
    }))
    .sort(
      (a, b) =>
        a.visited - b.visited || b.score - a.score || (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : 0),
    )
    .slice(0, query.limit)
    .map((x) => x.d);
}

/** The caller's memory preferences and their newest trips (owned or shared), for the ranking. */
export async function loadProfile(db: Db, userId: string): Promise<SuggestionProfile> {
  const shared = db
    .select({ id: tripCollaborators.tripId })
    .from(tripCollaborators)
    .where(eq(tripCollaborators.userId, userId));
  const [user, recent] = await Promise.all([
    findUserById(db, userId),
    db
      .select({
        destinations: trips.destinations,
        preferences: trips.preferences,
        startDate: trips.startDate,
        endDate: trips.endDate,
      })
      .from(trips)
      .where(or(eq(trips.ownerId, userId), inArray(trips.id, shared)))
      .orderBy(desc(trips.createdAt), desc(trips.id))
      .limit(TRIPS_CONSIDERED),
  ]);
  return buildProfile(user?.preferences?.memory, recent);
}

/**
 * The TripSage REST API trip suggestions for `userId`.
 * @param opts `limit` (1-20), optional `budget_max` (USD, compared with `estimated_price`) and
 *   `category` (matches any of a destination's categories)
 * @param today decides `seasonal` and `trending` (UTC month); defaults to now
 * @returns the TripSage REST API's array of suggestions, best first (possibly empty when filters exclude all)
 */
export async function suggestTrips(
  db: Db,
  userId: string,
  opts: { limit: number; budget_max?: number; category?: Category },
  today: Date = new Date(),
): Promise<TripSuggestion[]> {
  const profile = await loadProfile(db, userId);
  return rankDestinations(profile, opts, today).map((d) => toSuggestion(d, today, opts.category));
}
