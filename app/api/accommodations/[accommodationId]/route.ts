/** Seed 000 "Get Accommodation Details": a stay offer from the caller's own searches (kept 7 days). */
import { ApiError } from "@/lib/http/errors";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";
import { getAccommodationOffer } from "@/lib/travel/service";

type P = { accommodationId: string };

/** Stay offer ids are `stay_` + 20 hex characters; anything else cannot exist. */
function stayIdParam(id: string): string {
  if (!/^stay_[0-9a-f]{20}$/.test(id)) throw new ApiError("NOT_FOUND", "Accommodation offer not found");
  return id;
}

// GET /api/accommodations/{accommodation_id} – one stay offer from the caller's searches
export const GET = withAuth<P>(
  async ({ db, caller, params }) =>
    json(await getAccommodationOffer(db, caller.userId, stayIdParam(params.accommodationId))),
  { scope: "accommodations:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
