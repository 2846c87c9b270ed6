/**
 * Error bodies of the HTTP layer. The error type itself (with its typed code union) is the
 * platform's (lib/platform/errors.ts, re-exported here for the surface); this module maps it
 * to the body shape each API family documents:
 *   the TripSage REST API (`/api/...`):       {error:true, message, code, type, details?, errors?}
 *   the Trip Designer API (Trip Designer):     {error:"<kind>", message, hint?}
 *   the /v1/ai assistant API (`/v1/ai/...`):  {ok:false, error}
 */
import type { ApiError } from "@/lib/platform/errors";

export {
  ApiError,
  type ErrorCode,
  type ErrorType,
  type FieldError,
  fieldError,
  notFound,
} from "@/lib/platform/errors";

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
