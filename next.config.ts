import type { NextConfig } from "next";
import { defaultHost, devOrigins } from "./lib/server/listen";

const nextConfig: NextConfig = {
  // PGlite ships a WASM Postgres and must be loaded by Node, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "ioredis"],
  poweredByHeader: false,
  experimental: {
    // Load each route's modules on its first request instead of all at start: the idle server
    // (PGlite, the zero-setup default) uses ~180 MB less (629 → 449 MB measured), and a route's first
    // request pays its module load once (~40-60 ms).
    preloadEntriesOnStart: false,
  },
  typedRoutes: false,
  // `npm run dev` opened from 127.0.0.1, localhost or (with HOST=0.0.0.0) a LAN address must
  // load its dev scripts, or the page never hydrates. Read here, not through lib/platform/env.ts, which
  // would create .data/ during `next build`.
  allowedDevOrigins: devOrigins(process.env.HOST || defaultHost(Number(process.env.TRUST_PROXY_HOPS) || 0)),
};

export default nextConfig;
