import { issueTokens } from "@/lib/domain/auth/tokens";
import { authenticate } from "@/lib/domain/users/service";
import { loginSchema } from "@/lib/domain/validators/auth";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { guardLogin } from "@/lib/http/rate-limit";
import { json } from "@/lib/http/route";
import { TokenPairSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Authentication" }, (op) => ({
  POST: op.public(
    {
      summary: "email + password → access JWT (1 h) and refresh token",
      body: {
        schema: loginSchema,
        name: "LoginRequest",
        example: { email: EXAMPLE.email, password: EXAMPLE.password },
      },
      ok: { status: 200, description: "Access and refresh token.", schema: TokenPairSchema },
      errors: [401, 503],
      description:
        "At most 5 attempts per minute per account and 30 per client IP, on top of the request limit.",
      rateClass: "auth",
    },
    async ({ req, db, readBody }) => {
      const { email, password } = await readBody();
      await guardLogin(req, email);
      const user = await authenticate(db, email, password);
      return json(await issueTokens(db, user));
    },
  ),
}));
