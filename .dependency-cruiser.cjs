/**
 * Dependency rules checked by `npm run deps` (part of `npm test`).
 *
 * - No import cycles, counting every kind of import: static, dynamic `import()`,
 *   re-exports and type-only imports. Type-only edges are erased at run time, but
 *   they still tie two modules together (neither can move or be understood alone),
 *   which is what the layering forbids; the TypeScript compiler sees them, so do we.
 * - The platform layer (lib/platform, db) imports no domain module.
 * - A domain module (lib/domain) never imports a route or page (app/), a component
 *   (components/), the HTTP layer (lib/http) or the other surfaces (sockets and streams in
 *   lib/realtime, the server, the OpenAPI document); it throws the platform's ApiError and
 *   the surface maps it to the family's error shape.
 * Tests are exempt from the layer rules (a service's test may drive it through its route),
 * not from the cycle rule.
 */
const SURFACE = [
  "^app/",
  "^components/",
  "^lib/client/",
  "^lib/http/",
  "^lib/realtime/",
  "^lib/server/",
  "^lib/openapi/",
  "^lib/mcp/",
];
const TEST = "\\.test\\.tsx?$";
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Import cycles (static, dynamic or type-only) make load order and layering fragile.",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-not-surface",
      severity: "error",
      comment: "A domain module never imports a route, a page, a component or the HTTP layer.",
      from: { path: "^lib/domain/", pathNot: TEST },
      to: { path: SURFACE },
    },
    {
      name: "platform-not-domain",
      severity: "error",
      comment: "The platform layer imports no domain module and no surface.",
      from: { path: ["^lib/platform/", "^db/"], pathNot: TEST },
      to: { path: ["^lib/domain/", ...SURFACE] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every relative or aliased import resolves to a file.",
      from: {},
      to: {
        couldNotResolve: true,
        dependencyTypesNot: ["core", "npm", "npm-dev", "npm-optional", "npm-peer"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^node_modules", "^\\.next", "^bench/\\.tmp", "^drizzle/", "^\\.data"] },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    detectJSDocImports: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
