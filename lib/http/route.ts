/**
 * Route-handler wrappers. A wrapper owns: who is calling, the scope check, and mapping
 * any thrown error to the documented error shape of its API family. Handlers only parse,
 * call one service function and return.
 */
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { type Caller, resolveCaller } from "@/lib/auth/caller";
import type { Scope } from "@/lib/auth/scopes";
import { ApiError, type ErrorFamily, errorBody } from "./errors";

export interface RouteContext<P> {
  req: Request;
  params: P;
  db: Db;
}

type NextCtx<P> = { params: Promise<P> };

/** JSON response helper (`status` defaults to 200). */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/**
 * Maps any error to a Response in `family`'s shape. Unexpected errors are logged with an
 * id and become a generic 500: no stack trace or SQL reaches the client.
 */
export function errorResponse(err: unknown, family: ErrorFamily): Response {
  let apiErr: ApiError;
  if (err instanceof ApiError) apiErr = err;
  else {
    const id = crypto.randomUUID();
    console.error(`[api] unhandled error ${id}`, err);
    apiErr = new ApiError("INTERNAL_ERROR", `Internal server error (reference ${id})`);
  }
  const { status, body } = errorBody(apiErr, family);
  const headers: Record<string, string> = {};
  if (apiErr.retryAfter !== undefined) headers["Retry-After"] = String(apiErr.retryAfter);
  if (status === 401 && family === "tripsage") headers["WWW-Authenticate"] = 'Bearer realm="tripsage"';
  return json(body, status, headers);
}

/** A route anyone may call (health, login, register). */
export function publicRoute<P = Record<string, never>>(
  handler: (ctx: RouteContext<P>) => Promise<Response>,
  opts: { family?: ErrorFamily } = {},
) {
  return async (req: Request, next: NextCtx<P>): Promise<Response> => {
    try {
      return await handler({ req, params: await next.params, db: await getDb() });
    } catch (err) {
      return errorResponse(err, opts.family ?? "tripsage");
    }
  };
}

/**
 * A route that needs a signed-in caller holding `scope`.
 * 401 without credentials, 403 INSUFFICIENT_PERMISSIONS without the scope.
 */
export function withAuth<P = Record<string, never>>(
  handler: (ctx: RouteContext<P> & { caller: Caller }) => Promise<Response>,
  opts: { scope?: Scope; family?: ErrorFamily } = {},
) {
  const family = opts.family ?? "tripsage";
  return async (req: Request, next: NextCtx<P>): Promise<Response> => {
    try {
      const db = await getDb();
      const caller = await resolveCaller(db, req);
      if (!caller) throw new ApiError("UNAUTHORIZED", "Authentication required");
      if (opts.scope && !caller.scopes.includes(opts.scope)) {
        throw new ApiError("INSUFFICIENT_PERMISSIONS", `This action needs the '${opts.scope}' scope`);
      }
      return await handler({ req, params: await next.params, db, caller });
    } catch (err) {
      return errorResponse(err, family);
    }
  };
}
