/** One tracked route of the caller; another user's, or a malformed id, is a 404. */
import { deletePriceWatch, getPriceWatch } from "@/lib/domain/travel/service";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { watchId: string };

// GET /api/flights/track/{watch_id} – the watch with its price history
export const GET = withAuth<P>(
  async ({ db, caller, params }) =>
    json(await getPriceWatch(db, caller.userId, uuidParam(params.watchId, "Price watch"))),
  { scope: "flights:read" },
);

// DELETE /api/flights/track/{watch_id} – stop tracking; 204
export const DELETE = withAuth<P>(
  async ({ db, caller, params }) => {
    await deletePriceWatch(db, caller.userId, uuidParam(params.watchId, "Price watch"));
    return new Response(null, { status: 204 });
  },
  { scope: "flights:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, OPTIONS } = methodsNotAllowed(["GET", "DELETE"]);
