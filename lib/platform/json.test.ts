/**
 * The canonical JSON of lib/platform/json.ts, as the assistant's repeat-call guard (keys of tool
 * inputs) and the changeset recorder (before/after equality) rely on it.
 */
import { describe, expect, it } from "vitest";
import { sameJson, stableJson } from "./json";

describe("stableJson / sameJson", () => {
  it("sorts object keys at every depth and keeps array order", () => {
    expect(stableJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
    expect(sameJson({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });

  it("drops undefined members but keeps null ones; undefined alone equals null", () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: null }, { a: 1 })).toBe(false);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(stableJson(undefined)).toBe("null");
    expect(sameJson(undefined, null)).toBe(true);
    expect(sameJson(0, null)).toBe(false);
    expect(sameJson("1", 1)).toBe(false);
  });
});
