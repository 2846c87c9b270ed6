/**
 * Next.js 16 proxy (formerly middleware) for `/api/*`. It only answers what the route table
 * (lib/openapi/routes.ts) already knows, before a handler runs:
 * - a method the path's route file does not export → 405 with `Allow`, in the error shape of
 *   the route's family (seed 000 `{error:true, message, code:"METHOD_NOT_ALLOWED", type}` or
 *   seed 001 `{error:"Method Not Allowed", message}`);
 * - `OPTIONS` on a known path → 204 with `Allow`;
 * - a declared `Content-Length` over 1 MiB → 413 `PAYLOAD_TOO_LARGE` (handlers also stop
 *   reading past the limit while streaming, for bodies without a length).
 * Everything else passes through unchanged (unknown paths reach the catch-all 404 route).
 * No authentication happens here: route handlers own it.
 */
import { type NextRequest, NextResponse } from "next/server";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { allowedMethods, type HttpMethod, matchApiRoute, type RouteFamily } from "@/lib/openapi/routes";

const SERVED_BY_NEXT: ReadonlySet<string> = new Set(["HEAD"]);

function errorJson(
  family: RouteFamily,
  status: 405 | 413,
  message: string,
  headers: Record<string, string> = {},
): NextResponse {
  const body =
    family === "designer"
      ? { error: status === 405 ? "Method Not Allowed" : "Payload Too Large", message }
      : {
          error: true,
          message,
          code: status === 405 ? "METHOD_NOT_ALLOWED" : "PAYLOAD_TOO_LARGE",
          type: "validation",
        };
  return NextResponse.json(body, { status, headers });
}

/**
 * Answers 405/OPTIONS/413 for `/api/*` requests from the route table; otherwise continues.
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const route = matchApiRoute(pathname);
  const method = request.method.toUpperCase();

  const length = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
    return errorJson(route?.family ?? "tripsage", 413, `Request body exceeds ${MAX_BODY_BYTES} bytes`);
  }

  if (!route) return NextResponse.next();
  const allow = allowedMethods(route).join(", ");
  if (method === "OPTIONS") return new NextResponse(null, { status: 204, headers: { Allow: allow } });
  const served =
    route.methods.includes(method as HttpMethod) ||
    (SERVED_BY_NEXT.has(method) && route.methods.includes("GET"));
  if (!served) {
    return errorJson(route.family, 405, `Method ${method} not allowed on ${pathname}`, { Allow: allow });
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/api/:path*"],
};
