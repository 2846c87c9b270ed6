// biome-ignore-all lint/suspicious/noExplicitAny: walking generated OpenAPI JSON
/**
 * The OpenAPI document is well-formed 3.1, and it, the route table (./routes.ts) and the
 * route files under app/api and app/v1 agree: every exported method of every route file is
 * documented with its summary comment, scope, session-only flag, error family, request body
 * and query, and nothing is documented that no file exports.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, OPERATIONS } from "./document";
import { API_ROUTES, HTTP_METHODS } from "./routes";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The folders whose route files are API routes: the TripSage REST and Trip Designer APIs under /api, the /v1/ai assistant API under /v1. */
const API_DIRS = [path.join(ROOT, "app/api"), path.join(ROOT, "app/v1")];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Route files that are deliberately not part of the API document or the route table. */
const NOT_IN_TABLE = new Set([
  "app/api/auth/[...nextauth]/route.ts",
  "app/api/[...path]/route.ts",
  "app/v1/[...path]/route.ts",
]);
/** Route files in the table (proxy.ts knows them) but not in the document: the docs themselves and the bench baseline. */
const NOT_DOCUMENTED = new Set([
  "app/api/openapi.json/route.ts",
  "app/api/docs/route.ts",
  "app/api/redoc/route.ts",
  "app/api/bench/trips/route.ts",
]);

function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full));
    else if (name === "route.ts") out.push(path.relative(ROOT, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/**
 * Routes documented with other parameter names than their folders' (Next allows one dynamic
 * name per folder level, so `conversations/[id]` serves the /v1/ai conversations API's `{tripId}` and
 * `{conversationId}/messages`). The route file's summary comment must name the same path.
 */
const RENAMED_PARAMS: Record<string, string> = {
  "app/v1/ai/conversations/[id]/route.ts": "/v1/ai/conversations/{tripId}",
  "app/v1/ai/conversations/[id]/messages/route.ts": "/v1/ai/conversations/{conversationId}/messages",
  "app/api/flights/[offerId]/route.ts": "/api/flights/{flight_offer_id}",
};

/** `app/api/trips/[tripId]/route.ts` → `/api/trips/{trip_id}` (independent of routes.ts). */
function openApiPath(file: string): string {
  const derived = folderPath(file);
  const renamed = RENAMED_PARAMS[file];
  if (!renamed) return derived;
  const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}");
  if (shape(renamed) !== shape(derived)) throw new Error(`${file}: ${renamed} does not fit ${derived}`);
  return renamed;
}

function folderPath(file: string): string {
  return `/${file
    .replace(/^app\//, "")
    .replace(/\/route\.ts$/, "")
    .split("/")
    .map((seg) => {
      const m = /^\[(\w+)\]$/.exec(seg);
      return m?.[1] ? `{${m[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}}` : seg;
    })
    .join("/")}`;
}

interface ExportInfo {
  method: string;
  /** The path in the comment right above the export (`// GET /path – …`), when it has one. */
  commentPath?: string;
  /** Text after the dash of the comment right above the export, whitespace-normalised. */
  comment?: string;
  aliasOf?: string;
  wrapper: "withAuth" | "publicRoute" | "function" | "other";
  scope?: string;
  sessionOnly: boolean;
  family?: string;
  parsesBody: boolean;
  parsesQuery: boolean;
}

/** Reads the exported HTTP methods of a route file and what each export's source says. */
function readExports(source: string): ExportInfo[] {
  const lines = source.split("\n");
  const starts: { line: number; methods: string[]; alias?: string }[] = [];
  lines.forEach((l, i) => {
    let m = /^export\s+const\s+(GET|POST|PUT|PATCH|DELETE)\s*=\s*(\w+)?/.exec(l);
    if (m?.[1]) {
      const alias = m[2] && (METHODS as readonly string[]).includes(m[2]) ? m[2] : undefined;
      starts.push({ line: i, methods: [m[1]], alias });
      return;
    }
    m = /^export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)\b/.exec(l);
    if (m?.[1]) {
      starts.push({ line: i, methods: [m[1]] });
      return;
    }
    // `export const { PUT, … } = methodsNotAllowed([...])` refuses methods; checked separately.
    if (/^export\s+const\s*\{[^}]+\}\s*=\s*methodsNotAllowed\(/.test(l)) return;
    m = /^export\s+const\s*\{([^}]+)\}\s*=/.exec(l);
    if (m?.[1]) {
      const names = m[1].split(",").map(
        (s) =>
          s
            .trim()
            .split(/\s*:\s*/)
            .pop() ?? "",
      );
      starts.push({ line: i, methods: names.filter((n) => (METHODS as readonly string[]).includes(n)) });
    }
  });
  const out: ExportInfo[] = [];
  starts.forEach((s, k) => {
    const end = starts[k + 1]?.line ?? lines.length;
    const block = lines.slice(s.line, end).join("\n");
    // The comment directly above: `// …` lines or a `/** … */` block, with no blank line between.
    const above: string[] = [];
    let i = s.line - 1;
    if (lines[i]?.trim().endsWith("*/")) {
      while (i >= 0 && !lines[i]?.trim().startsWith("/**")) above.unshift(lines[i--] ?? "");
      above.unshift(lines[i] ?? "");
    } else {
      while (i >= 0 && lines[i]?.trim().startsWith("//")) above.unshift(lines[i--] ?? "");
    }
    const commentText = above
      .join(" ")
      .replace(/\/\*\*|\*\/|^\s*\/\/|\s\/\/\s|\s\*\s/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    const dash = commentText.indexOf(" – ");
    const head = dash >= 0 ? /^[A-Z]+\s+(\S+)/.exec(commentText.slice(0, dash).trim()) : null;
    for (const method of s.methods) {
      out.push({
        method,
        commentPath: head?.[1],
        comment: dash >= 0 ? commentText.slice(dash + 3).trim() : undefined,
        aliasOf: s.alias,
        wrapper: /=\s*withAuth\b/.test(block)
          ? "withAuth"
          : /=\s*publicRoute\b/.test(block)
            ? "publicRoute"
            : /function\s+\w+/.test(block)
              ? "function"
              : "other",
        scope: /scope:\s*"([^"]+)"/.exec(block)?.[1],
        sessionOnly: /sessionOnly:\s*true/.test(block),
        family: /family:\s*"([^"]+)"/.exec(block)?.[1],
        parsesBody: /parseBody\(/.test(block),
        parsesQuery: /parseQuery\(/.test(block),
      });
    }
  });
  return out;
}

