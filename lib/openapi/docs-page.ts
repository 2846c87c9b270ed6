/**
 * The HTML of `/api/docs` (interactive) and `/api/redoc` (three-panel reference). Fully
 * self-contained: inline CSS and script (./docs-client.ts) under a per-response CSP nonce,
 * no CDN or external asset, so the pages work offline. The script fetches `/api/openapi.json`.
 */
import { randomBytes } from "node:crypto";
import { DOCS_CLIENT_JS } from "./docs-client";

/** Which page to render. */
export type DocsMode = "docs" | "redoc";

const CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b57d0; --on-accent: #ffffff;
  --code-bg: #f3f4f6; --dark: #1e2430; --dark-fg: #e6edf3; --focus: #0b57d0;
  --get: #1d4ed8; --post: #15803d; --put: #a15c07; --patch: #0f766e; --delete: #b91c1c;
  --ok: #15803d; --client: #a15c07; --server: #b91c1c;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --soft: #161b22; --accent: #58a6ff;
    --code-bg: #1f2630; --dark: #010409; --focus: #58a6ff; --on-accent: #0d1117;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code, pre, textarea, input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
code { background: var(--code-bg); padding: 1px 4px; border-radius: 4px; }
pre { margin: 0; }
pre.code { background: var(--code-bg); padding: 12px; border-radius: 6px; overflow: auto; max-height: 420px; }
pre.code code { background: none; padding: 0; white-space: pre; }
pre.dark { background: var(--dark); color: var(--dark-fg); }
h1 { font-size: 24px; margin: 0; }
h2 { font-size: 20px; margin: 32px 0 8px; }
h3 { font-size: 17px; margin: 0 0 6px; }
h4 { font-size: 14px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
.error { color: var(--server); font-weight: 600; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 8px; z-index: 10; }
.skip:focus { left: 8px; }
button { font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent);
  color: var(--on-accent); padding: 6px 14px; cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); }
