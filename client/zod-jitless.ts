/**
 * Import first in any client module that builds zod schemas. In the browser, zod's JIT probes
 * `new Function("")`; under the app's Content-Security-Policy (no `'unsafe-eval'`, see
 * lib/server/security-headers.ts) the probe fails quietly but still reports a CSP violation.
 * `jitless` skips the probe; schemas are still validated, just without generated code. The
 * server (no `window`) keeps the JIT.
 */
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
