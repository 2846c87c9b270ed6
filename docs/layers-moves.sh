#!/usr/bin/env bash
# layers-moves.sh — the mechanical part of issue 9 §2/§5 ("Layers without cycles", "Layout that
# shows the architecture"): moves lib/ into platform / domain / surface folders with `git mv`,
# then rewrites every import specifier (aliased `@/…` and relative), the few named imports whose
# module changed (e.g. `registerUser` now lives in sign-up), and path mentions in comments and
# Markdown, then lets Biome re-sort the imports of the files it changed.
#
# Idempotent and re-runnable: run it from the repository root (or pass the root) after merging
# other branches; files still at an old path (new files from a merge) are moved, imports that
# still name an old path (from a merge) are rewritten, everything already in place is left alone.
#
#   bash /work/s4/layers-moves.sh [repo-root]
#
# Needs: git, node >= 20, and the repo's node_modules (for Biome).
set -euo pipefail
ROOT="${1:-$(pwd)}"
cd "$ROOT"
test -f package.json && test -d lib || { echo "run from the TripSage repository root" >&2; exit 1; }

exec node --input-type=module - "$ROOT" <<'NODE'
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = process.argv[2];
process.chdir(ROOT);

// ---- the moves: [old, new]; a path ending in "/" is a folder (every file under it moves).
// File rules are listed before the folder rules that would otherwise catch them.
const MOVES = [
  // platform: imports no domain module
  ["lib/env.ts", "lib/platform/env.ts"],
  ["lib/webhooks/outbox.ts", "lib/platform/outbox.ts"],
  ["lib/realtime/bus.ts", "lib/platform/bus.ts"],
  ["lib/realtime/channel.ts", "lib/platform/channel.ts"],
  // surface: who is calling (next-auth session, request → caller) belongs to the HTTP layer
  ["lib/auth/auth.ts", "lib/http/session.ts"],
  ["lib/auth/caller.ts", "lib/http/caller.ts"],
  // the Trip Designer API's SSE framing (renders errors in the family's shape) is a presenter
  ["lib/chat/designer-stream.ts", "lib/http/designer-stream.ts"],
  // trip events are the trips domain's (the webhook outbox is the platform's)
  ["lib/webhooks/events.ts", "lib/domain/trips/events.ts"],
  // demo seeding is a start-up step of the server, not of the database layer
  ["db/seed-demo.ts", "lib/server/demo.ts"],
  ["db/seed-demo.test.ts", "lib/server/demo.test.ts"],
  ["db/seed.ts", "lib/server/seed.ts"],
  // the zod shapes of the jsonb columns belong to the schema that types them
  ["lib/validators/shapes.ts", "db/schema/shapes.ts"],
  // domain
  ["lib/auth/", "lib/domain/auth/"],
  ["lib/users/", "lib/domain/users/"],
  ["lib/trips/", "lib/domain/trips/"],
  ["lib/itinerary/", "lib/domain/itinerary/"],
  ["lib/sharing/", "lib/domain/sharing/"],
  ["lib/travel/", "lib/domain/travel/"],
  ["lib/suggestions/", "lib/domain/suggestions/"],
  ["lib/changesets/", "lib/domain/changesets/"],
  ["lib/webhooks/", "lib/domain/webhooks/"],
  ["lib/config/", "lib/domain/config/"],
  ["lib/validators/", "lib/domain/validators/"],
  ["lib/ai/", "lib/domain/ai/"],
  ["lib/chat/", "lib/domain/chat/"],
  // browser-only code is not a server module
  ["lib/client/", "client/"],
];

// ---- named imports whose module changed: [module (new path, no extension), names, new module,
// importers (regex on the importing file's new path) or null for all].
const DOMAIN = /^(lib\/(domain|platform)\/|db\/)/;
const NAMED = [
  ["lib/domain/users/service", ["registerUser"], "lib/domain/users/sign-up", null],
  ["lib/domain/users/service", ["lockUserForQuota"], "lib/platform/locks", null],
  ["lib/domain/sharing/service", ["lockEmail"], "lib/platform/locks", null],
  ["lib/http/errors", ["ApiError", "ErrorCode", "ErrorType", "FieldError", "notFound", "fieldError"], "lib/platform/errors", DOMAIN],
  ["lib/http/parse", ["validate", "zodFieldErrors", "isUuid", "truncateFieldPath", "MAX_FIELD_PATH"], "lib/platform/validate", DOMAIN],
  ["lib/http/etag", ["assertVersion", "etag"], "lib/platform/versions", DOMAIN],
  ["lib/http/caller", ["Caller", "bearerCaller"], "lib/domain/auth/bearer", DOMAIN],
  ["lib/domain/travel/providers", ["FlightProvider"], "lib/domain/travel/types", null],
];

