import { servicesHealth } from "@/lib/config/service";
import { json, withAuth } from "@/lib/http/route";

// GET /api/health/mcp – external services this deployment configured, and whether each answers
export const GET = withAuth(async () => json(await servicesHealth()));
