/**
 * Route-handler wrappers. A wrapper owns: who is calling, the rate limit and its
 * `X-RateLimit-*` headers, the scope check, and mapping any thrown error to the documented
 * error shape of its API family. Handlers only parse, call one service function and return.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { getDb, isDatabaseUnavailable } from "@/db/client";
import type { Scope } from "@/lib/domain/auth/scopes";
import { type Caller, resolveCaller } from "@/lib/http/caller";
import { env } from "@/lib/platform/env";
import { ApiError, type ErrorFamily, errorBody } from "./errors";
import { notModified, notModifiedResponse } from "./etag";
import { enforceRateLimit, type LimitDecision, type RouteClass, rateLimitHeaders } from "./rate-limit";

export interface RouteContext<P> {
  req: Request;
  params: P;
  db: Db;
}

type NextCtx<P> = { params: Promise<P> };

interface CommonOptions {
  family?: ErrorFamily;
  /** Store-failure policy class; defaults to `read` for GET/HEAD and `write` otherwise. */
  rateClass?: RouteClass;
}

/** JSON response helper (`status` defaults to 200). */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/** `Retry-After` of a 503 DATABASE_ERROR, seconds (crash recovery took 4-6 s in review). */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * A 200 JSON response with a strong ETag computed over its bytes (`"h…"`, SHA-1, base64url),
 * or a bodiless 304 when the request's `If-None-Match` names that tag. For collections,
 * whose rows have no single version: the JSON is built once either way, but a client whose
 * copy is current receives nothing.
 */
export function conditionalJson(req: Request, data: unknown, headers?: Record<string, string>): Response {
  const body = JSON.stringify(data);
  const tag = `"h${createHash("sha1").update(body).digest("base64url")}"`;
  if (notModified(req, tag)) return notModifiedResponse(tag);
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/json", ETag: tag, ...headers },
  });
}

/**
 * Maps any error to a Response in `family`'s shape. A database that cannot be reached (see
 * db/client.ts `isDatabaseUnavailable`) becomes 503 DATABASE_ERROR (type `internal`) with
 * `Retry-After`; other unexpected errors are logged with an id and become a generic 500: no
 * stack trace or SQL reaches the client.
 */
export function errorResponse(err: unknown, family: ErrorFamily): Response {
  let apiErr: ApiError;
  if (err instanceof ApiError) apiErr = err;
  else if (isDatabaseUnavailable(err)) {
    console.error("[api] database unavailable", (err as { code?: string }).code ?? err);
    apiErr = new ApiError("DATABASE_ERROR", "The database is unavailable; try again shortly", {
      retryAfter: DATABASE_RETRY_AFTER_S,
    });
  } else {
    const id = crypto.randomUUID();
    console.error(`[api] unhandled error ${id}`, err);
    apiErr = new ApiError("INTERNAL_ERROR", `Internal server error (reference ${id})`);
  }
  const { status, body } = errorBody(apiErr, family);
  const headers: Record<string, string> = { ...apiErr.headers };
  if (apiErr.retryAfter !== undefined) headers["Retry-After"] = String(apiErr.retryAfter);
  if (status === 401 && family === "tripsage") headers["WWW-Authenticate"] = 'Bearer realm="tripsage"';
  return json(body, status, headers);
}

function withHeaders(res: Response, decision: LimitDecision | null): Response {
  if (!decision) return res;
  const h = rateLimitHeaders(decision);
  try {
    for (const [k, v] of Object.entries(h)) res.headers.set(k, v);
    return res;
  } catch {
    // Some responses carry immutable headers; copy them into a new Response.
    const copy = new Headers(res.headers);
    for (const [k, v] of Object.entries(h)) copy.set(k, v);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: copy });
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated writes: the browser must say the request comes from
 * our own origin (`Sec-Fetch-Site: same-origin`, or an `Origin` equal to our host). Bearer
 * requests carry no ambient credentials and skip this.
 * @throws ApiError INSUFFICIENT_PERMISSIONS (403)
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin") return;
  const origin = req.headers.get("origin");
  const forwarded = env().TRUST_PROXY_HOPS > 0 ? req.headers.get("x-forwarded-host") : null;
  const host = forwarded ?? req.headers.get("host") ?? new URL(req.url).host;
  if (origin && site !== "cross-site") {
    try {
      if (new URL(origin).host === host) return;
    } catch {}
  }
  throw new ApiError("INSUFFICIENT_PERMISSIONS", "Cross-site request refused (CSRF protection)");
}

