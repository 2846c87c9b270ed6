/** Published limits are enforced, and sharing queues its webhook in the same transaction. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as tripsRoute from "@/app/api/trips/route";
import { getDb } from "@/db/client";
import { trips, webhookDeliveries, webhooks } from "@/db/schema";
import { LIMITS } from "@/lib/domain/config/limits";
import { shareTrip } from "@/lib/domain/sharing/service";
import { shareSchema } from "@/lib/domain/validators/sharing";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

describe("max_trips_per_user", () => {
  it("refuses the trip past the limit with 403 LIMIT_EXCEEDED and writes nothing", async () => {
    const db = await getDb();
    const { user, auth } = await makeUser();
    await db.insert(trips).values(
      Array.from({ length: LIMITS.max_trips_per_user }, (_, i) => ({
        ownerId: user.id,
        title: `T${i}`,
        startDate: "2030-01-01",
        endDate: "2030-01-02",
      })),
    );
    const res = await call(tripsRoute.POST, {
      method: "POST",
      headers: auth,
      body: { title: "One too many", start_date: "2030-02-01", end_date: "2030-02-03" },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: true, code: "LIMIT_EXCEEDED", type: "authorization" });
    expect(await db.select().from(trips).where(eq(trips.ownerId, user.id))).toHaveLength(
      LIMITS.max_trips_per_user,
    );
  });
});

describe("collaboration.added webhook", () => {
  it("is queued for the owner's webhook when someone is added", async () => {
    const db = await getDb();
    const owner = await makeUser();
    const friend = await makeUser();
    const trip = await makeTrip(owner.user.id);
    const [hook] = await db
      .insert(webhooks)
      .values({
        userId: owner.user.id,
        url: "http://127.0.0.1:9/h",
        events: ["collaboration.added"],
        secret: "whsec_dGVzdHRlc3R0ZXN0dGVzdA==",
      })
      .returning();
    await shareTrip(
      db,
      owner.user.id,
      trip.id,
      shareSchema.parse({ user_emails: [friend.user.email], permission_level: "editor" }),
    );
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, hook?.id ?? ""));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.eventType).toBe("collaboration.added");
    expect(rows[0]?.payload).toMatchObject({
      type: "collaboration.added",
      data: { trip_id: trip.id, collaborator: { user_id: friend.user.id, permission_level: "editor" } },
    });
  });
});
