/**
 * Browser defences set by the custom server (lib/server/main.ts) on every response, without
 * Next middleware (which halved throughput): `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: strict-origin-when-cross-origin`, `X-Frame-Options: DENY`, and on HTML
 * pages a strict Content-Security-Policy whose script nonce is fresh per request.
 *
 * Next.js reads the nonce from the *request's* `Content-Security-Policy` header and puts it
 * on every script it renders (its bootstrap and inline flight-data scripts), so the server
 * writes the same policy into the request headers and the response headers. Route handlers
 * under `/api` and `/v1` answer JSON (or, for the API documentation pages, set their own
 * nonce-based policy), so they get the plain headers and, unless they set one,
 * `default-src 'none'; frame-ancestors 'none'`.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Headers sent on every response, page or API. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};

/** Policy of API responses (JSON is never rendered; nothing may frame or run from it). */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The policy of an HTML page. Scripts: only those carrying `nonce` (`'strict-dynamic'` lets
 * Next's nonce-carrying loader add its chunks). Styles allow inline `style` attributes
 * (React's `style={…}`), which cannot carry a nonce. Fetches and the chat WebSocket go to this
 * origin only; nothing may frame the page.
 * @param nonce base64 nonce of this response
 * @param dev the development server also needs `'unsafe-eval'` (React's dev tooling, HMR)
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Routes whose handler sets its own Content-Security-Policy (lib/openapi/docs-page.ts). */
const OWN_POLICY = new Set(["/api/docs", "/api/redoc"]);

const isApi = (path: string) =>
  path === "/api" || path.startsWith("/api/") || path === "/v1" || path.startsWith("/v1/");

/**
 * Sets the headers on `res` (before Next writes anything) and, for pages, the CSP with a
 * fresh nonce on `req` too, where Next picks the nonce up.
 * @param dev whether this is the development server (see {@link pageCsp})
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, dev = false): void {
  for (const [k, v] of Object.entries(BASE_HEADERS)) res.setHeader(k, v);
  const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
  if (isApi(path)) {
    // Next *appends* a route handler's headers, and two policies are both enforced: leave the
    // API documentation pages, which send their own nonce-based policy, alone.
    if (!OWN_POLICY.has(path)) res.setHeader("Content-Security-Policy", API_CSP);
    return;
  }
  const csp = pageCsp(randomBytes(16).toString("base64"), dev);
  req.headers["content-security-policy"] = csp;
  res.setHeader("Content-Security-Policy", csp);
}
