import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { methodsNotAllowed } from "@/lib/http/route";
import { listTrips } from "@/lib/trips/service";

/**
 * GET /api/bench/trips?user_id=… – the same query as GET /api/trips through a bare handler
 * (no auth, no rate limit, no error mapping): the baseline `npm run bench` compares the full
 * stack against. Exists only when BENCH_ROUTES=1; otherwise 404 like any unknown path.
 */
export async function GET(req: Request): Promise<Response> {
  if (env().BENCH_ROUTES !== "1") {
    return Response.json(
      { error: true, message: "Not found", code: "NOT_FOUND", type: "not_found" },
      { status: 404 },
    );
  }
  const userId = z.uuid().parse(new URL(req.url).searchParams.get("user_id"));
  return Response.json(await listTrips(await getDb(), userId, { skip: 0, limit: 10 }));
}

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
