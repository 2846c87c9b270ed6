import { defineRoute } from "@/lib/http/contract";
import { docsPageResponse } from "@/lib/openapi/docs-page";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "Documentation", internal: true },
  (op) => ({
    GET: op.public(
      {
        summary: "interactive API reference with a Try-it form per operation",
        ok: { status: 200, description: "The HTML page." },
      },
      async () => docsPageResponse("docs"),
    ),
  }),
);
