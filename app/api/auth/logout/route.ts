import { revokeAllSessions } from "@/lib/domain/users/service";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { MessageSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Authentication" }, (op) => ({
  POST: op.auth(
    {
      summary: "revoke every access token, refresh token and browser session of the caller",
      sessionOnly: true,
      ok: { status: 200, description: "Every session of the caller is revoked.", schema: MessageSchema },
      errors: [503],
      rateClass: "auth",
      singleUse: "the caller's sessions, this one included",
    },
    async ({ db, caller }) => {
      await revokeAllSessions(db, caller.userId);
      return json({ message: "Signed out everywhere" });
    },
  ),
}));
