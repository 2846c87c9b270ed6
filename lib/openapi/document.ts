/**
 * The OpenAPI 3.1 document of the API, assembled from the route files' declarations
 * (lib/http/contract.ts `defineRoute`, collected by ./registry.ts): each operation's summary,
 * caller kind, scope, error family, request schemas and success response come from its route
 * file; this module adds only what every operation shares (security schemes, rate-limit and
 * error responses per family, tags, the webhook events). Served by `GET /api/openapi.json`.
 */

import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { emailSchema } from "@/lib/domain/validators/auth";
import type { HttpMethod, Operation, Success } from "@/lib/http/contract";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { WEBHOOK_EVENTS } from "@/lib/platform/outbox";
import { type ApiRoute, DOCUMENTED_ROUTES, type OperationKey } from "./registry";
import * as R from "./responses";
import { annotate, component, z } from "./zod";

// The one shared request shape the document annotates (used by several declared schemas).
annotate(emailSchema, { format: "email", example: "user@example.com" });

// ---- shared components ------------------------------------------------------------------------

/** Response headers documented as components. */
const HEADERS = {
  "X-RateLimit-Limit": {
    description: "Requests allowed per window for the caller's tier.",
    schema: { type: "integer" },
  },
  "X-RateLimit-Remaining": {
    description: "Requests left in the current window.",
    schema: { type: "integer" },
  },
  "X-RateLimit-Reset": {
    description: "When the window resets (Unix epoch seconds).",
    schema: { type: "integer" },
  },
  "X-RateLimit-Window": { description: "Window length in seconds (60).", schema: { type: "integer" } },
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
  ETag: {
    description: 'Strong entity tag of the row version, `"v{version}"`; send it back as `If-Match`.',
    schema: { type: "string" },
    example: '"v3"',
  },
  Location: { description: "URL of the created resource.", schema: { type: "string" } },
  "WWW-Authenticate": { description: '`Bearer realm="tripsage"`.', schema: { type: "string" } },
  "X-Conversation-Id": {
    description: "Id of the conversation the message was added to.",
    schema: { type: "string", format: "uuid" },
  },
  Allow: { description: "Methods the path supports.", schema: { type: "string" } },
} as const;

const RATE_HEADERS = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-Window",
] as const;

const headerRef = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

const PARAM_TEXT: Record<string, string> = {
  trip_id: "Trip id (an itinerary is a trip).",
  segment_id: "Segment id.",
  session_id: "Designer session id.",
  user_id: "User id of the collaborator (your own id to leave the trip).",
  link_id: "Share link id.",
  key_id: "API key id.",
  webhook_id: "Webhook id.",
  flight_offer_id: "Flight offer id (`off_…`) from one of the caller's searches.",
  accommodation_id: "Stay offer id (`stay_…`) from one of the caller's searches.",
  watch_id: "Price watch id.",
  token: "Share link token.",
  tripId: "Trip id. An id the caller cannot use (someone else's trip, or not a trip id at all) is 403.",
  conversationId:
    "Conversation id. An id the caller cannot use (someone else's conversation, or not an id at all) is 403.",
};

/**
 * Path parameter schemas of an operation: UUIDs (malformed ones are 404) unless the declaration
 * gives a parameter's schema (share tokens, offer ids).
 */
function pathParams(path: string, declared: Operation["params"] = {}): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  if (!names.length) return undefined;
  return z.object(
    Object.fromEntries(
      names.map((n) => [n, (declared[n] ?? z.uuid()).meta({ description: PARAM_TEXT[n] ?? n })]),
    ),
  );
}

