import { issueTokens } from "@/lib/domain/auth/tokens";
import { changePassword } from "@/lib/domain/users/service";
import { changePasswordSchema } from "@/lib/domain/validators/auth";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/auth/change-password – check the current password, set the new one, end all other sessions
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const { current_password, new_password } = await parseBody(req, changePasswordSchema);
    const user = await changePassword(db, caller.userId, current_password, new_password);
    // Every old token is now refused; the caller continues with a fresh pair.
    return json({
      message: "Password changed; other sessions have been signed out",
      ...(await issueTokens(db, user)),
    });
  },
  { sessionOnly: true, rateClass: "auth" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
