/**
 * Next.js 16 proxy (formerly middleware) for `/api/*` and `/v1/*`. It only answers what the
 * route table (lib/openapi/routes.ts) already knows, before a handler runs:
 * - a method the path's route file does not export → 405 with `Allow`, in the error shape of
 *   the route's family (seed 000 `{error:true, message, code:"METHOD_NOT_ALLOWED", type}`,
 *   seed 001 `{error:"Method Not Allowed", message}` or seeds 002-004 `{ok:false, error}`);
 * - `OPTIONS` on a known path → 204 with `Allow`;
 * - a declared `Content-Length` over 1 MiB → 413 `PAYLOAD_TOO_LARGE` (handlers also stop
 *   reading past the limit while streaming, for bodies without a length).
 * Everything else passes through unchanged (unknown paths reach the catch-all 404 routes).
 *
 * Seed 000: every API response carries rate-limit information. The answers above are made
 * here, so they are counted here, against the caller's unauthenticated (per-IP) bucket — no
 * authentication happens in the proxy, route handlers own it — and carry `X-RateLimit-*`;
 * over the limit they become the family's 429 instead. Requests that pass through are
 * counted by their handler (lib/http/route.ts), never twice.
 *
 * Runs in the Node.js runtime (the Next 16 default for proxy.ts), which the rate-limit
 * stores (node:crypto, ioredis) need.
 */
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { ApiError, type ErrorFamily, errorBody } from "@/lib/http/errors";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { enforceRateLimit, type LimitDecision, rateLimitHeaders } from "@/lib/http/rate-limit";
import { allowedMethods, type HttpMethod, matchApiRoute } from "@/lib/openapi/routes";

const SERVED_BY_NEXT: ReadonlySet<string> = new Set(["HEAD"]);

/** The error family of a path no route claims: by its prefix. */
function familyOfPath(pathname: string): ErrorFamily {
  return pathname === "/v1" || pathname.startsWith("/v1/") ? "v1" : "tripsage";
}

/** An ApiError as `family`'s JSON body, with its headers (`Retry-After`, `X-RateLimit-*` on a 429). */
function errorJson(err: ApiError, family: ErrorFamily, headers: Record<string, string> = {}): NextResponse {
  const { status, body } = errorBody(err, family);
  const h: Record<string, string> = { ...err.headers, ...headers };
  if (err.retryAfter !== undefined) h["Retry-After"] = String(err.retryAfter);
  return NextResponse.json(body, { status, headers: h });
}

/**
 * Counts a request the proxy answers itself against the anonymous bucket.
 * @returns the decision's `X-RateLimit-*` headers (none when limiting is off or the store
 *          failed open), or the family's 429 when over the limit
 */
async function countRequest(
  request: NextRequest,
  family: ErrorFamily,
): Promise<{ headers: Record<string, string> } | { limited: NextResponse }> {
  if (env().RATE_LIMIT === "false") return { headers: {} };
  let decision: LimitDecision | null;
  try {
    decision = await enforceRateLimit(request, null, "read");
  } catch (err) {
    if (err instanceof ApiError) return { limited: errorJson(err, family) };
    // The "read" class fails open inside enforceRateLimit; anything else must not turn a 405 into a 500.
    console.warn("[proxy] rate limit check failed", err instanceof Error ? err.message : err);
    return { headers: {} };
  }
  return { headers: decision ? rateLimitHeaders(decision) : {} };
}

/**
 * Answers 405/OPTIONS/413 for `/api/*` and `/v1/*` requests from the route table, counted
 * against the rate limit; otherwise continues.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const route = matchApiRoute(pathname);
  const method = request.method.toUpperCase();
  const family = route?.family ?? familyOfPath(pathname);

  /** Counts the request, then builds the answer with the rate-limit headers (or answers 429). */
  const answer = async (make: (headers: Record<string, string>) => NextResponse): Promise<NextResponse> => {
    const counted = await countRequest(request, family);
    return "limited" in counted ? counted.limited : make(counted.headers);
  };

  const length = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
    return answer((h) =>
      errorJson(new ApiError("PAYLOAD_TOO_LARGE", `Request body exceeds ${MAX_BODY_BYTES} bytes`), family, h),
    );
  }

  if (!route) return NextResponse.next();
  const allow = allowedMethods(route).join(", ");
  if (method === "OPTIONS") {
    return answer((h) => new NextResponse(null, { status: 204, headers: { ...h, Allow: allow } }));
  }
  const served =
    route.methods.includes(method as HttpMethod) ||
    (SERVED_BY_NEXT.has(method) && route.methods.includes("GET"));
  if (!served) {
    return answer((h) =>
      errorJson(
        new ApiError("METHOD_NOT_ALLOWED", `Method ${method} not allowed on ${pathname}`),
        route.family,
        { ...h, Allow: allow },
      ),
    );
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/api/:path*", "/v1/:path*"],
};