const FILES = API_DIRS.flatMap(routeFiles).sort();
const EXPORTS = new Map(FILES.map((f) => [f, readExports(readFileSync(path.join(ROOT, f), "utf8"))]));
const doc = buildOpenApiDocument();
type Op = Record<string, unknown> & {
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean; $ref?: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
  tags?: string[];
  operationId?: string;
};
const paths = doc.paths as Record<string, Record<string, Op>>;

function documentedOps(): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries(paths)) {
    for (const m of Object.keys(item)) {
      if ((METHODS as readonly string[]).includes(m.toUpperCase())) out.push(`${m.toUpperCase()} ${p}`);
    }
  }
  return out.sort();
}

function fileOps(filter: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of FILES) {
    if (!filter(f)) continue;
    for (const e of EXPORTS.get(f) ?? []) out.push(`${e.method} ${openApiPath(f)}`);
  }
  return out.sort();
}

describe("OpenAPI document structure", () => {
  it("is OpenAPI 3.1 with info, paths and components", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe("TripSage API");
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(30);
    expect(Object.keys(doc.components?.schemas ?? {}).length).toBeGreaterThan(20);
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    // The document is plain JSON (what the route serves).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("resolves every $ref", () => {
    const refs: string[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === "object") {
        for (const [k, v] of Object.entries(n)) {
          if (k === "$ref" && typeof v === "string") refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split("/")
        .reduce<unknown>(
          (cur, part) =>
            (cur as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")],
          doc,
        );
      expect(target, `unresolved ${ref}`).toBeTruthy();
    }
  });

  it("gives every operation a unique id, a summary, a tag, responses and its path parameters", () => {
    const ids = new Set<string>();
    const tags = new Set((doc.tags ?? []).map((t) => t.name));
    for (const [p, item] of Object.entries(paths)) {
      expect(p).toMatch(/^\/(api|v1)\//);
      const templated = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [m, op] of Object.entries(item)) {
        const where = `${m.toUpperCase()} ${p}`;
        expect(op.operationId, where).toBeTruthy();
        expect(ids.has(op.operationId as string), `duplicate operationId ${op.operationId}`).toBe(false);
        ids.add(op.operationId as string);
        expect(op.summary, where).toBeTruthy();
        expect(
          op.tags?.every((t) => tags.has(t)),
          `${where} uses an undeclared tag`,
        ).toBe(true);
        expect(
          Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)),
          `${where} has no 2xx`,
        ).toBe(true);
        expect(op.responses["429"], `${where} lacks 429`).toBeTruthy();
        const pathParams = (op.parameters ?? []).filter((x) => x.in === "path");
        expect(pathParams.map((x) => x.name).sort(), where).toEqual([...templated].sort());
        expect(
          pathParams.every((x) => x.required),
          where,
        ).toBe(true);
        for (const req of op.security ?? []) {
          for (const scheme of Object.keys(req))
            expect(doc.components?.securitySchemes?.[scheme], scheme).toBeTruthy();
        }
      }
    }
  });

  it("documents rate-limit headers on successes and the family's error shape on errors", () => {
    for (const [p, item] of Object.entries(paths)) {
      for (const [m, op] of Object.entries(item)) {
        const ok = Object.entries(op.responses).find(([s]) => /^2/.test(s))?.[1] as { headers?: object };
        expect(Object.keys(ok.headers ?? {}), `${m} ${p}`).toContain("X-RateLimit-Remaining");
        const family = p.startsWith("/api/chat/") ? "designer" : p.startsWith("/v1/") ? "v1" : "tripsage";
        expect(op["x-error-format"], `${m} ${p}`).toBe(family);
        const prefix = { tripsage: "", designer: "Designer", v1: "V1" }[family];
        for (const [status, res] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const ref = (res as { $ref: string }).$ref;
          const name = ref.replace("#/components/responses/", "");
          expect(name.startsWith(prefix), `${m} ${p} ${status}`).toBe(true);
          if (family === "tripsage") expect(/^(Designer|V1)/.test(name), `${m} ${p} ${status}`).toBe(false);
          const schema = (doc.components?.responses?.[name] as any)?.content?.["application/json"]?.schema;
          expect(schema?.$ref, `${m} ${p} ${status}`).toBe(
            `#/components/schemas/${{ tripsage: "Error", designer: "DesignerError", v1: "V1Error" }[family]}`,
          );
        }
      }
    }
    expect(paths["/api/trips/{trip_id}"]?.put?.responses["412"]).toBeTruthy();
    expect(paths["/api/trips/{trip_id}"]?.put?.parameters).toContainEqual({
      $ref: "#/components/parameters/IfMatch",
    });
    expect(doc.components?.parameters?.IfMatch).toMatchObject({ name: "If-Match", in: "header" });
    expect(paths["/api/trips/{trip_id}"]?.get?.responses["200"]).toMatchObject({
      headers: { ETag: { $ref: "#/components/headers/ETag" } },
    });
  });

  it("documents the /v1/ai family: {ok:true, data} bodies, 403 for foreign ids, 400 for fields", () => {
    const v1 = Object.entries(paths).filter(([p]) => p.startsWith("/v1/"));
    expect(v1.map(([p]) => p).sort()).toEqual([
      "/v1/ai/chat",
      "/v1/ai/context/refresh",
      "/v1/ai/conversations/{conversationId}/messages",
      "/v1/ai/conversations/{tripId}",
      "/v1/ai/planner/chat",
    ]);
    const schemas = doc.components?.schemas as Record<string, any>;
    for (const [p, item] of v1) {
      for (const [m, op] of Object.entries(item)) {
        const where = `${m} ${p}`;
        const codes = Object.keys(op.responses).sort();
        expect(codes, where).toEqual(expect.arrayContaining(["200", "401", "403", "429", "500"]));
        expect(codes, where).not.toContain("404");
        expect(codes, where).not.toContain("422");
        const ok = (op.responses["200"] as any).content["application/json"].schema.$ref as string;
        const okSchema = schemas[ok.replace("#/components/schemas/", "")];
        expect(okSchema?.properties?.ok, where).toMatchObject({ type: "boolean", enum: [true] });
        expect(okSchema?.required, where).toEqual(expect.arrayContaining(["ok", "data"]));
        if (op.requestBody) expect(codes, where).toEqual(expect.arrayContaining(["400", "413"]));
      }
    }
    const limit = paths["/v1/ai/conversations/{conversationId}/messages"]?.get?.parameters?.find(
      (x) => x.name === "limit",
    ) as any;
    expect(limit?.schema).toMatchObject({ minimum: 1, maximum: 200, default: 50 });
    expect(schemas.V1Error).toMatchObject({ required: ["ok", "error"] });
    expect(schemas.V1Error.properties.ok).toMatchObject({ enum: [false] });
    expect(doc.components?.responses?.V1Forbidden).toBeTruthy();
    expect(doc.components?.responses?.V1RateLimited).toMatchObject({
      headers: { "Retry-After": expect.anything(), "X-RateLimit-Remaining": expect.anything() },
    });
  });

  it("documents webhook deliveries", () => {
    expect(Object.keys(doc.webhooks ?? {})).toEqual(
      expect.arrayContaining(["trip.created", "trip.updated", "collaboration.added"]),
    );
  });
});

