/**
 * One contract per endpoint. A route file declares its operations once with
 * {@link defineRoute} — summary, who may call (public or signed in, `sessionOnly`), scope, the
 * least trip role (`tripRole`), error family, request (body, query, path parameter) schemas
 * with their examples, the response schema, the extra error statuses it can answer — and
 * exports the Next.js handlers built from that declaration:
 *
 * ```ts
 * export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Trips" }, (op) => ({
 *   GET: op.auth({ summary: "…", scope: "trips:read", ok: { status: 200, description: "…", schema: TripSchema } },
 *     async ({ db, caller }) => json(await listTrips(db, caller.userId))),
 * }));
 * ```
 *
 * Methods the declaration does not name answer 405 METHOD_NOT_ALLOWED with `Allow` (and
 * `OPTIONS` 204 with `Allow`), in the route's error family. Each exported function carries the
 * whole declaration under {@link CONTRACT}; lib/openapi/registry.ts collects them (through the
 * generated route index) into the OpenAPI document, the authorization sweep and the fuzz tables
 * (which send the declared examples, placeholders of ./examples.ts resolved, and check the role).
 *
 * The engine underneath is lib/http/route.ts (`withAuth`/`publicRoute`: caller resolution, rate
 * limit and its headers, CSRF, scopes, error mapping); this module only adds the declaration and
 * the declared parsers (`readBody()`/`readQuery()`, which answer 400/413/422 exactly as
 * lib/http/parse.ts's `parseBody`/`parseQuery` do, because they are those functions).
 */
import type { z } from "zod";
import type { Db } from "@/db/client";
import type { TripRole } from "@/lib/domain/auth/permissions";
import type { Scope } from "@/lib/domain/auth/scopes";
import type { Caller } from "@/lib/http/caller";
import type { ErrorFamily } from "./errors";
import { parseBody, parseQuery } from "./parse";
import type { RouteClass } from "./rate-limit";
import { methodsNotAllowed, publicRoute, type RouteContext, withAuth } from "./route";

/** HTTP methods a route file can export (HEAD is answered by Next.js from GET; OPTIONS by the contract). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Order methods are listed in (`Allow` header, documents). */
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Response headers an operation can document (components of the OpenAPI document). */
export type DocumentedHeader =
  | "X-RateLimit-Limit"
  | "X-RateLimit-Remaining"
  | "X-RateLimit-Reset"
  | "X-RateLimit-Window"
  | "Retry-After"
  | "ETag"
  | "Location"
  | "WWW-Authenticate"
  | "X-Conversation-Id"
  | "Allow";

/** The success response of an operation. */
export interface Success {
  status: 200 | 201 | 204;
  description: string;
  /** JSON body schema (omitted for 204). Tests validate every JSON answer against it. */
  schema?: z.ZodType;
  /**
   * Non-JSON body (`text/event-stream`) with a description of the stream; `endless` when the
   * stream stays open until the client disconnects (the sweeps read its first event only).
   */
  stream?: { contentType: string; description: string; example?: string; endless?: boolean };
  /** Extra response headers. */
  headers?: DocumentedHeader[];
  /** Other success statuses with no body, e.g. MCP's `202 Accepted` for a notification. */
  also?: { status: 202 | 204; description: string }[];
}

/** What an operation documents besides who may call it. */
export interface OperationSpec<B extends z.ZodType = z.ZodType, Q extends z.ZodObject = z.ZodObject> {
  /** One line (the OpenAPI summary, capitalised there). */
  summary: string;
  ok: Success;
  /**
   * The JSON request body: its schema (parsed by `readBody()`), component name and a valid
   * example (required: it is the documented example, and the authorization sweep and the fuzz
   * tests send it, with the placeholders of lib/http/examples.ts `EXAMPLE` replaced by real ids).
   */
  body?: { schema: B; name: string; example: z.input<B> };
  /** The query string schema (parsed by `readQuery()`). */
  query?: Q;
  /** Example query values (documented as each parameter's `example`; the sweeps send them). */
  queryExample?: Partial<Record<keyof z.input<Q>, string | number | boolean>>;
  /**
   * Trip-scoped operations (`{trip_id}` in the path): the least trip role that may call it.
   * The service enforces it (lib/domain/auth/permissions.ts `requireTripRole`); the declaration
   * documents it (`x-trip-role` and the description) and the authorization sweep checks the
   * two agree, role by role.
   */
  tripRole?: TripRole;
  /**
   * What a success uses up, so the same request cannot succeed twice (a refresh token, the
   * caller's password, the trip's ownership). `DELETE` is single use by nature.
   */
  singleUse?: string;
  /**
   * Path parameter schemas for the document, by documented name, where a parameter is not a
   * UUID (share tokens, offer ids). The handler still checks them (a malformed one is 404).
   */
  params?: Record<string, z.ZodType>;
  /** Honours `If-Match` (adds the parameter and a 412). */
  ifMatch?: boolean;
  /** Error statuses beyond those derived from auth/body/query/path/family (e.g. 409, 402, 503). */
  errors?: number[];
  /** Longer explanation (Markdown). */
  description?: string;
  /** Store-failure policy class of the rate limit; defaults to `read` for GET/HEAD and `write` otherwise. */
  rateClass?: RouteClass;
}

