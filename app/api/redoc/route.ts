import { defineRoute } from "@/lib/http/contract";
import { docsPageResponse } from "@/lib/openapi/docs-page";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "Documentation", internal: true },
  (op) => ({
    GET: op.public(
      { summary: "read-only three-panel API reference", ok: { status: 200, description: "The HTML page." } },
      async () => docsPageResponse("redoc"),
    ),
  }),
);
