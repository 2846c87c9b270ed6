// biome-ignore-all lint/suspicious/noExplicitAny: walking generated OpenAPI JSON
/**
 * The request examples and least trip roles the route files declare (lib/http/contract.ts
 * `body.example`, `queryExample`, `tripRole`): every body and query example parses with the
 * schema it illustrates, exactly as documented (placeholders of lib/http/examples.ts included),
 * every trip-scoped operation names its least role and no other operation does, and the
 * OpenAPI document shows each of them (`example`, `x-trip-role` and the description).
 * The sweeps (lib/testing/sweep-helpers.ts) send these same examples, resolved in their world,
 * and check the roles against the service.
 */
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./document";
import { DOCUMENTED_ROUTES } from "./registry";

const doc = buildOpenApiDocument();
const paths = doc.paths as Record<string, Record<string, any>>;
const OPS = DOCUMENTED_ROUTES.flatMap((route) =>
  route.methods.map((method) => ({
    key: `${method} ${route.path}`,
    route,
    method,
    // biome-ignore lint/style/noNonNullAssertion: methods are exactly the declared operations
    meta: route.operations[method]!,
    documented: paths[route.path]?.[method.toLowerCase()],
  })),
);
const tripScoped = (path: string) => /\{(trip_id|tripId)\}/.test(path);

describe("declared request examples", () => {
  it("cover every operation with a body or a query with required parameters", () => {
    expect(OPS.filter((o) => o.meta.body).length).toBeGreaterThanOrEqual(25);
    for (const o of OPS) {
      if (o.meta.body) expect(o.meta.body.example, o.key).toBeDefined();
      if (o.meta.query) {
        const required = o.meta.query.safeParse({}).success === false;
        if (required)
          expect(o.meta.queryExample, `${o.key}: a required query needs an example`).toBeDefined();
      }
    }
  });

  it.each(OPS.filter((o) => o.meta.body).map((o) => [o.key, o] as const))(
    "%s: the body example parses with the body schema",
    (_k, o) => {
      const r = o.meta.body?.schema.safeParse(o.meta.body.example);
      expect(r?.success, JSON.stringify(r?.error?.issues)).toBe(true);
    },
  );

  it.each(OPS.filter((o) => o.meta.queryExample).map((o) => [o.key, o] as const))(
    "%s: the query example parses with the query schema (as query-string text)",
    (_k, o) => {
      const text = Object.fromEntries(
        Object.entries(o.meta.queryExample ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const r = o.meta.query?.safeParse(text);
      expect(r?.success, JSON.stringify(r?.error?.issues)).toBe(true);
    },
  );

  it("appear in the document: request body examples and query parameter examples", () => {
    for (const o of OPS) {
      if (o.meta.body)
        expect(o.documented.requestBody.content["application/json"].example, o.key).toEqual(
          o.meta.body.example,
        );
      for (const [name, value] of Object.entries(o.meta.queryExample ?? {})) {
        const p = (o.documented.parameters ?? []).find((x: any) => x.in === "query" && x.name === name);
        expect(p, `${o.key}: query parameter ${name}`).toBeDefined();
        expect(p.example, `${o.key}: ${name}`).toBe(value);
      }
    }
  });
});

describe("declared least trip roles", () => {
  it("every trip-scoped operation declares one; no other operation does", () => {
    for (const o of OPS) {
      if (tripScoped(o.route.path))
        expect(["viewer", "editor", "admin", "owner"], o.key).toContain(o.meta.tripRole);
      else expect(o.meta.tripRole, o.key).toBeUndefined();
    }
  });

  it("the document shows each as x-trip-role and in the description", () => {
    for (const o of OPS) {
      expect(o.documented["x-trip-role"], o.key).toBe(o.meta.tripRole);
      if (o.meta.tripRole) expect(o.documented.description, o.key).toContain("**Trip role:**");
    }
    expect(paths["/api/trips/{trip_id}"]?.delete["x-trip-role"]).toBe("owner");
    expect(paths["/api/trips/{trip_id}/links"]?.get["x-trip-role"]).toBe("admin");
  });
});
