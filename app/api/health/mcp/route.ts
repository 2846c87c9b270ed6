import { servicesHealth } from "@/lib/domain/config/service";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { ServicesHealthSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Health" }, (op) => ({
  GET: op.auth(
    {
      summary: "external services this deployment configured, and whether each answers",
      ok: {
        status: 200,
        description: "Configured external services and probe results.",
        schema: ServicesHealthSchema,
      },
    },
    async () => json(await servicesHealth()),
  ),
}));
