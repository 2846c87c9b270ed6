/**
 * Server-side request forgery (SSRF) guard for webhook targets.
 *
 * A webhook URL is chosen by the user but fetched by our server, so it must not reach
 * loopback, private networks or cloud metadata endpoints. The check runs twice:
 *   1. at registration ({@link assertSafeWebhookUrl}) so a bad URL is refused with a 422, and
 *   2. at connect time ({@link guardedLookup}, used as the `lookup` of the outgoing request),
 *      so a hostname that later resolves elsewhere (DNS rebinding) is refused too: the
 *      socket connects only to an address this module has just approved.
 *
 * Blocked ranges (IANA special-purpose registries, RFC 6890):
 *   IPv4: 0/8 "this network" (RFC 1122), 10/8, 172.16/12, 192.168/16 (RFC 1918),
 *         100.64/10 shared/CGNAT (RFC 6598), 127/8 loopback, 169.254/16 link-local incl. the
 *         cloud metadata service 169.254.169.254 (RFC 3927), 192.0.0/24 (RFC 6890),
 *         192.0.2/24, 198.51.100/24, 203.0.113/24 documentation (RFC 5737), 192.88.99/24
 *         6to4 relay (RFC 7526), 198.18/15 benchmarking (RFC 2544), 224/4 multicast
 *         (RFC 5771), 240/4 reserved incl. 255.255.255.255 broadcast (RFC 1112).
 *   IPv6: ::/128 unspecified, ::1/128 loopback, ::/96 IPv4-compatible (deprecated),
 *         fc00::/7 unique-local (RFC 4193), fe80::/10 link-local, fec0::/10 site-local
 *         (RFC 3879), ff00::/8 multicast (RFC 4291), 2001:db8::/32 documentation (RFC 3849),
 *         100::/64 discard (RFC 6666), 2001::/32 Teredo (RFC 4380), 64:ff9b:1::/48 local
 *         NAT64 (RFC 8215); and addresses embedding an IPv4 address are judged by that
 *         address: ::ffff:0:0/96 IPv4-mapped (RFC 4291 §2.5.5.2), 64:ff9b::/96 NAT64
 *         (RFC 6052), 2002::/16 6to4 (RFC 3056).
 */
import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { fieldError } from "@/lib/platform/errors";
import { webhookAllowedHosts } from "./config";

/** One resolved address, as `dns.lookup(host, {all: true})` returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a hostname to all of its addresses. Injectable so tests can simulate DNS
 * (including rebinding); the default is {@link systemResolver}.
 */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** How long one DNS lookup may take before the target counts as unresolvable (ms). */
export const DNS_TIMEOUT_MS = 5_000;

/**
 * The operating system's resolver (`dns.lookup` with `all: true`, so `/etc/hosts` applies
 * as it would for a normal connection), bounded by {@link DNS_TIMEOUT_MS}.
 * @throws the `dns` error (e.g. `ENOTFOUND`), or an Error on timeout
 */
