import { issueTokens } from "@/lib/domain/auth/tokens";
import { registerUser } from "@/lib/domain/users/sign-up";
import { registerSchema } from "@/lib/domain/validators/auth";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { TokenPairSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Authentication" }, (op) => ({
  POST: op.public(
    {
      summary: "create an account; answers like login (201)",
      body: {
        schema: registerSchema,
        name: "RegisterRequest",
        example: { email: EXAMPLE.newEmail, password: "secure_password", name: "John Doe" },
      },
      ok: { status: 201, description: "Account created; the caller is signed in.", schema: TokenPairSchema },
      errors: [409, 503],
      rateClass: "auth",
    },
    async ({ db, readBody }) => {
      const input = await readBody();
      const user = await registerUser(db, input);
      return json(await issueTokens(db, user), 201);
    },
  ),
}));