async function limited(req: Request, caller: Caller | null, opts: CommonOptions) {
  if (env().RATE_LIMIT === "false") return null;
  const cls = opts.rateClass ?? (req.method === "GET" || req.method === "HEAD" ? "read" : "write");
  return enforceRateLimit(req, caller, cls);
}

/**
 * A route anyone may call (health, login, register, public links). A caller is still
 * resolved when credentials are sent, so they are limited on their own bucket.
 */
export function publicRoute<P = Record<string, never>>(
  handler: (ctx: RouteContext<P> & { caller: Caller | null }) => Promise<Response>,
  opts: CommonOptions = {},
) {
  const family = opts.family ?? "tripsage";
  return async (req: Request, next: NextCtx<P>): Promise<Response> => {
    let decision: LimitDecision | null = null;
    try {
      const db = await getDb();
      const caller = await resolveCaller(db, req).catch(() => null);
      decision = await limited(req, caller, opts);
      return withHeaders(await handler({ req, params: await next.params, db, caller }), decision);
    } catch (err) {
      return withHeaders(errorResponse(err, family), decision);
    }
  };
}

/**
 * A route that needs a signed-in caller holding `scope`.
 * 401 without credentials, 403 INSUFFICIENT_PERMISSIONS without the scope, or for an API
 * key on a `sessionOnly` route (key management, password, profile changes).
 */
export function withAuth<P = Record<string, never>>(
  handler: (ctx: RouteContext<P> & { caller: Caller }) => Promise<Response>,
  opts: CommonOptions & {
    scope?: Scope;
    sessionOnly?: boolean;
    /**
     * Asked when the request carries no Authorization header or session cookie (e.g. the SSE
     * stream's `?ticket=`): the caller it names, or null for 401. May throw ApiError.
     */
    fallbackCaller?: (req: Request, db: Db) => Promise<Caller | null>;
  } = {},
) {
  const family = opts.family ?? "tripsage";
  return async (req: Request, next: NextCtx<P>): Promise<Response> => {
    let decision: LimitDecision | null = null;
    try {
      const db = await getDb();
      let caller: Caller | null;
      // With a valid JWT the user's bucket is known before the user row is read: count the
      // request and check the token version at the same time.
      let early: Promise<LimitDecision | null> | undefined;
      try {
        caller = await resolveCaller(db, req, (userId) => {
          early = limited(req, { userId } as Caller, opts);
          early.catch(() => {}); // awaited below; never an unhandled rejection
        });
      } catch (err) {
        // Bad credentials still count (against the anonymous bucket unless the JWT was genuine).
        decision = await (early ?? limited(req, null, opts));
        throw err;
      }
      if (!caller && opts.fallbackCaller) caller = await opts.fallbackCaller(req, db);
      decision = await (early ?? limited(req, caller, opts));
      if (!caller) throw new ApiError("UNAUTHORIZED", "Authentication required");
      if (caller.via === "session") assertSameOrigin(req);
      if (opts.sessionOnly && caller.via === "api_key") {
        throw new ApiError("INSUFFICIENT_PERMISSIONS", "This action needs a user login, not an API key");
      }
      if (opts.scope && !caller.scopes.includes(opts.scope)) {
        throw new ApiError("INSUFFICIENT_PERMISSIONS", `This action needs the '${opts.scope}' scope`);
      }
      return withHeaders(await handler({ req, params: await next.params, db, caller }), decision);
    } catch (err) {
      return withHeaders(errorResponse(err, family), decision);
    }
  };
}

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Handlers for the methods a path does not support, so Next never answers them itself
 * with an empty 405: each answers 405 METHOD_NOT_ALLOWED in the family's error shape, with
 * `Allow` and the usual `X-RateLimit-*` headers; `OPTIONS` answers 204 with `Allow`.
 * Used as `export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET", "POST"]);`
 * (lib/openapi/document.test.ts checks the list against the route table).
 */
export function methodsNotAllowed(allowed: readonly HttpMethod[], family: ErrorFamily = "tripsage") {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse = publicRoute<Record<string, string | string[]>>(
    async ({ req }) => {
      throw new ApiError(
        "METHOD_NOT_ALLOWED",
        `Method ${req.method} not allowed on ${new URL(req.url).pathname}`,
        {
          headers: { Allow: allow },
        },
      );
    },
    { family },
  );
  const OPTIONS = publicRoute<Record<string, string | string[]>>(
    async () => new Response(null, { status: 204, headers: { Allow: allow } }),
    { family },
  );
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS };
}
