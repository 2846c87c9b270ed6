import { featuresResponse } from "@/lib/config/service";
import { json, withAuth } from "@/lib/http/route";

// GET /api/config/features – feature flags of this deployment
export const GET = withAuth(async () => json(featuresResponse("basic")));
