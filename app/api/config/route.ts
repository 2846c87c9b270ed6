import { configResponse } from "@/lib/domain/config/service";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { ConfigSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Configuration" }, (op) => ({
  GET: op.auth(
    {
      summary: "version, features, limits, external services, currencies, languages",
      ok: { status: 200, description: "Deployment configuration.", schema: ConfigSchema },
    },
    async () => json(configResponse()),
  ),
}));
