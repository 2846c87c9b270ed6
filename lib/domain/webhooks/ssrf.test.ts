/**
 * The SSRF guard on its own: address classification, URL checks with an injected resolver,
 * the allow-list, and the connect-time `lookup` hook. No database, no network.
 */
import { describe, expect, it } from "vitest";
import { parseHostList } from "./config";
import {
  assertSafeWebhookUrl,
  BlockedTargetError,
  blockedAddressReason,
  guardedLookup,
  type Resolver,
  resolveAllowed,
} from "./ssrf";

const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const addrs = table[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addrs.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("blockedAddressReason", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.5",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "198.18.0.1",
    "192.0.2.1",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.1.2.3",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
    "2002:c0a8:0101::1",
    "2001:db8::1",
    "::127.0.0.1",
    // IPv4-mapped IPv6 in every spelling, and the IPv4-translated form (RFC 6145)
    "::ffff:192.168.0.1",
    "0:0:0:0:0:ffff:a9fe:a9fe",
    "::ffff:0:10.0.0.1",
    // NAT64: the well-known prefix around a private address, and the local-use prefix (RFC 8215)
    "64:ff9b::127.0.0.1",
    "64:ff9b::c0a8:1",
    "64:ff9b:1::808:808",
    // 6to4 around private/loopback addresses, and any Teredo address
    "2002:7f00:0001::1",
    "2002:0a00:0001::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    // CGNAT edges
    "100.64.0.0",
    "100.127.255.254",
    // multicast, IPv4 and IPv6
    "224.0.0.251",
    "239.0.0.1",
    "ff05::2",
    "ff0e::1",
    // documentation ranges (RFC 5737, RFC 3849, RFC 9637)
    "198.51.100.7",
    "203.0.113.9",
    "2001:db8:85a3::8a2e:370:7334",
    "3fff::1",
    // reserved, discard, benchmarking
    "240.0.0.1",
    "192.88.99.1",
    "100::1",
    "2001:2::1",
  ])("blocks %s", (ip) => {
    expect(blockedAddressReason(ip)).toEqual(expect.any(String));
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "1.1.1.1",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "169.253.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82a::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:0808:0808::1",
    "::ffff:1.1.1.1",
    "64:ff9b::1.1.1.1",
    "100.63.255.254",
    "223.255.255.254",
  ])("allows public %s", (ip) => {
    expect(blockedAddressReason(ip)).toBeNull();
  });

  it("names the range an embedded IPv4 address falls in", () => {
    expect(blockedAddressReason("::ffff:10.1.2.3")).toBe("IPv4-mapped private (RFC 1918)");
    expect(blockedAddressReason("64:ff9b::a9fe:a9fe")).toMatch(/^NAT64 link-local/);
    expect(blockedAddressReason("2002:6440:0001::1")).toMatch(/^6to4 shared address space \/ CGNAT/);
    expect(blockedAddressReason("2001:0:4136:e378::1")).toMatch(/Teredo/);
    expect(blockedAddressReason("ff02::1")).toBe("multicast");
    expect(blockedAddressReason("192.0.2.1")).toMatch(/documentation/);
  });

  it("treats non-IPs as blocked", () => {
    expect(blockedAddressReason("example.com")).toBe("not an IP address");
    expect(blockedAddressReason("1.2.3")).toBe("not an IP address");
  });
});

describe("parseHostList", () => {
  it("splits, trims, lower-cases and strips IPv6 brackets", () => {
    expect(parseHostList(" 127.0.0.1, LocalHost ,[::1],,")).toEqual(["127.0.0.1", "localhost", "::1"]);
    expect(parseHostList(undefined)).toEqual([]);
    expect(parseHostList("")).toEqual([]);
  });
});

