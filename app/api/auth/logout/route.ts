import { revokeAllSessions } from "@/lib/domain/users/service";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/auth/logout – revoke every access token, refresh token and browser session of the caller
export const POST = withAuth(
  async ({ db, caller }) => {
    await revokeAllSessions(db, caller.userId);
    return json({ message: "Signed out everywhere" });
  },
  { sessionOnly: true, rateClass: "auth" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
