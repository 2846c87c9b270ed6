/**
 * Webhook subscriptions (the TripSage REST API "Webhook Integration").
 * Scopes: listing needs `trips:read`; registering needs `trips:write` (webhooks carry trip
 * data, so they follow the trip scopes; a browser session or user JWT holds both).
 */

import { createWebhook, listWebhooks, webhookCreateSchema } from "@/lib/domain/webhooks/service";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { WebhookCreatedSchema, WebhookListSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Webhooks" }, (op) => ({
  GET: op.auth(
    {
      summary: "the caller's webhooks as {webhooks, total}; secrets are never listed",
      scope: "trips:read",
      ok: { status: 200, description: "The caller's webhooks.", schema: WebhookListSchema },
    },
    async ({ db, caller }) => json(await listWebhooks(db, caller.userId)),
  ),

  POST: op.auth(
    {
      summary: "register {url, events[], secret?}; 201 with the signing secret (only here)",
      scope: "trips:write",
      body: {
        schema: webhookCreateSchema,
        name: "WebhookCreate",
        example: {
          url: EXAMPLE.webhookUrl,
          events: ["trip.created", "trip.updated"],
        },
      },
      ok: {
        status: 201,
        description: "The webhook with its signing secret (shown once).",
        schema: WebhookCreatedSchema,
        headers: ["Location"],
      },
      errors: [409],
      description:
        "The URL must resolve to a public address. Deliveries are signed per Standard Webhooks " +
        "(`webhook-id`, `webhook-timestamp`, `webhook-signature`); see the `webhooks` section.",
    },
    async ({ db, caller, readBody }) => {
      const hook = await createWebhook(db, caller.userId, await readBody());
      return json(hook, 201, { Location: `/api/webhooks/${hook.id}` });
    },
  ),
}));
