import { createApiKey, createKeySchema, listApiKeys } from "@/lib/domain/auth/api-keys";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { ApiKeyCreatedSchema, ApiKeyListSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "API keys" }, (op) => ({
  GET: op.auth(
    {
      summary: "the caller's API keys (never the secrets)",
      sessionOnly: true,
      ok: { status: 200, description: "The caller's keys.", schema: ApiKeyListSchema },
    },
    async ({ db, caller }) => json(await listApiKeys(db, caller.userId)),
  ),

  POST: op.auth(
    {
      summary: "create a key; the secret `key` is in this response only",
      sessionOnly: true,
      body: {
        schema: createKeySchema,
        name: "CreateApiKeyRequest",
        example: {
          name: "Travel App Integration",
          permissions: ["trips:read", "trips:write"],
          expires_in_days: 365,
        },
      },
      ok: {
        status: 201,
        description: "The key, including its secret (shown once).",
        schema: ApiKeyCreatedSchema,
      },
      description: "A key can only carry scopes its owner has (403 otherwise).",
    },
    async ({ db, caller, readBody }) => {
      const input = await readBody();
      return json(await createApiKey(db, { id: caller.userId, role: caller.role }, input), 201);
    },
  ),
}));
