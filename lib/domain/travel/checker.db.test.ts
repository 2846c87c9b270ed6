/**
 * The price checker against the real database: a tracked route whose cheapest fare moves
 * produces a TripSage REST API `price_alert` notification for its owner (the one a WebSocket client
 * receives) and nothing for other users; a second run before the next check is due does nothing.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { flightTrackSchema } from "@/lib/domain/validators/travel";
import { subscribeUserNotifications, type UserNotification } from "@/lib/platform/bus";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { priceAlert, runPriceCheck } from "./checker";
import { createPriceWatch, getPriceWatch, WATCH_INTERVAL_MS } from "./watches";

const DAY = 86_400_000;

function futureDate(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

describe("price checker", () => {
  it("announces a changed fare to the watch's owner only, once per due check", async () => {
    const db = await getDb();
    const { user } = await makeUser("Watcher");
    const { user: other } = await makeUser("Bystander");
    const trip = await makeTrip(user.id);
    const watch = await createPriceWatch(
      db,
      user.id,
      flightTrackSchema.parse({
        route: { origin: "JFK", destination: "NRT", departure_date: futureDate(90) },
        passengers: 2,
        trip_id: trip.id,
      }),
    );
    expect(watch.current_price).toBeGreaterThan(0);

    const mine: UserNotification[] = [];
    const theirs: UserNotification[] = [];
    const off = [
      subscribeUserNotifications(user.id, (n) => mine.push(n)),
      subscribeUserNotifications(other.id, (n) => theirs.push(n)),
    ];
    try {
      // Fares move day to day (the model's demand factor); find a later day on which it moved.
      let changed = false;
      let at = Date.now();
      for (let i = 0; i < 10 && !changed; i++) {
        at += WATCH_INTERVAL_MS * 4 + 1_000; // one day later, past the next check
        const changes = (await runPriceCheck(db, new Date(at), { userId: user.id })).filter(
          (c) => c.watchId === watch.id,
        );
        changed = changes.length > 0;
      }
      expect(changed).toBe(true);
      const alert = mine.find((n) => n.data.watch_id === watch.id);
      expect(alert).toMatchObject({
        notification_type: "price_alert",
        data: { trip_id: trip.id, currency: "USD" },
      });
      const after = await getPriceWatch(db, user.id, watch.id);
      expect(alert?.data.new_price).toBe(after.current_price);
      expect(alert?.content).toMatch(
        /^Flight prices from New York \(JFK\) to Tokyo \(NRT\) have (dropped|risen) by \$/,
      );
      expect(theirs).toHaveLength(0);

      // Not due again until the interval has passed: nothing is checked or announced.
      const before = mine.length;
      await runPriceCheck(db, new Date(at + 60_000), { userId: user.id });
      expect(mine.length).toBe(before);
      expect((await getPriceWatch(db, user.id, watch.id)).price_history.length).toBe(
        after.price_history.length,
      );
    } finally {
      for (const f of off) f();
    }
  });

  it("words a drop and a rise with the currency amount", () => {
    const base = {
      watchId: "w",
      userId: "u",
      tripId: null,
      origin: "LHR",
      destination: "CDG",
      currency: "USD",
    };
    expect(priceAlert({ ...base, oldPrice: 300, newPrice: 150 }).content).toBe(
      "Flight prices from London (LHR) to Paris (CDG) have dropped by $150.00",
    );
    expect(priceAlert({ ...base, oldPrice: 100, newPrice: 112.5 }).data.price_change).toBe(12.5);
  });
});
