import { describeShareLink, publicItinerary } from "@/lib/domain/sharing/service";
import { shareTokenSchema } from "@/lib/domain/validators/sharing";
import { defineRoute } from "@/lib/http/contract";
import { ApiError } from "@/lib/http/errors";
import { json } from "@/lib/http/route";
import { ShareLinkInfoSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute<{ token: string }>(
  { tag: "Sharing" },
  (op) => ({
    GET: op.public(
      {
        summary: "what a link offers; for a public link, the itinerary itself (no account needed)",
        params: { token: shareTokenSchema },
        ok: { status: 200, description: "What the link offers.", schema: ShareLinkInfoSchema },
      },
      async ({ db, params }) => {
        if (!shareTokenSchema.safeParse(params.token).success)
          throw new ApiError("NOT_FOUND", "Share link not found");
        const link = await describeShareLink(db, params.token);
        return json(link.public ? { ...link, itinerary: await publicItinerary(db, params.token) } : link);
      },
    ),
  }),
);
