/**
 * The assistant's tools act with the caller's rights and nothing more: they go through the
 * same services as the REST API, so a viewer's assistant cannot write and a stranger's
 * assistant cannot even see the trip.
 */
import { stepCountIs, streamText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { tripCollaborators } from "@/db/schema";
import type { Caller } from "@/lib/domain/auth/bearer";
import { SCOPES, userScopes } from "@/lib/domain/auth/scopes";
import { addSegment, listSegments } from "@/lib/domain/itinerary/service";
import { getTrip } from "@/lib/domain/trips/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { type ToolName, toolInputSchemas } from "./tool-schemas";
import { TOOL_SCOPES } from "./tool-scopes";
import { createTools } from "./tools";

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

const opts = { toolCallId: "t", messages: [] };

async function setup(permission: "viewer" | "editor" | null) {
  const db = await getDb();
  const owner = await makeUser("Owner");
  const other = await makeUser("Other");
  const trip = await makeTrip(owner.user.id);
  const seg = await addSegment(
    db,
    owner.user.id,
    trip.id,
    segmentCreateSchema.parse({ type: "activity", title: "Louvre", day_index: 1 }),
  );
  if (permission) {
    await db
      .insert(tripCollaborators)
      .values({ tripId: trip.id, userId: other.user.id, permission, addedBy: owner.user.id });
  }
  return {
    db,
    owner,
    other,
    trip,
    seg,
    tools: createTools({ db, caller: callerOf(other.user), tripId: trip.id }),
  };
}

describe("designer tools and permissions", () => {
  it("a viewer's tools can read but every write is refused and nothing changes", async () => {
    const { db, owner, trip, seg, tools } = await setup("viewer");
    const read = (await tools.get_segments.execute?.({}, opts)) as { segments: { title: string }[] };
    expect(read.segments.map((s) => s.title)).toEqual(["Louvre"]);

    const attempts = await Promise.all([
      tools.add_segment.execute?.({ type: "activity", title: "Orsay", day_index: 2 }, opts),
      tools.update_segment.execute?.({ segment_id: seg.id, title: "Hacked" }, opts),
      tools.move_segment.execute?.({ segment_id: seg.id, day_index: 3 }, opts),
      tools.delete_segment.execute?.({ segment_id: seg.id }, opts),
      tools.update_trip_profile.execute?.({ title: "Mine now" }, opts),
    ]);
    for (const a of attempts) expect(a).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
    const after = await listSegments(db, owner.user.id, trip.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ title: "Louvre", day_index: 1, version: 1 });
  });

  it("update_trip_profile keeps what the trip knows of a destination it names again", async () => {
    const { db, owner } = await setup(null);
    const trip = await makeTrip(owner.user.id, {
      destinations: [
        {
          name: "Tokyo",
          city: "Tokyo",
          country: "Japan",
          coordinates: { latitude: 35.68, longitude: 139.69 },
        },
      ],
    });
    const tools = createTools({ db, caller: callerOf(owner.user), tripId: trip.id });
    await tools.update_trip_profile.execute?.({ destinations: ["tokyo", "Kyoto"] }, opts);
    expect((await getTrip(db, owner.user.id, trip.id)).destinations).toEqual([
      { name: "Tokyo", city: "Tokyo", country: "Japan", coordinates: { latitude: 35.68, longitude: 139.69 } },
      { name: "Kyoto" },
    ]);
  });

  it("a stranger's tools see nothing: the trip is not found", async () => {
    const { tools } = await setup(null);
    expect(await tools.get_segments.execute?.({}, opts)).toMatchObject({ code: "NOT_FOUND" });
    expect(await tools.add_segment.execute?.({ type: "note", title: "x", day_index: 1 }, opts)).toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
  });

  it("an editor's tools write through the services, marking the source as the assistant", async () => {
    const { db, owner, trip, seg, tools } = await setup("editor");
    const added = (await tools.add_segment.execute?.(
      { type: "activity", title: "Musée d'Orsay", day_index: 1, time_block: "morning" },
      opts,
    )) as { segment: { id: string; source: string } };
    expect(added.segment.source).toBe("assistant");
    await tools.move_segment.execute?.({ segment_id: seg.id, day_index: 2, position: 0 }, opts);
    const segs = await listSegments(db, owner.user.id, trip.id);
    expect(segs.map((s) => [s.title, s.day_index, s.position])).toEqual([
      ["Musée d'Orsay", 1, 0],
      ["Louvre", 2, 0],
    ]);
  });

  it("bad model input is refused with field errors and writes nothing", async () => {
    const { db, owner, trip, tools } = await setup("editor");
    const flight = await tools.add_segment.execute?.({ type: "flight", title: "Flight", day_index: 1 }, opts);
    expect(flight).toMatchObject({
      code: "VALIDATION_ERROR",
      fields: [expect.objectContaining({ field: "details" })],
    });
    const outside = await tools.add_segment.execute?.(
      { type: "activity", title: "Too late", day_index: 9 },
      opts,
    );
    expect(outside).toMatchObject({ code: "OUTSIDE_TRIP_DATES" });
    const unknown = await tools.delete_segment.execute?.({ segment_id: "not-an-id" }, opts);
    expect(unknown).toMatchObject({ code: "NOT_FOUND" });
    expect(await listSegments(db, owner.user.id, trip.id)).toHaveLength(1);
  });

  it("a model that tries to delete on a viewer's behalf gets the refusal as its tool result", async () => {
    const { db, owner, trip, seg, tools } = await setup("viewer");
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: new ReadableStream({
          start(c) {
            c.enqueue({ type: "stream-start", warnings: [] });
            c.enqueue({
              type: "tool-call",
              toolCallId: "c1",
              toolName: "delete_segment",
              input: JSON.stringify({ segment_id: seg.id }),
            });
            c.enqueue({
              type: "finish",
              finishReason: { unified: "tool-calls", raw: "tool_calls" },
              usage: {
                inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
                outputTokens: { total: 5, text: 5, reasoning: undefined },
              },
            });
            c.close();
          },
        }),
      }),
    });
    const result = streamText({ model, tools, prompt: "delete the Louvre", stopWhen: stepCountIs(1) });
    const steps = await result.steps;
    expect(steps[0]?.toolResults[0]?.output).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
    expect(await listSegments(db, owner.user.id, trip.id)).toHaveLength(1);
  });
});

