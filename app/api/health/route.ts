import { pingDatabase } from "@/db/client";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { HealthSchema } from "@/lib/openapi/responses";
import { env } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Health" }, (op) => ({
  GET: op.public(
    {
      summary:
        "liveness as the TripSage REST API documents it, plus the database (503 unhealthy when it does not answer)",
      ok: { status: 200, description: "The API is up.", schema: HealthSchema },
    },
    async () => {
      const e = env();
      const db = await pingDatabase();
      return json(
        {
          status: db.ok ? "healthy" : "unhealthy",
          application: "TripSage API",
          version: e.APP_VERSION,
          environment: e.NODE_ENV,
          timestamp: new Date().toISOString(),
          database: db.ok
            ? { status: "healthy", driver: db.driver }
            : { status: "unhealthy", detail: db.detail },
        },
        db.ok ? 200 : 503,
        db.ok ? undefined : { "Retry-After": "5" },
      );
    },
  ),
}));