/** What a handler receives: the request, path parameters, database, caller and the declared parsers. */
export type HandlerContext<P, C, B, Q> = RouteContext<P> & {
  caller: C;
  /** Reads and validates the declared JSON body (400 INVALID_JSON, 413, 422/400 per family). */
  readBody: () => Promise<B>;
  /** Validates the declared query string (422/400 per family). */
  readQuery: () => Q;
};

type Out<S> = S extends z.ZodType ? z.output<S> : never;

/** A declared operation (built by {@link OpBuilder}). */
export interface Operation extends OperationSpec {
  /** `public`: credentials optional; `required`: a signed-in caller (user login or API key). */
  auth: "public" | "required";
  /** The scope an API key (or user) must hold. */
  scope?: Scope;
  /** A user login (JWT or browser session) is required, not an API key. */
  sessionOnly?: boolean;
  /** The export is the same handler as another method (`PATCH` as `PUT`). */
  aliasOf?: HttpMethod;
  /** @internal the Next.js handler */
  readonly handler: NextHandler;
}

/** Route-level facts of a declaration. */
export interface RouteOptions {
  /** OpenAPI tag the operations are grouped under. */
  tag: string;
  /** Error body shape (lib/http/errors.ts); default `tripsage`. */
  family?: ErrorFamily;
  /**
   * Documented path where a parameter's documented name differs from the folder's (Next allows
   * one dynamic name per folder level), e.g. `/v1/ai/conversations/{tripId}` for `[id]`.
   * Otherwise derived from the file (`[tripId]` → `{trip_id}`).
   */
  path?: string;
  /** Served but not part of the API document (the documentation pages, the benchmark baseline). */
  internal?: boolean;
}

/** A route file's declaration: {@link RouteOptions} and its operations by method. */
export interface RouteContract extends Required<Pick<RouteOptions, "tag" | "family">> {
  path?: string;
  internal?: boolean;
  operations: Readonly<Partial<Record<HttpMethod, Operation>>>;
}

/** The signature Next.js calls route handlers with. */
// biome-ignore lint/suspicious/noExplicitAny: Next passes each route its own params shape
export type NextHandler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

/** Where each exported handler keeps its route's declaration. */
export const CONTRACT: unique symbol = Symbol.for("tripsage.route-contract");

/** A handler exported by a route file, carrying its declaration. */
export type ContractHandler = NextHandler & { [CONTRACT]: RouteContract };

/** The declaration a route module's handlers carry, or undefined for a module not built by {@link defineRoute}. */
export function contractOf(mod: Record<string, unknown>): RouteContract | undefined {
  for (const v of Object.values(mod)) {
    if (typeof v === "function" && CONTRACT in v) return (v as ContractHandler)[CONTRACT];
  }
  return undefined;
}

/** Per-operation options that only the engine uses. */
interface AuthOptions {
  /** See `withAuth`'s `fallbackCaller` (the SSE stream's `?ticket=`). */
  fallbackCaller?: (req: Request, db: Db) => Promise<Caller | null>;
}

/** Builds the operations of one route; `P` is its Next.js params shape. */
export interface OpBuilder<P> {
  /** An operation anyone may call; a caller is still resolved when credentials are sent. */
  public<B extends z.ZodType = z.ZodNever, Q extends z.ZodObject = z.ZodObject>(
    spec: OperationSpec<B, Q>,
    handler: (ctx: HandlerContext<P, Caller | null, Out<B>, Out<Q>>) => Promise<Response>,
  ): Operation;
  /**
   * An operation for a signed-in caller holding `scope`: 401 without credentials, 403
   * INSUFFICIENT_PERMISSIONS without the scope, or for an API key when `sessionOnly`.
   */
  auth<B extends z.ZodType = z.ZodNever, Q extends z.ZodObject = z.ZodObject>(
    spec: OperationSpec<B, Q> & { scope?: Scope; sessionOnly?: boolean } & AuthOptions,
    handler: (ctx: HandlerContext<P, Caller, Out<B>, Out<Q>>) => Promise<Response>,
  ): Operation;
  /**
   * A handler with no engine at all (no caller, rate limit or error mapping): only the
   * benchmark baseline, which measures what the engine costs.
   */
  bare(spec: OperationSpec, handler: (req: Request) => Promise<Response>): Operation;
  /** The same operation as `of` under another method (`PATCH: op.alias("PUT")`). */
  alias(of: HttpMethod, summary?: string): Alias;
}

