/**
 * The MCP server (Model Context Protocol, https://modelcontextprotocol.io) that agents use to
 * read and edit trips: the same capabilities as the TripSage REST API, as MCP tools.
 *
 * One server is built per request for one caller ({@link createMcpServer}); every tool runs
 * through the domain services with exactly that caller's rights (trip roles) and scopes (an
 * API key's permissions): the trip tools are the Trip Designer's own tools
 * (lib/domain/ai/tools.ts), bound to the caller and the `trip_id` the agent names, so the
 * scope table of lib/domain/ai/tool-scopes.ts and the designer's guards apply unchanged.
 *
 * A tool's result is its JSON output, as `structuredContent` and as one text block; a refused
 * call (missing scope, no access, invalid input, a trip that does not exist) is a result with
 * `isError: true` whose JSON is `{ error, code }` — the REST API's error code — and nothing is
 * written.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type ToolName, toolInputSchemas } from "@/lib/domain/ai/tool-schemas";
import { createTools } from "@/lib/domain/ai/tools";
import type { Caller } from "@/lib/domain/auth/bearer";
import { requireScope } from "@/lib/domain/auth/scopes";
import { getItinerary } from "@/lib/domain/itinerary/service";
import { createTrip, getTrip, listTrips } from "@/lib/domain/trips/service";
import { tripCreateFields, tripCreateSchema } from "@/lib/domain/validators/trips";
import { env } from "@/lib/platform/env";
import { ApiError } from "@/lib/platform/errors";
import { validate } from "@/lib/platform/validate";

/** The name and version the server reports in `initialize` (the deployment's APP_VERSION). */
export function mcpServerInfo(): { name: string; version: string } {
  return { name: "tripsage", version: env().APP_VERSION };
}

/**
 * The designer tools offered over MCP, each with a `trip_id` added to its input. Left out:
 * `ask_question` (a question for the person in the designer's chat; an agent asks its own
 * user), `undo_last_change` (it undoes a designer turn's changeset; MCP calls make none) and
 * `remember_preference` (the caller's memory is not a trip's).
 */
export const MCP_TRIP_TOOLS = [
  "get_segments",
  "add_segment",
  "update_segment",
  "delete_segment",
  "move_segment",
  "update_trip_profile",
  "search_flights",
  "search_hotels",
  "search_activities",
] as const satisfies readonly ToolName[];

const tripId = z.uuid().describe("The trip's id (from list_trips)");

/** A tool result carrying `value` as JSON (text and structured). */
function result(value: unknown, isError = false): CallToolResult {
  const structured =
    value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { result: value };
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: structured, isError };
}

/** Runs a service call; an ApiError becomes an `isError` result with the REST API's code. */
async function run(fn: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    return result(await fn());
  } catch (e) {
    if (e instanceof ApiError) return result({ error: e.message, code: e.code }, true);
    throw e;
  }
}

/** True when a designer tool's output is its refusal shape (`{ error, code }`, `done: false`). */
function isRefusal(out: unknown): boolean {
  return !!out && typeof out === "object" && "error" in out && "code" in out;
}

/**
 * Builds an MCP server whose tools act as `caller`.
 * @param db the database (or a transaction) the tools use
 * @param caller who is calling (lib/domain/auth/bearer.ts): user id, scopes, API key
 * @returns an unconnected McpServer; connect it to one transport per request
 */
export function createMcpServer(db: Db, caller: Caller): McpServer {
  const server = new McpServer(mcpServerInfo(), {
    instructions:
      "TripSage trips: list_trips to find a trip's id, get_itinerary to read its days, then the " +
      "segment tools to change it. Every tool acts with your API key's permissions.",
  });

  server.registerTool(
    "list_trips",
    {
      description: "The trips you own or that are shared with you, newest first.",
      inputSchema: {
        skip: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(100).default(20),
      },
      annotations: { readOnlyHint: true },
    },
    ({ skip, limit }) =>
      run(async () => {
        requireScope(caller, "trips:read", "list_trips");
        return listTrips(db, caller.userId, { skip, limit });
      }),
  );

  server.registerTool(
    "get_trip",
    {
      description: "One trip: dates, destinations, budget, your role and its version.",
      inputSchema: { trip_id: tripId },
      annotations: { readOnlyHint: true },
    },
    ({ trip_id }) =>
      run(async () => {
        requireScope(caller, "trips:read", "get_trip");
        return getTrip(db, caller.userId, trip_id);
      }),
  );

  server.registerTool(
    "create_trip",
    {
      description: "Create a trip you own (title, ISO 8601 start_date/end_date, destinations, budget).",
      inputSchema: tripCreateFields.shape,
    },
    (input) =>
      run(async () => {
        requireScope(caller, "trips:write", "create_trip");
        return createTrip(db, caller.userId, validate(tripCreateSchema, input));
      }),
  );

  server.registerTool(
    "get_itinerary",
    {
      description: "A trip's itinerary: its days and each day's segments in order.",
      inputSchema: { trip_id: tripId },
      annotations: { readOnlyHint: true },
    },
    ({ trip_id }) =>
      run(async () => {
        requireScope(caller, "trips:read", "get_itinerary");
        return getItinerary(db, caller.userId, trip_id);
      }),
  );

  const descriptions = designerDescriptions(db, caller);
  for (const name of MCP_TRIP_TOOLS) {
    const schema = toolInputSchemas[name];
    const description = descriptions[name];
    server.registerTool(
      name,
      {
        description: `${description.replace(/\.$/, "")} (on the trip named by trip_id).`,
        inputSchema: { trip_id: tripId, ...schema.shape },
        annotations: { readOnlyHint: name.startsWith("get_") || name.startsWith("search_") },
      },
      async (args: Record<string, unknown>) => {
        const { trip_id, ...input } = args;
        const tools = createTools({ db, caller, tripId: String(trip_id) });
        const t = tools[name] as { execute?: (input: unknown, opts: unknown) => Promise<unknown> };
        if (!t.execute) throw new Error(`designer tool ${name} has no execute`);
        const out = await t.execute(input, { toolCallId: `mcp-${name}`, messages: [] });
        return result(out, isRefusal(out));
      },
    );
  }
  return server;
}

let cachedDescriptions: Record<(typeof MCP_TRIP_TOOLS)[number], string> | undefined;

/**
 * The designer's own description of each MCP trip tool (one source for both), read once per
 * process from a tool set that is never executed: descriptions depend on neither the caller
 * nor the trip.
 */
function designerDescriptions(db: Db, caller: Caller): Record<(typeof MCP_TRIP_TOOLS)[number], string> {
  if (!cachedDescriptions) {
    const tools = createTools({ db, caller, tripId: "" });
    cachedDescriptions = Object.fromEntries(
      MCP_TRIP_TOOLS.map((name) => [name, (tools[name] as { description?: string }).description ?? name]),
    ) as Record<(typeof MCP_TRIP_TOOLS)[number], string>;
  }
  return cachedDescriptions;
}
