/**
 * Optimistic concurrency on versioned rows: a row's `version` as a strong ETag, and the check
 * a write makes against the versions the client read (`If-Match`, RFC 9110 §13.1.1), failing
 * with the platform's ApiError PRECONDITION_FAILED (412). Imports nothing of the app.
 */
import { ApiError } from "./errors";

/** Strong ETag for row version `v`: `"v3"`. */
export function etag(version: number): string {
  return `"v${version}"`;
}

/**
 * Checks a row's current version against `If-Match`.
 * @param changedBy who made the current version, reported as `details.changed_by` (null: unknown)
 * @param currentItem the row as it is now, in the shape a GET of it answers; lazily built
 *        (only on a conflict) and sent as `details.current`, so a client can show what changed
 *        and decide without another read
 * @throws ApiError PRECONDITION_FAILED (412) whose `details` are
 *         `{current_version, etag, current?}`
 */
export function assertVersion(
  what: string,
  current: number,
  expected: number[] | undefined,
  currentItem?: () => unknown,
  changedBy?: { id: string; name: string } | null,
): void {
  if (expected !== undefined && !expected.includes(current)) {
    throw new ApiError(
      "PRECONDITION_FAILED",
      `The ${what} was changed by someone else; reload and try again`,
      {
        details: {
          current_version: current,
          etag: etag(current),
          ...(currentItem && { current: currentItem() }),
          ...(changedBy !== undefined && { changed_by: changedBy }),
        },
      },
    );
  }
}
