"use server";

import { redirect } from "next/navigation";
import type { JoinState } from "@/components/sharing/join-form";
import { SHARE_TOKEN } from "@/components/sharing/types";
import { getDb } from "@/db/client";
import { joinViaLink } from "@/lib/domain/sharing/service";
import { sessionCaller } from "@/lib/http/caller";
import { ApiError } from "@/lib/http/errors";

/**
 * Joins the trip behind `token` as the signed-in user, then opens it. Without a session the
 * visitor goes to the sign-in page and comes back here.
 */
export async function joinTripAction(token: string, _prev: JoinState, _form: FormData): Promise<JoinState> {
  const db = await getDb();
  const caller = await sessionCaller(db);
  if (!caller) redirect(`/login?callbackUrl=${encodeURIComponent(`/join/${token}`)}`);
  if (!SHARE_TOKEN.test(token)) return { error: "This invitation link isn’t valid." };
  let tripId: string;
  try {
    ({ trip_id: tripId } = await joinViaLink(db, caller.userId, token));
  } catch (err) {
    if (err instanceof ApiError && (err.code === "NOT_FOUND" || err.code === "LIMIT_EXCEEDED")) {
      return { error: err.message };
    }
    throw err;
  }
  redirect(`/trips/${tripId}`);
}
