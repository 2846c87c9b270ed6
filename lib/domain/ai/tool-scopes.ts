/**
 * The scope each assistant tool needs (lib/domain/auth/scopes.ts; the TripSage REST API's
 * "Permission Scopes" table). The assistant never holds more rights than its caller: a tool
 * whose scope the caller lacks refuses with `INSUFFICIENT_PERMISSIONS`, which the model
 * relays, and the itinerary and memory put in the prompt need `trips:read` / `memory:read`
 * (lib/domain/chat/designer.ts, lib/domain/chat/page-chat.ts). Trip roles are checked on top of this by the
 * domain services each tool calls.
 */
import { requireScope, type Scope } from "@/lib/domain/auth/scopes";
import type { ToolName } from "./tool-schemas";

/** Every tool name of lib/domain/ai/tool-schemas.ts → the scope it needs (`null`: only `chat:access`). */
export const TOOL_SCOPES: Record<ToolName, Scope | null> = {
  get_segments: "trips:read",
  add_segment: "trips:write",
  update_segment: "trips:write",
  delete_segment: "trips:write",
  move_segment: "trips:write",
  update_trip_profile: "trips:write",
  undo_last_change: "trips:write",
  search_flights: "flights:read",
  search_hotels: "accommodations:read",
  // The destination catalogue is public; its default (the trip's destinations) reads the
  // trip, which the tool checks against `trips:read` itself.
  search_activities: null,
  ask_question: null,
  remember_preference: "memory:write",
};

/**
 * Checks `TOOL_SCOPES[name]` before a tool runs.
 * @throws ApiError INSUFFICIENT_PERMISSIONS when the caller lacks the tool's scope
 */
export function requireToolScope(caller: { scopes: readonly Scope[] }, name: ToolName): void {
  const scope = TOOL_SCOPES[name];
  if (scope) requireScope(caller, scope, `The ${name} tool`);
}

export { hasScope, requireScope } from "@/lib/domain/auth/scopes";
