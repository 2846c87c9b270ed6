import { methodsNotAllowed, publicRoute } from "@/lib/http/route";
import { docsPageResponse } from "@/lib/openapi/docs-page";

// GET /api/docs – interactive API reference with a Try-it form per operation
export const GET = publicRoute(async () => docsPageResponse("docs"));

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
