/**
 * Checking untrusted values against zod schemas and id formats, failing with the platform's
 * ApiError (422 with the TripSage REST API's `errors[]` list). Used by the HTTP layer and by
 * domain modules that validate stored or model-supplied input; imports nothing of the app.
 */
import type { z } from "zod";
import { ApiError, type FieldError } from "./errors";

/** Longest field path echoed in a 422's `errors[].field`, in characters. */
export const MAX_FIELD_PATH = 200;

/**
 * Cuts a dotted field path to {@link MAX_FIELD_PATH} characters (ending in `…`), so a
 * hostile body (deep nesting, huge keys) cannot make the error echo kilobytes back.
 */
export function truncateFieldPath(path: string): string {
  return path.length <= MAX_FIELD_PATH ? path : `${path.slice(0, MAX_FIELD_PATH - 1)}…`;
}

/** Maps zod issues to the TripSage REST API's `errors[{field, message, type}]` (`type` like pydantic's). */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    field: i.path.length ? truncateFieldPath(i.path.join(".")) : "body",
    message: i.message,
    type:
      i.code === "invalid_type" && i.input === undefined
        ? "value_error.missing"
        : i.code === "invalid_type"
          ? "type_error"
          : "value_error",
  }));
}

/**
 * Validates `input` with `schema`.
 * @throws ApiError VALIDATION_ERROR (422) listing every failing field
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new ApiError("VALIDATION_ERROR", "Request validation failed", { errors: zodFieldErrors(r.error) });
  }
  return r.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True when `value` is an RFC 9562 UUID (versions 1-8), any case. */
export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}
