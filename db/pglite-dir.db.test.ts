import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

// The embedded database as `npm run dev` gets it: a directory on disk, created on first open
// (initdb in a child process) and reopened later with the same data.
describe("PGlite data directory", () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "tripsage-pglite-")), "data");
  afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it("is created and migrated on first open, keeps its rows on reopen, with small shared buffers", async () => {
    const first = await openDatabase({ dataDir: dir });
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    await first.db.execute(
      sql`insert into users (email, name, password_hash) values ('dir@example.com', 'Dir', 'x')`,
    );
    await first.close();

    const again = await openDatabase({ dataDir: dir });
    // PGlite's driver returns `{ rows }`.
    const users = (await again.db.execute(sql`select email from users`)) as unknown as {
      rows: { email: string }[];
    };
    expect(users.rows.map((r) => r.email)).toEqual(["dir@example.com"]);
    const buffers = (await again.db.execute(sql`show shared_buffers`)) as unknown as {
      rows: { shared_buffers: string }[];
    };
    expect(buffers.rows[0]?.shared_buffers).toBe("16MB");
    await again.close();
  }, 120_000);
});
