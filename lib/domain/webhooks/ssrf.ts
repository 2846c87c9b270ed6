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
 * Blocked ranges: everything ipaddr.js's `range()` does not call `unicast`, i.e. the IANA
 * IPv4 and IPv6 special-purpose registries (RFC 6890): "this network", RFC 1918 private,
 * CGNAT 100.64/10, loopback, link-local incl. the cloud metadata service 169.254.169.254,
 * documentation, benchmarking, the 6to4 relay, multicast, 240/4 and broadcast; IPv6
 * unspecified, loopback, unique-local, link-local, site-local, multicast, documentation,
 * discard, Teredo, local-use NAT64 and the other special blocks; plus ::/96 IPv4-compatible
 * (deprecated). Addresses embedding an IPv4 address are judged by that address:
 * ::ffff:0:0/96 IPv4-mapped (RFC 4291 §2.5.5.2), 64:ff9b::/96 NAT64 (RFC 6052), 2002::/16
 * 6to4 (RFC 3056).
 */
import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
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
// Parsing and the IANA special-purpose ranges come from ipaddr.js (`range()`); anything but
// plain `unicast` is refused, except the forms that embed an IPv4 address, which are judged
// by that address. The table below only names the ranges for the error message.

const V4_LABELS: Readonly<Record<string, string>> = {
  unspecified: "'this network' (RFC 1122)",
  broadcast: "broadcast (RFC 919)",
  multicast: "multicast (RFC 5771)",
  linkLocal: "link-local / cloud metadata (RFC 3927)",
  loopback: "loopback",
  carrierGradeNat: "shared address space / CGNAT (RFC 6598)",
  private: "private (RFC 1918)",
  reserved: "reserved: documentation, benchmarking, 6to4 relay or IETF use (RFC 5735, 5737, 2544, 7526)",
  as112: "AS112 DNS sink (RFC 7534)",
  amt: "AMT relay anycast (RFC 7450)",
};

const V6_LABELS: Readonly<Record<string, string>> = {
  unspecified: "unspecified address",
  linkLocal: "link-local",
  multicast: "multicast",
  loopback: "loopback",
  uniqueLocal: "unique-local (RFC 4193)",
  deprecatedSiteLocal: "site-local (RFC 3879)",
  discard: "discard-only (RFC 6666)",
  rfc6052: "local-use NAT64 (RFC 8215)",
  teredo: "Teredo (RFC 4380)",
  benchmarking: "benchmarking (RFC 5180)",
  amt: "AMT relay anycast (RFC 7450)",
  as112v6: "AS112 DNS sink (RFC 7534)",
  deprecatedOrchid: "ORCHID (RFC 4843)",
  orchid2: "ORCHIDv2 (RFC 7343)",
  droneRemoteIdProtocolEntityTags: "DRIP entity tags (RFC 9374)",
  segmentRouting: "segment routing SIDs (RFC 9602)",
  reserved: "reserved / documentation (RFC 3849, 9637)",
};

/** ::/96, the deprecated IPv4-compatible form (RFC 4291 §2.5.5.1), which ipaddr.js calls unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
/** 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052): the IPv4 address is the last 32 bits. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");

function classifyV4(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  return range === "unicast" ? null : (V4_LABELS[range] ?? `special-purpose (${range})`);
}

/** The IPv4 address in 16-bit groups `hi`, `lo` of an IPv6 address. */
const v4Of = (hi = 0, lo = 0) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

function classifyV6(ip: ipaddr.IPv6): string | null {
  const embedded = (v4: ipaddr.IPv4, how: string) => {
    const why = classifyV4(v4);
    return why ? `${how} ${why}` : null;
  };
  const p = ip.parts;
  const range = ip.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return embedded(v4Of(p[6], p[7]), "IPv4-mapped");
  if (range === "rfc6052" && ip.match(NAT64_WELL_KNOWN)) return embedded(v4Of(p[6], p[7]), "NAT64");
  if (range === "6to4") return embedded(v4Of(p[1], p[2]), "6to4");
  if (range === "unicast") return ip.match(IPV4_COMPATIBLE) ? "IPv4-compatible (deprecated)" : null;
  return V6_LABELS[range] ?? `special-purpose (${range})`;
}

/**
 * Why `ip` must not be a webhook target, or null when it is a public unicast address.
 * Ranges: the IANA IPv4 and IPv6 special-purpose registries as ipaddr.js encodes them.
 * @param ip an IPv4 (dotted quad only) or IPv6 literal (no brackets; a `%zone` suffix is ignored)
 * @returns a short human-readable reason such as `"private (RFC 1918)"`; anything that is not
 *          a valid IP literal is reported as `"not an IP address"`
 */
export function blockedAddressReason(ip: string): string | null {
  const bare = ip.split("%")[0] ?? "";
  const family = isIP(bare);
  if (family === 4) return classifyV4(ipaddr.IPv4.parse(bare));
  if (family === 6) return classifyV6(ipaddr.IPv6.parse(bare));
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
