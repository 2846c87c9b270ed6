import { ApiError } from "@/lib/http/errors";
import { publicRoute } from "@/lib/http/route";

// Any /v1 path no route claims: the family's {ok:false, error} 404.
const notFound = publicRoute<{ path: string[] }>(
  async ({ req }) => {
    throw new ApiError("NOT_FOUND", `No route for ${req.method} ${new URL(req.url).pathname}`);
  },
  { family: "v1" },
);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
