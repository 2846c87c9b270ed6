/**
 * The method checks, derived from the declarations: on every route file, each HTTP method it
 * does not declare answers 405 METHOD_NOT_ALLOWED in the route's error family with `Allow`
 * listing exactly the declared methods (HEAD with GET, and OPTIONS), and OPTIONS answers 204
 * with the same `Allow`.
 */
import { describe, expect, it } from "vitest";
import * as openApiJson from "@/app/api/openapi.json/route";
import { HTTP_METHODS } from "@/lib/http/contract";
import { call } from "@/lib/testing/fixtures";
import { API_ROUTES, allowedMethods, routeOf } from "./registry";
import { DesignerErrorSchema, ErrorResponseSchema, V1ErrorSchema } from "./responses";
import { ROUTE_MODULES } from "./route-index.generated";

const ERROR_SCHEMAS = { tripsage: ErrorResponseSchema, designer: DesignerErrorSchema, v1: V1ErrorSchema };
// The document's own route is not in the index (it would import itself); it is checked here too.
const SELF = [{ file: "app/api/openapi.json/route.ts", module: openApiJson as Record<string, unknown> }];
const ALL = [...ROUTE_MODULES, ...SELF];
const modules = new Map(ALL.map((r) => [r.file, r.module]));
const ROUTES = [...API_ROUTES, ...SELF.map(({ file, module }) => routeOf(file, module))];

describe("methods a route does not declare", () => {
  it.each(ROUTES.map((r) => [r.next, r] as const))("%s: 405 with Allow, OPTIONS 204", async (_f, r) => {
    const mod = modules.get(r.next) as Record<string, Parameters<typeof call>[0]>;
    const allow = allowedMethods(r).join(", ");
    const path = r.path.replace(/\{[^}]+\}/g, "3fa85f64-5717-4562-b3fc-2c963f66afa6");
    for (const method of HTTP_METHODS.filter((m) => !r.methods.includes(m))) {
      const res = await call(mod[method] as Parameters<typeof call>[0], { method, path });
      expect(res.status, `${method} ${r.next}`).toBe(405);
      expect(res.headers.get("allow"), `${method} ${r.next}`).toBe(allow);
      const shape = ERROR_SCHEMAS[r.family].safeParse(res.body);
      expect(shape.success, `${method} ${r.next}: ${JSON.stringify(res.body)}`).toBe(true);
      expect(shape.data, `${method} ${r.next}: undeclared fields`).toEqual(res.body);
      if (r.family === "tripsage") expect(res.body.code).toBe("METHOD_NOT_ALLOWED");
    }
    const res = await call(mod.OPTIONS as Parameters<typeof call>[0], { method: "OPTIONS", path });
    expect(res.status, r.next).toBe(204);
    expect(res.headers.get("allow"), r.next).toBe(allow);
  });
});
