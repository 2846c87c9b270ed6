/** `noneMatchVersions` names exactly the versions `notModified` accepts (the itinerary read relies on it). */
import { describe, expect, it } from "vitest";
import { etag, noneMatchVersions, notModified } from "./etag";

const req = (h?: string) =>
  new Request("http://x/", { headers: h === undefined ? {} : { "if-none-match": h } });

describe("noneMatchVersions", () => {
  const headers = [
    undefined,
    "",
    '"v3"',
    'W/"v3"',
    ' "v1" , W/"v3","v9"',
    '"v03"',
    '"v-3"',
    '"3"',
    "v3",
    '"h3"',
    '"v2147483647"',
    '"v2147483648"',
    '"v99999999999"',
    '"v0"',
    "*",
    '"v1", *',
    "garbage, ,,",
  ];
  it("agrees with notModified on every version 0-12 and at the integer limit", () => {
    for (const h of headers) {
      const seen = noneMatchVersions(req(h));
      for (const v of [0, 1, 2, 3, 9, 12, 2_147_483_647]) {
        const expected = notModified(req(h), etag(v));
        expect(seen === "*" || seen.includes(v), `${h} / v${v}`).toBe(expected);
      }
    }
  });
  it("returns * for a wildcard and never a version a row cannot hold", () => {
    expect(noneMatchVersions(req('"v1", *'))).toBe("*");
    expect(noneMatchVersions(req('"v2147483648", "v7"'))).toEqual([7]);
    expect(noneMatchVersions(req())).toEqual([]);
  });
});
