/**
 * Helpers for the `/v1/ai` family (the /v1/ai assistant API), whose documents answer a trip or
 * conversation the caller may not use with 403 ("Unauthorized trip access") rather than 404.
 */
import { ApiError } from "@/lib/platform/errors";
import { isUuid } from "@/lib/platform/validate";

/** Runs `fn`, turning "not found / not yours" into the /v1/ai conversations API's 403. */
export async function asV1Access<T>(what: "trip" | "conversation", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError && (e.code === "NOT_FOUND" || e.code === "INSUFFICIENT_PERMISSIONS")) {
      throw new ApiError(
        "FORBIDDEN",
        what === "trip" ? "Unauthorized trip access" : "Unauthorized conversation access",
      );
    }
    throw e;
  }
}

/** A path or body id that must be one of ours; anything else is an access error (403). */
export function v1Id(value: string | undefined, what: "trip" | "conversation"): string {
  if (!isUuid(value)) {
    throw new ApiError(
      "FORBIDDEN",
      what === "trip" ? "Unauthorized trip access" : "Unauthorized conversation access",
    );
  }
  return value.toLowerCase();
}
