/**
 * The draft trip the /v1/ai planner API answers (`draft`), shared by the planner
 * (./planner.ts, which extracts it from the conversation) and ./planner-reply.ts (which merges
 * what the model's reply describes into it), so those two modules do not import each other.
 */

/** A draft trip: destination, dates (ISO 8601), travellers, budget (and its currency) and day-by-day items. */
export interface PlannerDraft {
  destination: string;
  country: string;
  cities: string[];
  startDate: string;
  endDate: string;
  travelers: number;
  budgetTotal: number;
  /**
   * ISO 4217 code of the currency the budget was stated in ("3000 euros" → "EUR", "$" →
   * "USD", "yen" → "JPY"); null when the user named none.
   */
  currency: string | null;
  activities: string[];
  itinerary: {
    dayIndex: number;
    title: string;
    timeBlock: "morning" | "afternoon" | "evening";
    category: string;
    notes: string;
  }[];
}