const ERROR_TEXT: Record<number, [string, string]> = {
  400: [
    "Bad request",
    "The body is not valid JSON (`INVALID_JSON`) or the request is malformed (`BAD_REQUEST`).",
  ],
  401: [
    "Not authenticated",
    "No credentials (`UNAUTHORIZED`), or a bad, expired or revoked token or key (`INVALID_TOKEN`, `TOKEN_EXPIRED`).",
  ],
  402: [
    "Cost limit exceeded",
    "The designer session has spent its cost limit (`COST_LIMIT_EXCEEDED`); start a new one.",
  ],
  403: [
    "Forbidden",
    "Missing scope or trip role, an API key on a login-only route, a cross-site cookie request (`INSUFFICIENT_PERMISSIONS`), or a quota (`LIMIT_EXCEEDED`).",
  ],
  404: ["Not found", "Unknown or malformed id, or something the caller may not see (`NOT_FOUND`)."],
  409: [
    "Conflict",
    "The resource already exists or a per-account maximum is reached (`EMAIL_TAKEN`, `CONFLICT`).",
  ],
  412: [
    "Precondition failed",
    "`If-Match` names an old version (`PRECONDITION_FAILED`); `details` carries the current `etag` and " +
      "`current_version`, `current`: the trip or segment as it is now, in the shape its GET answers, and " +
      "`changed_by` `{id, name}`: who made that version (null when unknown).",
  ],
  413: ["Payload too large", `The body exceeds ${MAX_BODY_BYTES} bytes (\`PAYLOAD_TOO_LARGE\`).`],
  422: [
    "Validation error",
    "A field is missing or invalid (`VALIDATION_ERROR`, `OUTSIDE_TRIP_DATES`); see `errors[]`.",
  ],
  429: [
    "Rate limit exceeded",
    "Too many requests (`RATE_LIMIT_EXCEEDED`); see `retry_after` and `Retry-After`.",
  ],
  500: ["Internal error", "Unexpected failure (`INTERNAL_ERROR`), or the AI provider refused the request."],
  503: [
    "Service unavailable",
    "A dependency is unavailable (`SERVICE_UNAVAILABLE`, `LLM_UNAVAILABLE`, `DATABASE_ERROR` with type `internal`): the rate-limit store on sign-in and chat routes, the AI provider, or the database (answered within a few seconds, with `Retry-After`). Retryable.",
  ],
};

/**
 * `/v1/ai` (the /v1/ai assistant API) wording: no error codes in the body, field problems are 400, and a
 * trip or conversation the caller may not use is 403 rather than 404.
 */
const V1_ERROR_TEXT: Record<number, [string, string]> = {
  400: [
    "Bad request",
    "The body is not valid JSON, or a field or query value is missing or invalid; `error` names the fields.",
  ],
  401: ["Not authenticated", "No credentials, or a bad, expired or revoked token or key."],
  403: [
    "Forbidden",
    "The trip or conversation does not exist or is not the caller's (`Unauthorized trip access`, " +
      "`Unauthorized conversation access`), the credentials lack the `chat:access` scope, or a cross-site cookie request.",
  ],
  413: ["Payload too large", `The body exceeds ${MAX_BODY_BYTES} bytes.`],
  429: ["Rate limit exceeded", "Too many requests; see `Retry-After`."],
  500: ["Internal error", "Unexpected failure, or the AI provider refused the request."],
  503: [
    "Service unavailable",
    "The AI provider, or the rate-limit store of the assistant routes, is unavailable. Retryable.",
  ],
};

/** Error statuses an operation can answer, derived from how its route is wrapped. */
function errorStatuses(route: ApiRoute, meta: Operation, spec: Operation): number[] {
  const s = new Set<number>(spec.errors ?? []);
  // The Trip Designer and /v1/ai assistant APIs report field problems as 400; the TripSage REST API as 422.
  const fields = route.family === "tripsage" ? 422 : 400;
  if (meta.auth === "required") {
    s.add(401);
    s.add(403);
  }
  if (spec.body) {
    s.add(400);
    s.add(413);
    s.add(fields);
  }
  if (spec.query) s.add(fields);
  // `/v1/ai` answers an id the caller may not use with 403, never 404.
  if (route.path.includes("{") && route.family !== "v1") s.add(404);
  if (spec.ifMatch) s.add(412);
  if (route.family === "v1") s.add(500); // listed by every the /v1/ai assistant API operation
  s.add(429);
  return [...s].sort((a, b) => a - b);
}

/** The Trip Designer API reports field problems as 400 (`message` names the fields). */
const DESIGNER_400: [string, string] = [
  "Bad request",
  "The body is not valid JSON, or a field is missing or invalid; `message` names the fields.",
];

const ERROR_SCHEMAS = {
  tripsage: R.ErrorResponseSchema,
  designer: R.DesignerErrorSchema,
  v1: R.V1ErrorSchema,
} as const;

