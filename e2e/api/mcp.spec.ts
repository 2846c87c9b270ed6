/**
 * The MCP server against the production build, driven by the MCP SDK's own Streamable HTTP
 * client with an API key, as an agent would: it lists the tools, creates a trip and adds a
 * segment, which the REST API then shows; a read-only key is refused writes; no credential
 * is 401 and `GET` is 405.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { body, expectStatus, expectTripSageError, futureDate, registerUser, type TestUser } from "./helpers";

async function apiKey(user: TestUser, permissions: string[]): Promise<string> {
  const res = await user.api.post("/api/user/keys", { name: `mcp ${permissions.join(" ")}`, permissions });
  await expectStatus(res, 201);
  return (await body(res)).key;
}

async function agent(baseURL: string, key: string) {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    return { isError: r.isError === true, value: JSON.parse((r.content[0] as { text: string }).text) };
  };
  return { client, call };
}

test.describe("MCP server (Streamable HTTP)", () => {
  test("an agent with an API key creates a trip and edits its itinerary; REST sees the change", async ({
    request,
    baseURL,
  }) => {
    const user = await registerUser(request);
    const key = await apiKey(user, ["trips:read", "trips:write"]);
    const { client, call } = await agent(baseURL as string, key);
    expect(client.getServerVersion()?.name).toBe("tripsage");
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["list_trips", "get_itinerary", "add_segment", "search_flights"]),
    );

    const trip = await call("create_trip", {
      title: "Porto by agent",
      start_date: futureDate(10),
      end_date: futureDate(13),
      destinations: [{ name: "Porto" }],
    });
    expect(trip.isError).toBe(false);
    const added = await call("add_segment", {
      trip_id: trip.value.id,
      type: "meal",
      title: "Francesinha lunch",
      day_index: 2,
      time_block: "afternoon",
    });
    expect(added.isError).toBe(false);

    const rest = await body(await user.api.get(`/api/itineraries/${trip.value.id}`));
    const titles = rest.days.flatMap((d: { segments: { title: string }[] }) =>
      d.segments.map((s) => s.title),
    );
    expect(titles).toEqual(["Francesinha lunch"]);
    await client.close();
  });

  test("a read-only key reads but every write is an error result, and nothing is written", async ({
    request,
    baseURL,
  }) => {
    const user = await registerUser(request);
    const tripRes = await user.api.post("/api/trips", {
      title: "Read-only agent",
      start_date: futureDate(20),
      end_date: futureDate(22),
    });
    const trip = await body(tripRes);
    const { call } = await agent(baseURL as string, await apiKey(user, ["trips:read"]));
    expect((await call("get_trip", { trip_id: trip.id })).value.title).toBe("Read-only agent");
    const write = await call("add_segment", { trip_id: trip.id, type: "note", title: "Nope", day_index: 1 });
    expect(write.isError).toBe(true);
    expect(write.value.code).toBe("INSUFFICIENT_PERMISSIONS");
    const rest = await body(await user.api.get(`/api/itineraries/${trip.id}`));
    expect(rest.days.flatMap((d: { segments: unknown[] }) => d.segments)).toEqual([]);
  });

  test("no credential is 401 in the REST API's error shape; GET is 405 with Allow", async ({ request }) => {
    const anon = await request.post("/api/mcp", {
      data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
      headers: { accept: "application/json, text/event-stream", "x-forwarded-for": "10.250.1.1" },
    });
    await expectTripSageError(anon, 401);
    const get = await request.get("/api/mcp", { headers: { "x-forwarded-for": "10.250.1.2" } });
    expect(get.status()).toBe(405);
    expect(get.headers().allow).toContain("POST");
  });
});
