/**
 * The HTML of `/api/docs` (interactive, with "Try it out") and `/api/redoc` (the same
 * reference, read-only), rendered in the browser by Swagger UI (swagger-ui-dist) from
 * `/api/openapi.json`.
 *
 * Offline, no CDN: the library's bundle and stylesheet are copied from `node_modules` into
 * `public/vendor/swagger-ui/` before every build and dev start (`npm run build` / `npm run dev`
 * run lib/openapi/copy-docs-assets.ts) and served by Next from this origin. The page's own
 * start-up script and style are inline under a per-response CSP nonce.
 */
import { randomBytes } from "node:crypto";
import swaggerPackage from "swagger-ui-dist/package.json";

/** Which page to render: `docs` sends requests ("Try it out"), `redoc` only documents. */
export type DocsMode = "docs" | "redoc";

/** URL prefix of the copied Swagger UI files (Next serves `public/` at the site root). */
export const DOCS_ASSET_PREFIX = "/vendor/swagger-ui";

/** The files of swagger-ui-dist the pages load (copied by ./copy-docs-assets.ts). */
export const DOCS_ASSET_FILES = ["swagger-ui-bundle.js", "swagger-ui.css"] as const;

// A slim header above Swagger UI (title, the other page, the raw document); the library styles the rest.
const CSS = `
body { margin: 0; background: #fff; }
.ts-top { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: baseline; justify-content: space-between;
  max-width: 1460px; margin: 0 auto; padding: 14px 20px; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
.ts-top h1 { margin: 0; font-size: 20px; }
.ts-top nav a { margin-left: 16px; color: #0b57d0; }
.ts-top .muted { color: #57606a; font-size: 13px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; z-index: 10; }
.skip:focus { left: 8px; }
`;

/**
 * The start-up script (runs after swagger-ui-bundle.js): reads its settings from the
 * `<body data-*>` attributes. Browser session cookies go with "Try it out" requests (same
 * origin); a bearer token or API key is set with "Authorize" and kept in localStorage.
 */
const INIT_JS = `
(function () {
  var b = document.body;
  var readOnly = b.getAttribute("data-mode") === "redoc";
  window.ui = SwaggerUIBundle({
    url: b.getAttribute("data-spec"),
    dom_id: "#app",
    deepLinking: true,
    filter: true,
    docExpansion: "list",
    defaultModelsExpandDepth: readOnly ? 1 : 0,
    displayRequestDuration: true,
    persistAuthorization: true,
    showExtensions: true,
    supportedSubmitMethods: readOnly ? [] : ["get", "put", "post", "delete", "patch", "options", "head"],
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (req) { req.credentials = "same-origin"; return req; }
  });
})();
`;

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * Renders the page for `mode`.
 * @param specUrl where the browser fetches the OpenAPI document (same origin)
 * @returns the HTML and the `Content-Security-Policy` to send with it: scripts only with this
 *          response's nonce (the inline start-up script and the bundle), stylesheets from this
 *          origin or with the nonce, fetches ("Try it out") to this origin only
 */
export function renderDocsPage(mode: DocsMode, specUrl = "/api/openapi.json"): { html: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  // The installed version in the URLs: an upgrade is never served from a stale cache.
  const v = `?v=${encodeURIComponent(swaggerPackage.version)}`;
  const readOnly = mode === "redoc";
  const title = readOnly ? "TripSage API reference" : "TripSage API docs";
  const other = readOnly
    ? `<a href="/api/docs">Interactive docs (Try it out)</a>`
    : `<a href="/api/redoc">Read-only reference</a>`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="/favicon.svg">
<title>${title}</title>
<link rel="stylesheet" href="${DOCS_ASSET_PREFIX}/swagger-ui.css${v}">
<style nonce="${nonce}">${CSS}</style>
</head>
<body data-mode="${mode}" data-spec="${escapeAttr(specUrl)}">
<a class="skip" href="#app">Skip to content</a>
<header class="ts-top"><h1>${title}</h1><nav>${other}<a href="${escapeAttr(specUrl)}">openapi.json</a></nav></header>
<main id="app"><p class="ts-top muted" role="status">Loading the API description…</p>
<noscript><p class="ts-top">This page needs JavaScript. The raw document is at <a href="${escapeAttr(specUrl)}">${escapeAttr(specUrl)}</a>.</p></noscript></main>
<script nonce="${nonce}" src="${DOCS_ASSET_PREFIX}/swagger-ui-bundle.js${v}"></script>
<script nonce="${nonce}">${INIT_JS}</script>
</body>
</html>`;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return { html, csp };
}

/** The Response for a docs page (no caching: each response has its own nonce). */
export function docsPageResponse(mode: DocsMode): Response {
  const { html, csp } = renderDocsPage(mode);
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": csp,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
