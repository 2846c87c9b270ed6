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

/** A 304 Not Modified carrying `tag` as its ETag (no body, RFC 9110 §15.4.5). */
export function notModifiedResponse(tag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: tag } });
}
