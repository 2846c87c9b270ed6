import { ApiError } from "@/lib/http/errors";
import { publicRoute } from "@/lib/http/route";

// Any /api path no route claims: the TripSage REST API's 404 body instead of an HTML page.
const notFound = publicRoute<{ path: string[] }>(async ({ req }) => {
  throw new ApiError("NOT_FOUND", `No API route for ${req.method} ${new URL(req.url).pathname}`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