describe("route files ↔ route table ↔ document", () => {
  it("finds the route files and reads their exports", () => {
    expect(FILES.length).toBeGreaterThan(35);
    expect(EXPORTS.get("app/api/trips/[tripId]/route.ts")?.map((e) => e.method)).toEqual([
      "GET",
      "PUT",
      "PATCH",
      "DELETE",
    ]);
    expect(EXPORTS.get("app/api/auth/[...nextauth]/route.ts")?.map((e) => e.method)).toEqual(["GET", "POST"]);
    expect(EXPORTS.get("app/api/openapi.json/route.ts")?.map((e) => e.method)).toEqual(["GET"]);
    expect(openApiPath("app/api/itineraries/[tripId]/segments/[segmentId]/route.ts")).toBe(
      "/api/itineraries/{trip_id}/segments/{segment_id}",
    );
    expect(FILES).toContain("app/v1/ai/chat/route.ts");
    expect(EXPORTS.get("app/v1/[...path]/route.ts")?.map((e) => e.method)).toEqual([
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
    ]);
    expect(openApiPath("app/v1/ai/conversations/[id]/route.ts")).toBe("/v1/ai/conversations/{tripId}");
  });

  it("documents every exported method of every route file (fails when a route is missing)", () => {
    const expected = fileOps((f) => !NOT_IN_TABLE.has(f) && !NOT_DOCUMENTED.has(f));
    const actual = documentedOps();
    const missing = expected.filter((x) => !actual.includes(x));
    expect(missing, "routes exported by app/api but absent from the OpenAPI document").toEqual([]);
  });

  it("documents nothing that no route file exports (no phantom operations)", () => {
    const expected = fileOps((f) => !NOT_IN_TABLE.has(f) && !NOT_DOCUMENTED.has(f));
    const phantom = documentedOps().filter((x) => !expected.includes(x));
    expect(phantom, "operations in the document that no route file exports").toEqual([]);
  });

  it("has the route table match the files exactly (what proxy.ts answers 405 from)", () => {
    const table = API_ROUTES.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)).sort();
    expect(table).toEqual(fileOps((f) => !NOT_IN_TABLE.has(f)));
    for (const r of API_ROUTES) {
      expect(FILES, r.next).toContain(r.next);
      expect(r.path, r.next).toBe(openApiPath(r.next));
      expect(Object.keys(r.operations).sort(), r.next).toEqual([...r.methods].sort());
      expect(r.internal === true, r.next).toBe(NOT_DOCUMENTED.has(r.next));
    }
    expect(Object.keys(OPERATIONS).sort()).toEqual(documentedOps());
  });

  it("takes summary, auth, scope, session-only and error family from each export", () => {
    for (const r of API_ROUTES) {
      for (const e of EXPORTS.get(r.next) ?? []) {
        const where = `${e.method} ${r.next}`;
        const meta = r.operations[e.method as (typeof METHODS)[number]];
        expect(meta, where).toBeTruthy();
        if (!meta) continue;
        if (e.aliasOf) {
          const target = (EXPORTS.get(r.next) ?? []).find((x) => x.method === e.aliasOf);
          expect(meta.aliasOf, where).toBe(e.aliasOf);
          expect(meta.summary, where).toBe(e.comment ?? `Same as ${e.aliasOf}: ${target?.comment}`);
          Object.assign(e, { ...target, method: e.method, comment: e.comment });
        } else {
          expect(e.comment, `${where}: add a "// ${e.method} /path – summary" comment`).toBeTruthy();
          expect(meta.summary, where).toBe(e.comment);
        }
        expect(meta.auth, where).toBe(e.wrapper === "withAuth" ? "required" : "public");
        expect(meta.scope, where).toBe(e.scope);
        expect(meta.sessionOnly ?? false, where).toBe(e.sessionOnly);
        expect(r.family, where).toBe(e.family ?? "tripsage");
        if (r.path.startsWith("/v1/") || RENAMED_PARAMS[r.next]) {
          expect(e.commentPath, `${where}: the comment names the documented path`).toBe(r.path);
        }

        if (r.internal) continue;
        const op = paths[r.path]?.[e.method.toLowerCase()];
        expect(op, where).toBeTruthy();
        if (!op) continue;
        expect(op.summary?.toLowerCase(), where).toBe(meta.summary.toLowerCase());
        expect(op["x-required-scope"], where).toBe(e.scope);
        expect(op["x-session-only"] ?? false, where).toBe(e.sessionOnly);
        expect(op["x-error-format"], where).toBe(e.family ?? "tripsage");
        if (e.wrapper === "withAuth") {
          expect(op.security, where).toEqual([
            { bearerAuth: e.scope ? [e.scope] : [] },
            { cookieAuth: e.scope ? [e.scope] : [] },
          ]);
          expect(op.responses["401"], where).toBeTruthy();
          expect(op.responses["403"], where).toBeTruthy();
        } else {
          expect(
            op.security?.some((s) => Object.keys(s).length === 0),
            `${where} should allow anonymous`,
          ).toBe(true);
        }
        if (e.scope) expect(String(op.description), where).toContain(e.scope);
        expect(Boolean(op.requestBody), `${where}: request body documented iff parseBody`).toBe(e.parsesBody);
        const hasQuery = (op.parameters ?? []).some((x) => x.in === "query");
        expect(hasQuery, `${where}: query documented iff parseQuery`).toBe(e.parsesQuery);
        if (e.parsesBody) {
          expect(op.responses["413"], where).toBeTruthy();
          expect(op.responses[r.family === "tripsage" ? "422" : "400"], where).toBeTruthy();
        }
      }
    }
  });

  it("keeps the mirrors of inline route schemas in step with the route files", () => {
    const src = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
    expect(src("app/api/itineraries/[tripId]/segments/route.ts")).toContain(
      "z.object({ day_index: z.coerce.number().int().min(1).optional() })",
    );
    expect(src("app/api/trips/[tripId]/invitations/route.ts")).toContain("z.object({ email: emailSchema })");
    expect(src("app/api/share/[token]/route.ts")).toContain("/^[A-Za-z0-9_-]{16,64}$/");
    expect(src("app/api/share/[token]/join/route.ts")).toContain("/^[A-Za-z0-9_-]{16,64}$/");
    expect(src("app/v1/ai/conversations/[id]/messages/route.ts")).toContain(
      "z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) })",
    );
    expect(src("app/v1/ai/context/refresh/route.ts")).toContain(
      'z.object({ tripId: z.string().min(1, "tripId is required"), pageKey: pageKeySchema })',
    );
  });
});

