/**
 * zod ↔ OpenAPI glue. `extendZodWithOpenApi` adds `.openapi()` to schemas created *after*
 * it runs; the request schemas this document describes are created by lib/domain/validators and the
 * services, possibly before. So metadata is attached through the library's metadata
 * registry ({@link zodToOpenAPIRegistry}) instead of `.openapi()`, which works for any
 * schema instance regardless of import order, and never changes how a schema parses.
 */
import { extendZodWithOpenApi, zodToOpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

/** OpenAPI schema keywords attachable to a zod schema (description, example, format, …). */
export type SchemaMeta = Record<string, unknown>;

function currentMeta(schema: z.ZodType): Record<string, unknown> {
  return (zodToOpenAPIRegistry.get(schema) as Record<string, unknown> | undefined) ?? {};
}

/**
 * Names `schema` as component `#/components/schemas/{refId}`, in place: every occurrence of
 * this very instance (also nested inside other schemas) then renders as a `$ref`.
 * Use it for shared shapes (destination, coordinates, …) and for the response schemas of
 * lib/openapi/responses.ts.
 * @returns the same schema instance
 */
export function named<S extends z.ZodType>(refId: string, schema: S, meta: SchemaMeta = {}): S {
  const prev = currentMeta(schema);
  const internal = (prev._internal as Record<string, unknown> | undefined) ?? {};
  zodToOpenAPIRegistry.add(schema, { ...prev, ...meta, _internal: { ...internal, refId } });
  return schema;
}

/**
 * A component named `refId` that parses exactly like `schema` but is a separate instance, so
 * naming it does not turn other uses of `schema` into references (request bodies: the route's
 * schema object may also be reused elsewhere).
 */
export function component<S extends z.ZodType>(refId: string, schema: S, meta: SchemaMeta = {}): S {
  // zod's own clone, given the definition so the copy does not inherit the original's metadata.
  const copy = schema.clone(schema.def) as S;
  return named(refId, copy, meta);
}

/** Adds OpenAPI keywords (description, example, format) to `schema` in place. */
export function annotate<S extends z.ZodType>(schema: S, meta: SchemaMeta): S {
  zodToOpenAPIRegistry.add(schema, { ...currentMeta(schema), ...meta });
  return schema;
}

export { z };
