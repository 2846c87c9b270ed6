import { ApiError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";

// Any /api path no route claims: seed 000's 404 body instead of an HTML page.
function notFound(req: Request): Response {
  return errorResponse(
    new ApiError("NOT_FOUND", `No API route for ${req.method} ${new URL(req.url).pathname}`),
    "tripsage",
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
