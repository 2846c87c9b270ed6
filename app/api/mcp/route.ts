import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { defineRoute } from "@/lib/http/contract";
import { mcpRequestSchema } from "@/lib/mcp/jsonrpc";
import { createMcpServer } from "@/lib/mcp/server";
import { McpResponseSchema } from "@/lib/openapi/responses";

/**
 * The request as the transport should see it: a client that sent no `Accept` (or only the `*` wildcard)
 * accepts the JSON answer this stateless server gives, as the Streamable HTTP transport
 * requires clients to say; an explicit `Accept` that excludes JSON still gets 406.
 */
function acceptingJson(req: Request): Request {
  const accept = req.headers.get("accept")?.trim();
  if (accept && accept !== "*/*") return req;
  const headers = new Headers(req.headers);
  headers.set("accept", "application/json, text/event-stream");
  // The body was read already (it reaches the transport parsed), so only the envelope is copied.
  return new Request(req.url, { method: req.method, headers });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "MCP" }, (op) => ({
  // POST /api/mcp – one MCP (JSON-RPC) exchange for an agent, as the caller
  POST: op.auth(
    {
      summary: "MCP server for agents (Streamable HTTP, stateless, JSON responses)",
      body: {
        schema: mcpRequestSchema,
        name: "McpJsonRpcRequest",
        example: { jsonrpc: "2.0", id: 1, method: "tools/list" },
      },
      ok: {
        status: 200,
        description: "The JSON-RPC response (`application/json`).",
        schema: McpResponseSchema,
        also: [
          { status: 202, description: "Accepted: the body held only notifications or responses (no body)." },
        ],
      },
      errors: [406],
      description:
        "The Model Context Protocol over Streamable HTTP in stateless mode: send `Accept: application/json, " +
        "text/event-stream` and an API key (`Authorization: Bearer ts_live_…`) or an access token. " +
        "Tools: `list_trips`, `get_trip`, `create_trip`, `get_itinerary` and the Trip Designer's segment, " +
        "trip-profile and search tools with a `trip_id`. Every tool runs with the caller's trip roles and " +
        "the key's scopes; a refusal is a tool result with `isError: true` and the REST API's error `code`. " +
        "`GET` (a server-initiated stream) is not offered: 405.",
    },
    async ({ req, db, caller, readBody }) => {
      const parsedBody = await readBody();
      const server = createMcpServer(db, caller);
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      await server.connect(transport);
      try {
        return await transport.handleRequest(acceptingJson(req), { parsedBody });
      } finally {
        await server.close();
      }
    },
  ),
}));
