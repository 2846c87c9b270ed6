/** One tracked route of the caller; another user's, or a malformed id, is a 404. */

import { deletePriceWatch, getPriceWatch } from "@/lib/domain/travel/watches";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { PriceWatchSchema } from "@/lib/openapi/responses";

type P = { watchId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Flights" }, (op) => ({
  GET: op.auth(
    {
      summary: "the watch with its price history",
      scope: "flights:read",
      ok: { status: 200, description: "The watch with its price history.", schema: PriceWatchSchema },
    },
    async ({ db, caller, params }) =>
      json(await getPriceWatch(db, caller.userId, uuidParam(params.watchId, "Price watch"))),
  ),

  DELETE: op.auth(
    {
      summary: "stop tracking; 204",
      scope: "flights:write",
      ok: { status: 204, description: "No longer tracked." },
    },
    async ({ db, caller, params }) => {
      await deletePriceWatch(db, caller.userId, uuidParam(params.watchId, "Price watch"));
      return new Response(null, { status: 204 });
    },
  ),
}));
