import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { devOrigins, listenHost } from "./listen";
import { clientKey } from "./peer";

describe("listen address", () => {
  it("defaults to every interface without a proxy, to 127.0.0.1 behind one", () => {
    expect(listenHost({ TRUST_PROXY_HOPS: 0 })).toBe("0.0.0.0");
    expect(listenHost({ TRUST_PROXY_HOPS: 1 })).toBe("127.0.0.1");
    expect(listenHost({ TRUST_PROXY_HOPS: 2, HOST: "" })).toBe("127.0.0.1");
    expect(listenHost({ TRUST_PROXY_HOPS: 1, HOST: "10.0.0.5" })).toBe("10.0.0.5");
  });

  it("refuses a wildcard bind behind a proxy unless ALLOW_PUBLIC_BIND_WITH_PROXY=true", () => {
    for (const HOST of ["0.0.0.0", "::"]) {
      expect(() => listenHost({ TRUST_PROXY_HOPS: 1, HOST })).toThrow(/ALLOW_PUBLIC_BIND_WITH_PROXY=true/);
      expect(() =>
        listenHost({ TRUST_PROXY_HOPS: 1, HOST, ALLOW_PUBLIC_BIND_WITH_PROXY: "false" }),
      ).toThrow();
      expect(listenHost({ TRUST_PROXY_HOPS: 1, HOST, ALLOW_PUBLIC_BIND_WITH_PROXY: "true" })).toBe(HOST);
      expect(listenHost({ TRUST_PROXY_HOPS: 0, HOST })).toBe(HOST);
    }
  });
});

describe("dev origins", () => {
  it("always allow localhost and 127.0.0.1, plus the bound host", () => {
    expect(devOrigins("127.0.0.1")).toEqual(expect.arrayContaining(["localhost", "127.0.0.1"]));
    expect(devOrigins("192.168.1.20")).toContain("192.168.1.20");
    expect(devOrigins("fe80::1")).toContain("[fe80::1]");
  });

  it("allow every local interface address when bound to 0.0.0.0", () => {
    const all = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined)
      .map((a) => (a.family === "IPv6" ? `[${a.address}]` : a.address));
    expect(all.length).toBeGreaterThan(0);
    expect(devOrigins("0.0.0.0")).toEqual(expect.arrayContaining(all));
  });
});

describe("client keys", () => {
  it("keep IPv4, unwrap IPv4-mapped IPv6, and group IPv6 by /64", () => {
    expect(clientKey("127.0.0.2")).toBe("127.0.0.2");
    expect(clientKey("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe(clientKey("2001:db8:1:2:bbbb::9"));
    expect(clientKey("2001:db8:1:2::1")).not.toBe(clientKey("2001:db8:1:3::1"));
    expect(clientKey(" 10.0.0.1 ")).toBe("10.0.0.1");
  });
});