const SCAN = ["app", "components", "client", "lib", "db", "e2e", "bench", ".ci"];
const ROOT_FILES = [
  "instrumentation.ts", "next.config.ts", "playwright.config.ts", "vitest.config.ts",
  "drizzle.config.ts", "package.json", "README.md",
];
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|md|json)$/;

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === ".next" || e.name === ".tmp" || e.name === ".data") continue;
    const p = path.posix.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

// Old path → new path, for a file or module path (with or without extension).
function mapPath(p) {
  for (const [from, to] of MOVES) {
    if (from.endsWith("/")) {
      if (p.startsWith(from)) return to + p.slice(from.length);
    } else {
      const base = from.replace(CODE, "");
      if (p === from || p === base) return p === from ? to : to.replace(CODE, "");
    }
  }
  return p;
}
// A path a merged file may name after only its folder moved (e.g. lib/domain/webhooks/outbox):
// folder-map the old file rules too.
const FOLDER_ONLY = [];
for (const [from, to] of MOVES) {
  if (from.endsWith("/")) continue;
  for (const [f2, t2] of MOVES) {
    if (f2.endsWith("/") && from.startsWith(f2)) FOLDER_ONLY.push([t2 + from.slice(f2.length), to]);
  }
}
function mapAny(p) {
  const m = mapPath(p);
  if (m !== p) return m;
  for (const [from, to] of FOLDER_ONLY) {
    const base = from.replace(CODE, "");
    if (p === from) return to;
    if (p === base) return to.replace(CODE, "");
  }
  return p;
}
// Inverse (new → old), to resolve the relative imports of a file moved by a merge's rename.
function unmap(p) {
  for (const [from, to] of MOVES) {
    if (to.endsWith("/")) {
      if (p.startsWith(to)) return from + p.slice(to.length);
    } else if (p === to) return from;
  }
  return p;
}

const EXTS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx", ".js", ".mjs", ".cjs", ".json"];
function existsModule(p, present) {
  return EXTS.some((x) => present.has(p + x));
}
function stripExt(p) {
  return p.replace(/\.(ts|tsx)$/, "");
}

