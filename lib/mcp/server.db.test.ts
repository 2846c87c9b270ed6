/**
 * The MCP server's tools act as their caller: an MCP client (the SDK's own) connected over an
 * in-memory transport lists and calls them against the real database, and every refusal
 * (scope, role, unknown trip, bad input) writes nothing.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { tripCollaborators } from "@/db/schema";
import type { Caller } from "@/lib/domain/auth/bearer";
import { type Scope, userScopes } from "@/lib/domain/auth/scopes";
import { addSegment, listSegments } from "@/lib/domain/itinerary/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { createMcpServer, MCP_TRIP_TOOLS } from "./server";

function callerOf(
  user: { id: string; email: string; name: string },
  scopes: Scope[] = userScopes("user"),
): Caller {
  return { userId: user.id, email: user.email, name: user.name, role: "user", via: "api_key", scopes };
}

async function connect(caller: Caller) {
  const db = await getDb();
  const server = createMcpServer(db, caller);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test-agent", version: "1.0.0" });
  await client.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call };
}

const json = (r: CallToolResult) => JSON.parse((r.content[0] as { text: string }).text);

describe("MCP server", () => {
  it("lists the trip tools with JSON Schemas that require trip_id", async () => {
    const { user } = await makeUser("Agent Owner");
    const { client } = await connect(callerOf(user));
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(
      ["create_trip", "get_itinerary", "get_trip", "list_trips", ...MCP_TRIP_TOOLS].sort(),
    );
    const add = tools.find((t) => t.name === "add_segment");
    expect(add?.inputSchema.required).toEqual(expect.arrayContaining(["trip_id", "type", "title"]));
    expect(add?.description).toMatch(/trip_id/);
    const create = tools.find((t) => t.name === "create_trip");
    expect(create?.inputSchema.type).toBe("object");
    expect(Object.keys(create?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["title", "start_date"]),
    );
  });

  it("creates a trip, adds a segment and reads it back in the itinerary", async () => {
    const { user } = await makeUser("Agent Writer");
    const { call } = await connect(callerOf(user));
    const created = await call("create_trip", {
      title: "Lisbon by MCP",
      start_date: "2027-05-01",
      end_date: "2027-05-04",
      destinations: [{ name: "Lisbon" }],
    });
    expect(created.isError).toBe(false);
    const trip = json(created);
    expect(trip).toMatchObject({ title: "Lisbon by MCP", start_date: "2027-05-01" });

    const added = await call("add_segment", {
      trip_id: trip.id,
      type: "activity",
      title: "Belém Tower",
      day_index: 2,
      time_block: "morning",
    });
    expect(added.isError).toBe(false);
    expect(json(added).segment).toMatchObject({ title: "Belém Tower", day_index: 2, date: "2027-05-02" });

    const itinerary = json(await call("get_itinerary", { trip_id: trip.id }));
    const titles = itinerary.days.flatMap((d: { segments: { title: string }[] }) =>
      d.segments.map((s) => s.title),
    );
    expect(titles).toEqual(["Belém Tower"]);
    const listed = json(await call("list_trips", {}));
    expect(listed.items.map((t: { id: string }) => t.id)).toContain(trip.id);
  });

  it("a viewer can read but not write, a stranger cannot see the trip, and nothing is written", async () => {
    const db = await getDb();
    const owner = await makeUser("Agent Trip Owner");
    const viewer = await makeUser("Agent Viewer");
    const stranger = await makeUser("Agent Stranger");
    const trip = await makeTrip(owner.user.id);
    await addSegment(
      db,
      owner.user.id,
      trip.id,
      segmentCreateSchema.parse({ type: "activity", title: "Louvre", day_index: 1 }),
    );
    await db
      .insert(tripCollaborators)
      .values({ tripId: trip.id, userId: viewer.user.id, permission: "viewer", addedBy: owner.user.id });

    const asViewer = await connect(callerOf(viewer.user));
    const read = await asViewer.call("get_segments", { trip_id: trip.id });
    expect(read.isError).toBe(false);
    expect(json(read).segments.map((s: { title: string }) => s.title)).toEqual(["Louvre"]);
    const write = await asViewer.call("add_segment", {
      trip_id: trip.id,
      type: "meal",
      title: "Dinner",
      day_index: 1,
    });
    expect(write.isError).toBe(true);
    expect(json(write).code).toBe("INSUFFICIENT_PERMISSIONS");

    const asStranger = await connect(callerOf(stranger.user));
    for (const [name, args] of [
      ["get_trip", { trip_id: trip.id }],
      ["get_itinerary", { trip_id: trip.id }],
      ["add_segment", { trip_id: trip.id, type: "meal", title: "Dinner", day_index: 1 }],
    ] as const) {
      const r = await asStranger.call(name, args);
      expect(r.isError, name).toBe(true);
      expect(json(r).code, name).toMatch(/NOT_FOUND/);
    }
    expect((await listSegments(db, owner.user.id, trip.id)).map((s) => s.title)).toEqual(["Louvre"]);
  });

  it("an API key without trips:write is refused every write tool, and trips:read gates reads", async () => {
    const db = await getDb();
    const { user } = await makeUser("Agent Key Holder");
    const trip = await makeTrip(user.id);
    const readOnly = await connect(callerOf(user, ["trips:read"]));
    for (const [name, args] of [
      ["create_trip", { title: "X", start_date: "2027-01-01", end_date: "2027-01-02" }],
      ["add_segment", { trip_id: trip.id, type: "note", title: "N", day_index: 1 }],
      ["update_trip_profile", { trip_id: trip.id, title: "Renamed" }],
    ] as const) {
      const r = await readOnly.call(name, args);
      expect(r.isError, name).toBe(true);
      expect(json(r).code, name).toBe("INSUFFICIENT_PERMISSIONS");
    }
    expect((await readOnly.call("get_trip", { trip_id: trip.id })).isError).toBe(false);

    const chatOnly = await connect(callerOf(user, ["chat:access"]));
    const r = await chatOnly.call("list_trips", {});
    expect(r.isError).toBe(true);
    expect(json(r).code).toBe("INSUFFICIENT_PERMISSIONS");
    expect(await listSegments(db, user.id, trip.id)).toEqual([]);
  });

  it("answers invalid arguments with an error result, not a thrown error", async () => {
    const { user } = await makeUser("Agent Sloppy");
    const { call } = await connect(callerOf(user));
    const bad = await call("get_trip", { trip_id: "not-a-uuid" });
    expect(bad.isError).toBe(true);
    expect((bad.content[0] as { text: string }).text).toMatch(/trip_id/);
    const badDates = await call("create_trip", {
      title: "Backwards",
      start_date: "2027-02-10",
      end_date: "2027-02-01",
    });
    expect(badDates.isError).toBe(true);
  });
});
