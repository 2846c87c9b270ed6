/**
 * Database connection: Postgres through postgres.js when `DATABASE_URL` is set, otherwise
 * embedded PGlite persisted under `.data/pglite`. Both use the same schema and the same
 * `drizzle/` migrations, applied automatically on first use.
 */
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A Drizzle database or transaction over either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DatabaseHandle {
  db: Db;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
  /**
   * LISTEN on `channel`: on Postgres over a dedicated connection that postgres.js reconnects,
   * calling `onListen` again after every (re)connection; on PGlite in-process (notifications
   * arrive on commit, before the committing query resolves), `onListen` called once.
   * @throws when the first LISTEN fails
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Opens a database and applies pending migrations.
 * @param opts.url a `postgres://` URL; when absent, PGlite is used
 * @param opts.dataDir PGlite data directory, or `memory://` for a throw-away database
 * @throws when the server cannot be reached or a migration fails
 */
export async function openDatabase(opts: { url?: string; dataDir?: string }): Promise<DatabaseHandle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(opts.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema, casing: "snake_case" });
    // Two processes starting at once must not both run the same migration.
    await client.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(727274)`;
      await migrate(db, { migrationsFolder });
    });
    return {
      db: db as unknown as Db,
      driver: "postgres",
      close: () => client.end(),
      listen: async (channel, onNotify, onListen) => {
        await client.listen(channel, onNotify, onListen);
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dataDir = opts.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dataDir, { recursive: true });
  }
  const client = new PGlite(dataDir);
  const db = drizzle(client, { schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    driver: "pglite",
    close: () => client.close(),
    listen: async (channel, onNotify, onListen) => {
      await client.listen(channel, onNotify);
      onListen();
    },
  };
}

const globalForDb = globalThis as unknown as { __tripsageDb?: Promise<DatabaseHandle> };

/**
 * The process-wide database chosen by the environment, opened once (and kept across
 * dev-server reloads). On an empty database the demo user and trip are created unless
 * `SEED_DEMO=false`.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.__tripsageDb) {
    const e = env();
    globalForDb.__tripsageDb = (async () => {
      const handle = await openDatabase({ url: e.DATABASE_URL, dataDir: e.PGLITE_DIR });
      if (e.SEED_DEMO === "true") {
        const { seedDemoIfEmpty } = await import("./seed-demo");
        await seedDemoIfEmpty(handle.db);
      }
      return handle;
    })();
    globalForDb.__tripsageDb.catch(() => {
      globalForDb.__tripsageDb = undefined;
    });
  }
  return globalForDb.__tripsageDb;
}

/** Shorthand for `(await getDatabase()).db`. */
export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
