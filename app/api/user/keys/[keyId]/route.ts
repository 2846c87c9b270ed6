import { revokeApiKey } from "@/lib/domain/auth/api-keys";
import { defineRoute } from "@/lib/http/contract";
import { uuidParam } from "@/lib/http/parse";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ keyId: string }>(
  { tag: "API keys" },
  (op) => ({
    DELETE: op.auth(
      { summary: "revoke a key; 204", sessionOnly: true, ok: { status: 204, description: "Revoked." } },
      async ({ db, caller, params }) => {
        await revokeApiKey(db, caller.userId, uuidParam(params.keyId, "API key"));
        return new Response(null, { status: 204 });
      },
    ),
  }),
);
