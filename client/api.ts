/**
 * Browser-side JSON client for TripSage's REST API. Requests ride on the Auth.js session
 * cookie; failures become an `ApiClientError` carrying the API's code and field errors.
 * No server imports here: this module is bundled for the browser.
 */

export interface ClientFieldError {
  field: string;
  message: string;
  type?: string;
}

export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: ClientFieldError[];
  /** The error body's `details` (e.g. a 412's `{current_version, etag, current}`, an undo's `left_alone`). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    fieldErrors: ClientFieldError[] = [],
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.details = details;
  }

  /** Field errors keyed by field path (first message wins). */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.fieldErrors) out[e.field] ??= e.message;
    return out;
  }
}

async function toError(res: Response): Promise<ApiClientError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const b = (body ?? {}) as { message?: unknown; code?: unknown; errors?: unknown; details?: unknown };
  const message =
    typeof b.message === "string" && b.message
      ? b.message
      : res.status === 401
        ? "Your session has expired. Please sign in again."
        : `Request failed (${res.status})`;
  const code = typeof b.code === "string" ? b.code : `HTTP_${res.status}`;
  const errors = Array.isArray(b.errors)
    ? (b.errors as unknown[]).filter(
        (e): e is ClientFieldError =>
          !!e &&
          typeof (e as ClientFieldError).field === "string" &&
          typeof (e as ClientFieldError).message === "string",
      )
    : [];
  const details =
    b.details && typeof b.details === "object" && !Array.isArray(b.details)
      ? (b.details as Record<string, unknown>)
      : undefined;
  return new ApiClientError(res.status, code, message, errors, details);
}

/**
 * Who made the version a 412 PRECONDITION_FAILED answer reports as current (the API's
 * `details.changed_by.name`); null when unknown or for any other error.
 */
export function conflictAuthor(err: unknown): string | null {
  if (!(err instanceof ApiClientError) || err.status !== 412) return null;
  const by = err.details?.changed_by;
  return by && typeof by === "object" && typeof (by as { name?: unknown }).name === "string"
    ? (by as { name: string }).name
    : null;
}

/**
 * The item as it is now, from a 412 PRECONDITION_FAILED answer to a write sent with
 * `If-Match` (the API puts it in `details.current`); undefined for any other error.
 */
export function conflictCurrent<T extends { version: number }>(err: unknown): T | undefined {
  if (!(err instanceof ApiClientError) || err.status !== 412) return undefined;
  const current = err.details?.current;
  return current && typeof current === "object" && typeof (current as T).version === "number"
    ? (current as T)
    : undefined;
}

/**
 * Calls the API and parses JSON. `body` is JSON-encoded; a 204 resolves to `undefined`.
 * `ifMatch` is the version the write is based on, sent as `If-Match: "v<n>"` so a stale
 * write is refused (412) instead of overwriting someone else's change.
 * @throws ApiClientError for any non-2xx answer, or a network failure (status 0)
 */
export async function apiFetch<T>(
  path: string,
  init: {
    method?: "GET" | "POST" | "PUT" | "DELETE";
    body?: unknown;
    signal?: AbortSignal;
    ifMatch?: number;
  } = {},
): Promise<T> {
  let res: Response;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (init.ifMatch !== undefined) headers["If-Match"] = `"v${init.ifMatch}"`;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
      signal: init.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiClientError(
      0,
      "NETWORK_ERROR",
      "Could not reach TripSage. Check your connection and try again.",
    );
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A user-facing message for any error thrown by `apiFetch` or elsewhere. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiClientError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong";
}

/**
 * Flattens a zod error into `{ "a.b": "message" }`, the same dotted paths the API uses in
 * `errors[].field`, so one map feeds the form whether the client or the server complained.
 */
export function zodFieldMap(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join(".");
    out[key] ??= i.message;
  }
  return out;
}
