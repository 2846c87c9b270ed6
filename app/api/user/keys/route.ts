import { createApiKey, createKeySchema, listApiKeys } from "@/lib/domain/auth/api-keys";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/user/keys – the caller's API keys (never the secrets)
export const GET = withAuth(async ({ db, caller }) => json(await listApiKeys(db, caller.userId)), {
  sessionOnly: true,
});

// POST /api/user/keys – create a key; the secret `key` is in this response only
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const input = await parseBody(req, createKeySchema);
    return json(await createApiKey(db, { id: caller.userId, role: caller.role }, input), 201);
  },
  { sessionOnly: true },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);
