import { createHash } from "node:crypto";
import { methodsNotAllowed, publicRoute } from "@/lib/http/route";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { env } from "@/lib/platform/env";

/** The serialised document and its ETag, built on first request (module scope). */
let cached: { body: string; etag: string } | undefined;

function documentJson(): { body: string; etag: string } {
  if (!cached) {
    const body = JSON.stringify(buildOpenApiDocument({ version: env().APP_VERSION }));
    cached = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
  }
  return cached;
}

// GET /api/openapi.json – this API's OpenAPI 3.1 document
export const GET = publicRoute(async ({ req }) => {
  const { body, etag } = documentJson();
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
});

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
