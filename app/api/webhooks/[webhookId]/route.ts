/**
 * One webhook of the caller. Another user's webhook is a 404, as is a malformed id.
 * Scopes: reading needs `trips:read`; deleting needs `trips:write`.
 */

import { deleteWebhook, getWebhook } from "@/lib/domain/webhooks/service";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { WebhookSchema } from "@/lib/openapi/responses";

type P = { webhookId: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<P>({ tag: "Webhooks" }, (op) => ({
  GET: op.auth(
    {
      summary: "the webhook (without its secret)",
      scope: "trips:read",
      ok: { status: 200, description: "The webhook.", schema: WebhookSchema },
    },
    async ({ db, caller, params }) =>
      json(await getWebhook(db, caller.userId, uuidParam(params.webhookId, "Webhook"))),
  ),

  DELETE: op.auth(
    {
      summary: "removes it and its delivery log; 204",
      scope: "trips:write",
      ok: { status: 204, description: "Deleted with its delivery log." },
    },
    async ({ db, caller, params }) => {
      await deleteWebhook(db, caller.userId, uuidParam(params.webhookId, "Webhook"));
      return new Response(null, { status: 204 });
    },
  ),
}));
