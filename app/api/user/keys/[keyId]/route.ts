import { revokeApiKey } from "@/lib/domain/auth/api-keys";
import { uuidParam } from "@/lib/http/parse";
import { methodsNotAllowed, withAuth } from "@/lib/http/route";

// DELETE /api/user/keys/{key_id} – revoke a key; 204
export const DELETE = withAuth<{ keyId: string }>(
  async ({ db, caller, params }) => {
    await revokeApiKey(db, caller.userId, uuidParam(params.keyId, "API key"));
    return new Response(null, { status: 204 });
  },
  { sessionOnly: true },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed(["DELETE"]);