button:disabled { opacity: .6; cursor: progress; }
input, textarea { background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
textarea { width: 100%; }
.method { display: inline-block; min-width: 64px; text-align: center; font: 700 12px/1 ui-monospace, monospace;
  color: #fff; padding: 6px 8px; border-radius: 4px; }
.method.small { min-width: 0; padding: 2px 4px; font-size: 10px; }
.m-get { background: var(--get); } .m-post { background: var(--post); } .m-put { background: var(--put); }
.m-patch { background: var(--patch); } .m-delete { background: var(--delete); }
.badge { font-size: 11.5px; border: 1px solid var(--line); border-radius: 999px; padding: 1px 8px; color: var(--muted); white-space: nowrap; }
.badge.scope { font-family: ui-monospace, monospace; }
.badge.open { border-color: var(--ok); color: var(--ok); }
.badge.session { border-color: var(--client); color: var(--client); }
.status { font: 700 12.5px ui-monospace, monospace; padding: 2px 6px; border-radius: 4px; color: #fff; }
.s-ok { background: var(--ok); } .s-client { background: var(--client); } .s-server { background: var(--server); }
table.params { border-collapse: collapse; width: 100%; font-size: 14px; }
table.params th, table.params td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
table.params td p { margin: 0; }
.req { color: var(--server); font-size: 11.5px; margin-left: 6px; }
ul.props { list-style: none; margin: 4px 0; padding: 0 0 0 10px; border-left: 2px solid var(--line); }
ul.props > li { padding: 6px 0 6px 6px; border-bottom: 1px dashed var(--line); }
ul.props > li:last-child { border-bottom: 0; }
.prop-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.prop-name { font-weight: 600; }
.prop-type { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12.5px; }
.desc p { margin: 2px 0; }
details > summary { cursor: pointer; }
details.nested > summary, details.variant > summary { color: var(--accent); font-size: 13px; margin: 2px 0; }
.response { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
.response > summary { padding: 6px 10px; }
.response-body { padding: 0 12px 10px; }
ul.headers { margin: 4px 0; padding-left: 18px; font-size: 13.5px; }

/* ---- docs mode ---- */
.docs header.top { display: flex; justify-content: space-between; align-items: center; gap: 16px; flex-wrap: wrap;
  padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--soft); }
.docs .brand { display: flex; align-items: baseline; gap: 12px; }
.docs .version { color: var(--muted); font-size: 13px; }
.docs nav.links a { margin-left: 16px; }
.docs .toolbar { position: sticky; top: 0; z-index: 5; display: flex; gap: 16px; flex-wrap: wrap; align-items: center;
  justify-content: space-between; padding: 10px 24px; background: var(--bg); border-bottom: 1px solid var(--line); }
.docs .token-form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.docs .token-form label { font-weight: 600; }
.docs .token-form input { width: 280px; }
.docs .token-state { font-size: 13px; color: var(--muted); }
.docs .token-state.on { color: var(--ok); font-weight: 600; }
.docs .filter input { width: 300px; }
.docs .intro, .docs nav.tags, .docs main { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
.docs .intro { margin-top: 16px; }
.docs .intro > summary { font-weight: 600; }
.docs nav.tags { display: flex; flex-wrap: wrap; gap: 6px 16px; margin-top: 12px; font-size: 14px; }
.docs main { padding-bottom: 80px; }
.docs details.op { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; background: var(--bg); scroll-margin-top: 72px; }
.docs section.tag { scroll-margin-top: 64px; }
.docs details.op > summary { display: flex; align-items: center; gap: 12px; padding: 8px 12px; list-style: none; flex-wrap: wrap; }
.docs details.op > summary::-webkit-details-marker { display: none; }
.docs details.op[open] > summary { border-bottom: 1px solid var(--line); background: var(--soft); border-radius: 8px 8px 0 0; }
.docs .op-get { border-left: 4px solid var(--get) !important; } .docs .op-post { border-left: 4px solid var(--post) !important; }
.docs .op-put { border-left: 4px solid var(--put) !important; } .docs .op-patch { border-left: 4px solid var(--patch) !important; }
.docs .op-delete { border-left: 4px solid var(--delete) !important; }
.docs .path { font-weight: 600; background: none; font-size: 14px; }
.docs .summary { color: var(--muted); flex: 1; min-width: 200px; }
.docs .badges { display: flex; gap: 6px; }
.docs .op-body { padding: 4px 16px 16px; }
.docs form.try { border: 1px dashed var(--line); border-radius: 8px; padding: 12px; background: var(--soft); }
.docs .field { display: grid; gap: 4px; margin-bottom: 10px; }
.docs .field label { font-weight: 600; font-size: 14px; }
.docs .field input { max-width: 480px; }
.docs .actions { display: flex; gap: 8px; margin: 6px 0; }
.docs .result { margin-top: 8px; }
.docs .status-line { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.docs .res-headers { margin: 6px 0; }

/* ---- redoc mode ---- */
.redoc .layout { display: grid; grid-template-columns: 260px 1fr; min-height: 100vh; }
.redoc nav.side { position: sticky; top: 0; height: 100vh; overflow: auto; background: var(--soft); border-right: 1px solid var(--line);
  padding: 16px 12px; font-size: 14px; }
.redoc .side-title { display: block; font-weight: 700; font-size: 16px; margin-bottom: 12px; color: var(--fg); text-decoration: none; }
.redoc .side-tag { display: block; font-weight: 600; margin: 12px 0 4px; color: var(--fg); text-decoration: none; text-transform: uppercase;
  font-size: 12px; letter-spacing: .05em; }
.redoc nav.side ul { list-style: none; margin: 0; padding: 0; }
.redoc nav.side li a { display: block; padding: 3px 6px; border-radius: 4px; color: var(--fg); text-decoration: none; }
.redoc nav.side li a:hover { background: var(--line); }
.redoc .content { min-width: 0; }
.redoc .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 44%); border-bottom: 1px solid var(--line); }
.redoc .col-doc { padding: 28px 32px; min-width: 0; }
.redoc .col-samples { background: var(--dark); color: var(--dark-fg); padding: 28px 24px; min-width: 0; }
.redoc .col-samples h3 { color: #9da7b3; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; margin: 14px 0 6px; }
.redoc .col-samples pre.code { background: #0b0f17; }
.redoc .tag-head h2 { margin-top: 0; font-size: 24px; }
.redoc .endpoint { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.redoc .endpoint .path { background: none; font-weight: 600; }
.redoc details.op { border-top: 1px solid var(--line); padding: 8px 0; }
.redoc details.op > summary { display: flex; gap: 10px; align-items: center; }
@media (max-width: 900px) {
  .redoc .layout { grid-template-columns: 1fr; }
  .redoc nav.side { position: static; height: auto; }
  .redoc .row { grid-template-columns: 1fr; }
}
`;

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * Renders the page for `mode`.
 * @returns the HTML and the `Content-Security-Policy` to send with it (the nonce allows only
 *          the inline style and script of this response; fetches go to this origin only)
 */
export function renderDocsPage(mode: DocsMode, specUrl = "/api/openapi.json"): { html: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  const title = mode === "redoc" ? "TripSage API reference" : "TripSage API docs";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title}</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body class="${mode}" data-mode="${mode}" data-spec="${escapeAttr(specUrl)}">
<a class="skip" href="#main">Skip to content</a>
<div id="app"><p class="muted" role="status">Loading the API description…</p>
<noscript><p>This page needs JavaScript. The raw document is at <a href="${escapeAttr(specUrl)}">${escapeAttr(specUrl)}</a>.</p></noscript></div>
<script nonce="${nonce}">${DOCS_CLIENT_JS}</script>
</body>
</html>`;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
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
