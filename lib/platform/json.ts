/**
 * JSON helpers with no app knowledge: a canonical serialisation for comparing and keying JSON values.
 */

/**
 * JSON with object keys sorted and `undefined` members dropped, so structurally equal values
 * give equal strings whatever their key order; arrays keep their order. `undefined` at the top
 * is `"null"`. Values that are not JSON (Dates, Maps) serialise as their own enumerable keys.
 */
export function stableJson(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === "object") {
      return Object.fromEntries(
        Object.entries(x as Record<string, unknown>)
          .filter(([, y]) => y !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, y]) => [k, norm(y)]),
      );
    }
    return x;
  };
  return JSON.stringify(norm(v)) ?? "null";
}

/** Structural equality of JSON values: object keys in any order, `undefined` members ignored, arrays in order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}
