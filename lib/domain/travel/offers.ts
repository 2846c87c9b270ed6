/**
 * Stored search offers (the `travel_offers` table): what flight and stay searches answered,
 * kept for 7 days so the TripSage REST API can read an offer back by id
 * (`GET /api/flights/{id}`, `GET /api/accommodations/{id}`), and the retention purge.
 * Scoped by the caller (`userId`): an offer is visible to the caller whose search made it.
 * Also what both searches share: their answer's shape, offer ids and the field error.
 */
import { randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { travelOffers } from "@/db/schema";
import { ApiError } from "@/lib/platform/errors";
import type { AccommodationOffer, FlightOffer, SearchMetadata } from "./types";

/** How long stored offers stay readable by id, ms (7 days). */
export const OFFER_RETENTION_MS = 7 * 86_400_000;

/**
 * A new random id: `prefix` and `bytes` random bytes in hex (stored offers: `off_`/`stay_` and
 * 20 hex digits; searches: `search_` and 16).
 */
const newId = (prefix: string, bytes = 10) => `${prefix}${randomBytes(bytes).toString("hex")}`;

/**
 * 422 VALIDATION_ERROR for one field of a flight or stay search (message "Validation failed",
 * the travel endpoints' wording).
 */
export function searchFieldError(field: string, message: string): ApiError {
  return new ApiError("VALIDATION_ERROR", "Validation failed", {
    errors: [{ field, message, type: "value_error" }],
  });
}

/** Both searches' answer: the TripSage REST API `{results, search_metadata}`. */
export interface SearchResponse<T> {
  results: T[];
  search_metadata: SearchMetadata;
}

/**
 * Stores a search's answered offers for the caller (one `travel_offers` row each, `createdAt`
 * = `now`), after deleting this caller's offers older than {@link OFFER_RETENTION_MS}; one
 * transaction.
 */
async function storeOffers(
  db: Db,
  userId: string,
  kind: "flight" | "accommodation",
  searchId: string,
  offers: { id: string }[],
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    // Keep the table small: this user's offers older than the retention go first.
    await tx
      .delete(travelOffers)
      .where(
        and(
          eq(travelOffers.userId, userId),
          lt(travelOffers.createdAt, new Date(now.getTime() - OFFER_RETENTION_MS)),
        ),
      );
    if (offers.length === 0) return;
    await tx.insert(travelOffers).values(
      offers.map((o) => ({
        id: o.id,
        kind,
        userId,
        searchId,
        offer: o as unknown as Record<string, unknown>,
        createdAt: now,
      })),
    );
  });
}

/** The stored offer kinds: their id shape, the type the search answered, the 404 message. */
const OFFER_KINDS = {
  flight: {
    prefix: "off_",
    id: /^off_[0-9a-f]{20}$/,
    missing: "Flight offer not found (offers are kept for 7 days)",
  },
  accommodation: {
    prefix: "stay_",
    id: /^stay_[0-9a-f]{20}$/,
    missing: "Accommodation offer not found (offers are kept for 7 days)",
  },
} as const;
interface OfferOfKind {
  flight: FlightOffer;
  accommodation: AccommodationOffer;
}

/**
 * One offer of `kind` from the caller's searches of the last 7 days, exactly as the search
 * answered it (the `travel_offers` row written by the search).
 * @throws ApiError NOT_FOUND (404) when the id is malformed, unknown, older than 7 days or another user's
 */
export async function getStoredOffer<K extends keyof OfferOfKind>(
  db: Db,
  userId: string,
  kind: K,
  id: string,
  now: Date,
): Promise<OfferOfKind[K]> {
  const { id: shape, missing } = OFFER_KINDS[kind];
  const [row] = shape.test(id)
    ? await db
        .select({ offer: travelOffers.offer })
        .from(travelOffers)
        .where(
          and(
            eq(travelOffers.id, id),
            eq(travelOffers.userId, userId),
            eq(travelOffers.kind, kind),
            gt(travelOffers.createdAt, new Date(now.getTime() - OFFER_RETENTION_MS)),
          ),
        )
    : [];
  if (!row?.offer) throw new ApiError("NOT_FOUND", missing);
  return row.offer as unknown as OfferOfKind[K];
}

/**
 * Deletes every stored offer older than the 7-day retention, whoever searched it (the
 * per-user purge on each search misses users who never search again). Uses the
 * `travel_offers_created_idx` index.
 * @returns how many rows were deleted
 */
export async function purgeExpiredOffers(db: Db, now: Date = new Date()): Promise<number> {
  const gone = await db
    .delete(travelOffers)
    .where(lt(travelOffers.createdAt, new Date(now.getTime() - OFFER_RETENTION_MS)))
    .returning({ id: travelOffers.id });
  return gone.length;
}

/**
 * A search's answer, both kinds alike: the first `limit` of `matching` (already filtered and
 * sorted) get offer ids (`off_`/`stay_` and 20 hex digits) and are stored for the caller under
 * a new `search_…` id ({@link getStoredOffer} reads them back for 7 days).
 * `search_metadata.total_results` counts all of `matching`; `currency` is the first result's
 * (USD when there is none); `warnings` appear only when there are some.
 */
export async function answerSearch<K extends keyof OfferOfKind>(
  db: Db,
  userId: string,
  kind: K,
  matching: Omit<OfferOfKind[K], "id">[],
  opts: { limit: number; now: Date; provider: string; warnings: string[] },
): Promise<SearchResponse<OfferOfKind[K]>> {
  const searchId = newId("search_", 8);
  const results = matching
    .slice(0, opts.limit)
    .map((o) => ({ id: newId(OFFER_KINDS[kind].prefix), ...o }) as OfferOfKind[K]);
  await storeOffers(db, userId, kind, searchId, results, opts.now);
  return {
    results,
    search_metadata: {
      total_results: matching.length,
      search_id: searchId,
      // The provider's currency (the offline inventories quote USD; Duffel the account's currency).
      currency: results[0]?.price.currency ?? "USD",
      searched_at: opts.now.toISOString(),
      provider: opts.provider,
      ...(opts.warnings.length ? { warnings: opts.warnings } : {}),
    },
  };
}
