import { configResponse } from "@/lib/config/service";
import { json, withAuth } from "@/lib/http/route";

// GET /api/config – version, features, limits, external services, currencies, languages
export const GET = withAuth(async () => json(configResponse()));
