import { createHash } from "node:crypto";
import { defineRoute } from "@/lib/http/contract";
import { env } from "@/lib/platform/env";

/** The serialised document and its ETag, built on first request (module scope). */
let cached: { body: string; etag: string } | undefined;

async function documentJson(): Promise<{ body: string; etag: string }> {
  if (!cached) {
    // Imported on first use: the document is assembled from every route module's declaration
    // (this one included), so a static import would make this module import itself.
    const { buildOpenApiDocument } = await import("@/lib/openapi/document");
    const body = JSON.stringify(buildOpenApiDocument({ version: env().APP_VERSION }));
    cached = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
  }
  return cached;
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "Documentation", internal: true },
  (op) => ({
    GET: op.public(
      {
        summary: "this API's OpenAPI 3.1 document",
        ok: {
          status: 200,
          description: "The OpenAPI document (JSON); 304 when `If-None-Match` names its ETag.",
        },
      },
      async ({ req }) => {
        const { body, etag } = await documentJson();
        const headers = {
          "Content-Type": "application/json; charset=utf-8",
          ETag: etag,
          "Cache-Control": "private, max-age=300",
          // The description is public; let external tools (editors, code generators) load it.
          "Access-Control-Allow-Origin": "*",
        };
        const inm = req.headers.get("if-none-match");
        if (inm?.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
          return new Response(null, { status: 304, headers });
        }
        return new Response(body, { headers });
      },
    ),
  }),
);
