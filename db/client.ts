/**
 * Database connection: Postgres through postgres.js when `DATABASE_URL` is set, otherwise
 * embedded PGlite persisted under `.data/pglite`. Both use the same schema and the same
 * `drizzle/` migrations, applied automatically on first use.
 */
import path from "node:path";
import { type ExtractTablesWithRelations, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/platform/env";
import * as schema from "./schema";

/** The Drizzle schema (db/schema.ts) as one object, for typing handles and transactions. */
export type Schema = typeof schema;
/** A Drizzle database or transaction over either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Stops one {@link DatabaseHandle.listen} subscription (and, on Postgres, closes its connection). */
export type Unlisten = () => Promise<void>;

/** An open database: the Drizzle handle, which driver backs it, and LISTEN for cross-instance signals. */
export interface DatabaseHandle {
  db: Db;
  driver: "postgres" | "pglite";
  /** Closes the pool and every listening connection opened by {@link DatabaseHandle.listen}. */
  close(): Promise<void>;
  /**
   * LISTEN on `channel`. On Postgres each call gets its own dedicated connection (a one-connection
   * postgres.js client), which postgres.js reconnects and re-LISTENs after a drop, calling
   * `onListen` again after every successful (re)LISTEN; failures of those re-LISTENs are
   * swallowed by postgres.js, so a caller that must know the subscription is alive has to check
   * it itself (lib/domain/auth/user-cache.ts sends itself heartbeats). A failed first LISTEN closes
   * that connection again, so calling `listen` once more is a clean retry.
   * On PGlite the subscription is in-process: notifications arrive on commit, before the
   * committing query resolves, and `onListen` is called once.
   * @returns a function that ends the subscription
   * @throws when the first LISTEN fails
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<Unlisten>;
}

const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Server settings for embedded PGlite. Postgres's default `shared_buffers` (128 MB) is
 * allocated inside the WASM heap, which never shrinks; a single-user app's working set is a
 * few MB, so 16 MB keeps the process's resident memory down (measured with PGlite 0.5.16:
 * RSS after opening an existing data directory 298 MB → 172 MB).
 */
const PGLITE_CONF = ["shared_buffers=16MB"];

/**
 * Creates a PGlite data directory (runs initdb) in a short-lived child process when
 * `dataDir` holds no cluster yet. initdb runs in its own WASM instance whose memory stays
 * resident after it finishes (~500 MB with PGlite 0.5.16: RSS 808 MB after creating a new
 * directory in-process vs 298 MB after reopening one), so doing it in a child keeps the
 * server's footprint that of a reopened directory from the first start on.
 * @param dataDir a filesystem path (not `memory://`); created if missing
 * @throws when the child process fails (its stderr is in the message)
 */
async function initPgliteDirectory(dataDir: string): Promise<void> {
  const { existsSync, mkdirSync } = await import("node:fs");
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
  const { execFile } = await import("node:child_process");
  const script = [
    'import { PGlite } from "@electric-sql/pglite";',
    `const db = new PGlite(process.argv[1], { postgresqlconf: ${JSON.stringify(PGLITE_CONF)} });`,
    "await db.waitReady;",
    "await db.close();",
  ].join("\n");
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script, path.resolve(dataDir)],
      { cwd: process.cwd(), timeout: 120_000 },
      (err, _stdout, stderr) =>
        err ? reject(new Error(`PGlite initdb in ${dataDir} failed: ${stderr || err.message}`)) : resolve(),
    );
  });
}

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
    const e = env();
    // Fail fast when the server is down: bounded connection wait and statement time, so a
    // request answers 503 DATABASE_ERROR (lib/http/route.ts) instead of hanging.
    const bounded = {
      connect_timeout: e.DB_CONNECT_TIMEOUT_S,
      connection: e.DB_STATEMENT_TIMEOUT_MS ? { statement_timeout: e.DB_STATEMENT_TIMEOUT_MS } : {},
    };
    const client = postgres(opts.url, { max: 10, onnotice: () => {}, ...bounded });
    const db = drizzle(client, { schema, casing: "snake_case" });
    // Two processes starting at once must not both run the same migration.
    await client.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(727274)`;
      await migrate(db, { migrationsFolder });
    });
    const url = opts.url;
    // One client per subscription rather than `client.listen`: after a failed first LISTEN,
    // postgres.js keeps the rejected attempt and hands it to every later `listen` on the same
    // channel, so a retry on the shared client could never succeed.
    const listeners = new Set<ReturnType<typeof postgres>>();
    return {
      db: db as unknown as Db,
      driver: "postgres",
      close: async () => {
        await Promise.all([...listeners].map((l) => l.end({ timeout: 0 })));
        listeners.clear();
        await client.end();
      },
      listen: async (channel, onNotify, onListen) => {
        const listener = postgres(url, {
          max: 1,
          onnotice: () => {},
          connect_timeout: bounded.connect_timeout,
        });
        listeners.add(listener);
        const end = async () => {
          if (!listeners.delete(listener)) return;
          await listener.end({ timeout: 0 });
        };
        try {
          await listener.listen(channel, onNotify, onListen);
        } catch (err) {
          await end().catch(() => {});
          throw err;
        }
        return end;
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dataDir = opts.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) await initPgliteDirectory(dataDir);
  const client = new PGlite(dataDir, { postgresqlconf: PGLITE_CONF });
  const db = drizzle(client, { schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    driver: "pglite",
    close: () => client.close(),
    listen: async (channel, onNotify, onListen) => {
      const unlisten = await client.listen(channel, onNotify);
      onListen();
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
  };
}

/** Socket errors and postgres.js codes of a server that cannot be reached or went away. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * Whether `err` (or any error in its `cause` chain: Drizzle wraps driver errors) means the
 * database is unavailable rather than that the query was wrong: the socket failures above,
 * Postgres SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect
 * now), 53300 (too many connections) and 57014 (statement timeout / cancelled).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (UNREACHABLE.has(code) || code.startsWith("08") || code === "53300" || code === "57014") return true;
      if (code === "57P01" || code === "57P02" || code === "57P03") return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Asks the database `select 1`, giving up after `timeoutMs`.
 * @returns `{ok: true, driver}` or `{ok: false, detail}` (never throws)
 */
export async function pingDatabase(
  timeoutMs = 2_000,
): Promise<{ ok: true; driver: DatabaseHandle["driver"] } | { ok: false; detail: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        const h = await getDatabase();
        await h.db.execute(sql`select 1`);
        return { ok: true as const, driver: h.driver };
      })(),
      timeout,
    ]);
  } catch (err) {
    // Drizzle wraps the driver's error (whose `code` names the failure) as `cause`.
    let e: unknown = err;
    for (let i = 0; i < 8 && e && typeof e === "object"; i++) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string") return { ok: false, detail: code };
      e = (e as { cause?: unknown }).cause;
    }
    const message = err instanceof Error ? err.message : "";
    return { ok: false, detail: message && !message.startsWith("Failed query") ? message : "unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

const globalForDb = globalThis as unknown as { __tripsageDb?: Promise<DatabaseHandle> };

/**
 * The process-wide database chosen by the environment, opened once (and kept across
 * dev-server reloads). The demo account is created by the server's start-up
 * (lib/server/main.ts), not here: the database layer knows no domain.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.__tripsageDb) {
    const e = env();
    globalForDb.__tripsageDb = openDatabase({ url: e.DATABASE_URL, dataDir: e.PGLITE_DIR });
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
