/**
 * The route table: every `app/api/**\/route.ts` and `app/v1/**\/route.ts` with its methods,
 * summary, authentication and scope. lib/openapi/document.ts builds the OpenAPI document from
 * it, and each route file refuses the other methods with `methodsNotAllowed` (405 and OPTIONS
 * with the same list). lib/openapi/document.test.ts
 * reads the route files and fails when this table and the files disagree (a route, method,
 * summary comment, scope, `sessionOnly` or error family added or changed in one place only).
 *
 * Not listed on purpose: `app/api/auth/[...nextauth]` (Auth.js browser internals) and the
 * catch-alls `app/api/[...path]` and `app/v1/[...path]` (the JSON 404s for unknown paths).
 *
 * `methodsNotAllowed([...])` export refuses the other methods with the same list (tested).
 */
import type { Scope } from "@/lib/domain/auth/scopes";
import type { ErrorFamily } from "@/lib/http/errors";

/** HTTP methods a route file can export (HEAD is answered by Next.js from GET; OPTIONS by methodsNotAllowed). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Order methods are listed in (`Allow` header, documents). */
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * Error body shape of a route (the route's `family` option, see lib/http/errors.ts): the TripSage
 * REST API's `{error:true, message, code, type, …}`, the Trip Designer API's
 * `{error:"<kind>", message, hint?}`, or the /v1/ai assistant API's `/v1/ai` `{ok:false, error}`.
 */
export type RouteFamily = ErrorFamily;

/** What one exported method of a route file does and who may call it. */
export interface ApiOperationMeta {
  /** The `// METHOD /path – summary` comment above the export (text after the dash). */
  summary: string;
  /** `public` for `publicRoute` (credentials optional), `required` for `withAuth`. */
  auth: "public" | "required";
  /** `withAuth({scope})`: the scope an API key (or user) must hold. */
  scope?: Scope;
  /** `withAuth({sessionOnly: true})`: a user login (JWT or browser session) is required, not an API key. */
  sessionOnly?: boolean;
  /** The export is the same handler as another method (`export const PATCH = PUT`). */
  aliasOf?: HttpMethod;
}

/** One route file. */
export interface ApiRoute {
  /**
   * OpenAPI path, e.g. `/api/trips/{trip_id}`: derived from the file, or given where the
   * documented parameter name differs from the folder's (see {@link route}'s `path`).
   */
  path: string;
  /** Route file, e.g. `app/api/trips/[tripId]/route.ts`. */
  next: string;
  /** Exported HTTP methods, in {@link HTTP_METHODS} order. */
  methods: readonly HttpMethod[];
  /** Error body shape (see {@link RouteFamily}). */
  family: RouteFamily;
  /** OpenAPI tag the operations are grouped under. */
  tag: string;
  /** Served by the app but not part of the API document (the documentation pages, the benchmark baseline). */
  internal?: boolean;
  /** Per-method metadata; its keys are exactly {@link ApiRoute.methods}. */
  operations: Readonly<Partial<Record<HttpMethod, ApiOperationMeta>>>;
}

/**
 * `camelCase` → `snake_case` (`tripId` → `trip_id`), for path parameter names.
 */
export function snakeCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * Maps a route file to its OpenAPI path: `app/api/trips/[tripId]/route.ts` →
 * `/api/trips/{trip_id}`. Route groups `(x)` are dropped; catch-alls are not supported.
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
 * Checks that `path` is `derived` with only parameter names changed (same literal segments,
 * parameters at the same positions).
 * @throws Error otherwise
 */
function assertSameShape(next: string, derived: string, path: string): void {
  const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}");
  if (shape(path) !== shape(derived)) {
    throw new Error(`Route ${next}: documented path ${path} does not fit the file's path ${derived}`);
  }
}

type OpsInput = Partial<Record<HttpMethod, ApiOperationMeta>>;

/**
 * One route file. `opts.path` renames path parameters where the documented name differs
 * from the folder's: Next allows one dynamic name per folder level, so
 * `app/v1/ai/conversations/[id]` serves the /v1/ai conversations API's `{tripId}` and, below it,
 * `{conversationId}/messages`.
 */
