/** Webhook settings read from the environment (through lib/platform/env.ts's uncached `liveEnv`). */
import { liveEnv } from "@/lib/platform/env";

/**
 * Hosts exempt from the SSRF guard, from `WEBHOOK_ALLOWED_HOSTS`: a comma-separated list of
 * hostnames and/or IP literals, e.g. `127.0.0.1,localhost` for local development and tests.
 * Entries are trimmed and lower-cased; IPv6 literals may be written with or without
 * brackets. A hostname entry exempts URLs naming that host (whatever it resolves to); an IP
 * entry exempts that address, whether written in the URL or returned by DNS.
 * @returns the entries; empty when the variable is unset or blank (nothing exempt)
 */
export function webhookAllowedHosts(): string[] {
  return parseHostList(liveEnv("WEBHOOK_ALLOWED_HOSTS"));
}

/** Parses a comma-separated host list as described for {@link webhookAllowedHosts}. */
export function parseHostList(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, "$1"),
    )
    .filter((h) => h.length > 0);
}
