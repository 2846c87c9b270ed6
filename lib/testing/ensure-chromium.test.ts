/**
 * The test command's Chromium check, run as the script it is (`tsx e2e/ensure-chromium.ts`),
 * without touching the machine's own Chromium: `CHROMIUM_PATH` points at a file that does not
 * exist, `PATH` holds only `node`, and the fixed locations are emptied.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findChromium, missingMessage } from "@/e2e/ensure-chromium";

const tsx = path.resolve("node_modules/.bin/tsx");
const script = path.resolve("e2e/ensure-chromium.ts");

function pathWithOnlyNode(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "no-chromium-"));
  symlinkSync(process.execPath, path.join(dir, "node"));
  return dir;
}

function run(env: Record<string, string>) {
  return spawnSync(tsx, [script], {
    env: { HOME: process.env.HOME ?? "/tmp", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("ensure-chromium", () => {
  it("stops at once with the exact command when no Chromium is found and it may not install", () => {
    const r = run({
      PATH: pathWithOnlyNode(),
      CHROMIUM_PATH: "/nonexistent/chromium",
      CHROMIUM_SYSTEM_PATHS: "",
      CHROMIUM_NO_INSTALL: "1",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Chromium was not found");
    expect(r.stderr).toContain("CHROMIUM_PATH=/nonexistent/chromium is not an executable file");
    expect(r.stderr).toMatch(
      /apt-get install -y --no-install-recommends chromium|CHROMIUM_PATH=\/path\/to\/chromium/,
    );
    expect(r.stderr).not.toContain("browserType.launch"); // no Playwright error wall
  });

  it("finds a Chromium in PATH and prints where", () => {
    const dir = pathWithOnlyNode();
    const fake = path.join(dir, "chromium-browser");
    writeFileSync(fake, "#!/bin/sh\nexit 0\n");
    chmodSync(fake, 0o755);
    const r = run({ PATH: dir, CHROMIUM_PATH: "/nonexistent/chromium", CHROMIUM_SYSTEM_PATHS: "" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Chromium for Playwright: ${fake}`);
    expect(findChromium({ PATH: dir }, [])).toEqual({ path: fake, via: "PATH" });
    expect(findChromium({ PATH: dir, CHROMIUM_PATH: fake }, [])).toEqual({
      path: fake,
      via: "CHROMIUM_PATH",
    });
  });

  it("gives Debian users the apt-get command (sudo unless root) and others a CHROMIUM_PATH recipe", () => {
    expect(missingMessage({ isRoot: false, isDebian: true }, {})).toContain(
      "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core",
    );
    expect(missingMessage({ isRoot: true, isDebian: true }, {})).toContain(
      "  apt-get update && apt-get install",
    );
    expect(missingMessage({ isRoot: true, isDebian: false }, {})).toContain(
      "CHROMIUM_PATH=/path/to/chromium npm test",
    );
  });
});
