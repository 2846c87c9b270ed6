import { configResponse } from "@/lib/domain/config/service";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/config – version, features, limits, external services, currencies, languages
export const GET = withAuth(async () => json(configResponse()));

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