/** A method declared as another method's handler. */
export interface Alias {
  aliasOf: HttpMethod;
  summary?: string;
}

function parsers(req: Request, spec: OperationSpec) {
  return {
    readBody: () => {
      if (!spec.body) throw new Error("readBody(): the operation declares no body");
      return parseBody(req, spec.body.schema);
    },
    readQuery: () => {
      if (!spec.query) throw new Error("readQuery(): the operation declares no query");
      return parseQuery(req, spec.query);
    },
  };
}

function builder<P>(family: ErrorFamily): OpBuilder<P> {
  return {
    public(spec, handler) {
      const { rateClass } = spec;
      const h = publicRoute<P>(
        // biome-ignore lint/suspicious/noExplicitAny: the parsers are typed by the spec at the call site
        (ctx) => handler({ ...ctx, ...(parsers(ctx.req, spec as OperationSpec) as any) }),
        { family, ...(rateClass ? { rateClass } : {}) },
      );
      const { fallbackCaller: _f, ...doc } = spec as OperationSpec & AuthOptions;
      return { ...doc, auth: "public", handler: h as NextHandler };
    },
    auth(spec, handler) {
      const { scope, sessionOnly, rateClass, fallbackCaller } = spec;
      const h = withAuth<P>(
        // biome-ignore lint/suspicious/noExplicitAny: the parsers are typed by the spec at the call site
        (ctx) => handler({ ...ctx, ...(parsers(ctx.req, spec as OperationSpec) as any) }),
        {
          family,
          ...(scope ? { scope } : {}),
          ...(sessionOnly ? { sessionOnly } : {}),
          ...(rateClass ? { rateClass } : {}),
          ...(fallbackCaller ? { fallbackCaller } : {}),
        },
      );
      const { fallbackCaller: _f, ...doc } = spec;
      return { ...doc, auth: "required", handler: h as NextHandler };
    },
    bare(spec, handler) {
      return { ...spec, auth: "public", handler: (req) => handler(req) };
    },
    alias(of, summary) {
      return { aliasOf: of, ...(summary ? { summary } : {}) };
    },
  };
}

/** The handlers a route file exports: one per HTTP method, plus OPTIONS. */
export type RouteHandlers = Record<HttpMethod | "OPTIONS", ContractHandler>;

/**
 * Declares a route file's operations and builds its handlers. Methods not declared answer 405
 * METHOD_NOT_ALLOWED with `Allow` in the route's family; OPTIONS answers 204 with `Allow`.
 * Export them all: `export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(…)`.
 * @throws Error at module load for an alias of an undeclared method
 */
export function defineRoute<P = Record<string, never>>(
  opts: RouteOptions,
  declare: (op: OpBuilder<P>) => Partial<Record<HttpMethod, Operation | Alias>>,
): RouteHandlers {
  const family = opts.family ?? "tripsage";
  const declared = declare(builder<P>(family));
  const operations: Partial<Record<HttpMethod, Operation>> = {};
  for (const m of HTTP_METHODS) {
    const d = declared[m];
    if (d && "handler" in d) operations[m] = d;
  }
  for (const m of HTTP_METHODS) {
    const d = declared[m];
    if (!d || "handler" in d) continue;
    const target = operations[d.aliasOf];
    if (!target) throw new Error(`defineRoute: ${m} is an alias of undeclared ${d.aliasOf}`);
    operations[m] = {
      ...target,
      summary: d.summary ?? `Same as ${d.aliasOf}: ${target.summary}`,
      aliasOf: d.aliasOf,
    };
  }
  const contract: RouteContract = {
    tag: opts.tag,
    family,
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.internal ? { internal: true } : {}),
    operations,
  };
  const allowed = HTTP_METHODS.filter((m) => operations[m]);
  const refused = methodsNotAllowed(allowed, family) as Record<HttpMethod | "OPTIONS", NextHandler>;
  const out = {} as RouteHandlers;
  for (const m of [...HTTP_METHODS, "OPTIONS"] as const) {
    const op = m === "OPTIONS" ? undefined : operations[m];
    // The engine's own function (no extra call per request); an alias shares its target's.
    const f = (op ? op.handler : refused[m]) as ContractHandler;
    f[CONTRACT] = contract;
    out[m] = f;
  }
  return out;
}
