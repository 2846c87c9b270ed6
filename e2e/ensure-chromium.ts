/**
 * Finds the Chromium the Playwright tests drive, before they start: `npm test` and
 * `npm run test:e2e` run this first (`tsx e2e/ensure-chromium.ts`), and playwright.config.ts
 * uses {@link findChromium} for `executablePath`. Playwright's own browser download is never
 * used.
 *
 * Search order: `CHROMIUM_PATH`; `chromium`, then `chromium-browser`, in each `PATH` directory;
 * `/usr/bin/chromium`, `/usr/bin/chromium-browser`. When none is there:
 * - root on Debian (`/etc/debian_version`): installs Debian's `chromium` with apt-get,
 *   printing each command, unless `CHROMIUM_NO_INSTALL=1`;
 * - otherwise: exits at once with status 1 and the exact command to run.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Fixed locations tried after `PATH` (Debian's and Ubuntu's package paths). */
export const SYSTEM_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
/** Environment variables read (a subset of `process.env`). */
export type Env = Record<string, string | undefined>;
const NAMES = ["chromium", "chromium-browser"];

/** The apt-get commands that install Debian's Chromium (and a font, so pages render text). */
export const DEBIAN_INSTALL = [
  ["apt-get", "update"],
  ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "fonts-dejavu-core"],
] as const;

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface Found {
  path: string;
  /** Where it was found: the `CHROMIUM_PATH` setting, a `PATH` directory, or a fixed location. */
  via: "CHROMIUM_PATH" | "PATH" | "system";
}

/**
 * The first executable Chromium in the search order (see module comment), or null.
 * @param env the environment to read `CHROMIUM_PATH` and `PATH` from
 * @param systemPaths fixed locations tried last
 */
export function findChromium(
  env: Env = process.env,
  systemPaths: readonly string[] = SYSTEM_CHROMIUM_PATHS,
): Found | null {
  if (env.CHROMIUM_PATH && isExecutableFile(env.CHROMIUM_PATH))
    return { path: env.CHROMIUM_PATH, via: "CHROMIUM_PATH" };
  for (const name of NAMES) {
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
      const p = path.join(dir, name);
      if (isExecutableFile(p)) return { path: p, via: "PATH" };
    }
  }
  for (const p of systemPaths) if (isExecutableFile(p)) return { path: p, via: "system" };
  return null;
}

export interface Machine {
  isRoot: boolean;
  isDebian: boolean;
}

/** What this machine is: root (uid 0) and Debian-based (`/etc/debian_version`). */
export function thisMachine(): Machine {
  return { isRoot: process.getuid?.() === 0, isDebian: existsSync("/etc/debian_version") };
}

/**
 * What to tell a user without Chromium who cannot (or may not) have it installed here: the
 * exact command for their machine.
 */
export function missingMessage(m: Machine, env: Env = process.env): string {
  const lines = ["Chromium was not found, and the Playwright tests need it (they never download a browser)."];
  if (env.CHROMIUM_PATH) lines.push(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file.`);
  lines.push("Looked for chromium and chromium-browser in PATH and in /usr/bin.", "");
  if (m.isDebian) {
    const prefix = m.isRoot ? "" : "sudo ";
    lines.push(
      "Install Debian's package, then run the tests again:",
      `  ${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends chromium fonts-dejavu-core`,
    );
  } else {
    lines.push(
      "On this machine, install Chromium (or Chrome) with its package manager and point the tests at it, e.g.:",
      "  macOS:   brew install --cask chromium && CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium npm test",
      "  Fedora:  sudo dnf install -y chromium && npm test",
      "  other:   CHROMIUM_PATH=/path/to/chromium npm test",
    );
  }
  return lines.join("\n");
}

/**
 * Finds Chromium or, as root on Debian, installs it (printing each command).
 * @returns the path found, or null after printing {@link missingMessage} to stderr
 */
export function ensureChromium(
  env: Env = process.env,
  machine: Machine = thisMachine(),
  systemPaths: readonly string[] = SYSTEM_CHROMIUM_PATHS,
): string | null {
  const found = findChromium(env, systemPaths);
  if (found) return found.path;
  if (machine.isRoot && machine.isDebian && env.CHROMIUM_NO_INSTALL !== "1") {
    console.log("Chromium not found; installing Debian's package (root on Debian):");
    for (const cmd of DEBIAN_INSTALL) {
      console.log(`  $ ${cmd.join(" ")}`);
      const r = spawnSync(cmd[0], cmd.slice(1), {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
      if (r.status !== 0) {
        console.error(`\`${cmd.join(" ")}\` failed (exit ${r.status ?? r.signal}).`);
        break;
      }
    }
    const after = findChromium(env, systemPaths);
    if (after) return after.path;
  }
  console.error(missingMessage(machine, env));
  return null;
}

// Run as a script: `tsx e2e/ensure-chromium.ts`. `CHROMIUM_SYSTEM_PATHS` (colon-separated;
// empty = none) replaces the fixed locations, so the "not found" path can be exercised on a
// machine that has Chromium in /usr/bin.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fixed = process.env.CHROMIUM_SYSTEM_PATHS;
  const p = ensureChromium(
    process.env,
    thisMachine(),
    fixed === undefined ? SYSTEM_CHROMIUM_PATHS : fixed.split(":").filter(Boolean),
  );
  if (!p) process.exit(1);
  console.log(`Chromium for Playwright: ${p}`);
}