function route(
  next: string,
  tag: string,
  operations: OpsInput,
  opts: { family?: RouteFamily; internal?: boolean; path?: string } = {},
): ApiRoute {
  const methods = HTTP_METHODS.filter((m) => operations[m]);
  const derived = nextFileToOpenApiPath(next);
  if (opts.path) assertSameShape(next, derived, opts.path);
  return {
    path: opts.path ?? derived,
    next,
    methods,
    family: opts.family ?? "tripsage",
    tag,
    ...(opts.internal ? { internal: true } : {}),
    operations,
  };
}

const pub = (summary: string): ApiOperationMeta => ({ summary, auth: "public" });
const auth = (summary: string, scope?: Scope, more: Partial<ApiOperationMeta> = {}): ApiOperationMeta => ({
  summary,
  auth: "required",
  ...(scope ? { scope } : {}),
  ...more,
});
const session = (summary: string, scope?: Scope): ApiOperationMeta =>
  auth(summary, scope, { sessionOnly: true });
const alias = (of: HttpMethod, target: ApiOperationMeta): ApiOperationMeta => ({
  ...target,
  summary: `Same as ${of}: ${target.summary}`,
  aliasOf: of,
});

const segmentPut = auth("partial update (editor+); honours If-Match", "trips:write");
const tripPut = auth("partial update (editor+); honours If-Match", "trips:write");
const collaboratorPut = auth("change a collaborator's permission level (admin+)", "trips:write");
const memoryPut = auth("merge travel preferences into the caller's memory", "memory:write");
const mePut = session("partial update of name, profile and preferences");

