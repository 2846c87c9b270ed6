/**
 * Webhook subscriptions (the TripSage REST API "Webhook Integration").
 * Scopes: listing needs `trips:read`; registering needs `trips:write` (webhooks carry trip
 * data, so they follow the trip scopes; a browser session or user JWT holds both).
 */
import { createWebhook, listWebhooks, webhookCreateSchema } from "@/lib/domain/webhooks/service";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/webhooks – the caller's webhooks as {webhooks, total}; secrets are never listed
export const GET = withAuth(async ({ db, caller }) => json(await listWebhooks(db, caller.userId)), {
  scope: "trips:read",
});

// POST /api/webhooks – register {url, events[], secret?}; 201 with the signing secret (only here)
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const hook = await createWebhook(db, caller.userId, await parseBody(req, webhookCreateSchema));
    return json(hook, 201, { Location: `/api/webhooks/${hook.id}` });
  },
  { scope: "trips:write" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
