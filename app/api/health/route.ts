import { env } from "@/lib/env";
import { json, methodsNotAllowed, publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/health – liveness, as seed 000 documents it
export const GET = publicRoute(async () => {
  const e = env();
  return json({
    status: "healthy",
    application: "TripSage API",
    version: e.APP_VERSION,
    environment: e.NODE_ENV,
    timestamp: new Date().toISOString(),
  });
});

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