describe("methods a route does not support", () => {
  it("are refused by methodsNotAllowed with exactly the table's methods as Allow", () => {
    const problems: string[] = [];
    for (const r of API_ROUTES) {
      const src = readFileSync(path.join(ROOT, r.next), "utf8");
      const m = /export\s+const\s*\{([^}]+)\}\s*=\s*methodsNotAllowed\(\[([^\]]*)\](?:,\s*"(\w+)")?\)/.exec(
        src,
      );
      if (!m) {
        problems.push(`${r.next}: no methodsNotAllowed export`);
        continue;
      }
      const refused = (m[1] ?? "")
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      const allowed = (m[2] ?? "")
        .split(",")
        .map((x) => x.trim().replace(/"/g, ""))
        .filter(Boolean);
      const missing = HTTP_METHODS.filter((x) => !r.methods.includes(x));
      if (allowed.join() !== r.methods.join())
        problems.push(`${r.next}: allows ${allowed} but serves ${r.methods}`);
      if (refused.sort().join() !== [...missing, "OPTIONS"].sort().join()) {
        problems.push(`${r.next}: refuses ${refused}, should refuse ${[...missing, "OPTIONS"]}`);
      }
      if ((m[3] ?? "tripsage") !== r.family)
        problems.push(`${r.next}: 405 in ${m[3] ?? "tripsage"} shape, route is ${r.family}`);
    }
    expect(problems).toEqual([]);
  });
});
