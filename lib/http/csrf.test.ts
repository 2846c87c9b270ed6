import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { assertSameOrigin } from "./route";

const req = (method: string, headers: Record<string, string>) =>
  new Request("http://app.example/api/trips", { method, headers: { host: "app.example", ...headers } });

describe("CSRF check for cookie-authenticated requests", () => {
  it("lets reads through whatever their origin", () => {
    expect(() => assertSameOrigin(req("GET", { origin: "https://evil.example" }))).not.toThrow();
  });
  it("accepts writes from our own origin", () => {
    expect(() => assertSameOrigin(req("POST", { "sec-fetch-site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(req("DELETE", { origin: "http://app.example" }))).not.toThrow();
  });
  it("refuses cross-site writes and writes that name no origin", () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site", origin: "http://app.example" },
      {},
    ];
    for (const h of cases) {
      expect(() => assertSameOrigin(req("POST", h))).toThrow(ApiError);
    }
  });
});
