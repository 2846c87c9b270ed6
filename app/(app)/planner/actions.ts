"use server";

import { getDb } from "@/db/client";
import { createTripFromDraft } from "@/lib/domain/trips/from-draft";
import { sessionCaller } from "@/lib/http/caller";
import { ApiError } from "@/lib/http/errors";

/** What "Create this trip" answers the planner page: the new trip, or errors to show beside the fields. */
export type CreateFromDraftResult =
  | { ok: true; tripId: string }
  | { ok: false; message: string; fieldErrors: { field: string; message: string }[] };

/** "Create this trip": the trip and its drafted itinerary in one transaction (lib/domain/trips/from-draft.ts). */
export async function createTripFromDraftAction(draft: unknown): Promise<CreateFromDraftResult> {
  const db = await getDb();
  const caller = await sessionCaller(db);
  if (!caller)
    return { ok: false, message: "Your session has expired. Please sign in again.", fieldErrors: [] };
  try {
    const trip = await createTripFromDraft(db, caller.userId, draft);
    return { ok: true, tripId: trip.id };
  } catch (e) {
    if (e instanceof ApiError) {
      return {
        ok: false,
        message: e.errors?.length ? "Please correct the highlighted fields." : e.message,
        fieldErrors: (e.errors ?? []).map(({ field, message }) => ({ field, message })),
      };
    }
    throw e;
  }
}
