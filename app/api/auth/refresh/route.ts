import { rotateRefreshToken } from "@/lib/domain/auth/tokens";
import { refreshSchema } from "@/lib/domain/validators/auth";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, publicRoute } from "@/lib/http/route";

// POST /api/auth/refresh – spend a refresh token for a new pair (rotation; reuse is refused)
export const POST = publicRoute(
  async ({ req, db }) => {
    const { refresh_token } = await parseBody(req, refreshSchema);
    return json(await rotateRefreshToken(db, refresh_token));
  },
  { rateClass: "auth" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
