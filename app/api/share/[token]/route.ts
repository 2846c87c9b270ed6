import { z } from "zod";
import { describeShareLink, publicItinerary } from "@/lib/domain/sharing/service";
import { ApiError } from "@/lib/http/errors";
import { json, methodsNotAllowed, publicRoute } from "@/lib/http/route";

const token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

// GET /api/share/{token} – what a link offers; for a public link, the itinerary itself (no account needed)
export const GET = publicRoute<{ token: string }>(async ({ db, params }) => {
  if (!token.safeParse(params.token).success) throw new ApiError("NOT_FOUND", "Share link not found");
  const link = await describeShareLink(db, params.token);
  return json(link.public ? { ...link, itinerary: await publicItinerary(db, params.token) } : link);
});

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
