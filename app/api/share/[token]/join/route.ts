import { joinViaLink } from "@/lib/domain/sharing/service";
import { ApiError } from "@/lib/http/errors";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/share/{token}/join – join the trip behind a link with the role it grants
export const POST = withAuth<{ token: string }>(
  async ({ db, caller, params }) => {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(params.token)) throw new ApiError("NOT_FOUND", "Share link not found");
    return json(await joinViaLink(db, caller.userId, params.token));
  },
  { scope: "trips:write", sessionOnly: true },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
