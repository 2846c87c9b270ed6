/**
 * One webhook of the caller. Another user's webhook is a 404, as is a malformed id.
 * Scopes: reading needs `trips:read`; deleting needs `trips:write`.
 */
import { deleteWebhook, getWebhook } from "@/lib/domain/webhooks/service";
import { uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

type P = { webhookId: string };

// GET /api/webhooks/{id} – the webhook (without its secret)
export const GET = withAuth<P>(
  async ({ db, caller, params }) =>
    json(await getWebhook(db, caller.userId, uuidParam(params.webhookId, "Webhook"))),
  { scope: "trips:read" },
);

// DELETE /api/webhooks/{id} – removes it and its delivery log; 204
export const DELETE = withAuth<P>(
  async ({ db, caller, params }) => {
    await deleteWebhook(db, caller.userId, uuidParam(params.webhookId, "Webhook"));
    return new Response(null, { status: 204 });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, OPTIONS } = methodsNotAllowed(["GET", "DELETE"]);
