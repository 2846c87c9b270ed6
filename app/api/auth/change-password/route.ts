import { issueTokens } from "@/lib/domain/auth/tokens";
import { changePassword } from "@/lib/domain/users/service";
import { changePasswordSchema } from "@/lib/domain/validators/auth";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { PasswordChangedSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Authentication" }, (op) => ({
  POST: op.auth(
    {
      summary: "check the current password, set the new one, end all other sessions",
      sessionOnly: true,
      body: {
        schema: changePasswordSchema,
        name: "ChangePasswordRequest",
        example: { current_password: EXAMPLE.password, new_password: "new_secure_password" },
      },
      ok: {
        status: 200,
        description: "Password changed; continue with the fresh token pair returned.",
        schema: PasswordChangedSchema,
      },
      errors: [503],
      rateClass: "auth",
      singleUse: "the current password",
    },
    async ({ db, caller, readBody }) => {
      const { current_password, new_password } = await readBody();
      const user = await changePassword(db, caller.userId, current_password, new_password);
      // Every old token is now refused; the caller continues with a fresh pair.
      return json({
        message: "Password changed; other sessions have been signed out",
        ...(await issueTokens(db, user)),
      });
    },
  ),
}));
