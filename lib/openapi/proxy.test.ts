/** proxy.ts: 405/OPTIONS from the route table, 413 on a declared oversize body, pass-through otherwise. */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { config, proxy } from "@/proxy";
import { allowedMethods, matchApiRoute } from "./routes";

const TRIP = "/api/trips/3fa85f64-5717-4562-b3fc-2c963f66afa6";
const req = (method: string, path: string, headers: Record<string, string> = {}) =>
  new NextRequest(`http://localhost${path}`, { method, headers });
const passes = (res: Response) => res.headers.get("x-middleware-next") === "1";

describe("proxy", () => {
  it("answers 405 with Allow and seed 000's body for a method the route does not export", async () => {
    const res = proxy(req("DELETE", "/api/health"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await res.json()).toEqual({
      error: true,
      message: "Method DELETE not allowed on /api/health",
      code: "METHOD_NOT_ALLOWED",
      type: "validation",
    });
  });

  it("passes methods the route exports, and HEAD where GET exists", () => {
    expect(passes(proxy(req("GET", "/api/health")))).toBe(true);
    expect(passes(proxy(req("HEAD", "/api/health")))).toBe(true);
    expect(passes(proxy(req("PATCH", TRIP)))).toBe(true);
    expect(proxy(req("HEAD", "/api/auth/login")).status).toBe(405);
  });

  it("uses seed 001's body on Trip Designer paths", async () => {
    const res = proxy(req("POST", "/api/chat/stats"));
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({
      error: "Method Not Allowed",
      message: "Method POST not allowed on /api/chat/stats",
    });
  });

  it("answers OPTIONS with 204 and Allow", () => {
    const res = proxy(req("OPTIONS", TRIP));
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
  });

  it("prefers static segments like Next.js (/api/trips/suggestions is not a trip id)", async () => {
    const res = proxy(req("DELETE", "/api/trips/suggestions"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(passes(proxy(req("DELETE", TRIP)))).toBe(true);
    expect(matchApiRoute("/api/trips/suggestions")?.next).toBe("app/api/trips/suggestions/route.ts");
    expect(matchApiRoute(`${TRIP}/`)?.next).toBe("app/api/trips/[tripId]/route.ts");
  });

  it("answers 413 for a declared body over 1 MiB", async () => {
    const res = proxy(req("POST", "/api/trips", { "content-length": String(MAX_BODY_BYTES + 1) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: true, code: "PAYLOAD_TOO_LARGE", type: "validation" });
    expect(passes(proxy(req("POST", "/api/trips", { "content-length": String(MAX_BODY_BYTES) })))).toBe(true);
    const designer = proxy(req("POST", "/api/chat/sessions", { "content-length": "99999999" }));
    expect(await designer.json()).toMatchObject({ error: "Payload Too Large" });
  });

  it("passes unknown paths (the catch-all route answers 404) and Auth.js paths", () => {
    expect(passes(proxy(req("GET", "/api/nope")))).toBe(true);
    expect(passes(proxy(req("DELETE", "/api/trips/x/unknown")))).toBe(true);
    expect(passes(proxy(req("GET", "/api/auth/session")))).toBe(true);
    expect(passes(proxy(req("POST", "/api/auth/callback/credentials")))).toBe(true);
  });

  it("knows the docs routes and only runs on /api", () => {
    expect(proxy(req("POST", "/api/openapi.json")).status).toBe(405);
    expect(config.matcher).toEqual(["/api/:path*"]);
    const route = matchApiRoute("/api/docs");
    expect(route && allowedMethods(route)).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
});