/** Every API route of the app (see the module comment for the deliberate omissions). */
export const API_ROUTES: readonly ApiRoute[] = [
  // ---- health & configuration -----------------------------------------------------------
  route("app/api/health/route.ts", "Health", {
    GET: pub(
      "liveness as the TripSage REST API documents it, plus the database (503 unhealthy when it does not answer)",
    ),
  }),
  route("app/api/health/mcp/route.ts", "Health", {
    GET: auth("external services this deployment configured, and whether each answers"),
  }),
  route("app/api/config/route.ts", "Configuration", {
    GET: auth("version, features, limits, external services, currencies, languages"),
  }),
  route("app/api/config/features/route.ts", "Configuration", {
    GET: auth("feature flags of this deployment"),
  }),

  // ---- authentication ---------------------------------------------------------------------
  route("app/api/auth/register/route.ts", "Authentication", {
    POST: pub("create an account; answers like login (201)"),
  }),
  route("app/api/auth/login/route.ts", "Authentication", {
    POST: pub("email + password → access JWT (1 h) and refresh token"),
  }),
  route("app/api/auth/refresh/route.ts", "Authentication", {
    POST: pub("spend a refresh token for a new pair (rotation; reuse is refused)"),
  }),
  route("app/api/auth/logout/route.ts", "Authentication", {
    POST: session("revoke every access token, refresh token and browser session of the caller"),
  }),
  route("app/api/auth/change-password/route.ts", "Authentication", {
    POST: session("check the current password, set the new one, end all other sessions"),
  }),

  // ---- users, memory, API keys -------------------------------------------------------------
  route("app/api/users/me/route.ts", "Users", {
    GET: auth("profile, preferences, plan and stats computed from the caller's trips"),
    PUT: mePut,
    PATCH: alias("PUT", mePut),
  }),
  route("app/api/memory/user/route.ts", "Memory", {
    GET: auth("stated preferences and travel history the assistant personalises with", "memory:read"),
  }),
  route("app/api/memory/preferences/route.ts", "Memory", {
    PUT: memoryPut,
    PATCH: alias("PUT", memoryPut),
  }),
  route("app/api/user/keys/route.ts", "API keys", {
    GET: session("the caller's API keys (never the secrets)"),
    POST: session("create a key; the secret `key` is in this response only"),
  }),
  route("app/api/user/keys/[keyId]/route.ts", "API keys", { DELETE: session("revoke a key; 204") }),

  // ---- trips ------------------------------------------------------------------------------
  route("app/api/trips/route.ts", "Trips", {
    GET: auth("the caller's trips (owned and shared), paged by skip/limit", "trips:read"),
    POST: auth("create a trip owned by the caller", "trips:write"),
  }),
  route("app/api/trips/suggestions/route.ts", "Trips", {
    GET: auth(
      "the TripSage REST API trip suggestions ranked for the caller from the destination catalogue (422 on a bad query).",
      "trips:read",
    ),
  }),
  route("app/api/trips/[tripId]/route.ts", "Trips", {
    GET: auth("one trip the caller can see", "trips:read"),
    PUT: tripPut,
    PATCH: { ...tripPut, summary: "same as PUT (partial)", aliasOf: "PUT" },
    DELETE: auth("owner only; 204", "trips:delete"),
  }),

  // ---- itinerary --------------------------------------------------------------------------
  route("app/api/itineraries/[tripId]/route.ts", "Itinerary", {
    GET: auth("the trip with its segments grouped by day", "trips:read"),
  }),
  route("app/api/itineraries/[tripId]/segments/route.ts", "Itinerary", {
    GET: auth("segments in order, optionally one day's", "trips:read"),
    POST: auth("add a segment (editor+)", "trips:write"),
  }),
  route("app/api/itineraries/[tripId]/segments/[segmentId]/route.ts", "Itinerary", {
    GET: auth("one segment", "trips:read"),
    PUT: segmentPut,
    PATCH: alias("PUT", segmentPut),
    DELETE: auth("remove (editor+); 204; honours If-Match", "trips:write"),
  }),
  route("app/api/itineraries/[tripId]/segments/[segmentId]/move/route.ts", "Itinerary", {
    POST: auth("{day_index, position} (editor+); honours If-Match", "trips:write"),
  }),
  route("app/api/itineraries/[tripId]/events/route.ts", "Itinerary", {
    GET: auth("Trip Designer API SSE stream of itinerary changes and presence", "trips:read"),
  }),
  route("app/api/itineraries/[tripId]/events/ticket/route.ts", "Itinerary", {
    POST: auth("a 60-second ticket for this trip's SSE stream (members only)", "trips:read"),
  }),

  // ---- sharing ----------------------------------------------------------------------------
  route("app/api/trips/[tripId]/share/route.ts", "Sharing", {
    POST: auth("invite people by email as viewer/editor/admin (admin+)", "trips:write"),
  }),
  route("app/api/trips/[tripId]/collaborators/route.ts", "Sharing", {
    GET: auth("collaborators and pending invitations (viewer+)", "trips:read"),
  }),
  route("app/api/trips/[tripId]/collaborators/[userId]/route.ts", "Sharing", {
    PUT: collaboratorPut,
    PATCH: alias("PUT", collaboratorPut),
    DELETE: auth("remove a collaborator (admin+), or leave the trip; 204", "trips:write"),
  }),
  route("app/api/trips/[tripId]/invitations/route.ts", "Sharing", {
    DELETE: auth("withdraw a pending invitation (admin+); 204", "trips:write"),
  }),
  route("app/api/trips/[tripId]/links/route.ts", "Sharing", {
    GET: auth("the trip's share links (admin+)", "trips:read"),
    POST: auth(
      "create a share link {permission_level, public, expires_in_days, max_uses} (admin+)",
      "trips:write",
    ),
  }),
  route("app/api/trips/[tripId]/links/[linkId]/route.ts", "Sharing", {
    DELETE: auth("revoke a share link (admin+); 204", "trips:write"),
  }),
  route("app/api/trips/[tripId]/transfer/route.ts", "Sharing", {
    POST: auth("{user_id}: make a collaborator the owner (owner only)", "trips:write", { sessionOnly: true }),
  }),
  route("app/api/share/[token]/route.ts", "Sharing", {
    GET: pub("what a link offers; for a public link, the itinerary itself (no account needed)"),
  }),
  route("app/api/share/[token]/join/route.ts", "Sharing", {
    POST: auth("join the trip behind a link with the role it grants", "trips:write", { sessionOnly: true }),
  }),

  // ---- chat -------------------------------------------------------------------------------
  route("app/api/changesets/[changesetId]/undo/route.ts", "Trip chat", {
    POST: auth("revert one assistant turn's changes (editor+); 409 lists what was left alone", "trips:write"),
  }),
  route("app/api/trips/[tripId]/chat/route.ts", "Trip chat", {
    GET: auth("the caller's designer conversation for the trip, with its messages", "chat:access"),
    POST: auth("one user message in, the designer's reply streamed out (AI SDK UI stream)", "chat:access"),
  }),
  route(
    "app/api/chat/sessions/route.ts",
    "Trip Designer (the Trip Designer API)",
    { POST: auth("the Trip Designer API: open a designer session bound to an itinerary", "chat:access") },
    { family: "designer" },
  ),
  route(
    "app/api/chat/sessions/[sessionId]/route.ts",
    "Trip Designer (the Trip Designer API)",
    { GET: auth("the Trip Designer API: history, trip profile, tokens and cost", "chat:access") },
    { family: "designer" },
  ),
  route(
    "app/api/chat/sessions/[sessionId]/messages/route.ts",
    "Trip Designer (the Trip Designer API)",
    { POST: auth("the Trip Designer API: one message, the designer's answer and tool calls", "chat:access") },
    { family: "designer" },
  ),
  route("app/api/v1/chat/message/route.ts", "AI Chat & Memory", {
    POST: auth(
      "one message to the assistant; with context.trip_id it edits that trip's itinerary",
      "chat:access",
    ),
  }),
  route(
    "app/api/chat/stats/route.ts",
    "Trip Designer (the Trip Designer API)",
    {
      GET: auth(
        "the Trip Designer API: the caller's designer sessions active in the last 30 minutes",
        "chat:access",
      ),
    },
    { family: "designer" },
  ),

  // ---- /v1/ai: page-aware assistant and planner (the /v1/ai assistant API), errors {ok:false, error} ----
  route(
    "app/v1/ai/conversations/[id]/route.ts",
    "AI assistant (the /v1/ai assistant API)",
    { GET: auth("the caller's AI conversations for a trip (the /v1/ai conversations API)", "chat:access") },
    { family: "v1", path: "/v1/ai/conversations/{tripId}" },
  ),
  route(
    "app/v1/ai/conversations/[id]/messages/route.ts",
    "AI assistant (the /v1/ai assistant API)",
    { GET: auth("messages oldest first, newest `limit` (the /v1/ai conversations API)", "chat:access") },
    { family: "v1", path: "/v1/ai/conversations/{conversationId}/messages" },
  ),
  route(
    "app/v1/ai/context/refresh/route.ts",
    "AI assistant (the /v1/ai assistant API)",
    {
      POST: auth(
        "rebuild and store the context snapshot of a trip page (the /v1/ai conversations API)",
        "chat:access",
      ),
    },
    { family: "v1" },
  ),
  route(
    "app/v1/ai/chat/route.ts",
    "AI assistant (the /v1/ai assistant API)",
    {
      POST: auth(
        "page-aware, read-only assistant with live sources and a degraded flag (the /v1/ai chat API)",
        "chat:access",
      ),
    },
    { family: "v1" },
  ),
  route(
    "app/v1/ai/planner/chat/route.ts",
    "AI assistant (the /v1/ai assistant API)",
    {
      POST: auth(
        "draft a trip from preferences; answer plus plannerDraft (the /v1/ai planner API)",
        "chat:access",
      ),
    },
    { family: "v1" },
  ),

  // ---- flights & accommodations -------------------------------------------------------------
  route("app/api/flights/search/route.ts", "Flights", {
    POST: auth("flight offers for a route and dates, cheapest first", "flights:read"),
  }),
  route(
    "app/api/flights/[offerId]/route.ts",
    "Flights",
    { GET: auth("one offer from the caller's searches", "flights:read") },
    { path: "/api/flights/{flight_offer_id}" },
  ),
  route("app/api/flights/track/route.ts", "Flights", {
    GET: auth("the caller's tracked routes as {watches, total}", "flights:read"),
    POST: auth("track a route's cheapest fare; 201 with the watch", "flights:write"),
  }),
  route("app/api/flights/track/[watchId]/route.ts", "Flights", {
    GET: auth("the watch with its price history", "flights:read"),
    DELETE: auth("stop tracking; 204", "flights:write"),
  }),
  route("app/api/accommodations/search/route.ts", "Accommodations", {
    POST: auth("stays around a place for the dates, cheapest first", "accommodations:read"),
  }),
  route("app/api/accommodations/[accommodationId]/route.ts", "Accommodations", {
    GET: auth("one stay offer from the caller's searches", "accommodations:read"),
  }),

  // ---- webhooks ---------------------------------------------------------------------------
  route("app/api/webhooks/route.ts", "Webhooks", {
    GET: auth("the caller's webhooks as {webhooks, total}; secrets are never listed", "trips:read"),
    POST: auth("register {url, events[], secret?}; 201 with the signing secret (only here)", "trips:write"),
  }),
  route("app/api/webhooks/[webhookId]/route.ts", "Webhooks", {
    GET: auth("the webhook (without its secret)", "trips:read"),
    DELETE: auth("removes it and its delivery log; 204", "trips:write"),
  }),
  route("app/api/webhooks/[webhookId]/deliveries/route.ts", "Webhooks", {
    GET: auth("newest first, as {deliveries, total}", "trips:read"),
  }),

  // ---- served, not documented: the documentation itself and the benchmark baseline ---------
  route(
    "app/api/bench/trips/route.ts",
    "Benchmark",
    {
      GET: pub(
        "the same query as GET /api/trips through a bare handler (no auth, no rate limit, no error mapping): " +
          "the baseline `npm run bench` compares the full stack against. Exists only when BENCH_ROUTES=1; " +
          "otherwise 404 like any unknown path.",
      ),
    },
    { internal: true },
  ),
  route(
    "app/api/openapi.json/route.ts",
    "Documentation",
    { GET: pub("this API's OpenAPI 3.1 document") },
    { internal: true },
  ),
  route(
    "app/api/docs/route.ts",
    "Documentation",
    { GET: pub("interactive API reference with a Try-it form per operation") },
    { internal: true },
  ),
  route(
    "app/api/redoc/route.ts",
    "Documentation",
    { GET: pub("read-only three-panel API reference") },
    { internal: true },
  ),
];

