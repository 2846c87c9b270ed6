/**
 * The client's socket address, handed from the custom server (lib/server/main.ts) to route
 * handlers. A route handler only sees a `Request`, which carries no socket; so the server
 * writes the peer address into the `x-tripsage-peer` request header after deleting any
 * value the client sent. A client cannot forge it: whatever it sends under that name is
 * dropped before Next sees the request.
 *
 * The server also marks the process (`globalThis`, shared with the Next bundle), and
 * {@link peerAddress} trusts the header only when that mark is present, so a process that
 * does not run this server (a bare `next start`, in-process tests) never reads a header a
 * client could have written.
 */
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";

/** Request header carrying the peer address set by the custom server. */
export const PEER_HEADER = "x-tripsage-peer";

const g = globalThis as unknown as { __tripsagePeerStamped?: boolean };

/**
 * Replaces any client-sent {@link PEER_HEADER} on `req` with the socket's remote address
 * (`req.socket.remoteAddress`), and marks the process as stamping. Call it first in the
 * server's request listener, before Next reads the headers.
 */
export function stampPeer(req: IncomingMessage): void {
  g.__tripsagePeerStamped = true;
  delete req.headers[PEER_HEADER];
  // rawHeaders is what some readers (and Next's own logging) walk; drop the client's copy there too.
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i]?.toLowerCase() === PEER_HEADER) req.rawHeaders.splice(i, 2);
  }
  const addr = req.socket.remoteAddress;
  if (addr) req.headers[PEER_HEADER] = addr;
}

/**
 * The peer address the custom server stamped on `req`, normalised by {@link clientKey};
 * null when this process does not stamp (no custom server) or the socket had no address.
 */
export function peerAddress(req: Request): string | null {
  if (!g.__tripsagePeerStamped) return null;
  const v = req.headers.get(PEER_HEADER);
  return v ? clientKey(v) : null;
}

/**
 * The rate-limit identity of an address: IPv4 as is (IPv4-mapped IPv6 `::ffff:a.b.c.d`
 * becomes `a.b.c.d`); IPv6 by its /64 prefix, since one subscriber is normally given a whole
 * /64 and could otherwise rotate through addresses for fresh buckets (the usual practice,
 * e.g. RFC 6177's end-site assignment). Text that is not an address is returned trimmed, so a
 * proxy's odd entry still gets a bucket of its own rather than an error.
 */
export function clientKey(address: string): string {
  const s = address.trim();
  if (!ipaddr.isValid(s)) return s;
  let ip = ipaddr.parse(s);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.kind() === "ipv4") return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(":")}::/64`;
}
