/**
 * Property-based fuzzing of every documented operation, generated from the route files'
 * declarations (lib/openapi/registry.ts: each route's `defineRoute` with its body and query
 * schemas), against the real database (PGlite or Postgres).
 *
 * For every operation with a JSON body:
 * - arbitrary JSON (fast-check values, right keys with wrong values, arrays for objects, deep
 *   nesting, huge strings, unicode, `__proto__`/`constructor` keys, -0, 1e400, 1e308, …);
 * - mutations of a valid body (drop / retype / out-of-range / extra fields, 1-3 at a time);
 * - malformed raw bodies (random text, random bytes, invalid UTF-8, truncated JSON) → 400;
 * - NUL characters and lone surrogates in every string field and record key of a valid body.
 * For every operation with path parameters: random, malformed and UUID-like ids → 404/403.
 * For every operation with a query schema: random query values.
 *
 * Each request must answer < 500; every 4xx is in the family's documented error shape (the TripSage REST API:
 * `error: true`, `message`, `code` ∈ ErrorCode agreeing with status and `type`, `errors[{field,
 * message,type}]`; the Trip Designer API: `{error:"<kind>", message, hint?}`; `/v1/ai`: `{ok:false, error}`)
 * and writes no row (digest of every table the world owns, see sweep-helpers.ts `digest`); a body
 * the documented schema rejects gets 400/422; a 2xx is the documented success status;
 * Object/Array/Function prototypes are never polluted.
 *
 * Deterministic: `FUZZ_SEED` (default below) seeds every property (plus a per-operation offset);
 * `FUZZ_RUNS` scales the number of runs. Failures print the seed and the shrunk counterexample.
 * General fuzzing strips NUL and lone surrogates from generated strings so that those (one known
 * class of failure) are reported field by field by the dedicated "text hygiene" tests instead of
 * masking everything else.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/openapi/registry";
import {
  type Actor,
  bodySchema,
  digest,
  errorShapeProblems,
  makeUsers,
  makeWorld,
  OPERATIONS_LIST,
  type Operation,
  okStatuses,
  opFixture,
  PARAM_VALUES,
  pathParamNames,
  prepare,
  type Res,
  send,
  settle,
  type World,
  type WorldUsers,
  worldScope,
} from "./sweep-helpers";

const SEED = Number.parseInt(process.env.FUZZ_SEED ?? "", 10) || 20_260_601;
const RUNS = Number.parseInt(process.env.FUZZ_RUNS ?? "", 10) || 30;
/** Runs a property may spend shrinking after its first failure. */
const SHRINK_BUDGET = 80;
const TIMEOUT = 240_000;

const BODY_OPS = OPERATIONS_LIST.filter((op) => bodySchema(op));
const PARAM_OPS = OPERATIONS_LIST.filter((op) => pathParamNames(op.route).length > 0);
const QUERY_OPS = OPERATIONS_LIST.filter((op) => OPERATIONS[op.key]?.query);

let shared: Omit<WorldUsers, "owner">;
beforeAll(async () => {
  const { owner: _o, ...rest } = await makeUsers();
  shared = rest;
});

