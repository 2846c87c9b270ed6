import { docsPageResponse } from "@/lib/openapi/docs-page";

// GET /api/redoc – read-only three-panel API reference
export async function GET(): Promise<Response> {
  return docsPageResponse("redoc");
}
