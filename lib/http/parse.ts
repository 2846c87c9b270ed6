/**
 * Turning untrusted request input into typed values, or into a 4xx ApiError.
 */
import type { z } from "zod";
import { isUuid, truncateFieldPath, validate } from "@/lib/platform/validate";
import { ApiError } from "./errors";

export {
  isUuid,
  MAX_FIELD_PATH,
  truncateFieldPath,
  validate,
  zodFieldErrors,
} from "@/lib/platform/validate";

/** Largest JSON body accepted, in bytes (1 MiB); larger bodies get 413. */
export const MAX_BODY_BYTES = 1_048_576;

/**
 * Reads the request body as JSON, streaming it so an oversize body is cut off early.
 * @throws ApiError PAYLOAD_TOO_LARGE (413) past `maxBytes`; INVALID_JSON (400) when it does not parse
 */
export async function readJson(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError("PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBytes} bytes`);
  if (!req.body) throw new ApiError("INVALID_JSON", "Request body must be a JSON object");
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError("PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new ApiError("INVALID_JSON", "Request body must be a JSON object");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("INVALID_JSON", "Request body is not valid JSON");
  }
  const bad = findUnstorableText(value);
  if (bad) {
    throw new ApiError("VALIDATION_ERROR", "Request validation failed", {
      errors: [
        {
          field: truncateFieldPath(bad.path),
          message:
            bad.problem === "depth"
              ? `JSON must not be nested deeper than ${MAX_JSON_DEPTH} levels`
              : "Text must not contain NUL characters or unpaired UTF-16 surrogates",
          type: "value_error",
        },
      ],
    });
  }
  return value;
}

/** NUL, or a UTF-16 surrogate without its pair: text Postgres cannot store (or would alter). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * Finds the first string (value or key) in parsed JSON that Postgres cannot store as given,
 * or the first value nested deeper than {@link MAX_JSON_DEPTH}. Iterative, so a hostile
 * body cannot overflow the stack.
 * @returns `{path, problem}` with the dotted path (`body` for the root), or null when all is well
 */
export function findUnstorableText(value: unknown): { path: string; problem: "text" | "depth" } | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) return { path: path || "body", problem: "text" };
      continue;
    }
    if (!v || typeof v !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return { path: path || "body", problem: "depth" };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    // Push in reverse so the first offending entry in document order is found first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i] as readonly [string, unknown];
      const at = path ? `${path}.${k}` : k;
      if (!Array.isArray(v) && UNSTORABLE.test(k)) return { path: at, problem: "text" };
      stack.push({ v: child, path: at, depth: depth + 1 });
    }
  }
  return null;
}

/** Reads and validates a JSON body in one step (400/413/422 as above). */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  return validate(schema, await readJson(req));
}

/** Validates URL query parameters (single values only). */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  return validate(schema, params);
}

/**
 * Checks a path id is a UUID. A malformed id cannot name anything, so it is a 404 like any
 * unknown id (the API document's clients treat ids as opaque strings).
 * @throws ApiError NOT_FOUND
 */
export function uuidParam(value: string | undefined, what: string): string {
  if (!isUuid(value)) throw new ApiError("NOT_FOUND", `${what} not found`);
  return value.toLowerCase();
}