function errorText(status: number, route: ApiRoute): [string, string] {
  if (route.family === "designer" && status === 400) return DESIGNER_400;
  if (route.family === "v1" && V1_ERROR_TEXT[status]) return V1_ERROR_TEXT[status];
  return ERROR_TEXT[status] ?? ["Error", ""];
}

function errorResponse(status: number, route: ApiRoute) {
  const [title, text] = errorText(status, route);
  const headers: Record<string, { $ref: string }> = {};
  if (status === 429) {
    headers["Retry-After"] = headerRef("Retry-After");
    for (const h of RATE_HEADERS) headers[h] = headerRef(h);
  }
  if (status === 401 && route.family === "tripsage")
    headers["WWW-Authenticate"] = headerRef("WWW-Authenticate");
  return {
    description: `${title}. ${text}`,
    ...(Object.keys(headers).length ? { headers } : {}),
    content: {
      "application/json": { schema: ERROR_SCHEMAS[route.family] },
    },
  };
}

function successResponse(ok: Omit<Success, "status" | "also">) {
  const headers: Record<string, { $ref: string }> = {};
  for (const h of RATE_HEADERS) headers[h] = headerRef(h);
  for (const h of ok.headers ?? []) headers[h] = headerRef(h);
  // An operation may answer JSON and, on `Accept: text/event-stream`, a stream (both documented).
  const content =
    ok.stream || ok.schema
      ? {
          ...(ok.schema && { "application/json": { schema: ok.schema } }),
          ...(ok.stream && {
            [ok.stream.contentType]: {
              schema: { type: "string" as const, description: ok.stream.description },
              ...(ok.stream.example ? { example: ok.stream.example } : {}),
            },
          }),
        }
      : undefined;
  return { description: ok.description, headers, ...(content ? { content } : {}) };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `GET /api/trips/{trip_id}/links` → `getTripsByTripIdLinks`. */
export function operationId(method: HttpMethod, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split("/")
    .map((seg) => {
      const dyn = /^\{(.+)\}$/.exec(seg);
      const parts = (dyn?.[1] ?? seg).split(/[^A-Za-z0-9]+/).filter(Boolean);
      return (dyn ? "By" : "") + parts.map(capitalize).join("");
    });
  return method.toLowerCase() + words.join("");
}

function authText(meta: Operation): string {
  if (meta.auth === "public") {
    return "**Authentication:** none. Credentials are optional; when sent they select the caller's rate-limit bucket.";
  }
  if (meta.sessionOnly) {
    return (
      "**Authentication:** a user login — Bearer access JWT or the browser session cookie. " +
      `API keys are refused with 403${meta.scope ? `; the user needs the \`${meta.scope}\` scope` : ""}.`
    );
  }
  return (
    "**Authentication:** Bearer access JWT, Bearer `ts_live_` API key, or the browser session cookie." +
    (meta.scope ? ` **Required scope:** \`${meta.scope}\`.` : " Any scope.")
  );
}

/** The least trip role of a trip-scoped operation, as the description states it. */
function tripRoleText(meta: Operation): string | undefined {
  if (!meta.tripRole) return undefined;
  return meta.tripRole === "owner"
    ? "**Trip role:** the trip's owner only (`x-trip-role`)."
    : `**Trip role:** \`${meta.tripRole}\` or above on the trip (viewer < editor < admin < owner; \`x-trip-role\`).`;
}

function security(meta: Operation): Record<string, string[]>[] {
  const roles = meta.scope ? [meta.scope] : [];
  if (meta.auth === "public") return [{}, { bearerAuth: [] }, { cookieAuth: [] }];
  return [{ bearerAuth: roles }, { cookieAuth: roles }];
}

