/**
 * The browser script of `/api/docs` and `/api/redoc`: fetches `/api/openapi.json` and renders
 * it with DOM APIs only (no innerHTML of document text, no external assets, works offline).
 *
 * Kept as plain ES2017 source in a `String.raw` template, so it must not contain backticks
 * or dollar-brace sequences; it is inlined into the page with a CSP nonce (./docs-page.ts).
 *
 * Modes (`<body data-mode>`):
 * - `docs`:  operations grouped by tag, each expandable, with a "Try it" form (bearer token
 *            set once, kept in sessionStorage for the tab) that sends the request with fetch
 *            and shows status, headers and body (server-sent events are streamed).
 * - `redoc`: read-only three-panel reference (navigation, description, request/response samples).
 */
export const DOCS_CLIENT_JS = String.raw`
(function () {
  "use strict";
  var body = document.body;
  var MODE = body.getAttribute("data-mode") || "docs";
  var SPEC_URL = body.getAttribute("data-spec") || "/api/openapi.json";
  var TOKEN_KEY = "tripsage-docs-token";
  var METHODS = ["get", "post", "put", "patch", "delete"];
  var spec = null;
  var root = document.getElementById("app");

  // ---- DOM helpers ------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    append(node, children);
    return node;
  }
  function append(node, children) {
    if (children === undefined || children === null) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === undefined || c === null || c === false) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function slug(s) { return String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""); }

  // Minimal Markdown: paragraphs, **bold**, inline code, [links](http… or /…).
  function md(text) {
    var frag = document.createDocumentFragment();
    if (!text) return frag;
    String(text).split(/\n\s*\n/).forEach(function (para) {
      var p = el("p");
      inline(p, para.replace(/\n/g, " "));
      frag.appendChild(p);
    });
    return frag;
  }
  function inline(node, s) {
    var re = /(\*\*[^*]+\*\*|\x60[^\x60]+\x60|\[[^\]]+\]\((?:https?:\/\/|\/)[^)\s]*\)|https?:\/\/[^\s)]+)/g;
    var last = 0, m;
    while ((m = re.exec(s))) {
      if (m.index > last) node.appendChild(document.createTextNode(s.slice(last, m.index)));
      var t = m[0];
      if (t.slice(0, 2) === "**") node.appendChild(el("strong", { text: t.slice(2, -2) }));
      else if (t.charAt(0) === "\x60") node.appendChild(el("code", { text: t.slice(1, -1) }));
      else if (t.charAt(0) === "[") {
        var mm = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(t);
        node.appendChild(el("a", { href: mm[2], text: mm[1] }));
      } else node.appendChild(el("a", { href: t, text: t, rel: "noreferrer" }));
      last = m.index + t.length;
    }
    if (last < s.length) node.appendChild(document.createTextNode(s.slice(last)));
    return node;
  }

  // ---- spec helpers -----------------------------------------------------------------------
  function lookup(ref) {
    if (typeof ref !== "string" || ref.slice(0, 2) !== "#/") return undefined;
    return ref.slice(2).split("/").reduce(function (cur, part) {
      return cur == null ? undefined : cur[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }, spec);
  }
  function deref(o) {
    var guard = 0;
    while (o && o.$ref && guard++ < 20) o = lookup(o.$ref);
    return o || {};
  }
  function refName(o) { return o && o.$ref ? o.$ref.split("/").pop() : null; }
  function operations() {
    var out = [];
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      METHODS.forEach(function (m) {
        if (item[m]) out.push({ path: path, method: m, op: item[m], params: (item.parameters || []).concat(item[m].parameters || []).map(deref) });
      });
    });
    return out;
  }
  function byTag(ops) {
    var groups = [];
    var index = {};
    (spec.tags || []).forEach(function (t) { index[t.name] = groups.length; groups.push({ tag: t, ops: [] }); });
    ops.forEach(function (o) {
      var name = (o.op.tags && o.op.tags[0]) || "Other";
      if (index[name] === undefined) { index[name] = groups.length; groups.push({ tag: { name: name }, ops: [] }); }
      groups[index[name]].ops.push(o);
    });
    return groups.filter(function (g) { return g.ops.length; });
  }
  function jsonMedia(content) {
    if (!content) return null;
    if (content["application/json"]) return { type: "application/json", media: content["application/json"] };
    var k = Object.keys(content)[0];
    return k ? { type: k, media: content[k] } : null;
  }
  function successStatus(op) {
    return Object.keys(op.responses || {}).filter(function (s) { return /^2/.test(s); })[0];
  }

  // ---- schemas ----------------------------------------------------------------------------
  function typeLabel(s) {
    if (!s) return "any";
    var name = refName(s);
    if (name) return name;
    if (s.anyOf || s.oneOf) {
      return (s.anyOf || s.oneOf).map(typeLabel).join(" | ");
    }
    if (s.allOf) return s.allOf.map(typeLabel).join(" & ");
    var t = Array.isArray(s.type) ? s.type.join(" | ") : s.type;
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.enum) return s.enum.map(function (v) { return JSON.stringify(v); }).join(" | ");
    if (t === "array" || (Array.isArray(s.type) && s.type.indexOf("array") >= 0)) return "array<" + typeLabel(s.items) + ">";
    if (t && s.format) return t + " <" + s.format + ">";
    if (!t && s.properties) return "object";
    if (t === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
      return "map<string, " + typeLabel(s.additionalProperties) + ">";
    }
    return t || "any";
  }
  function constraints(s) {
    var out = [];
    var keys = [["minLength", "min length"], ["maxLength", "max length"], ["minimum", "≥"], ["maximum", "≤"],
      ["exclusiveMinimum", ">"], ["exclusiveMaximum", "<"], ["minItems", "min items"], ["maxItems", "max items"],
      ["pattern", "pattern"], ["default", "default"]];
    keys.forEach(function (k) {
      if (s[k[0]] !== undefined) out.push(k[1] + " " + (typeof s[k[0]] === "string" && k[0] !== "pattern" ? s[k[0]] : JSON.stringify(s[k[0]])));
    });
    return out;
  }
  function hasChildren(s) {
    s = deref(s);
    if (s.properties) return true;
    if (s.items) return hasChildren(s.items);
    if (s.anyOf || s.oneOf || s.allOf) return (s.anyOf || s.oneOf || s.allOf).some(hasChildren);
    if (s.additionalProperties && typeof s.additionalProperties === "object") return hasChildren(s.additionalProperties);
    return false;
  }
  // Renders a schema as a nested property list; refs deeper than depth 0 start collapsed.
  function schemaView(schema, depth, seen) {
    seen = seen || [];
    depth = depth || 0;
    var name = refName(schema);
    if (name && seen.indexOf(name) >= 0) return el("p", { class: "muted", text: "↻ " + name + " (recursive)" });
    var nextSeen = name ? seen.concat([name]) : seen;
    var s = deref(schema);
    var box = el("div", { class: "schema" });
    if (s.description && depth === 0) box.appendChild(el("div", { class: "desc" }, md(s.description)));
    if (s.anyOf || s.oneOf) {
      var variants = s.anyOf || s.oneOf;
      var disc = s.discriminator && s.discriminator.propertyName;
      box.appendChild(el("p", { class: "muted", text: (s.oneOf ? "One of" : "Any of") + " " + variants.length + " variants" + (disc ? " (by " + disc + ")" : "") + ":" }));
      variants.forEach(function (v, i) {
        var vs = deref(v);
        var label = refName(v) || (disc && vs.properties && vs.properties[disc] && (vs.properties[disc].enum || [vs.properties[disc].const])[0]) || typeLabel(v);
        if (!hasChildren(v)) { box.appendChild(el("div", { class: "variant" }, [el("code", { text: String(label) })])); return; }
        box.appendChild(el("details", { class: "variant", open: depth === 0 && i === 0 ? true : null }, [
          el("summary", null, [el("code", { text: String(label) })]),
          schemaView(v, depth + 1, nextSeen),
        ]));
      });
      return box;
    }
    if (s.allOf) {
      s.allOf.forEach(function (part) { box.appendChild(schemaView(part, depth + 1, nextSeen)); });
      return box;
    }
    if (s.items && !s.properties) {
      box.appendChild(el("p", { class: "muted" }, ["Array of ", el("code", { text: typeLabel(s.items) })]));
      if (hasChildren(s.items)) box.appendChild(schemaView(s.items, depth + 1, nextSeen));
      return box;
    }
    if (!s.properties) {
      if (s.additionalProperties && typeof s.additionalProperties === "object" && hasChildren(s.additionalProperties)) {
        box.appendChild(el("p", { class: "muted" }, ["Map of string to ", el("code", { text: typeLabel(s.additionalProperties) })]));
        box.appendChild(schemaView(s.additionalProperties, depth + 1, nextSeen));
        return box;
      }
      box.appendChild(el("p", null, [el("code", { text: typeLabel(schema) })].concat(constraints(s).length ? [" ", el("span", { class: "muted", text: constraints(s).join(", ") })] : [])));
      return box;
    }
    var req = s.required || [];
    var list = el("ul", { class: "props" });
    Object.keys(s.properties).forEach(function (prop) {
      var ps = s.properties[prop];
      var pd = deref(ps);
      var head = el("div", { class: "prop-head" }, [
        el("code", { class: "prop-name", text: prop }),
        el("span", { class: "prop-type", text: typeLabel(ps) }),
        req.indexOf(prop) >= 0 ? el("span", { class: "req", text: "required" }) : null,
      ]);
      var item = el("li", null, [head]);
      var c = constraints(pd);
      if (c.length) item.appendChild(el("div", { class: "muted small", text: c.join(" · ") }));
      var d = ps.description || pd.description;
      if (d) item.appendChild(el("div", { class: "desc" }, md(d)));
      if (hasChildren(ps)) {
        item.appendChild(el("details", { class: "nested", open: depth < 1 && !refName(ps) ? true : null }, [
          el("summary", { text: "Show fields of " + typeLabel(ps) }),
          schemaView(ps, depth + 1, nextSeen),
        ]));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    if (s.additionalProperties === false) box.appendChild(el("p", { class: "muted small", text: "No other properties allowed." }));
    return box;
  }
  // An example value for a schema: explicit examples first, then defaults, enums, formats.
  function exampleOf(schema, depth, requiredOnly) {
    depth = depth || 0;
    if (depth > 8) return null;
    var s = deref(schema);
    if (s.example !== undefined) return s.example;
    if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
    if (s.default !== undefined) return s.default;
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    if (s.anyOf || s.oneOf) {
      var vs = (s.anyOf || s.oneOf).filter(function (v) { return deref(v).type !== "null"; });
      return vs.length ? exampleOf(vs[0], depth + 1, requiredOnly) : null;
    }
    if (s.allOf) {
      return s.allOf.reduce(function (acc, part) {
        var v = exampleOf(part, depth + 1, requiredOnly);
        return v && typeof v === "object" && !Array.isArray(v) ? Object.assign(acc, v) : acc;
      }, {});
    }
    var t = Array.isArray(s.type) ? s.type.filter(function (x) { return x !== "null"; })[0] : s.type;
    if (s.properties || t === "object") {
      var out = {};
      var req = s.required || [];
      Object.keys(s.properties || {}).forEach(function (k) {
        if (requiredOnly && req.indexOf(k) < 0) return;
        out[k] = exampleOf(s.properties[k], depth + 1, requiredOnly);
      });
      return out;
    }
    if (t === "array") return s.items ? [exampleOf(s.items, depth + 1, requiredOnly)] : [];
    if (t === "integer" || t === "number") {
      var lo = s.minimum !== undefined ? s.minimum : s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined;
      var hi = s.maximum !== undefined ? s.maximum : s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : undefined;
      if (lo !== undefined && lo > 1) return lo;
      if (hi !== undefined && hi < 1) return hi;
      return lo !== undefined && lo > 0 ? lo : 1;
    }
    if (t === "boolean") return true;
    if (t === "null") return null;
    if (t === "string") {
      var f = { uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6", "date-time": "2025-01-15T10:30:00Z", date: "2025-04-01", email: "user@example.com", uri: "https://example.com", url: "https://example.com" };
      return f[s.format] || "string";
    }
    return null;
  }
  function requestExample(op) {
    var rb = deref(op.requestBody);
    var jm = rb && jsonMedia(rb.content);
    if (!jm) return undefined;
    if (jm.media.example !== undefined) return jm.media.example;
    return exampleOf(jm.media.schema, 0, true);
  }

  // ---- shared operation pieces ---------------------------------------------------------------
  function methodBadge(m) { return el("span", { class: "method m-" + m, text: m.toUpperCase() }); }
  function scopeBadges(op) {
    var out = [];
    var sec = op.security || spec.security || [];
    var anonymous = sec.some(function (r) { return Object.keys(r).length === 0; });
    if (!sec.length || anonymous) out.push(el("span", { class: "badge open", text: "public" }));
    else out.push(el("span", { class: "badge lock", title: "Needs authentication", text: "auth" }));
    if (op["x-required-scope"]) out.push(el("span", { class: "badge scope", title: "Required scope", text: op["x-required-scope"] }));
    if (op["x-session-only"]) out.push(el("span", { class: "badge session", title: "API keys are refused", text: "login only" }));
    return out;
  }
  function paramsTable(params) {
    if (!params.length) return null;
    var rows = params.map(function (p) {
      var s = p.schema || {};
      return el("tr", null, [
        el("td", null, [el("code", { text: p.name }), p.required ? el("span", { class: "req", text: "required" }) : null]),
        el("td", { text: p.in }),
        el("td", null, [el("code", { text: typeLabel(s) }), constraints(deref(s)).length ? el("div", { class: "muted small", text: constraints(deref(s)).join(" · ") }) : null]),
        el("td", null, md(p.description || deref(s).description || "")),
      ]);
    });
    return el("table", { class: "params" }, [
      el("thead", null, el("tr", null, [el("th", { scope: "col", text: "Name" }), el("th", { scope: "col", text: "In" }), el("th", { scope: "col", text: "Type" }), el("th", { scope: "col", text: "Description" })])),
      el("tbody", null, rows),
    ]);
  }
  function headersList(headers) {
    var names = Object.keys(headers || {});
    if (!names.length) return null;
    return el("ul", { class: "headers" }, names.map(function (h) {
      var d = deref(headers[h]);
      return el("li", null, [el("code", { text: h }), " ", inline(el("span", { class: "muted" }), d.description || "")]);
    }));
  }
  function responsesView(op, collapsed) {
    var wrap = el("div", { class: "responses" });
    Object.keys(op.responses || {}).forEach(function (status) {
      var r = deref(op.responses[status]);
      var jm = jsonMedia(r.content);
      var cls = /^2/.test(status) ? "ok" : /^4/.test(status) ? "client" : "server";
      var d = r.description || "";
      var cut = d.indexOf(". ");
      var head = cut >= 0 ? d.slice(0, cut) : d;
      var rest = cut >= 0 ? d.slice(cut + 2) : "";
      var inner = el("div", { class: "response-body" }, [
        rest ? el("div", { class: "desc" }, md(rest)) : null,
        headersList(r.headers),
        jm ? el("p", { class: "muted small" }, ["Content type ", el("code", { text: jm.type })]) : null,
        jm && jm.media.schema ? schemaView(jm.media.schema, 1) : null,
      ]);
      wrap.appendChild(el("details", { class: "response", open: !collapsed && cls === "ok" ? true : null }, [
        el("summary", null, [el("span", { class: "status s-" + cls, text: status }), " ", inline(el("span"), head)]),
        inner,
      ]));
    });
    return wrap;
  }
  function requestBodyView(op) {
    var rb = deref(op.requestBody);
    var jm = rb && jsonMedia(rb.content);
    if (!jm) return null;
    return el("div", null, [
      el("h4", { text: "Request body" + (rb.required ? " (required)" : "") }),
      el("p", { class: "muted small" }, ["Content type ", el("code", { text: jm.type }), refName(jm.media.schema) ? " · schema " : "", refName(jm.media.schema) ? el("code", { text: refName(jm.media.schema) }) : null]),
      schemaView(jm.media.schema, 0),
    ]);
  }
  function curlFor(o, token) {
    var url = location.origin + o.path;
    var parts = ["curl -X " + o.method.toUpperCase() + " '" + url + "'"];
    var sec = o.op.security || [];
    var anon = !sec.length || sec.some(function (r) { return Object.keys(r).length === 0; });
    if (!anon || token) parts.push("-H 'Authorization: Bearer " + (token ? "$TOKEN" : "$TOKEN") + "'");
    var ex = requestExample(o.op);
    if (ex !== undefined) {
      parts.push("-H 'Content-Type: application/json'");
      parts.push("-d '" + JSON.stringify(ex).replace(/'/g, "'\\''") + "'");
    }
    return parts.join(" \\\n  ");
  }
  function pre(text, cls) { return el("pre", { class: cls || "code", tabindex: "0" }, el("code", { text: text })); }

  // ---- token bar -----------------------------------------------------------------------------
  function getToken() { try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; } }
  function setToken(t) {
    try { if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage blocked */ }
    renderTokenState();
  }
  var tokenState = el("span", { class: "token-state", role: "status" });
  function renderTokenState() {
    var t = getToken();
    tokenState.textContent = t ? (t.indexOf("ts_live_") === 0 ? "API key set" : "Bearer token set") + " (…" + t.slice(-6) + ")" : "No token: requests use your browser session, if any";
    tokenState.className = "token-state" + (t ? " on" : "");
  }
  function tokenBar() {
    var input = el("input", { id: "token", type: "password", autocomplete: "off", spellcheck: "false", placeholder: "eyJhbGciOi… or ts_live_…" });
    var form = el("form", { class: "token-form", onsubmit: function (e) { e.preventDefault(); setToken(input.value.trim()); input.value = ""; } }, [
      el("label", { for: "token", text: "Bearer token" }),
      input,
      el("button", { type: "submit", text: "Set" }),
      el("button", { type: "button", class: "secondary", text: "Clear", onclick: function () { setToken(""); } }),
      tokenState,
    ]);
    renderTokenState();
    return form;
  }

  // ---- Try it -------------------------------------------------------------------------------
  function tryIt(o) {
    var id = o.op.operationId || slug(o.method + o.path);
    var fields = [];
    var form = el("form", { class: "try", "aria-label": "Try " + o.method.toUpperCase() + " " + o.path });
    o.params.forEach(function (p) {
      if (p.in === "cookie") return;
      var fid = id + "-p-" + slug(p.name);
      var s = deref(p.schema);
      var input = el("input", { id: fid, name: p.name, required: p.required ? true : null, placeholder: s.default !== undefined ? String(s.default) : (s.enum ? s.enum.join(" | ") : typeLabel(p.schema)), autocomplete: "off", spellcheck: "false" });
      fields.push({ p: p, input: input });
      form.appendChild(el("div", { class: "field" }, [
        el("label", { for: fid }, [p.name, " ", el("span", { class: "muted small", text: "(" + p.in + (p.required ? ", required" : "") + ")" })]),
        input,
      ]));
    });
    var ex = requestExample(o.op);
    var textarea = null;
    if (ex !== undefined) {
      var tid = id + "-body";
      textarea = el("textarea", { id: tid, rows: String(Math.min(16, JSON.stringify(ex, null, 2).split("\n").length + 1)), spellcheck: "false" });
      textarea.value = JSON.stringify(ex, null, 2);
      form.appendChild(el("div", { class: "field" }, [el("label", { for: tid, text: "JSON body" }), textarea]));
    }
    var out = el("div", { class: "result", "aria-live": "polite" });
    var stopBtn = el("button", { type: "button", class: "secondary", text: "Stop", hidden: true });
    var sendBtn = el("button", { type: "submit", text: "Send request" });
    form.appendChild(el("div", { class: "actions" }, [sendBtn, stopBtn]));
    form.appendChild(out);
    var controller = null;
    stopBtn.addEventListener("click", function () { if (controller) controller.abort(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var url = o.path;
      var query = new URLSearchParams();
      var headers = { Accept: "application/json, text/event-stream;q=0.9, */*;q=0.5" };
      var missing = [];
      fields.forEach(function (f) {
        var v = f.input.value.trim();
        if (!v) { if (f.p.required) missing.push(f.p.name); return; }
        if (f.p.in === "path") url = url.replace("{" + f.p.name + "}", encodeURIComponent(v));
        else if (f.p.in === "query") query.append(f.p.name, v);
        else if (f.p.in === "header") headers[f.p.name] = v;
      });
      clear(out);
      if (missing.length) { out.appendChild(el("p", { class: "error", text: "Fill in: " + missing.join(", ") })); return; }
      var init = { method: o.method.toUpperCase(), headers: headers };
      if (textarea) {
        try { JSON.parse(textarea.value); } catch (err) {
          out.appendChild(el("p", { class: "error", text: "The body is not valid JSON (sent anyway, expect 400): " + err.message }));
        }
        init.body = textarea.value;
        headers["Content-Type"] = "application/json";
      }
      var token = getToken();
      if (token) { headers.Authorization = "Bearer " + token; init.credentials = "omit"; }
      else init.credentials = "same-origin";
      var qs = query.toString();
      var full = url + (qs ? "?" + qs : "");
      controller = new AbortController();
      init.signal = controller.signal;
      var started = performance.now();
      sendBtn.disabled = true;
      out.appendChild(el("p", { class: "muted", text: init.method + " " + full + " …" }));
      fetch(full, init).then(function (res) {
        var ms = Math.round(performance.now() - started);
        clear(out);
        out.appendChild(el("p", { class: "status-line" }, [
          el("span", { class: "status s-" + (res.ok ? "ok" : res.status < 500 ? "client" : "server"), text: String(res.status) }),
          " " + (res.statusText || "") + " · " + ms + " ms · ",
          el("code", { text: init.method + " " + full }),
        ]));
        var hl = [];
        res.headers.forEach(function (v, k) { hl.push(k + ": " + v); });
        out.appendChild(el("details", { class: "res-headers" }, [el("summary", { text: "Response headers (" + hl.length + ")" }), pre(hl.join("\n"))]));
        var ct = res.headers.get("content-type") || "";
        if (ct.indexOf("text/event-stream") >= 0 && res.body) {
          var stream = el("code", { text: "" });
          out.appendChild(el("pre", { class: "code", tabindex: "0" }, stream));
          stopBtn.hidden = false;
          var reader = res.body.getReader();
          var dec = new TextDecoder();
          var pump = function () {
            return reader.read().then(function (chunk) {
              if (chunk.done) return;
              stream.textContent += dec.decode(chunk.value, { stream: true });
              if (stream.textContent.length > 200000) { controller.abort(); return; }
              return pump();
            });
          };
          return pump().catch(function () { /* stopped */ }).then(function () { stopBtn.hidden = true; });
        }
        return res.text().then(function (text) {
          if (!text) { out.appendChild(el("p", { class: "muted", text: "(empty body)" })); return; }
          var data = null;
          try { data = JSON.parse(text); } catch (err) { /* not JSON */ }
          out.appendChild(pre(data !== null ? JSON.stringify(data, null, 2) : text));
          var tokenField = data && (data.access_token || data.key);
          if (typeof tokenField === "string" && (data.access_token || tokenField.indexOf("ts_live_") === 0)) {
            out.appendChild(el("button", { type: "button", class: "secondary", text: data.access_token ? "Use this access_token for all requests" : "Use this API key for all requests", onclick: function () { setToken(tokenField); } }));
          }
        });
      }).catch(function (err) {
        clear(out);
        out.appendChild(el("p", { class: "error", text: err.name === "AbortError" ? "Stopped." : "Request failed: " + err.message }));
      }).then(function () { sendBtn.disabled = false; stopBtn.hidden = true; controller = null; });
    });
    return form;
  }

  // ---- docs mode ----------------------------------------------------------------------------
  function renderDocs() {
    var ops = operations();
    var groups = byTag(ops);
    var filter = el("input", { id: "filter", type: "search", placeholder: "Filter by path, summary or scope", autocomplete: "off" });
    var main = el("main", { id: "main" });
    var sections = [];
    groups.forEach(function (g) {
      var sec = el("section", { class: "tag", id: "tag-" + slug(g.tag.name), "aria-labelledby": "h-" + slug(g.tag.name) }, [
        el("h2", { id: "h-" + slug(g.tag.name), text: g.tag.name }),
        g.tag.description ? el("div", { class: "desc" }, md(g.tag.description)) : null,
      ]);
      g.ops.forEach(function (o) {
        var id = o.op.operationId || slug(o.method + o.path);
        var bodyBox = el("div", { class: "op-body" });
        var built = false;
        var det = el("details", { class: "op op-" + o.method, id: id }, [
          el("summary", null, [methodBadge(o.method), el("code", { class: "path", text: o.path }), inline(el("span", { class: "summary" }), o.op.summary || ""), el("span", { class: "badges" }, scopeBadges(o.op))]),
          bodyBox,
        ]);
        det.addEventListener("toggle", function () {
          if (!det.open || built) return;
          built = true;
          append(bodyBox, [
            el("div", { class: "desc" }, md(o.op.description || "")),
            o.params.length ? el("h4", { text: "Parameters" }) : null,
            paramsTable(o.params),
            requestBodyView(o.op),
            el("h4", { text: "Responses" }),
            responsesView(o.op, false),
            el("h4", { text: "Try it" }),
            tryIt(o),
          ]);
        });
        det.setAttribute("data-search", (o.method + " " + o.path + " " + (o.op.summary || "") + " " + (o.op["x-required-scope"] || "")).toLowerCase());
        sec.appendChild(det);
      });
      sections.push(sec);
      main.appendChild(sec);
    });
    var hooks = webhooksSection(false);
    var schemas = schemasSection();
    sections.push(hooks, schemas);
    main.appendChild(hooks);
    main.appendChild(schemas);
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      sections.forEach(function (sec) {
        var any = false;
        Array.prototype.forEach.call(sec.querySelectorAll("details.op"), function (d) {
          var hit = !q || (d.getAttribute("data-search") || "").indexOf(q) >= 0;
          d.hidden = !hit;
          if (hit) any = true;
        });
        sec.hidden = !any;
      });
    });
    var info = spec.info || {};
    append(clear(root), [
      el("header", { class: "top" }, [
        el("div", { class: "brand" }, [el("h1", { text: (info.title || "API") + " " }), el("span", { class: "version", text: "v" + (info.version || "") + " · OpenAPI " + spec.openapi })]),
        el("nav", { class: "links", "aria-label": "Other formats" }, [el("a", { href: SPEC_URL, text: "openapi.json" }), el("a", { href: "/api/redoc", text: "Reference view" })]),
      ]),
      el("div", { class: "toolbar" }, [tokenBar(), el("div", { class: "filter" }, [el("label", { for: "filter", class: "sr-only", text: "Filter operations" }), filter])]),
      el("details", { class: "intro" }, [el("summary", { text: "About this API: authentication, rate limits, errors" }), el("div", { class: "desc" }, md(info.description || ""))]),
      el("nav", { class: "tags", "aria-label": "Sections" }, groups.map(function (g) { return el("a", { href: "#tag-" + slug(g.tag.name), text: g.tag.name }); })),
      main,
    ]);
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
    }
  }
  function webhooksSection(redoc) {
    var hooks = spec.webhooks || {};
    var names = Object.keys(hooks);
    var sec = el("section", { class: "tag", id: "webhooks", "aria-labelledby": "h-webhooks" }, [
      el("h2", { id: "h-webhooks", text: "Webhook events" }),
      el("p", { class: "desc", text: "Requests TripSage sends to your registered webhook URL." }),
    ]);
    names.forEach(function (name) {
      var op = hooks[name].post;
      if (!op) return;
      var rb = deref(op.requestBody);
      var jm = rb && jsonMedia(rb.content);
      var content = el("div", { class: "op-body" }, [
        el("div", { class: "desc" }, md(op.description || "")),
        paramsTable((op.parameters || []).map(deref)),
        jm ? el("h4", { text: "Payload" }) : null,
        jm ? schemaView(jm.media.schema, 0) : null,
        redoc ? null : el("h4", { text: "Example" }),
        redoc || !jm ? null : pre(JSON.stringify(exampleOf(jm.media.schema), null, 2)),
      ]);
      sec.appendChild(el("details", { class: "op op-post", id: "webhook-" + slug(name), "data-search": ("webhook " + name + " " + (op.summary || "")).toLowerCase() }, [
        el("summary", null, [methodBadge("post"), el("code", { class: "path", text: name }), inline(el("span", { class: "summary" }), op.summary || "")]),
        content,
      ]));
    });
    return sec;
  }
  function schemasSection() {
    var schemas = (spec.components && spec.components.schemas) || {};
    var sec = el("section", { class: "tag", id: "schemas", "aria-labelledby": "h-schemas" }, [el("h2", { id: "h-schemas", text: "Schemas" })]);
    Object.keys(schemas).sort().forEach(function (name) {
      var box = el("div", { class: "op-body" });
      var det = el("details", { class: "op schema-entry", id: "schema-" + name, "data-search": ("schema " + name).toLowerCase() }, [el("summary", null, [el("code", { class: "path", text: name }), el("span", { class: "summary", text: typeLabel(schemas[name]) === "object" ? "" : typeLabel(schemas[name]) })]), box]);
      det.addEventListener("toggle", function () { if (det.open && !box.firstChild) box.appendChild(schemaView({ $ref: "#/components/schemas/" + name }, 0)); });
      sec.appendChild(det);
    });
    return sec;
  }

  // ---- redoc mode ---------------------------------------------------------------------------
  function renderRedoc() {
    var groups = byTag(operations());
    var info = spec.info || {};
    var nav = el("nav", { class: "side", "aria-label": "Operations" }, [
      el("a", { class: "side-title", href: "#intro", text: info.title || "API" }),
    ]);
    var content = el("main", { class: "content", id: "main" });
    content.appendChild(el("section", { class: "row intro", id: "intro" }, [
      el("div", { class: "col-doc" }, [
        el("h1", { text: info.title || "API" }),
        el("p", { class: "muted" }, ["Version " + (info.version || "") + " · OpenAPI " + spec.openapi + " · ", el("a", { href: SPEC_URL, text: "Download openapi.json" }), " · ", el("a", { href: "/api/docs", text: "Interactive docs" })]),
        el("div", { class: "desc" }, md(info.description || "")),
      ]),
      el("div", { class: "col-samples" }, [el("h3", { text: "Authentication" }), pre("Authorization: Bearer <access JWT or ts_live_ API key>", "code dark")]),
    ]));
    groups.forEach(function (g) {
      var tagId = "tag-" + slug(g.tag.name);
      var list = el("ul");
      nav.appendChild(el("div", { class: "side-group" }, [el("a", { class: "side-tag", href: "#" + tagId, text: g.tag.name }), list]));
      content.appendChild(el("section", { class: "row tag-head", id: tagId }, [
        el("div", { class: "col-doc" }, [el("h2", { text: g.tag.name }), g.tag.description ? el("div", { class: "desc" }, md(g.tag.description)) : null]),
        el("div", { class: "col-samples" }),
      ]));
      g.ops.forEach(function (o) {
        var id = o.op.operationId || slug(o.method + o.path);
        list.appendChild(el("li", null, inline(el("a", { href: "#" + id }, [el("span", { class: "method small m-" + o.method, text: o.method.toUpperCase() }), " "]), o.op.summary || o.path)));
        var status = successStatus(o.op);
        var ok = status && deref(o.op.responses[status]);
        var okMedia = ok && jsonMedia(ok.content);
        var reqEx = requestExample(o.op);
        var samples = el("div", { class: "col-samples" }, [
          el("h3", { text: "Request" }),
          pre(curlFor(o, ""), "code dark"),
          reqEx !== undefined ? el("h3", { text: "Request body" }) : null,
          reqEx !== undefined ? pre(JSON.stringify(reqEx, null, 2), "code dark") : null,
          status ? el("h3", { text: "Response " + status + (okMedia ? " · " + okMedia.type : "") }) : null,
          okMedia ? pre(okMedia.media.example !== undefined ? String(okMedia.media.example) : JSON.stringify(exampleOf(okMedia.media.schema), null, 2), "code dark") : status ? el("p", { class: "muted", text: "No body." }) : null,
        ]);
        content.appendChild(el("section", { class: "row op-row", id: id, "aria-labelledby": "h-" + id }, [
          el("div", { class: "col-doc" }, [
            inline(el("h3", { id: "h-" + id }), o.op.summary || o.path),
            el("p", { class: "endpoint" }, [methodBadge(o.method), el("code", { class: "path", text: o.path })].concat(scopeBadges(o.op))),
            el("div", { class: "desc" }, md(o.op.description || "")),
            o.params.length ? el("h4", { text: "Parameters" }) : null,
            paramsTable(o.params),
            requestBodyView(o.op),
            el("h4", { text: "Responses" }),
            responsesView(o.op, true),
          ]),
          samples,
        ]));
      });
    });
    var wh = webhooksSection(true);
    wh.className = "row webhooks";
    var whDoc = el("div", { class: "col-doc" });
    while (wh.firstChild) whDoc.appendChild(wh.firstChild);
    wh.appendChild(whDoc);
    wh.appendChild(el("div", { class: "col-samples" }));
    content.appendChild(wh);
    nav.appendChild(el("div", { class: "side-group" }, [el("a", { class: "side-tag", href: "#webhooks", text: "Webhook events" })]));
    append(clear(root), [el("div", { class: "layout" }, [nav, content])]);
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }

  // ---- boot -----------------------------------------------------------------------------------
  fetch(SPEC_URL, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status + " loading " + SPEC_URL);
      return res.json();
    })
    .then(function (doc) {
      spec = doc;
      if (MODE === "redoc") renderRedoc(); else renderDocs();
    })
    .catch(function (err) {
      append(clear(root), el("p", { class: "error", role: "alert", text: "Could not load the API description: " + err.message }));
    });
})();
`;
