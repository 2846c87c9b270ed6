/** `npm run db:migrate`: apply pending `drizzle/` migrations to the configured database. */
import { env } from "@/lib/platform/env";
import { openDatabase } from "./client";

const e = env();
const handle = await openDatabase({ url: e.DATABASE_URL, dataDir: e.PGLITE_DIR });
console.log(`Migrations applied (${handle.driver}).`);
await handle.close();