const TAGS: { name: string; description: string }[] = [
  { name: "Health", description: "Liveness and external service status." },
  { name: "Authentication", description: "Accounts, access JWTs (1 h) and rotating refresh tokens." },
  { name: "Users", description: "The signed-in user's profile, preferences and statistics." },
  { name: "Memory", description: "Preferences and travel history the assistant personalises with." },
  {
    name: "API keys",
    description: "`ts_live_` keys for server-to-server use, each with a subset of the owner's scopes.",
  },
  { name: "Trips", description: "The TripSage REST API Trip Management." },
  {
    name: "Itinerary",
    description: "Day-by-day segments of a trip (flights, hotels, activities, …), with ETags.",
  },
  { name: "Sharing", description: "Collaborators, invitations, share links and ownership transfer." },
  {
    name: "MCP",
    description:
      "The Model Context Protocol server for agents: the trip, itinerary and search tools over Streamable HTTP.",
  },
  { name: "Trip chat", description: "The trip page's designer conversation (AI SDK UI stream)." },
  {
    name: "AI Chat & Memory",
    description: "The TripSage REST API's chat message endpoint: planner or trip designer.",
  },
  {
    name: "Trip Designer (the Trip Designer API)",
    description:
      "The Trip Designer API's session API. Errors use `{error, message, hint?}`; field errors are 400.",
  },
  {
    name: "AI assistant (the /v1/ai assistant API)",
    description:
      "`/v1/ai`: the page-aware, read-only trip assistant, its conversations and context snapshots, and the trip planner. " +
      "Answers are `{ok:true, data}`; errors are `{ok:false, error}`, field problems 400, and a trip or conversation " +
      "the caller may not use 403.",
  },
  {
    name: "Flights",
    description:
      "The TripSage REST API Flight Services: search, offer details and price tracking. Needs `flights:read`; creating or deleting a price watch needs `flights:write`. " +
      "Without a live provider the built-in offline model answers (`search_metadata.provider`).",
  },
  {
    name: "Accommodations",
    description:
      "The TripSage REST API Accommodation Services: search and offer details. Needs `accommodations:read`. " +
      'The built-in sample inventory answers (`search_metadata.provider: "offline"`).',
  },
  { name: "Webhooks", description: "Event subscriptions and their delivery log." },
  { name: "Configuration", description: "Feature flags, limits and supported values of this deployment." },
];

const INFO_DESCRIPTION = `TripSage trip-planning API (the TripSage REST API) with the Trip Designer session API (the Trip Designer API) and the
\`/v1/ai\` assistant and planner (the /v1/ai assistant API).

**Authentication.** Send \`Authorization: Bearer <token>\` with an access JWT from \`POST /api/auth/login\` or a
\`ts_live_\` API key from \`POST /api/user/keys\`. Browser pages use the session cookie instead
(cross-site cookie writes are refused). Each operation lists the scope it needs (\`x-required-scope\`); routes
marked \`x-session-only\` refuse API keys.

**Rate limits.** A sliding 60-second window per caller: 10/min unauthenticated (per IP), 100/min per user,
200/min per basic API key, 1000/min per premium key. Responses carry \`X-RateLimit-Limit\`,
\`X-RateLimit-Remaining\`, \`X-RateLimit-Reset\` and \`X-RateLimit-Window\`; over the limit is 429 with
\`retry_after\` and \`Retry-After\`.

**Errors.** \`{error: true, message, code, type, errors?, details?, retry_after?}\`; validation problems are 422 with
\`errors[{field, message, type}]\`. Trip Designer routes (\`/api/chat/sessions…\`, \`/api/chat/stats\`) answer
\`{error, message, hint?}\` instead, and \`/v1/ai/...\` routes answer \`{ok:true, data}\` and \`{ok:false, error}\` (field
problems are 400 there). A method a path does not support is 405 \`METHOD_NOT_ALLOWED\` with an \`Allow\` header;
\`OPTIONS\` answers 204 with \`Allow\`. Bodies over ${MAX_BODY_BYTES} bytes are 413. These three answers count against the
caller's unauthenticated (per-IP) bucket and carry the \`X-RateLimit-*\` headers too.

**Concurrency.** Trips and segments carry a \`version\`; reads return \`ETag: "v{version}"\` and updates honour
\`If-Match\` (412 when stale).`;

/** Options of {@link buildOpenApiDocument}. */
export interface DocumentOptions {
  /** `info.version` (the deployment's APP_VERSION). */
  version?: string;
}

/**
 * Builds the OpenAPI 3.1 document.
 * @throws Error when the route table and {@link OPERATIONS} disagree (a route without a spec,
 *         or a spec for a route that does not exist)
 */
