import { describe, expect, it } from "vitest";
import { changedKeys, conflictRows, pick, sameValue, threeWay } from "./conflict";

describe("three-way conflict comparison", () => {
  const base = { title: "Dinner", notes: null, location: { name: "Kikunoi", address: "Kyoto" } };

  it("ignores key order and treats undefined as null", () => {
    expect(sameValue({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(changedKeys(base, { ...base, location: { address: "Kyoto", name: "Kikunoi" } })).toEqual([]);
  });

  it("edits to different fields do not clash; sending mine on top of theirs keeps both", () => {
    const mine = { ...base, title: "Dinner at Kikunoi" };
    const theirs = { ...base, notes: "Booked for 19:00" };
    const d = threeWay(base, mine, theirs);
    expect(d).toEqual({ mine: ["title"], theirs: ["notes"], clashes: [] });
    expect({ ...theirs, ...pick(mine, d.mine) }).toEqual({
      ...base,
      title: "Dinner at Kikunoi",
      notes: "Booked for 19:00",
    });
  });

  it("the same field changed to different values is a clash; to the same value is not", () => {
    const d = threeWay(base, { ...base, title: "Mine" }, { ...base, title: "Theirs", notes: "x" });
    expect(d.clashes).toEqual(["title"]);
    expect(threeWay(base, { ...base, title: "Same" }, { ...base, title: "Same" }).clashes).toEqual([]);
  });

  it("rows list clashes first, with both values, and drop fields that ended up equal", () => {
    const mine = { ...base, notes: "mine", title: "T" };
    const theirs = { ...base, title: "T", location: { name: "Other", address: "Kyoto" } };
    const d = threeWay(base, mine, theirs);
    const rows = conflictRows(mine, theirs, d, { notes: "Notes", location: "Place" }, (_k, v) =>
      v === null ? "—" : typeof v === "object" ? (v as { name: string }).name : String(v),
    );
    expect(rows).toEqual([
      { key: "notes", label: "Notes", mine: "mine", theirs: "—", clash: false },
      { key: "location", label: "Place", mine: "Kikunoi", theirs: "Other", clash: false },
    ]);
    const clash = threeWay(base, { ...base, notes: "a" }, { ...base, notes: "b" });
    expect(conflictRows({ notes: "a" }, { notes: "b" }, clash, {}, (_k, v) => String(v))).toEqual([
      { key: "notes", label: "notes", mine: "a", theirs: "b", clash: true },
    ]);
  });
});
