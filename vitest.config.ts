import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests that need a database are named *.db.test.ts. They run on embedded PGlite always,
// and again on Postgres when DATABASE_URL is set (.ci/run points it at a fresh database).
const dbTests = ["**/*.db.test.ts"];
const common = {
  // next-auth imports "next/server" without an extension; inlining lets Vite resolve it.
  server: { deps: { inline: ["next-auth", "@auth/core"] } },
  exclude: ["node_modules/**", ".next/**", "e2e/**"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          ...common,
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...common.exclude, ...dbTests],
        },
      },
      {
        extends: true,
        test: {
          ...common,
          name: "pglite",
          include: dbTests,
          env: {
            DATABASE_URL: "",
            PGLITE_DIR: "memory://",
            SEED_DEMO: "false",
            OPENAI_API_KEY: "",
            DUFFEL_ACCESS_TOKEN: "",
            RATE_LIMIT: "false",
          },
        },
      },
      ...(process.env.DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                ...common,
                name: "postgres",
                include: dbTests,
                env: { SEED_DEMO: "false", OPENAI_API_KEY: "", DUFFEL_ACCESS_TOKEN: "", RATE_LIMIT: "false" },
              },
            },
          ]
        : []),
    ],
  },
});