export const systemResolver: Resolver = async (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DNS lookup of ${hostname} timed out`)), DNS_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const addrs = await Promise.race([dns.lookup(hostname, { all: true, verbatim: true }), timeout]);
    return addrs.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

// ---- address classification ------------------------------------------------------------

type V4Range = readonly [base: string, bits: number, label: string];

const V4_BLOCKED: readonly V4Range[] = [
  ["0.0.0.0", 8, "'this network' (RFC 1122)"],
  ["10.0.0.0", 8, "private (RFC 1918)"],
  ["100.64.0.0", 10, "shared address space / CGNAT (RFC 6598)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local / cloud metadata (RFC 3927)"],
  ["172.16.0.0", 12, "private (RFC 1918)"],
  ["192.0.0.0", 24, "IETF protocol assignments (RFC 6890)"],
  ["192.0.2.0", 24, "documentation (RFC 5737)"],
  ["192.88.99.0", 24, "6to4 relay anycast (RFC 7526)"],
  ["192.168.0.0", 16, "private (RFC 1918)"],
  ["198.18.0.0", 15, "benchmarking (RFC 2544)"],
  ["198.51.100.0", 24, "documentation (RFC 5737)"],
  ["203.0.113.0", 24, "documentation (RFC 5737)"],
  ["224.0.0.0", 4, "multicast (RFC 5771)"],
  ["240.0.0.0", 4, "reserved / broadcast (RFC 1112)"],
];

function v4ToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const b = Number(p);
    if (b > 255) return null;
    n = n * 256 + b;
  }
  return n;
}

const V4_BLOCKED_INT = V4_BLOCKED.map(([base, bits, label]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { net: ((v4ToInt(base) ?? 0) & mask) >>> 0, mask, label };
});

function classifyV4Int(n: number): string | null {
  for (const r of V4_BLOCKED_INT) if ((n & r.mask) >>> 0 === r.net) return r.label;
  return null;
}

/** Parses an IPv6 literal (optionally with a `%zone` and an embedded dotted quad) to 8 groups. */
function parseV6(ip: string): number[] | null {
  let s = ip.split("%")[0] ?? "";
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = v4ToInt(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...head, ...Array<string>(fill).fill("0"), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => Number.parseInt(g, 16));
}

/** True when the first `bits` bits of `g` equal those of `prefix` (both 8 groups). */
function inV6Prefix(g: number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((g[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

const v4From = (hi: number, lo: number) => ((hi << 16) >>> 0) + lo;

function classifyV6(g: number[]): string | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = (n: number, how: string) => {
    const why = classifyV4Int(n);
    return why ? `${how} ${why}` : null;
  };
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return embedded(v4From(g6, g7), "IPv4-mapped");
    if (g5 === 0) {
      if (g6 === 0 && g7 === 0) return "unspecified address";
      if (g6 === 0 && g7 === 1) return "loopback";
      return "IPv4-compatible (deprecated)";
    }
  }
  if (inV6Prefix(g, [0x64, 0xff9b, 0, 0, 0, 0], 96)) return embedded(v4From(g6, g7), "NAT64");
  if (inV6Prefix(g, [0x64, 0xff9b, 1], 48)) return "local-use NAT64 (RFC 8215)";
  if (inV6Prefix(g, [0x2002], 16)) return embedded(v4From(g1, g2), "6to4");
  if (inV6Prefix(g, [0x0100, 0, 0, 0], 64)) return "discard-only (RFC 6666)";
  if (inV6Prefix(g, [0x2001, 0x0db8], 32)) return "documentation (RFC 3849)";
  if (inV6Prefix(g, [0x2001, 0], 32)) return "Teredo (RFC 4380)";
  if (inV6Prefix(g, [0xfc00], 7)) return "unique-local (RFC 4193)";
  if (inV6Prefix(g, [0xfe80], 10)) return "link-local";
  if (inV6Prefix(g, [0xfec0], 10)) return "site-local (RFC 3879)";
  if (inV6Prefix(g, [0xff00], 8)) return "multicast";
  return null;
}

/**
 * Why `ip` must not be a webhook target, or null when it is a public unicast address.
 * @param ip an IPv4 or IPv6 literal (no brackets; a `%zone` suffix is ignored)
 * @returns a short human-readable reason such as `"private (RFC 1918)"`; anything that is not
 *          a valid IP literal is reported as `"not an IP address"`
 */
export function blockedAddressReason(ip: string): string | null {
  const family = isIP(ip.split("%")[0] ?? "");
  if (family === 4) {
    const n = v4ToInt(ip);
    return n === null ? "not an IP address" : classifyV4Int(n);
  }
  if (family === 6) {
    const g = parseV6(ip);
    return g ? classifyV6(g) : "not an IP address";
  }
  return "not an IP address";
}

// ---- URL and connect-time checks ----------------------------------------------------------

/** Thrown when a target is refused; `message` is safe to show to the webhook's owner. */
export class BlockedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedTargetError";
  }
}

/** Options shared by the registration and connect-time checks. */
export interface GuardOptions {
  /** DNS resolver; defaults to {@link systemResolver}. */
  resolve?: Resolver;
  /** Exempt hosts/addresses; defaults to `WEBHOOK_ALLOWED_HOSTS` ({@link webhookAllowedHosts}). */
  allowedHosts?: readonly string[];
}

/** The URL's hostname without IPv6 brackets, lower-cased. */
export function urlHostname(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}

/**
 * Resolves `hostname` (unless it is an IP literal) and checks every address.
 * Every address must pass, not just one: a resolver answering with one public and one
 * private address must not get a connection to the private one.
 * @returns the approved addresses (all of them, in resolver order)
 * @throws BlockedTargetError when the host resolves to nothing, fails to resolve, or any
 *         address is blocked and neither the hostname nor that address is allow-listed
 */
export async function resolveAllowed(hostname: string, opts: GuardOptions = {}): Promise<ResolvedAddress[]> {
  const allowed = opts.allowedHosts ?? webhookAllowedHosts();
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const family = isIP(host);
  let addrs: ResolvedAddress[];
  if (family) addrs = [{ address: host, family: family as 4 | 6 }];
  else {
    try {
      addrs = await (opts.resolve ?? systemResolver)(host);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new BlockedTargetError(`Host '${host}' could not be resolved${code ? ` (${code})` : ""}`);
    }
    if (addrs.length === 0) throw new BlockedTargetError(`Host '${host}' could not be resolved`);
  }
  if (allowed.includes(host)) return addrs;
  for (const a of addrs) {
    if (allowed.includes(a.address.toLowerCase())) continue;
    const why = blockedAddressReason(a.address);
    if (why) {
      const via = family ? "" : ` (resolves to ${a.address})`;
      throw new BlockedTargetError(`Host '${host}'${via} cannot receive webhooks: ${why} address`);
    }
  }
  return addrs;
}

/**
 * Registration-time check of a webhook URL: absolute `http:`/`https:` URL whose host
 * resolves only to public addresses (or is allow-listed, see {@link webhookAllowedHosts}).
 * Any port is accepted; redirects are never followed at delivery time.
 * @throws ApiError VALIDATION_ERROR (422) with `errors[{field:"url"}]`
 */
export async function assertSafeWebhookUrl(raw: string, opts: GuardOptions = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fieldError("url", "Must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw fieldError("url", "Must be an absolute http(s) URL");
  }
  try {
    await resolveAllowed(urlHostname(url), opts);
  } catch (err) {
    if (err instanceof BlockedTargetError) throw fieldError("url", err.message, "value_error.url.blocked");
    throw err;
  }
  return url;
}

/** Node's `lookup` callback signature (as used by `net.connect`/`http.request`). */
type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` function for `http.request`/`https.request`/`net.connect` that resolves through
 * {@link resolveAllowed}, so the socket can only connect to an approved address (this is what
 * defeats DNS rebinding: the address checked is the address used). Honours
 * `options.all` (used by Node's happy-eyeballs `autoSelectFamily`) and `options.family`.
 * Note Node skips `lookup` for IP-literal hosts: check those with {@link resolveAllowed}
 * before connecting.
 * The callback receives a {@link BlockedTargetError} when the target is refused.
 */
export function guardedLookup(opts: GuardOptions = {}) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolveAllowed(hostname, opts).then(
      (addrs) => {
        const fam = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = fam ? addrs.filter((a) => a.family === fam) : addrs;
        const first = usable[0];
        if (!first) {
          const err: NodeJS.ErrnoException = new Error(`No IPv${fam} address for ${hostname}`);
          err.code = "ENOTFOUND";
          callback(err, "");
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ""),
    );
  };
}
