import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { MAX_FIELD_PATH, MAX_JSON_DEPTH, readJson } from "./parse";

const post = (body: string) => new Request("http://x/api", { method: "POST", body });

async function failure(body: string): Promise<ApiError> {
  try {
    await readJson(post(body));
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("readJson accepted the body");
}

describe("readJson", () => {
  it("refuses JSON nested 100 000 deep with a 422, not a stack overflow", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const e = await failure(deep);
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.errors?.[0]?.message).toMatch(/nested deeper than 64/);
  });

  it("truncates the echoed field path (deep nesting of long keys, a huge key)", async () => {
    const key = "k".repeat(150);
    const deep = `${`{"${key}":`.repeat(MAX_JSON_DEPTH + 1)}1${"}".repeat(MAX_JSON_DEPTH + 1)}`;
    const field = (await failure(deep)).errors?.[0]?.field ?? "";
    expect(field.length).toBeLessThanOrEqual(MAX_FIELD_PATH);
    expect(field.startsWith(key)).toBe(true);
    expect(field.endsWith("…")).toBe(true);
    const hugeKey = (await failure(`{"${"x".repeat(10_000)}\u0000":1}`)).errors?.[0]?.field ?? "";
    expect(hugeKey.length).toBeLessThanOrEqual(MAX_FIELD_PATH);
  });

  it("accepts nesting up to the limit and names the first bad path beyond it", async () => {
    const ok = `${'{"a":'.repeat(MAX_JSON_DEPTH - 1)}1${"}".repeat(MAX_JSON_DEPTH - 1)}`;
    await expect(readJson(post(ok))).resolves.toBeTruthy();
    const tooDeep = `{"x":1,"y":${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}}`;
    expect((await failure(tooDeep)).errors?.[0]?.field).toMatch(/^y(\.0)+$/);
  });

  it("names the first unstorable string or key in document order", async () => {
    expect((await failure('{"a":"ok","b":["fine","bad\\u0000"]}')).errors?.[0]?.field).toBe("b.1");
    expect((await failure('{"a":{"k\\ud800":1}}')).errors?.[0]?.field).toBe("a.k\ud800");
    expect((await failure('"\\udc00"')).errors?.[0]?.field).toBe("body");
  });
});