// ---- 1. plan the moves (files still at an old path)
const files = [...SCAN.flatMap((d) => walk(d)), ...ROOT_FILES.filter((f) => existsSync(f))];
const tracked = new Set(execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n").filter(Boolean));
const moves = new Map(); // old file → new file
for (const f of files) {
  const to = mapPath(f);
  if (to !== f) moves.set(f, to);
}
const newOf = (f) => moves.get(f) ?? f;
const presentAfter = new Set(files.map(newOf));

// ---- 2. rewrite specifiers, named imports and path mentions (written at the old path, then moved)
const SPEC = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bmock\(\s*|\bimportActual\(\s*|\brequire\(\s*|\bexport\s+\*\s+from\s+)(["'])([^"'\n]+)\2/g;

function rewriteSpecifier(spec, fileNew, fileOld) {
  let target; // module path without extension (repo-relative)
  let aliased = false;
  if (spec.startsWith("@/")) {
    target = spec.slice(2);
    aliased = true;
  } else if (spec.startsWith("./") || spec.startsWith("../")) {
    target = path.posix.normalize(path.posix.join(path.posix.dirname(fileOld), spec));
    let mapped = mapAny(target);
    if (!existsModule(mapped, presentAfter)) {
      // a merged file already renamed to its new place, still naming its siblings relatively
      const alt = path.posix.normalize(path.posix.join(path.posix.dirname(unmap(fileNew)), spec));
      const altMapped = mapAny(alt);
      if (existsModule(altMapped, presentAfter)) mapped = altMapped;
    }
    const moved = mapped !== target || fileNew !== fileOld;
    target = mapped;
    if (!existsModule(target, presentAfter)) return spec; // not ours (or unresolvable): leave it
    if (!moved) return spec;
    const rel = path.posix.relative(path.posix.dirname(fileNew), target);
    // relative within a folder and below it; the alias across folders
    if (rel.startsWith("../")) return `@/${target}`;
    const relSpec = rel.startsWith(".") ? rel : `./${rel}`;
    return relSpec;
  } else return spec;
  const mapped = mapAny(target);
  if (mapped === target) return spec;
  return aliased ? `@/${mapped}` : spec;
}

const IMPORT_NAMED = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+(["'])([^"'\n]+)\3;?/g;
function rewriteNamed(text, fileNew) {
  return text.replace(IMPORT_NAMED, (whole, typeAll, names, q, spec) => {
    const mod = spec.startsWith("@/")
      ? spec.slice(2)
      : spec.startsWith(".")
        ? path.posix.normalize(path.posix.join(path.posix.dirname(fileNew), spec))
        : null;
    if (!mod) return whole;
    const rules = NAMED.filter(([m, , , who]) => m === stripExt(mod) && (!who || who.test(fileNew)));
    if (rules.length === 0) return whole;
    const parts = names.split(",").map((s) => s.trim()).filter(Boolean);
    const groups = new Map(); // module spec → parts
    for (const part of parts) {
      const bare = part.replace(/^type\s+/, "").split(/\s+as\s+/)[0].trim();
      const rule = rules.find(([, ns]) => ns.includes(bare));
      let key = spec;
      if (rule) {
        const dest = rule[2];
        if (stripExt(fileNew) === dest) { key = spec; } // never import a module from itself
        else key = `@/${dest}`;
      }
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(part);
    }
    if (groups.size === 1 && groups.has(spec)) return whole;
    return [...groups]
      .map(([s, ps]) => {
        const allTypes = typeAll || ps.every((x) => x.startsWith("type "));
        const list = allTypes ? ps.map((x) => x.replace(/^type\s+/, "")) : ps;
        return `import ${allTypes ? "type " : ""}{ ${list.join(", ")} } from ${q}${s}${q};`;
      })
      .join("\n");
  });
}

// Path mentions in comments and docs: "lib/travel/service.ts", "db/seed-demo.ts", "lib/client".
const MENTION = /(?<![\w@/.-])((?:lib|db)\/[\w./-]*[\w])/g;
function rewriteMentions(text) {
  return text.replace(MENTION, (m) => {
    const trail = m.match(/[.]+$/)?.[0] ?? "";
    const p = trail ? m.slice(0, -trail.length) : m;
    const mapped = mapAny(p) !== p ? mapAny(p) : mapAny(`${p}/`) !== `${p}/` ? mapAny(`${p}/`).replace(/\/$/, "") : p;
    return mapped + trail;
  });
}

const changed = [];
const headerTight = new Set(); // files whose header comment runs straight into the imports
const HEADER_TIGHT = /^\/\*\*[\s\S]*?\*\/\nimport /;
for (const f of files) {
  if (!TEXT.test(f)) continue;
  const fileNew = newOf(f);
  const before = readFileSync(f, "utf8");
  let text = before;
  if (CODE.test(f)) {
    text = text.replace(SPEC, (whole, lead, q, spec) => {
      const s = rewriteSpecifier(spec, fileNew, f);
      return s === spec ? whole : `${lead}${q}${s}${q}`;
    });
    text = rewriteNamed(text, fileNew);
  }
  if (f !== "package.json" && f !== "tsconfig.json") text = rewriteMentions(text);
  if (f === "package.json") {
    text = text.replace(/tsx db\/seed\.ts/g, "tsx lib/server/seed.ts");
    text = text.replace(/depcruise app components lib /g, "depcruise app components client lib ");
  }
  if (text !== before) {
    writeFileSync(f, text);
    changed.push(fileNew);
    if (HEADER_TIGHT.test(before)) headerTight.add(fileNew);
  }
}

// ---- 3. git mv
for (const [from, to] of moves) {
  mkdirSync(path.posix.dirname(to), { recursive: true });
  if (existsSync(to)) {
    console.error(`skip ${from}: ${to} exists (resolve by hand)`);
    continue;
  }
  if (tracked.has(from)) execFileSync("git", ["mv", from, to]);
  else execFileSync("mv", [from, to]);
  console.log(`moved ${from} → ${to}`);
}
// remove folders the moves emptied
for (const [from] of MOVES) {
  if (!from.endsWith("/")) continue;
  const d = from.slice(0, -1);
  if (existsSync(d) && statSync(d).isDirectory() && walk(d).length === 0) execFileSync("rm", ["-r", d]);
}

// ---- 4. sort the imports of what changed (Biome's organizeImports; formatting only)
const code = [...new Set(changed)].filter((f) => /\.(ts|tsx)$/.test(f) && existsSync(f));
for (let i = 0; i < code.length; i += 100) {
  try {
    execFileSync("npx", ["biome", "check", "--write", "--linter-enabled=false", ...code.slice(i, i + 100)], { stdio: "inherit" });
  } catch {
    /* Biome reports what it could not fix; `npm run lint` shows it */
  }
}
// Biome separates a file's header comment from imports it re-sorted; keep the file's own layout
// (a smaller diff for the other branches to merge).
for (const f of headerTight) {
  if (!existsSync(f)) continue;
  const t = readFileSync(f, "utf8");
  const u = t.replace(/^(\/\*\*[\s\S]*?\*\/)\n\nimport /, "$1\nimport ");
  if (u !== t) writeFileSync(f, u);
}
console.log(`rewrote ${changed.length} files, moved ${moves.size}`);
NODE
