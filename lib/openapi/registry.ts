/**
 * The route table, derived: every API route file's declaration (lib/http/contract.ts
 * `defineRoute`), read from the handlers its module exports, through the generated index of
 * route modules (./route-index.generated.ts, written by lib/openapi/route-index.ts). The OpenAPI
 * document (./document.ts), the authorization sweep and the fuzz tables (lib/testing) are built
 * from {@link API_ROUTES}; nothing restates what a route file declares.
 *
 * Not listed on purpose: `app/api/auth/[...nextauth]` (Auth.js browser internals) and the
 * catch-alls `app/api/[...path]` and `app/v1/[...path]` (the JSON 404s for unknown paths).
 */
import {
  contractOf,
  HTTP_METHODS,
  type HttpMethod,
  type Operation,
  type RouteContract,
} from "@/lib/http/contract";
import type { ErrorFamily } from "@/lib/http/errors";
import { ROUTE_MODULES } from "./route-index.generated";

export { HTTP_METHODS, type HttpMethod };

/** Error body shape of a route (see lib/http/errors.ts). */
export type RouteFamily = ErrorFamily;

/** What one method of a route file does, who may call it, and what it accepts and answers. */
export type ApiOperationMeta = Operation;

/** One route file with its declaration. */
export interface ApiRoute {
  /** OpenAPI path, e.g. `/api/trips/{trip_id}` (the declaration's `path`, or derived from the file). */
  path: string;
  /** Route file, e.g. `app/api/trips/[tripId]/route.ts`. */
  next: string;
  /** Declared HTTP methods, in {@link HTTP_METHODS} order. */
  methods: readonly HttpMethod[];
  family: RouteFamily;
  tag: string;
  internal?: boolean;
  /** Per-method declaration; its keys are exactly {@link ApiRoute.methods}. */
  operations: RouteContract["operations"];
}

/** `camelCase` → `snake_case` (`tripId` → `trip_id`), for path parameter names. */
export function snakeCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * Maps a route file to its OpenAPI path: `app/api/trips/[tripId]/route.ts` →
 * `/api/trips/{trip_id}`. Route groups `(x)` are dropped.
 * @throws Error for a catch-all segment or a path outside `app/`
 */
export function nextFileToOpenApiPath(file: string): string {
  const norm = file.replace(/\\/g, "/");
  const m = /^app\/(.*)\/route\.(?:ts|tsx|js)$/.exec(norm);
  if (!m?.[1]) throw new Error(`Not a route file: ${file}`);
  const segments = m[1]
    .split("/")
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      if (s.startsWith("[...") || s.startsWith("[[...")) throw new Error(`Catch-all route: ${file}`);
      const dyn = /^\[(.+)\]$/.exec(s);
      return dyn?.[1] ? `{${snakeCase(dyn[1])}}` : s;
    });
  return `/${segments.join("/")}`;
}

/**
 * The route of one module of the index.
 * @throws Error when the module exports no declared handlers, or its declared path does not fit
 *         the file (other literal segments, or parameters elsewhere)
 */
export function routeOf(file: string, mod: Record<string, unknown>): ApiRoute {
  const c = contractOf(mod);
  if (!c) throw new Error(`${file}: export the handlers of defineRoute (lib/http/contract.ts)`);
  const derived = nextFileToOpenApiPath(file);
  const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}");
  if (c.path && shape(c.path) !== shape(derived)) {
    throw new Error(`Route ${file}: documented path ${c.path} does not fit the file's path ${derived}`);
  }
  return {
    path: c.path ?? derived,
    next: file,
    methods: HTTP_METHODS.filter((m) => c.operations[m]),
    family: c.family,
    tag: c.tag,
    ...(c.internal ? { internal: true } : {}),
    operations: c.operations,
  };
}

/** Every API route of the app (see the module comment for the deliberate omissions). */
export const API_ROUTES: readonly ApiRoute[] = ROUTE_MODULES.map(({ file, module }) => routeOf(file, module));

/** Routes that belong in the OpenAPI document. */
export const DOCUMENTED_ROUTES: readonly ApiRoute[] = API_ROUTES.filter((r) => !r.internal);

/** `METHOD /path` of an operation. */
export type OperationKey = `${HttpMethod} ${string}`;

/** Every documented operation's declaration by `METHOD /path`. */
export const OPERATIONS: Readonly<Record<OperationKey, Operation>> = Object.fromEntries(
  DOCUMENTED_ROUTES.flatMap((r) => r.methods.map((m) => [`${m} ${r.path}`, r.operations[m] as Operation])),
);

/**
 * The `Allow` header of a route, as its 405 and OPTIONS answers send it (lib/http/route.ts
 * `methodsNotAllowed`): its methods, then HEAD when it has GET (Next.js answers HEAD with the
 * GET handler), then OPTIONS.
 */
export function allowedMethods(r: ApiRoute): string[] {
  return [...r.methods, ...(r.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}
