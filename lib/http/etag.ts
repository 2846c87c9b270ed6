/** ETag / If-Match for optimistic concurrency on versioned rows (RFC 9110 §13.1.1). */
import { ApiError } from "./errors";

/** Strong ETag for row version `v`: `"v3"`. */
export function etag(version: number): string {
  return `"v${version}"`;
}

/**
 * The version a write expects, from `If-Match` (or `expected_version` in the body as a
 * fallback for clients that cannot set headers). `*` and absence mean "any".
 * @throws ApiError PRECONDITION_FAILED (412) for an If-Match that names no version of ours
 */
export function expectedVersion(req: Request): number | undefined {
  const h = req.headers.get("if-match");
  if (!h || h.trim() === "*") return undefined;
  const m = /^(?:W\/)?"v?(\d+)"$/.exec(h.trim().split(",")[0]?.trim() ?? "");
  if (!m?.[1]) throw new ApiError("PRECONDITION_FAILED", "If-Match must be an ETag returned by this API");
  return Number(m[1]);
}