export function buildOpenApiDocument(opts: DocumentOptions = {}) {
  const registry = new OpenAPIRegistry();

  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT or ts_live_ API key",
    description:
      "An access JWT from `POST /api/auth/login` (1 hour), or an API key `ts_live_…` from `POST /api/user/keys`. " +
      "Requirement entries list the scope the operation needs.",
  });
  registry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The browser session of the web app (same-origin requests only for writes).",
  });
  for (const [name, h] of Object.entries(HEADERS)) registry.registerComponent("headers", name, h);
  const ifMatch = registry.registerComponent("parameters", "IfMatch", {
    name: "If-Match",
    in: "header",
    required: false,
    description:
      'ETag(s) from a previous read, e.g. `"v3"`. The write happens only if one of them is current; otherwise 412. ' +
      "Absent or `*`: unconditional.",
    schema: { type: "string" },
  });

  // Grouped as the tags are listed (readers browse by tag), then by path.
  const tagOrder = (r: ApiRoute) => TAGS.findIndex((t) => t.name === r.tag);
  const routes = [...DOCUMENTED_ROUTES].sort((x, y) => tagOrder(x) - tagOrder(y));
  for (const route of routes) {
    for (const method of route.methods) {
      const key: OperationKey = `${method} ${route.path}`;
      const meta = route.operations[method];
      if (!meta) throw new Error(`OpenAPI: no declaration for ${key}`);
      const spec = meta;
      const responses: RouteConfig["responses"] = { [spec.ok.status]: successResponse(spec.ok) };
      for (const alt of spec.ok.also ?? [])
        responses[alt.status] = successResponse({ description: alt.description });
      for (const status of errorStatuses(route, meta, spec)) responses[status] = errorResponse(status, route);
      const params = pathParams(route.path, spec.params);
      const description = [
        spec.description,
        meta.aliasOf ? `\`${method}\` is an alias of \`${meta.aliasOf}\` on this path.` : undefined,
        authText(meta),
        tripRoleText(meta),
      ]
        .filter(Boolean)
        .join("\n\n");
      registry.registerPath({
        method: method.toLowerCase() as Lowercase<HttpMethod>,
        path: route.path,
        operationId: operationId(method, route.path),
        summary: capitalize(meta.summary),
        description,
        tags: [route.tag],
        security: security(meta),
        ...(spec.ifMatch ? { parameters: [ifMatch.ref] } : {}),
        request: {
          ...(params ? { params } : {}),
          ...(spec.query ? { query: spec.query } : {}),
          ...(spec.body
            ? {
                body: {
                  required: true,
                  content: {
                    "application/json": {
                      schema: component(spec.body.name, spec.body.schema),
                      ...(spec.body.example !== undefined ? { example: spec.body.example } : {}),
                    },
                  },
                },
              }
            : {}),
        },
        responses,
        ...(meta.scope ? { "x-required-scope": meta.scope } : {}),
        ...(meta.sessionOnly ? { "x-session-only": true } : {}),
        ...(meta.tripRole ? { "x-trip-role": meta.tripRole } : {}),
        "x-error-format": route.family,
        "x-route-file": route.next,
      } as RouteConfig);
    }
  }

  for (const type of WEBHOOK_EVENTS) {
    registry.registerWebhook({
      method: "post",
      path: type,
      summary: `\`${type}\` event`,
      description:
        "POSTed to every active webhook subscribed to the event, signed per Standard Webhooks " +
        "(https://www.standardwebhooks.com/): verify `webhook-signature` over `webhook-id.webhook-timestamp.body` " +
        "with the webhook's `whsec_` secret. Retries keep the same `webhook-id`.",
      tags: ["Webhooks"],
      request: {
        headers: z.object({
          "webhook-id": z.string().meta({ description: "Delivery id, stable across retries." }),
          "webhook-timestamp": z.string().meta({ description: "Unix seconds when signed." }),
          "webhook-signature": z.string().meta({ description: "`v1,<base64 HMAC-SHA256>`." }),
        }),
        body: { required: true, content: { "application/json": { schema: R.webhookPayloadSchema(type) } } },
      },
      responses: {
        200: { description: "Any 2xx acknowledges the delivery; other answers are retried with backoff." },
      },
    });
  }

  const generator = new OpenApiGeneratorV31(registry.definitions);
  const doc = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "TripSage API",
      version: opts.version ?? "1.0.0",
      description: INFO_DESCRIPTION,
    },
    servers: [{ url: "/", description: "This deployment" }],
    tags: TAGS,
  });
  return hoistErrorResponses(tidy(withQueryExamples(doc)));
}