/** Routes that belong in the OpenAPI document. */
export const DOCUMENTED_ROUTES: readonly ApiRoute[] = API_ROUTES.filter((r) => !r.internal);

interface Compiled {
  route: ApiRoute;
  /** Per segment: the literal, or null for a dynamic segment. */
  segments: (string | null)[];
}

const COMPILED: Compiled[] = API_ROUTES.map((r) => ({
  route: r,
  segments: r.path
    .split("/")
    .slice(1)
    .map((s) => (/^\{.+\}$/.test(s) ? null : s)),
}));

/**
 * The route a request path belongs to, with Next.js's precedence (at each segment a static
 * name beats a dynamic one, so `/api/trips/suggestions` is not `/api/trips/{trip_id}`).
 * A trailing slash is ignored; dynamic segments match any non-empty segment.
 * @returns undefined when no route file claims the path (the catch-all 404 answers it)
 */
export function matchApiRoute(pathname: string): ApiRoute | undefined {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: Compiled | undefined;
  for (const c of COMPILED) {
    if (c.segments.length !== parts.length) continue;
    if (!c.segments.every((s, i) => s === null || s === parts[i])) continue;
    if (!best || moreSpecific(c, best)) best = c;
  }
  return best?.route;
}

function moreSpecific(a: Compiled, b: Compiled): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const sa = a.segments[i] !== null;
    const sb = b.segments[i] !== null;
    if (sa !== sb) return sa;
  }
  return false;
}

/**
 * The `Allow` header value of a route: its methods, plus HEAD when it has GET (Next.js
 * answers HEAD with the GET handler) and OPTIONS (answered by methodsNotAllowed).
 */
export function allowedMethods(r: ApiRoute): string[] {
  const out: string[] = [];
  for (const m of r.methods) {
    out.push(m);
    if (m === "GET") out.push("HEAD");
  }
  out.push("OPTIONS");
  return out;
}
