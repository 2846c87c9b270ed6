/**
 * The offline model through the real pipeline: streamText → caller-bound tools → services
 * → database, then the model's summary of the tool results.
 */
import { generateText, readUIMessageStream, type UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { tripCollaborators } from "@/db/schema";
import type { Caller } from "@/lib/domain/auth/bearer";
import { userScopes } from "@/lib/domain/auth/scopes";
import { createConversation } from "@/lib/domain/chat/conversations";
import { runDesignerTurn, startDesignerTurn } from "@/lib/domain/chat/designer";
import { listSegments, updateSegment } from "@/lib/domain/itinerary/service";
import { getTrip } from "@/lib/domain/trips/service";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { createOfflineModel } from "./model";

function callerOf(user: { id: string; email: string; name: string }): Caller {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: "user",
    via: "session",
    scopes: userScopes("user"),
  };
}

async function session() {
  const db = await getDb();
  const { user } = await makeUser();
  const trip = await makeTrip(user.id);
  const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
  const say = (text: string) => runDesignerTurn(db, callerOf(user), conv, text);
  return { db, user, trip, conv, say };
}

describe("offline model in the designer pipeline", () => {
  it("adds two things and moves one, in order, and says what it did", async () => {
    const { db, user, trip, say } = await session();
    const a = await say("add the Louvre to the morning of day 2");
    expect(a.text).toBe("Added “Louvre Museum” to day 2 (morning).");
    await say("add dinner at Le Comptoir on day 2 evening");
    const m = await say("move dinner at le comptoir to the morning of day 2");
    expect(m.text).toContain("Moved “Dinner at Le Comptoir” to day 2 (morning)");
    expect(m.toolCalls.map((c) => c.name)).toEqual(["move_segment"]);
    const day2 = await listSegments(db, user.id, trip.id, { dayIndex: 2 });
    expect(day2.map((s) => [s.title, s.time_block, s.position])).toEqual([
      ["Louvre Museum", "morning", 0],
      ["Dinner at Le Comptoir", "morning", 1],
    ]);
    expect(day2.every((s) => s.source === "assistant")).toBe(true);
  });

  it("'undo that' says nothing was undone when the item was edited since, and leaves it", async () => {
    const { db, user, trip, say } = await session();
    await say("add dinner at Le Comptoir on day 2 at 7pm");
    const [dinner] = await listSegments(db, user.id, trip.id, { dayIndex: 2 });
    expect(dinner?.title).toBe("Dinner at Le Comptoir");
    // Someone edits the dinner by hand after the assistant's turn.
    await updateSegment(db, user.id, trip.id, String(dinner?.id), { notes: "window table" });
    const r = await say("undo that");
    expect(r.toolCalls.map((c) => c.name)).toEqual(["undo_last_change"]);
    expect(r.text).not.toMatch(/reverted/);
    expect(r.text).toBe("Nothing was undone: I left “Dinner at Le Comptoir” (edited since) as they are.");
    expect((await listSegments(db, user.id, trip.id, { dayIndex: 2 })).map((s) => s.title)).toEqual([
      "Dinner at Le Comptoir",
    ]);
  });

  it("a hotel search for a place it cannot find says it searched the trip's city instead", async () => {
    const { trip, say } = await session();
    const r = await say("find hotels in Atlantis");
    expect(r.toolCalls.map((c) => c.name)).toEqual(["search_hotels"]);
    const city = trip.destinations[0]?.name ?? "";
    expect(city).not.toBe("");
    expect(r.text).toContain(`'Atlantis' is not a place we can search; these stays are anywhere in ${city}`);
  });

  it("a dietary need written onto the trip is named in the reply, not 'no changes'", async () => {
    const { db, user, trip, say } = await session();
    const r = await say("I'm vegetarian");
    expect(r.toolCalls.map((c) => c.name)).toContain("update_trip_profile");
    expect((await getTrip(db, user.id, trip.id)).preferences.dietary_restrictions).toEqual(["vegetarian"]);
    expect(r.text).not.toMatch(/no changes/);
    expect(r.text).toContain("Updated the trip: dietary needs vegetarian.");
  });

  it("plans days, records interests and budget on the trip", async () => {
    const { db, user, trip, say } = await session();
    const r = await say("plan 5 days in Paris, we love museums and cafes");
    expect(r.itineraryUpdated).toBe(true);
    const segs = await listSegments(db, user.id, trip.id);
    expect(segs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(segs.map((s) => s.day_index))).toEqual(new Set([1, 2, 3, 4, 5]));
    await say("set the budget to 3000 EUR");
    const t = await getTrip(db, user.id, trip.id);
    expect(t.preferences).toMatchObject({
      interests: ["museums", "cafes"],
      budget: { total: 3000, currency: "EUR" },
    });
    expect(t.destinations.map((d) => d.name)).toContain("Paris");
  });

  it("reads a day back from the database", async () => {
    const { say } = await session();
    await say("add a cooking class on day 4 afternoon");
    const r = await say("what's on day 4?");
    expect(r.toolCalls.map((c) => c.name)).toEqual(["get_segments"]);
    expect(r.text).toContain("On day 4");
    expect(r.text).toContain("afternoon: Cooking class (activity)");
    expect(r.itineraryUpdated).toBe(false);
  });

  it("asks which day instead of writing when the day is outside the trip", async () => {
    const { db, user, trip, say } = await session();
    const r = await say("add a picnic on day 40");
    expect(r.text).toMatch(/Day 40 is outside the trip .*Which day should “Picnic” be on\?/);
    expect(r.itineraryUpdated).toBe(false);
    expect(await listSegments(db, user.id, trip.id)).toEqual([]);
  });

  it("refuses to write for a viewer and leaves the itinerary alone", async () => {
    const db = await getDb();
    const owner = await makeUser();
    const viewer = await makeUser();
    const trip = await makeTrip(owner.user.id);
    await db
      .insert(tripCollaborators)
      .values({ tripId: trip.id, userId: viewer.user.id, permission: "viewer" });
    const conv = await createConversation(db, viewer.user.id, {
      tripId: trip.id,
      kind: "designer",
      title: "t",
    });
    const r = await runDesignerTurn(db, callerOf(viewer.user), conv, "add the Louvre on day 1");
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/only view/);
    expect(await listSegments(db, owner.user.id, trip.id)).toEqual([]);
  });

  it("streams the reply in several chunks", async () => {
    const { db, user, conv } = await session();
    const turn = await startDesignerTurn(db, callerOf(user), conv, {
      id: "x",
      role: "user",
      parts: [{ type: "text", text: "add a cooking class and a wine tasting on day 3" }],
    });
    const texts: string[] = [];
    let last: UIMessage | undefined;
    for await (const msg of readUIMessageStream({ stream: turn.stream })) {
      last = msg;
      texts.push(msg.parts.map((p) => (p.type === "text" ? p.text : "")).join(""));
    }
    expect(new Set(texts.filter(Boolean)).size).toBeGreaterThan(3);
    expect(last?.parts.filter((p) => p.type === "tool-add_segment")).toHaveLength(2);
    expect((await turn.done).segmentsModified).toHaveLength(2);
  });

  it("works with generateText too, and answers text-only without tools", async () => {
    const r = await generateText({ model: createOfflineModel(), prompt: "hello" });
    expect(r.text).toMatch(/offline trip designer/);
  });
});
