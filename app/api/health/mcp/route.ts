import { servicesHealth } from "@/lib/domain/config/service";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/health/mcp – external services this deployment configured, and whether each answers
export const GET = withAuth(async () => json(await servicesHealth()));

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