describe("assertSafeWebhookUrl", () => {
  const resolve = fakeDns({
    "hooks.example.com": ["93.184.215.14"],
    "internal.example.com": ["10.1.2.3"],
    "mixed.example.com": ["93.184.215.14", "192.168.0.10"],
    "v6private.example.com": ["fd00::5"],
    localhost: ["127.0.0.1", "::1"],
  });
  const refuse = async (url: string, allowedHosts: string[] = []) => {
    const err = await assertSafeWebhookUrl(url, { resolve, allowedHosts }).catch((e) => e);
    expect(err, url).toMatchObject({ code: "VALIDATION_ERROR", status: 422 });
    expect(err.errors[0].field).toBe("url");
    return err.errors[0].message as string;
  };

  it("accepts a public host", async () => {
    const u = await assertSafeWebhookUrl("https://hooks.example.com/tripsage", { resolve, allowedHosts: [] });
    expect(u.href).toBe("https://hooks.example.com/tripsage");
  });

  it("refuses literal private, loopback, metadata and IPv6 targets", async () => {
    expect(await refuse("http://127.0.0.1/")).toMatch(/loopback/);
    expect(await refuse("http://10.0.0.5/")).toMatch(/RFC 1918/);
    expect(await refuse("http://169.254.169.254/latest/meta-data")).toMatch(/link-local/);
    expect(await refuse("http://[::1]/")).toMatch(/loopback/);
    expect(await refuse("http://[::ffff:127.0.0.1]/")).toMatch(/loopback/);
    expect(await refuse("http://0.0.0.0:8080/")).toBeTruthy();
    // WHATWG URL normalises decimal/hex IPv4 spellings before we see them.
    expect(await refuse("http://2130706433/")).toMatch(/loopback/);
    expect(await refuse("http://0x7f.1/")).toMatch(/loopback/);
  });

  it("refuses hostnames that resolve to private addresses (any of them)", async () => {
    expect(await refuse("http://internal.example.com/hook")).toMatch(/resolves to 10\.1\.2\.3/);
    expect(await refuse("http://mixed.example.com/hook")).toMatch(/192\.168\.0\.10/);
    expect(await refuse("http://v6private.example.com/hook")).toMatch(/unique-local/);
    expect(await refuse("http://localhost/")).toMatch(/loopback/);
    expect(await refuse("https://nope.example.com/")).toMatch(/could not be resolved/);
  });

  it("refuses non-http(s) URLs", async () => {
    expect(await refuse("ftp://hooks.example.com/")).toMatch(/http/);
    expect(await refuse("file:///etc/passwd")).toMatch(/http/);
    expect(await refuse("not a url")).toMatch(/http/);
  });

  it("lets the allow-list exempt named hosts and addresses", async () => {
    await expect(
      assertSafeWebhookUrl("http://localhost:3000/x", { resolve, allowedHosts: ["localhost"] }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertSafeWebhookUrl("http://127.0.0.1:3000/x", { resolve, allowedHosts: ["127.0.0.1"] }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertSafeWebhookUrl("http://[::1]:3000/x", { resolve, allowedHosts: ["::1"] }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertSafeWebhookUrl("http://internal.example.com/x", { resolve, allowedHosts: ["10.1.2.3"] }),
    ).resolves.toBeInstanceOf(URL);
    // Allow-listing one host does not open the others.
    expect(await refuse("http://10.0.0.5/", ["127.0.0.1", "localhost"])).toMatch(/RFC 1918/);
  });
});

describe("guardedLookup (connect time)", () => {
  type Out = { err: NodeJS.ErrnoException | null; address: unknown; family?: number };
  const lookup = (resolve: Resolver, host: string, options: { all?: boolean; family?: number } = {}) =>
    new Promise<Out>((done) =>
      guardedLookup({ resolve, allowedHosts: [] })(host, options, (err, address, family) =>
        done({ err, address, family }),
      ),
    );

  it("hands back approved addresses in both callback forms", async () => {
    const resolve = fakeDns({ "a.example.com": ["93.184.215.14", "2606:4700:4700::1111"] });
    const one = await lookup(resolve, "a.example.com");
    expect(one).toMatchObject({ err: null, address: "93.184.215.14", family: 4 });
    const all = await lookup(resolve, "a.example.com", { all: true });
    expect(all.address).toHaveLength(2);
    const v6 = await lookup(resolve, "a.example.com", { family: 6 });
    expect(v6).toMatchObject({ err: null, address: "2606:4700:4700::1111", family: 6 });
  });

  it("refuses a host that now resolves to a private address (DNS rebinding)", async () => {
    const out = await lookup(fakeDns({ "a.example.com": ["10.0.0.7"] }), "a.example.com", { all: true });
    expect(out.err).toBeInstanceOf(BlockedTargetError);
    expect(out.err?.message).toMatch(/10\.0\.0\.7/);
  });

  it("resolveAllowed returns addresses for allow-listed hosts without checking them", async () => {
    const resolve = fakeDns({ "dev.local": ["192.168.1.20"] });
    await expect(resolveAllowed("dev.local", { resolve, allowedHosts: ["dev.local"] })).resolves.toEqual([
      { address: "192.168.1.20", family: 4 },
    ]);
  });
});
