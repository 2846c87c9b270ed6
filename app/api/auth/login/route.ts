import { issueTokens } from "@/lib/domain/auth/tokens";
import { authenticate } from "@/lib/domain/users/service";
import { loginSchema } from "@/lib/domain/validators/auth";
import { parseBody } from "@/lib/http/parse";
import { guardLogin } from "@/lib/http/rate-limit";
import { json, methodsNotAllowed, publicRoute } from "@/lib/http/route";

// POST /api/auth/login – email + password → access JWT (1 h) and refresh token
export const POST = publicRoute(
  async ({ req, db }) => {
    const { email, password } = await parseBody(req, loginSchema);
    await guardLogin(req, email);
    const user = await authenticate(db, email, password);
    return json(await issueTokens(db, user));
  },
  { rateClass: "auth" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
