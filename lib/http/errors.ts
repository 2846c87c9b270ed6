/**
 * One error class for every API family. A typed code maps to an HTTP status and to the
 * body shape each seed documents:
 *   the TripSage REST API (`/api/...`):       {error:true, message, code, type, details?, errors?}
 *   the Trip Designer API (Trip Designer):     {error:"<kind>", message, hint?}
 *   the /v1/ai assistant API (`/v1/ai/...`):  {ok:false, error}
 */

export type ErrorType =
  | "authentication"
  | "authorization"
  | "validation"
  | "not_found"
  | "conflict"
  | "ratelimit"
  | "external"
  | "internal";

const CODES = {
  VALIDATION_ERROR: [422, "validation"],
  INVALID_JSON: [400, "validation"],
  BAD_REQUEST: [400, "validation"],
  PAYLOAD_TOO_LARGE: [413, "validation"],
  UNSUPPORTED_MEDIA_TYPE: [415, "validation"],
  OUTSIDE_TRIP_DATES: [422, "validation"],
  UNAUTHORIZED: [401, "authentication"],
  INVALID_TOKEN: [401, "authentication"],
  TOKEN_EXPIRED: [401, "authentication"],
  INVALID_CREDENTIALS: [401, "authentication"],
  INSUFFICIENT_PERMISSIONS: [403, "authorization"],
  FORBIDDEN: [403, "authorization"],
  NOT_FOUND: [404, "not_found"],
  METHOD_NOT_ALLOWED: [405, "validation"],
  EMAIL_TAKEN: [409, "conflict"],
  CONFLICT: [409, "conflict"],
  LIMIT_EXCEEDED: [403, "authorization"],
  PRECONDITION_FAILED: [412, "conflict"],
  COST_LIMIT_EXCEEDED: [402, "ratelimit"],
  RATE_LIMIT_EXCEEDED: [429, "ratelimit"],
  LLM_UNAVAILABLE: [503, "external"],
  SERVICE_UNAVAILABLE: [503, "external"],
  DATABASE_ERROR: [503, "internal"],
  INTERNAL_ERROR: [500, "internal"],
} as const satisfies Record<string, readonly [number, ErrorType]>;

export type ErrorCode = keyof typeof CODES;

export interface FieldError {
  field: string;
  message: string;
  type: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: ErrorType;
  readonly errors?: FieldError[];
  readonly details?: Record<string, unknown>;
  readonly retryAfter?: number;
  readonly hint?: string;
  /** Extra response headers (e.g. `X-RateLimit-*` on a 429). */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: {
      errors?: FieldError[];
      details?: Record<string, unknown>;
      retryAfter?: number;
      hint?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    const [status, type] = CODES[code];
    this.status = status;
    this.type = type;
    Object.assign(this, extra);
  }
}

/** 404 that does not reveal whether the thing exists for someone else. */
export function notFound(what = "Resource"): ApiError {
  return new ApiError("NOT_FOUND", `${what} not found`);
}

/** 422 for one field, in the TripSage REST API's `errors[]` shape. */
export function fieldError(field: string, message: string, type = "value_error"): ApiError {
  return new ApiError("VALIDATION_ERROR", "Request validation failed", {
    errors: [{ field, message, type }],
  });
}

export type ErrorFamily = "tripsage" | "designer" | "v1";

const DESIGNER_KIND: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  422: "Bad Request",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * Renders an ApiError as the JSON body of `family`'s documented shape. The Trip Designer API documents
 * field problems as 400, so a 422 becomes 400 there; the /v1/ai assistant API document 400 too.
 */
export function errorBody(
  err: ApiError,
  family: ErrorFamily,
): { status: number; body: Record<string, unknown> } {
  if (family === "tripsage") {
    const body: Record<string, unknown> = {
      error: true,
      message: err.message,
      code: err.code,
      type: err.type,
    };
    if (err.errors) body.errors = err.errors;
    if (err.details) body.details = err.details;
    if (err.retryAfter !== undefined) body.retry_after = err.retryAfter;
    return { status: err.status, body };
  }
  const status = err.status === 422 ? 400 : err.status;
  const detail = err.errors?.map((e) => `${e.field}: ${e.message}`).join("; ");
  if (family === "designer") {
    const body: Record<string, unknown> = {
      error: DESIGNER_KIND[status] ?? "Error",
      message: detail ? `${err.message}: ${detail}` : err.message,
    };
    if (err.hint) body.hint = err.hint;
    if (err.retryAfter !== undefined) body.retryAfter = err.retryAfter;
    return { status, body };
  }
  return { status, body: { ok: false, error: detail ? `${err.message}: ${detail}` : err.message } };
}
