/**
 * The request body of the MCP endpoint (`POST /api/mcp`): one JSON-RPC 2.0 message (request,
 * notification or response) or a batch of them, as the MCP Streamable HTTP transport sends
 * (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports). Only the
 * envelope is checked here; the MCP SDK validates each method's params.
 */
import { z } from "zod";

/**
 * One JSON-RPC 2.0 message: a request or notification (`method`) or a response (`id` with
 * `result` or `error`); other members (`params`, `result`, `error`) pass through unchanged.
 */
export const jsonRpcMessageSchema = z
  .looseObject({
    jsonrpc: z.literal("2.0"),
    id: z.union([z.string(), z.number().int()]).optional(),
    method: z.string().min(1).max(200).optional(),
  })
  .refine((m) => m.method !== undefined || (m.id !== undefined && ("result" in m || "error" in m)), {
    message:
      "A JSON-RPC message needs a method (request or notification), or an id with result or error (response)",
    path: ["method"],
  });

/** A message or a non-empty batch. */
export const mcpRequestSchema = z.union([jsonRpcMessageSchema, z.array(jsonRpcMessageSchema).min(1).max(50)]);