/** Sets each query parameter's `example` from its operation's declared `queryExample`. */
function withQueryExamples<D extends ReturnType<OpenApiGeneratorV31["generateDocument"]>>(doc: D): D {
  for (const route of DOCUMENTED_ROUTES) {
    for (const method of route.methods) {
      const example = route.operations[method]?.queryExample as Record<string, unknown> | undefined;
      if (!example) continue;
      const op = (doc.paths?.[route.path] as Record<string, { parameters?: unknown[] }> | undefined)?.[
        method.toLowerCase()
      ];
      for (const p of op?.parameters ?? []) {
        const param = p as { in?: string; name?: string; example?: unknown };
        if (param.in === "query" && param.name && param.name in example) param.example = example[param.name];
      }
    }
  }
  return doc;
}

/**
 * Two fixes to what the generator emits:
 * - a nullable reference comes out as `allOf: [{$ref}, {type: [object, null]}]`, which no
 *   `null` satisfies; it becomes `anyOf: [{$ref}, {type: "null"}]`;
 * - a coerced query parameter (`z.coerce.number()`) is marked nullable because the coercion
 *   accepts `null`; a query string value cannot be null.
 */
function tidy<T>(node: T): T {
  if (Array.isArray(node)) return node.map(tidy) as T;
  if (!node || typeof node !== "object") return node;
  const o = node as Record<string, unknown>;
  const [ref, nullable, ...more] = Array.isArray(o.allOf) ? (o.allOf as Record<string, unknown>[]) : [];
  const nullableTypes = nullable && Array.isArray(nullable.type) ? (nullable.type as string[]) : [];
  if (
    ref &&
    typeof ref.$ref === "string" &&
    more.length === 0 &&
    nullableTypes.includes("null") &&
    Object.keys(nullable ?? {}).length === 1
  ) {
    const { allOf: _drop, ...rest } = o;
    return { ...tidy(rest), anyOf: [ref, { type: "null" }] } as T;
  }
  if ((o.in === "query" || o.in === "path") && o.schema && typeof o.schema === "object") {
    const schema = o.schema as Record<string, unknown>;
    if (Array.isArray(schema.type)) {
      const types = (schema.type as string[]).filter((t) => t !== "null");
      o.schema = { ...schema, type: types.length === 1 ? types[0] : types };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = tidy(v);
  return out as T;
}

const ERROR_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  402: "PaymentRequired",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  412: "PreconditionFailed",
  413: "PayloadTooLarge",
  422: "ValidationError",
  429: "RateLimited",
  500: "InternalError",
  503: "ServiceUnavailable",
};

/** Prefix of a family's shared error responses (`NotFound`, `DesignerNotFound`, `V1Forbidden`). */
const FAMILY_PREFIX: Record<string, string> = { tripsage: "", designer: "Designer", v1: "V1" };

/**
 * Error responses depend only on (status, error family), so each is stored once under
 * `components.responses` (`NotFound`, `DesignerNotFound`, `V1Forbidden`, …) and operations
 * reference it.
 */
function hoistErrorResponses<D extends ReturnType<OpenApiGeneratorV31["generateDocument"]>>(doc: D): D {
  const shared: Record<string, unknown> = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(
      item as Record<string, { responses?: Record<string, unknown>; "x-error-format"?: string }>,
    )) {
      if (!op || typeof op !== "object" || !op.responses) continue;
      for (const [code, res] of Object.entries(op.responses)) {
        const status = Number(code);
        if (status < 400 || !res || typeof res !== "object" || "$ref" in res) continue;
        const prefix = FAMILY_PREFIX[op["x-error-format"] ?? ""] ?? "";
        const name = `${prefix}${ERROR_NAMES[status] ?? `Status${status}`}`;
        shared[name] ??= res;
        op.responses[code] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  doc.components = { ...doc.components, responses: { ...doc.components?.responses, ...(shared as object) } };
  return doc;
}
