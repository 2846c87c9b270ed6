/** ETag / If-Match for optimistic concurrency on versioned rows (RFC 9110 §13.1.1). */

export { assertVersion, etag } from "@/lib/platform/versions";

/**
 * The versions a write accepts, from `If-Match` (a list of strong ETags, RFC 9110
 * §13.1.1: the write proceeds when any of them is current; weak tags never match).
 * @returns undefined when the header is absent or `*` (unconditional), else the versions
 *          named (possibly none, which no row can match → 412)
 */
export function expectedVersion(req: Request): number[] | undefined {
  const h = req.headers.get("if-match")?.trim();
  if (!h || h === "*") return undefined;
  const versions: number[] = [];
  for (const tag of h.split(",")) {
    const m = /^"v(\d+)"$/.exec(tag.trim());
    if (m?.[1]) versions.push(Number(m[1]));
  }
  return versions;
}

/**
 * Whether a GET may answer 304 Not Modified: `If-None-Match` lists `tag` (weak comparison,
 * RFC 9110 §13.1.2: `W/"v3"` matches `"v3"`) or is `*`.
 * @param tag the current representation's ETag, e.g. `"v3"`
 */
export function notModified(req: Request, tag: string): boolean {
  const h = req.headers.get("if-none-match");
  if (!h) return false;
  const bare = tag.replace(/^W\//, "");
  for (const t of h.split(",")) {
    const v = t.trim();
    if (v === "*" || v.replace(/^W\//, "") === bare) return true;
  }
  return false;
}

/** Largest version a row can hold (an `integer` column). */
const MAX_VERSION = 2_147_483_647;

/**
 * The row versions `If-None-Match` names, for a versioned representation whose ETag is
 * `etag(version)`: exactly the versions for which {@link notModified} would say yes (weak
 * `W/"v3"` matches `"v3"`; `"v03"` or a tag of another form matches none).
 * @returns `"*"` when the header lists `*` (any current version matches); an empty list
 *          when the header is absent or names no version
 */
export function noneMatchVersions(req: Request): number[] | "*" {
  const h = req.headers.get("if-none-match");
  if (!h) return [];
  const versions: number[] = [];
  for (const t of h.split(",")) {
    const v = t.trim();
    if (v === "*") return "*";
    const m = /^(?:W\/)?"v(0|[1-9]\d{0,9})"$/.exec(v);
    const n = m?.[1] ? Number(m[1]) : Number.NaN;
    if (n <= MAX_VERSION) versions.push(n);
  }
  return versions;
}

/** A 304 Not Modified carrying `tag` as its ETag (no body, RFC 9110 §15.4.5). */
export function notModifiedResponse(tag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: tag } });
}