describe("search tools", () => {
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  it("search_flights returns stored offers the caller can open, and needs flights:read", async () => {
    const { db, trip, other } = await setup("viewer");
    const tools = createTools({ db, caller: callerOf(other.user), tripId: trip.id });
    const r = (await tools.search_flights.execute?.(
      { origin: "LHR", destination: "CDG", departure_date: inDays(30) },
      opts,
    )) as { provider: string; total_results: number; offers: { id: string; price: { total: number } }[] };
    expect(r.provider).toBe("offline");
    expect(r.offers.length).toBeGreaterThan(0);
    expect(r.offers.length).toBeLessThanOrEqual(5);
    const totals = r.offers.map((o) => o.price.total);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    const { getFlightOffer } = await import("@/lib/domain/travel/flights");
    expect((await getFlightOffer(db, other.user.id, r.offers[0]?.id as string)).price.total).toBe(totals[0]);

    const keyCaller: Caller = {
      ...callerOf(other.user),
      via: "api_key",
      scopes: ["trips:read", "chat:access"],
    };
    const limited = createTools({ db, caller: keyCaller, tripId: trip.id });
    expect(
      await limited.search_flights.execute?.(
        { origin: "LHR", destination: "CDG", departure_date: inDays(30) },
        opts,
      ),
    ).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
    expect(
      await limited.search_hotels.execute?.(
        { location: "Paris", check_in: inDays(30), check_out: inDays(33) },
        opts,
      ),
    ).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
  });

  it("search_hotels answers bad dates as a validation failure the model can read", async () => {
    const { db, trip, other } = await setup("viewer");
    const tools = createTools({ db, caller: callerOf(other.user), tripId: trip.id });
    const r = await tools.search_hotels.execute?.(
      { location: "Paris", check_in: inDays(30), check_out: inDays(29) },
      opts,
    );
    expect(r).toMatchObject({ code: "VALIDATION_ERROR", fields: [{ field: "check_out" }] });
  });
});

describe("tool scopes (lib/domain/ai/tool-scopes.ts): the tools hold exactly the caller's scopes", () => {
  const INPUTS: Partial<Record<ToolName, unknown>> = {
    get_segments: {},
    add_segment: { type: "activity", title: "Orsay", day_index: 2 },
    update_segment: { segment_id: "SEG", title: "Hacked" },
    delete_segment: { segment_id: "SEG" },
    move_segment: { segment_id: "SEG", day_index: 3 },
    update_trip_profile: { title: "Pwned" },
    search_flights: { origin: "JFK", destination: "LHR", departure_date: "2031-05-01" },
    search_hotels: { location: "Tokyo, Japan", check_in: "2031-05-01", check_out: "2031-05-03" },
    search_activities: {},
  };

  it("every tool of tool-schemas.ts has an entry, and a scope that exists", () => {
    expect(Object.keys(TOOL_SCOPES).sort()).toEqual(Object.keys(toolInputSchemas).sort());
    for (const s of Object.values(TOOL_SCOPES)) if (s) expect(SCOPES).toContain(s);
  });

  it("a chat:access-only caller: each scoped tool refuses (INSUFFICIENT_PERMISSIONS) and nothing is read or written", async () => {
    const db = await getDb();
    const owner = await makeUser("Owner");
    const trip = await makeTrip(owner.user.id);
    const seg = await addSegment(
      db,
      owner.user.id,
      trip.id,
      segmentCreateSchema.parse({ type: "note", title: "Secret", day_index: 1 }),
    );
    const chatOnly: Caller = { ...callerOf(owner.user), via: "api_key", scopes: ["chat:access"] };
    const tools = createTools({ db, caller: chatOnly, tripId: trip.id }) as unknown as Record<
      string,
      { execute?: (i: unknown, o: typeof opts) => Promise<unknown> }
    >;
    for (const [name, input] of Object.entries(INPUTS)) {
      const out = await tools[name]?.execute?.(
        JSON.parse(JSON.stringify(input).replace(/SEG/g, seg.id)),
        opts,
      );
      expect(JSON.stringify(out), name).not.toContain("Secret");
      if (TOOL_SCOPES[name as ToolName] || name === "search_activities")
        expect(out, name).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" });
    }
    const after = await listSegments(db, owner.user.id, trip.id);
    expect(after.map((s) => `${s.id}:${s.title}:${s.day_index}`)).toEqual([`${seg.id}:Secret:1`]);
    // Control: the owner's full scopes read the segment.
    const full = createTools({ db, caller: callerOf(owner.user), tripId: trip.id });
    expect(JSON.stringify(await full.get_segments.execute?.({}, opts))).toContain("Secret");
  });
});
