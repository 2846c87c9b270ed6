import { featuresResponse } from "@/lib/domain/config/service";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { FeaturesSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Configuration" }, (op) => ({
  GET: op.auth(
    {
      summary: "feature flags of this deployment",
      ok: { status: 200, description: "Feature flags.", schema: FeaturesSchema },
    },
    async () => json(featuresResponse("basic")),
  ),
}));
