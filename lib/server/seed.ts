/** `npm run db:seed`: migrate, then create the demo user and trip if they do not exist. */

import { openDatabase } from "@/db/client";
import { findUserByEmail } from "@/lib/domain/users/service";
import { env } from "@/lib/platform/env";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from "./demo";

const e = env();
const handle = await openDatabase({ url: e.DATABASE_URL, dataDir: e.PGLITE_DIR });
if (await findUserByEmail(handle.db, DEMO_EMAIL)) {
  console.log(`Demo user ${DEMO_EMAIL} already exists.`);
} else {
  const { tripId } = await seedDemo(handle.db);
  console.log(`Seeded demo user ${DEMO_EMAIL} / ${DEMO_PASSWORD} with trip ${tripId} (${handle.driver}).`);
}
await handle.close();
