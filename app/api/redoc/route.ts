import { publicRoute } from "@/lib/http/route";
import { docsPageResponse } from "@/lib/openapi/docs-page";

// GET /api/redoc – read-only three-panel API reference
export const GET = publicRoute(async () => docsPageResponse("redoc"));
