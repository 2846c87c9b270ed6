import { methodsNotAllowed, publicRoute } from "@/lib/http/route";
import { docsPageResponse } from "@/lib/openapi/docs-page";

// GET /api/redoc – read-only three-panel API reference
export const GET = publicRoute(async () => docsPageResponse("redoc"));

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
