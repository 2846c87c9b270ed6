import { pingDatabase } from "@/db/client";
import { json, methodsNotAllowed, publicRoute } from "@/lib/http/route";
import { env } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

// GET /api/health – liveness as the TripSage REST API documents it, plus the database (503 unhealthy when it does not answer)
export const GET = publicRoute(async () => {
  const e = env();
  const db = await pingDatabase();
  return json(
    {
      status: db.ok ? "healthy" : "unhealthy",
      application: "TripSage API",
      version: e.APP_VERSION,
      environment: e.NODE_ENV,
      timestamp: new Date().toISOString(),
      database: db.ok ? { status: "healthy", driver: db.driver } : { status: "unhealthy", detail: db.detail },
    },
    db.ok ? 200 : 503,
    db.ok ? undefined : { "Retry-After": "5" },
  );
});

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
