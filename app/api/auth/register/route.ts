import { issueTokens } from "@/lib/domain/auth/tokens";
import { registerUser } from "@/lib/domain/users/sign-up";
import { registerSchema } from "@/lib/domain/validators/auth";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, publicRoute } from "@/lib/http/route";

// POST /api/auth/register – create an account; answers like login (201)
export const POST = publicRoute(
  async ({ req, db }) => {
    const input = await parseBody(req, registerSchema);
    const user = await registerUser(db, input);
    return json(await issueTokens(db, user), 201);
  },
  { rateClass: "auth" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