/** Per-operation seed: stable, different per operation. */
function seedFor(op: Operation, salt: string): number {
  let h = SEED | 0;
  for (const c of `${op.key}#${salt}`) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

// ---- JSON text with raw tokens ------------------------------------------------------------------

/** A JSON token written verbatim (`-0`, `1e400`, a deeply nested array). */
class Raw {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
  /** How fast-check prints it in a counterexample. */
  [fc.toStringMethod]() {
    return this.text.length > 300 ? `${this.text.slice(0, 300)}…(${this.text.length} chars)` : this.text;
  }
}

/** Serialises a generated value once, so the body sent is immutable and prints as its JSON text. */
const asRaw = (v: unknown) => new Raw(ser(v, true) ?? "");

/** Removes NUL and lone surrogates (covered by the text hygiene tests). */
const clean = (s: string) =>
  s
    .replaceAll("\u0000", "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/**
 * Serialises like JSON.stringify, but keeps own `__proto__` keys, writes {@link Raw} tokens
 * verbatim and (with `scrub`) cleans every string and key.
 */
function ser(v: unknown, scrub: boolean): string | undefined {
  if (v instanceof Raw) return v.text;
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return JSON.stringify(scrub ? clean(v) : v);
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => ser(x, scrub) ?? "null").join(",")}]`;
  if (v instanceof Date) return JSON.stringify(v);
  const parts: string[] = [];
  for (const k of Object.keys(v)) {
    const s = ser((v as Record<string, unknown>)[k], scrub);
    if (s !== undefined) parts.push(`${JSON.stringify(scrub ? clean(k) : k)}:${s}`);
  }
  return `{${parts.join(",")}}`;
}

/** Sets an own property even for `__proto__`. */
function put(o: Record<string, unknown>, k: string, v: unknown) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

// ---- arbitraries ----------------------------------------------------------------------------------

const NASTY_STRINGS = [
  "",
  " ",
  "NaN",
  "-0",
  "1e308",
  "1e400",
  "Infinity",
  "-Infinity",
  "null",
  "undefined",
  "true",
  "0x1F",
  "💥🧳",
  "Ω≈ç√∫",
  "İstanbul ß ﬁ",
  "\u202eevil",
  "\u200b",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "'; drop table trips; --",
  "../../etc/passwd",
  "%00",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent literally
  "${7*7}",
  "{{7*7}}",
  "2030-02-30",
  "2030-13-01",
  "2030-06-01T25:00",
  "9999-12-31",
  "0000-01-01",
  "Europe/Atlantis",
  "usd",
  "XXX",
  "__proto__",
  "constructor",
  "a@b",
  "@example.com",
  "x".repeat(5000),
  "https://",
  "javascript:alert(1)",
  "http://127.0.0.1/",
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 2048 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.uuid() },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 400 }),
  fc.double(),
  fc.constantFrom(
    -0,
    0.5,
    -1,
    1e308,
    -1e308,
    5e-324,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    1e21,
    365,
    366,
    367,
    1000,
    1001,
    3650,
    3651,
    10_000,
    10_001,
  ),
  fc
    .constantFrom("-0", "1e400", "-1e400", "1E2", "123456789012345678901234567890", "0.1e-999", "1.0", "-0.0")
    .map((t) => new Raw(t)),
);

const SPECIAL_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "isAdmin",
  "role",
  "owner_id",
  "user_id",
  "id",
  "version",
  "created_at",
  "is_active",
];

const deep = fc.oneof(
  fc.integer({ min: 50, max: 3000 }).map((n) => new Raw(`${"[".repeat(n)}${"]".repeat(n)}`)),
  fc.integer({ min: 50, max: 3000 }).map((n) => new Raw(`${'{"a":'.repeat(n)}1${"}".repeat(n)}`)),
);

function valueArb(fieldNames: readonly string[]) {
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
    { weight: 3, arbitrary: fc.constantFrom(...(fieldNames.length ? fieldNames : ["x"])) },
  );
  const leaf = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null));
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      leaf,
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(key, tie("node"), { maxKeys: 5 }),
    ),
  }));
  return { key, leaf, node };
}

/** Whole bodies: anything, with the operation's own field names mixed in. */
function anyBodyArb(fieldNames: readonly string[]) {
  const { key, node } = valueArb(fieldNames);
  const rightKeys = fc.dictionary(fc.constantFrom(...(fieldNames.length ? fieldNames : ["x"])), node, {
    maxKeys: 8,
  });
  return fc
    .oneof(
      node,
      fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true, key }),
      fc.jsonValue({ maxDepth: 4 }),
      deep,
      rightKeys,
      fc.array(rightKeys, { maxLength: 3 }),
    )
    .map(asRaw);
}

type PathSeg = string | number;
function allPaths(v: unknown, prefix: PathSeg[] = []): PathSeg[][] {
  const out: PathSeg[][] = [prefix];
  if (v instanceof Raw) return out;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...allPaths(x, [...prefix, i]));
  } else if (v && typeof v === "object")
    for (const k of Object.keys(v)) out.push(...allPaths((v as Record<string, unknown>)[k], [...prefix, k]));
  return out;
}

function getAt(v: unknown, path: PathSeg[]): unknown {
  let cur = v;
  for (const p of path) cur = (cur as Record<PathSeg, unknown>)?.[p];
  return cur;
}

type MutationKind =
  | "drop"
  | "replace"
  | "extra"
  | "wrap"
  | "stringify"
  | "null"
  | "emptyObject"
  | "emptyArray";
interface Mutation {
  at: number;
  kind: MutationKind;
  key: string;
  value: Raw;
}

function mutationArb(fieldNames: readonly string[]) {
  const { key, node, leaf } = valueArb(fieldNames);
  return fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<MutationKind>(
      "drop",
      "drop",
      "replace",
      "replace",
      "replace",
      "extra",
      "extra",
      "wrap",
      "stringify",
      "null",
      "emptyObject",
      "emptyArray",
    ),
    key,
    value: fc.oneof(leaf, leaf, node, deep).map(asRaw),
  });
}

const ABSENT = Symbol("absent");

/** Applies a mutation to a (cloned) body; may return {@link ABSENT} (no body at all). */
function mutate(body: unknown, m: Mutation): unknown {
  const paths = allPaths(body);
  const path = paths[m.at % paths.length] as PathSeg[];
  const current = getAt(body, path);
  let replacement: unknown;
  switch (m.kind) {
    case "drop":
      if (path.length === 0) return ABSENT;
      break;
    case "replace":
      replacement = m.value;
      break;
    case "extra":
      if (current && typeof current === "object" && !Array.isArray(current)) {
        put(current as Record<string, unknown>, m.key, m.value);
        return body;
      }
      if (Array.isArray(current)) {
        current.push(m.value);
        return body;
      }
      replacement = m.value;
      break;
    case "wrap":
      replacement = [current];
      break;
    case "stringify":
      replacement =
        current === undefined ? "undefined" : current instanceof Raw ? current.text : JSON.stringify(current);
      break;
    case "null":
      replacement = null;
      break;
    case "emptyObject":
      replacement = {};
      break;
    case "emptyArray":
      replacement = [];
      break;
  }
  if (path.length === 0) return replacement;
  const parent = getAt(body, path.slice(0, -1)) as Record<PathSeg, unknown> | unknown[];
  const last = path[path.length - 1] as PathSeg;
  if (m.kind === "drop") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete (parent as Record<PathSeg, unknown>)[last];
  } else if (Array.isArray(parent)) parent[last as number] = replacement;
  else put(parent as Record<string, unknown>, String(last), replacement);
  return body;
}

function fieldNamesOf(v: unknown): string[] {
  const out = new Set<string>();
  for (const p of allPaths(v)) {
    const last = p[p.length - 1];
    if (typeof last === "string") out.add(last);
  }
  return [...out];
}

// ---- the harness --------------------------------------------------------------------------------

const PROTO_KEYS = {
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(","),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(","),
  fn: Object.getOwnPropertyNames(Function.prototype).sort().join(","),
};
function expectPrototypesIntact(ctx: string) {
  expect(
    Object.getOwnPropertyNames(Object.prototype).sort().join(","),
    `${ctx}: Object.prototype polluted`,
  ).toBe(PROTO_KEYS.object);
  expect(
    Object.getOwnPropertyNames(Array.prototype).sort().join(","),
    `${ctx}: Array.prototype polluted`,
  ).toBe(PROTO_KEYS.array);
  expect(Object.getOwnPropertyNames(Function.prototype).sort().join(","), `${ctx}: Function.prototype`).toBe(
    PROTO_KEYS.fn,
  );
}

interface Payload {
  /** What is sent: text, bytes, or nothing. */
  body: string | Uint8Array | undefined;
  /** The body as the server's JSON.parse sees it, or ABSENT when it does not parse. */
  parsed: unknown;
  params?: Record<string, string>;
  query?: string;
}

function payloadOf(body: string | Uint8Array | undefined): Payload {
  if (body === undefined) return { body, parsed: ABSENT };
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  let parsed: unknown = ABSENT;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { body, parsed };
}

/** Emails a sign-up body names (so a digest covers the account it could create). */
function emailsIn(parsed: unknown): string[] {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [];
  const e = (parsed as Record<string, unknown>).email;
  return typeof e === "string" ? [e.trim().toLowerCase()] : [];
}

/** One operation's world, reused across runs, rebuilt after a success that spends it. */
class Harness {
  w: World | undefined;
  last = "";
  dirty = true;
  failures = 0;
  afterFailure = 0;
  constructor(readonly op: Operation) {}

  async world(): Promise<World> {
    if (!this.w) {
      this.w = await makeWorld(shared);
      this.dirty = true;
    }
    if (this.dirty) {
      this.last = JSON.stringify(await digest(worldScope(this.w)));
      this.dirty = false;
    }
    return this.w;
  }

  /** After the first failure, fast-check shrinks; cap how long (the best counterexample so far stands). */
  overBudget(): boolean {
    return this.failures > 0 && ++this.afterFailure > SHRINK_BUDGET;
  }

  caller(w: World): Actor | null {
    return this.op.meta.auth === "required" ? w.owner : null;
  }

  /**
   * Sends one request and checks the invariants: < 500, error shape, no rows written on 4xx,
   * the documented status on 2xx, prototypes intact; then `oracle` for the test's own rule.
   */
  async probe(make: (w: World) => Payload, oracle: (res: Res, pl: Payload, ctx: string) => void) {
    if (this.overBudget()) return;
    try {
      const w = await this.world();
      this.dirty = true;
      const pl = make(w);
      const emails = emailsIn(pl.parsed);
      const scope = worldScope(w, emails);
      const before = emails.length ? JSON.stringify(await digest(scope)) : this.last;
      const p = await prepare(this.op, w, { params: pl.params });
      if (pl.query !== undefined) p.path = p.path.replace(/\?.*$/, "") + pl.query;
      const actor = this.caller(w);
      const res = await send(p, { body: pl.body, headers: actor ? actor.auth : {} });
      const shown =
        pl.body === undefined
          ? "(no body)"
          : typeof pl.body === "string"
            ? pl.body.slice(0, 400)
            : `bytes ${Buffer.from(pl.body).toString("hex").slice(0, 400)}`;
      const ctx = `FUZZ_SEED=${SEED} ${this.op.key} path=${p.path} params=${JSON.stringify(pl.params ?? {})} body=${shown} → ${res.status} ${res.text.slice(0, 300)}`;
      const now = res.status >= 400 ? await digest(scope) : undefined;
      const wrote = now !== undefined && JSON.stringify(now) !== before;
      expect(res.status, `${ctx}${wrote ? " (and it wrote rows)" : ""}`).toBeLessThan(500);
      expectPrototypesIntact(ctx);
      if (now) {
        expect(errorShapeProblems(res, this.op.route.family), ctx).toEqual([]);
        expect(now, `${ctx}: rows written on a ${res.status}`).toEqual(JSON.parse(before));
        this.dirty = false;
      } else {
        expect(okStatuses(this.op), ctx).toContain(res.status);
        if (opFixture(this.op).consumes) this.w = undefined;
        else await settle(worldScope(w, emails));
      }
      oracle(res, pl, ctx);
    } catch (err) {
      this.failures++;
      throw err;
    }
  }
}

/** A body the documented schema rejects must be refused with 400/422, never acted on. */
function schemaOracle(op: Operation) {
  const schema = bodySchema(op);
  return (res: Res, pl: Payload, ctx: string) => {
    if (!schema) return;
    const ok = pl.parsed !== ABSENT && schema.safeParse(pl.parsed).success;
    if (!ok) expect([400, 422], `${ctx}: the documented schema rejects this body`).toContain(res.status);
  };
}

const fcOpts = (op: Operation, salt: string, numRuns = RUNS) => ({
  seed: seedFor(op, salt),
  numRuns,
  endOnFailure: false,
  includeErrorInReport: true,
});

// =================================================================================================
describe(`request bodies (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})`, () => {
  it("fuzzes every operation that takes a JSON body", () => {
    expect(BODY_OPS.length).toBeGreaterThanOrEqual(20);
  });

  for (const op of BODY_OPS) {
    describe(op.key, () => {
      const h = new Harness(op);
      let valid: (w: World) => unknown;
      let names: string[];
      beforeAll(async () => {
        const f = opFixture(op);
        valid = (w) => f.body?.(w);
        names = fieldNamesOf(valid(await h.world()));
      });

      it(
        "arbitrary JSON → < 500, documented error shape, nothing written on 4xx",
        async () => {
          await fc.assert(
            fc.asyncProperty(anyBodyArb(names), async (v) => {
              await h.probe(() => payloadOf(v.text), schemaOracle(op));
            }),
            fcOpts(op, "any"),
          );
        },
        TIMEOUT,
      );

      it(
        "mutations of a valid body → < 500, documented error shape, nothing written on 4xx",
        async () => {
          await fc.assert(
            fc.asyncProperty(fc.array(mutationArb(names), { minLength: 1, maxLength: 3 }), async (ms) => {
              await h.probe((w) => {
                let body: unknown = structuredClone(valid(w));
                for (const m of ms) {
                  if (body === ABSENT) break;
                  body = mutate(body, m);
                }
                return payloadOf(body === ABSENT ? undefined : (ser(body, true) ?? ""));
              }, schemaOracle(op));
            }),
            fcOpts(op, "mutate"),
          );
        },
        TIMEOUT,
      );

      it(
        "malformed raw bodies (random text, bytes, invalid UTF-8, truncated JSON) → 400",
        async () => {
          const notJson = (b: string | Uint8Array) => {
            try {
              JSON.parse(typeof b === "string" ? b : Buffer.from(b).toString("utf8"));
              return false;
            } catch {
              return true;
            }
          };
          const raw = fc
            .oneof(
              fc.string({ maxLength: 200 }),
              fc.string({ unit: "binary", maxLength: 200 }),
              fc.uint8Array({ maxLength: 200 }),
              fc.nat().map((n) => new Raw(`trunc:${n}`)),
              fc.constantFrom(
                "{bad",
                "{'title':'x'}",
                "{title:1}",
                "[1,]",
                '{"a":1,}',
                "NaN",
                "undefined",
                "\ufeff{}",
                '{"a":"\\x41"}',
                '{"a":01}',
                '"unterminated',
                '{"a":1}}',
                "/* c */ {}",
                '{"a":1} trailing',
                "{}{}",
                '{"a":"\\ud800',
              ),
              fc
                .tuple(
                  fc.nat(),
                  fc.constantFrom([0xff], [0xfe, 0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c]),
                )
                .map(([n, bad]) => new Raw(`bytes:${n}:${bad.join(".")}`)),
            )
            .map((x): Raw | string | Uint8Array => x);
          await fc.assert(
            fc.asyncProperty(raw, async (r) => {
              await h.probe(
                (w) => {
                  const text = ser(valid(w), true) ?? "";
                  let body: string | Uint8Array;
                  if (r instanceof Raw && r.text.startsWith("trunc:")) {
                    const n = Number(r.text.slice(6));
                    body = text.slice(0, 1 + (n % Math.max(1, text.length - 1)));
                  } else if (r instanceof Raw) {
                    // valid JSON bytes cut somewhere, then invalid UTF-8 spliced in
                    const [, n, bad] = r.text.split(":");
                    const bytes = Buffer.from(text, "utf8");
                    const cut = Number(n) % Math.max(1, bytes.length);
                    body = new Uint8Array([
                      ...bytes.subarray(0, cut),
                      ...(bad as string).split(".").map(Number),
                    ]);
                  } else body = r;
                  if (!notJson(body)) body = `${typeof body === "string" ? body : ""}{`;
                  return payloadOf(body);
                },
                (res, _pl, ctx) => {
                  expect(res.status, ctx).toBe(400);
                  if (op.route.family === "tripsage") expect(res.body.code, ctx).toBe("INVALID_JSON");
                },
              );
            }),
            fcOpts(op, "raw", Math.max(10, Math.round(RUNS * 0.6))),
          );
        },
        TIMEOUT,
      );

      it(
        "text hygiene: NUL, lone surrogates and invalid UTF-8 in every string field and record key → < 500",
        async () => {
          const POISON = ["a\u0000b", "\u0000", "a\ud800b", "\udfff"];
          const problems: string[] = [];
          const w0 = await h.world();
          const base = valid(w0);
          const cases: { label: string; make: (w: World) => string | Uint8Array }[] = [];
          for (const path of allPaths(base)) {
            const v = getAt(base, path);
            const label = path.join(".") || "(root)";
            if (typeof v === "string") {
              for (const poison of POISON) {
                cases.push({
                  label: `${label} = ${JSON.stringify(poison)}`,
                  make: (w) => {
                    const b = structuredClone(valid(w));
                    mutate(b, {
                      at: allPaths(b).findIndex((p) => p.join(".") === path.join(".")),
                      kind: "replace",
                      key: "",
                      value: new Raw(JSON.stringify(poison)),
                    });
                    return ser(b, false) ?? "";
                  },
                });
              }
              cases.push({
                label: `${label} = invalid UTF-8 bytes`,
                make: (w) => {
                  const b = structuredClone(valid(w));
                  mutate(b, {
                    at: allPaths(b).findIndex((p) => p.join(".") === path.join(".")),
                    kind: "replace",
                    key: "",
                    value: new Raw('"@@INVALID@@"'),
                  });
                  const text = ser(b, false) ?? "";
                  const [pre, post] = text.split("@@INVALID@@");
                  return new Uint8Array([
                    ...Buffer.from(pre ?? ""),
                    0xff,
                    0xc3,
                    0x28,
                    ...Buffer.from(post ?? ""),
                  ]);
                },
              });
            } else if (v && typeof v === "object" && !Array.isArray(v)) {
              for (const k of ["k\u0000", "\ud800"]) {
                cases.push({
                  label: `${label} gets key ${JSON.stringify(k)}`,
                  make: (w) => {
                    const b = structuredClone(valid(w));
                    const target = getAt(b, path) as Record<string, unknown>;
                    put(target, k, "v");
                    return ser(b, false) ?? "";
                  },
                });
              }
            }
          }
          for (const c of cases) {
            h.failures = 0;
            try {
              await h.probe(
                (w) => payloadOf(c.make(w)),
                () => {},
              );
            } catch (err) {
              problems.push(`${c.label}: ${(err as Error).message.split("\n")[0]?.slice(0, 400)}`);
            }
          }
          expect(
            problems.length,
            `${op.key}: ${problems.length} of ${cases.length} poisoned bodies broke an invariant:\n${problems.join("\n")}`,
          ).toBe(0);
        },
        TIMEOUT,
      );
    });
  }
});

// =================================================================================================
describe(`path ids (FUZZ_SEED=${SEED})`, () => {
  it("fuzzes every operation with a path parameter", () => {
    expect(PARAM_OPS.length).toBeGreaterThanOrEqual(15);
  });

  for (const op of PARAM_OPS) {
    for (const name of pathParamNames(op.route)) {
      it(
        `${op.key}: random, malformed and UUID-like {${name}} → 404/403, nothing written`,
        async () => {
          const h = new Harness(op);
          const w0 = await h.world();
          const real = (PARAM_VALUES[name] as (w: World) => string)(w0);
          const userIds = new Set(
            [w0.owner, w0.admin, w0.editor, w0.viewer, w0.stranger, w0.target].map((a) => a.user.id),
          );
          // Real ids of other kinds in this slot (never a real id of this kind, never a user id for {user_id}).
          const others = Object.entries(PARAM_VALUES)
            .filter(([n]) => n !== name)
            .map(([, f]) => f(w0))
            .filter((v) => !(name === "user_id" && userIds.has(v)));
          const HEX = "0123456789abcdef";
          const mutated = fc
            .tuple(fc.nat(), fc.nat(), fc.constantFrom("flip", "append", "drop"))
            .map(([i, j, how]) => {
              const pos = i % real.length;
              if (how === "append") return `${real}${HEX[j % 16]}`;
              if (how === "drop") return real.slice(0, pos) + real.slice(pos + 1);
              const c = real[pos] as string;
              const alts = [...HEX, "g", "z", "-"].filter((x) => x !== c.toLowerCase());
              return real.slice(0, pos) + alts[j % alts.length] + real.slice(pos + 1);
            });
          const id = fc
            .oneof(
              fc.string({ minLength: 1, maxLength: 80 }),
              fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
              fc.uuid(),
              fc.uuid().map((u) => u.toUpperCase()),
              fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
              fc.constantFrom(
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "' OR 1=1 --",
                "%00",
                "..",
                "../../etc/passwd",
                "null",
                "undefined",
                "NaN",
                "-1",
                "0",
                "x".repeat(2000),
                "{trip_id}",
                ...others,
              ),
              mutated,
            )
            .filter((v) => v.toLowerCase() !== real.toLowerCase() && v.length > 0)
            .map(clean)
            .filter((v) => v.length > 0 && v.toLowerCase() !== real.toLowerCase());
          await fc.assert(
            fc.asyncProperty(id, async (bad) => {
              await h.probe(
                (w) => {
                  const pl = payloadOf(ser(opFixture(op).body?.(w), true));
                  return { ...pl, params: { [name]: bad } };
                },
                (res, _pl, ctx) => expect([403, 404], ctx).toContain(res.status),
              );
            }),
            fcOpts(op, `id:${name}`, Math.max(10, Math.round(RUNS * 0.7))),
          );
        },
        TIMEOUT,
      );
    }
  }
});

// =================================================================================================
describe(`query strings (FUZZ_SEED=${SEED})`, () => {
  for (const op of QUERY_OPS) {
    it(
      `${op.key}: random values for its query parameters → < 500, documented error shape`,
      async () => {
        const schema = OPERATIONS[op.key]?.query;
        const keys = Object.keys(schema?.shape ?? {});
        const h = new Harness(op);
        const value = fc.oneof(
          nastyString.map(clean),
          nastyNumber.map((n) => String(n)),
          fc.constantFrom("", "-1", "0", "1", "1.5", "1e3", "101", "99999999999999999999", "NaN", "true"),
        );
        const query = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), value, {
          maxKeys: 4,
        });
        await fc.assert(
          fc.asyncProperty(query, async (q) => {
            await h.probe(
              (w) => {
                const pl = payloadOf(ser(opFixture(op).body?.(w), true));
                const qs = new URLSearchParams(q as Record<string, string>).toString();
                return { ...pl, query: qs ? `?${qs}` : "" };
              },
              (res, _pl, ctx) => {
                if (!schema) return;
                const parsed = schema.safeParse(q);
                if (!parsed.success) expect([400, 404, 422], ctx).toContain(res.status);
              },
            );
          }),
          fcOpts(op, "query", Math.max(10, Math.round(RUNS * 0.6))),
        );
      },
      TIMEOUT,
    );
  }
});
