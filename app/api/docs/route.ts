import { docsPageResponse } from "@/lib/openapi/docs-page";

// GET /api/docs – interactive API reference with a Try-it form per operation
export async function GET(): Promise<Response> {
  return docsPageResponse("docs");
}
