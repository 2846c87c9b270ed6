/**
 * The platform's one error type. Domain modules throw {@link ApiError} with a typed code; the
 * code fixes the HTTP status and the error `type`. The HTTP layer (lib/http/errors.ts) renders
 * it in each API family's documented body shape. Imports nothing of the app.
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
