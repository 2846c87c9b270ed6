/** Delivery log of one of the caller's webhooks (`trips:read`). */

import { deliveriesQuerySchema, listDeliveries } from "@/lib/domain/webhooks/service";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { DeliveryListSchema } from "@/lib/openapi/responses";

type P = { webhookId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Webhooks" }, (op) => ({
  GET: op.auth(
    {
      summary: "newest first, as {deliveries, total}",
      scope: "trips:read",
      query: deliveriesQuerySchema,
      queryExample: { limit: 5 },
      ok: { status: 200, description: "Deliveries, newest first.", schema: DeliveryListSchema },
    },
    async ({ db, caller, params, readQuery }) => {
      const webhookId = uuidParam(params.webhookId, "Webhook");
      return json(await listDeliveries(db, caller.userId, webhookId, readQuery()));
    },
  ),
}));
