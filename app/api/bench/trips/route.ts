import { z } from "zod";
import { getDb } from "@/db/client";
import { listTrips } from "@/lib/domain/trips/service";
import { defineRoute } from "@/lib/http/contract";
import { ApiError } from "@/lib/http/errors";
import { validate } from "@/lib/http/parse";
import { errorResponse } from "@/lib/http/route";
import { env } from "@/lib/platform/env";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "Benchmark", internal: true },
  (op) => ({
    GET: op.bare(
      {
        summary:
          "the same query as GET /api/trips through a bare handler (no auth, no rate limit, no error mapping): " +
          "the baseline `npm run bench` compares the full stack against. Exists only when BENCH_ROUTES=1; " +
          "otherwise 404 like any unknown path.",
        ok: { status: 200, description: "The first page of the user's trips, as GET /api/trips answers it." },
      },
      // GET /api/bench/trips?user_id=…: the baseline stays bare on its happy path; errors still
      // get the documented shape, not a 500.
      async (req) => {
        try {
          if (env().BENCH_ROUTES !== "1") throw new ApiError("NOT_FOUND", "Not found");
          const { user_id } = validate(z.object({ user_id: z.uuid() }), {
            user_id: new URL(req.url).searchParams.get("user_id"),
          });
          return Response.json(await listTrips(await getDb(), user_id, { skip: 0, limit: 10 }));
        } catch (err) {
          return errorResponse(err, "tripsage");
        }
      },
    ),
  }),
);
