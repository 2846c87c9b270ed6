import { featuresResponse } from "@/lib/domain/config/service";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/config/features – feature flags of this deployment
export const GET = withAuth(async () => json(featuresResponse("basic")));

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
