import { rotateRefreshToken } from "@/lib/domain/auth/tokens";
import { refreshSchema } from "@/lib/domain/validators/auth";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { TokenPairSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Authentication" }, (op) => ({
  POST: op.public(
    {
      summary: "spend a refresh token for a new pair (rotation; reuse is refused)",
      body: {
        schema: refreshSchema,
        name: "RefreshRequest",
        example: { refresh_token: EXAMPLE.refreshToken },
      },
      ok: {
        status: 200,
        description: "A new token pair; the old refresh token is spent.",
        schema: TokenPairSchema,
      },
      errors: [401, 503],
      description:
        "Presenting a refresh token a second time revokes its whole family (rotation with reuse detection).",
      rateClass: "auth",
      singleUse: "the refresh token",
    },
    async ({ db, readBody }) => {
      const { refresh_token } = await readBody();
      return json(await rotateRefreshToken(db, refresh_token));
    },
  ),
}));
