/**
 * Page-aware context for the `/v1/ai` assistant (the /v1/ai conversations and chat APIs): what the assistant knows
 * about one page of a trip (flights, transit, finance, itinerary, overview), with the
 * sources it came from. Trip data always comes from our database. Live sources (flight
 * status, transit routing) need an external provider; none is configured in this build, so
 * a refresh that needs one reports that source as `unavailable` and the answer as
 * `degraded` instead of inventing data.
 */

import { z } from "zod";
import type { Db } from "@/db/client";
import { contextSnapshots } from "@/db/schema";
import { getItinerary, type ItineraryResponse, type SegmentResponse } from "@/lib/domain/itinerary/service";
import { PAGE_KEYS, type PageKey, type Source } from "./schemas";

export const pageKeySchema = z.enum(PAGE_KEYS);

export interface PageContext {
  pageKey: PageKey;
  /** Plain-text facts handed to the model. */
  facts: string[];
  sources: Source[];
  /** True when a live source the question needed could not be reached. */
  degraded: boolean;
  suggestedActions: string[];
}

const FLIGHT_NO = /\b([A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(\d{1,4})\b/;
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

function line(s: SegmentResponse): string {
  const when = s.date
    ? `day ${s.day_index} (${s.date})${s.time_block ? `, ${s.time_block}` : ""}`
    : "unscheduled";
  const price = s.price ? `, ${s.price.amount} ${s.price.currency}` : "";
  return `${when}: ${s.title} [${s.type}]${s.start_time ? ` at ${s.start_time.slice(11, 16)}` : ""}${price}`;
}

function allSegments(it: ItineraryResponse): SegmentResponse[] {
  return [...it.days.flatMap((d) => d.segments), ...it.unscheduled];
}

/** Sums segment prices per ISO 4217 currency (no conversion: rates are not known offline). */
function spendByCurrency(segments: SegmentResponse[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of segments)
    if (s.price) out[s.price.currency] = (out[s.price.currency] ?? 0) + s.price.amount;
  return out;
}

/**
 * Builds the context of `pageKey` for a trip the user can see.
 * @param message the user's latest message (flight numbers, "from X to Y" are read from it)
 * @param refresh whether to consult live sources (the /v1/ai chat API `refresh`)
 * @throws ApiError NOT_FOUND when the user cannot see the trip
 */
export async function buildPageContext(
  db: Db,
  userId: string,
  tripId: string,
  pageKey: PageKey,
  opts: { message?: string; refresh?: boolean; now?: Date } = {},
): Promise<PageContext> {
  const now = (opts.now ?? new Date()).toISOString();
  const it = await getItinerary(db, userId, tripId);
  const segs = allSegments(it);
  const ok = (name: string, detail = ""): Source => ({ name, status: "ok", fetchedAt: now, detail });
  const facts = [
    `Trip "${it.title}" from ${it.start_date} to ${it.end_date} (${it.days.length} days), destinations: ${
      it.destinations.map((d) => d.name).join(", ") || "none yet"
    }.`,
  ];
  const sources: Source[] = [];
  let degraded = false;
  let suggestedActions: string[] = [];
  const message = opts.message ?? "";

  switch (pageKey) {
    case "flights": {
      const flights = segs.filter((s) => s.type === "flight");
      facts.push(
        flights.length
          ? `Booked flights: ${flights.map(line).join("; ")}.`
          : "No flights in the itinerary yet.",
      );
      sources.push(ok("trip_flights", `${flights.length} flight segment(s)`));
      const no = FLIGHT_NO.exec(message);
      if (opts.refresh && no) {
        const date = ISO_DATE.exec(message)?.[1] ?? "";
        sources.push({
          name: "next_flight_status",
          status: "unavailable",
          fetchedAt: now,
          detail: `No flight-status provider is configured; cannot look up ${no[1]}${no[2]}${date ? ` on ${date}` : ""}`,
        });
        degraded = true;
      } else if (opts.refresh) {
        sources.push({
          name: "next_flight_status",
          status: "skipped",
          fetchedAt: now,
          detail: "No flight number in the message",
        });
      }
      suggestedActions = [
        "Share exact flight number and date for live status",
        "Compare price-time tradeoff before selecting",
      ];
      break;
    }
    case "transit": {
      const transfers = segs.filter((s) => s.type === "transfer");
      facts.push(
        transfers.length
          ? `Planned transfers: ${transfers.map(line).join("; ")}.`
          : "No transfers planned yet.",
      );
      sources.push(ok("trip_transfers", `${transfers.length} transfer segment(s)`));
      const route = /\bfrom\s+(.+?)\s+to\s+(.+?)(?:[?.!]|$)/i.exec(message);
      if (opts.refresh && route) {
        sources.push({
          name: "transit_suggest",
          status: "unavailable",
          fetchedAt: now,
          detail: `No transit provider is configured; cannot route ${route[1]} → ${route[2]}`,
        });
        degraded = true;
      } else if (opts.refresh) {
        sources.push({
          name: "transit_suggest",
          status: "skipped",
          fetchedAt: now,
          detail: 'Ask as "from X to Y"',
        });
      }
      suggestedActions = ['Ask "from X to Y" for a route', "Add the transfer to the itinerary once chosen"];
      break;
    }
    case "finance": {
      const budget = it.preferences.budget;
      const spend = spendByCurrency(segs);
      facts.push(budget ? `Budget: ${budget.total} ${budget.currency}.` : "No budget set.");
      facts.push(
        Object.keys(spend).length
          ? `Priced segments total: ${Object.entries(spend)
              .map(([c, v]) => `${Math.round(v * 100) / 100} ${c}`)
              .join(", ")}.`
          : "No segment has a price yet.",
      );
      if (budget && spend[budget.currency] !== undefined) {
        const left = budget.total - (spend[budget.currency] ?? 0);
        facts.push(`Remaining in ${budget.currency}: ${Math.round(left * 100) / 100}.`);
      }
      sources.push(
        ok("trip_budget"),
        ok("trip_expenses", `${segs.filter((s) => s.price).length} priced segment(s)`),
      );
      suggestedActions = ["Set a budget per category", "Add prices to booked segments"];
      break;
    }
    case "itinerary": {
      facts.push(segs.length ? `Itinerary: ${segs.map(line).join("; ")}.` : "The itinerary is empty.");
      sources.push(ok("trip_itinerary", `${segs.length} segment(s)`));
      suggestedActions = ["Fill empty days", "Group nearby activities on the same day"];
      break;
    }
    case "overview": {
      const byType = segs.reduce<Record<string, number>>((acc, s) => {
        acc[s.type] = (acc[s.type] ?? 0) + 1;
        return acc;
      }, {});
      facts.push(
        `Segments by type: ${
          Object.entries(byType)
            .map(([t, n]) => `${n} ${t}`)
            .join(", ") || "none"
        }.`,
      );
      sources.push(ok("trip_overview"));
      suggestedActions = ["Review the itinerary day by day", "Set or check the budget"];
      break;
    }
  }
  return { pageKey, facts, sources, degraded, suggestedActions };
}

/**
 * Stores the context snapshot for (trip, user, page), replacing the previous one.
 * @returns the snapshot's `updatedAt` (ISO 8601)
 */
export async function saveSnapshot(
  db: Db,
  userId: string,
  tripId: string,
  ctx: PageContext,
): Promise<string> {
  const now = new Date();
  const snapshot = { facts: ctx.facts, sources: ctx.sources, degraded: ctx.degraded };
  await db
    .insert(contextSnapshots)
    .values({ tripId, userId, pageKey: ctx.pageKey, snapshot, updatedAt: now })
    .onConflictDoUpdate({
      target: [contextSnapshots.tripId, contextSnapshots.userId, contextSnapshots.pageKey],
      set: { snapshot, updatedAt: now },
    });
  return now.toISOString();
}

export { PAGE_KEYS, type PageKey, type Source } from "./schemas";
