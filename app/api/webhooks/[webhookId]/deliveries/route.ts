/** Delivery log of one of the caller's webhooks (`trips:read`). */
import { deliveriesQuerySchema, listDeliveries } from "@/lib/domain/webhooks/service";
import { parseQuery, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { webhookId: string };

// GET /api/webhooks/{id}/deliveries?limit=20 – newest first, as {deliveries, total}
export const GET = withAuth<P>(
  async ({ req, db, caller, params }) => {
    const webhookId = uuidParam(params.webhookId, "Webhook");
    return json(await listDeliveries(db, caller.userId, webhookId, parseQuery(req, deliveriesQuerySchema)));
  },
  { scope: "trips:read" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
