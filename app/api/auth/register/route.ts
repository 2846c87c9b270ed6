import { issueTokens } from "@/lib/auth/tokens";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { TokenPairSchema } from "@/lib/openapi/responses";
import { registerUser } from "@/lib/users/sign-up";
import { registerSchema } from "@/lib/validators/auth";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Authentication" }, (op) => ({
  POST: op.public(
    {
      summary: "create an account; answers like login (201)",
      body: {
        schema: registerSchema,
        name: "RegisterRequest",
        example: { email: "user@example.com", password: "secure_password", name: "John Doe" },
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
