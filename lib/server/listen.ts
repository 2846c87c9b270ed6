/**
 * Where the custom server listens, and which origins the dev server serves its resources to.
 * Pure functions of the environment's values, so lib/server/main.ts, next.config.ts and tests
 * share them.
 *
 * Behind a reverse proxy (`TRUST_PROXY_HOPS` > 0) the app trusts `X-Forwarded-For`; if it were
 * also reachable directly, any client could write that header itself and pick its own
 * rate-limit bucket. So with a proxy `HOST` defaults to 127.0.0.1, and a wildcard bind
 * (`0.0.0.0`, `::`) is refused unless `ALLOW_PUBLIC_BIND_WITH_PROXY=true` says the network
 * already keeps direct traffic out (a firewall, a private container network).
 */
import { networkInterfaces } from "node:os";

/** Addresses that mean "every interface". */
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]", "*"]);

/** True when `host` binds every interface (`0.0.0.0`, `::`). */
export function isWildcardHost(host: string): boolean {
  return WILDCARDS.has(host.trim());
}

export interface ListenSettings {
  /** `HOST` as set (undefined or "" when unset). */
  HOST?: string;
  /** Number of trusted proxy hops (`TRUST_PROXY_HOPS`). */
  TRUST_PROXY_HOPS: number;
  /** `ALLOW_PUBLIC_BIND_WITH_PROXY`: "true" permits a wildcard bind behind a proxy. */
  ALLOW_PUBLIC_BIND_WITH_PROXY?: string;
}

/** `HOST`'s default: `127.0.0.1` behind a proxy (`trustProxyHops` > 0), else `0.0.0.0`. */
export function defaultHost(trustProxyHops: number): string {
  return trustProxyHops > 0 ? "127.0.0.1" : "0.0.0.0";
}

/**
 * The interface to listen on: `HOST` when set; otherwise `127.0.0.1` behind a proxy
 * (`TRUST_PROXY_HOPS` > 0) and `0.0.0.0` (every interface, for LAN use) without one.
 * @throws Error with an operator-facing message when a wildcard is asked for behind a proxy
 *         without `ALLOW_PUBLIC_BIND_WITH_PROXY=true`
 */
export function listenHost(s: ListenSettings): string {
  const host = s.HOST?.trim() || defaultHost(s.TRUST_PROXY_HOPS);
  if (s.TRUST_PROXY_HOPS > 0 && isWildcardHost(host) && s.ALLOW_PUBLIC_BIND_WITH_PROXY !== "true") {
    throw new Error(
      `Refusing to listen on ${host} with TRUST_PROXY_HOPS=${s.TRUST_PROXY_HOPS}: X-Forwarded-For is trusted, ` +
        "so a client reaching the server directly could choose its own rate-limit bucket. " +
        "Listen only where the proxy connects (e.g. HOST=127.0.0.1, the default behind a proxy), " +
        "or set ALLOW_PUBLIC_BIND_WITH_PROXY=true if the network already blocks direct access.",
    );
  }
  return host;
}

/**
 * Hostnames the dev server (`npm run dev`) serves its scripts and hot-reload socket to, for
 * Next's `allowedDevOrigins` (Next refuses cross-origin dev resources, and a page opened from
 * an unlisted address never hydrates): `localhost`, `127.0.0.1` and `::1` always; with a
 * wildcard `host`, every address of every local network interface (`os.networkInterfaces()`);
 * otherwise `host` itself.
 */
export function devOrigins(host: string): string[] {
  const names = new Set(["localhost", "127.0.0.1", "[::1]"]);
  if (isWildcardHost(host)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(a.family === "IPv6" ? `[${a.address}]` : a.address);
    }
  } else {
    names.add(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);
  }
  return [...names];
}
