import { ApiError } from "@/lib/platform/errors";

/**
 * Permission scopes of the TripSage REST API's "Permission Scopes" table, plus `flights:write`
 * (creating and deleting price watches: a write, so a search-only key cannot do it).
 */
export const SCOPES = [
  "trips:read",
  "trips:write",
  "trips:delete",
  "flights:read",
  "flights:write",
  "accommodations:read",
  "chat:access",
  "memory:read",
  "memory:write",
  "admin:access",
] as const;
export type Scope = (typeof SCOPES)[number];

/** What a signed-in user's JWT or browser session may do: everything but admin, unless admin. */
export function userScopes(role: "user" | "admin"): Scope[] {
  return role === "admin" ? [...SCOPES] : SCOPES.filter((s) => s !== "admin:access");
}

/** Whether `caller` holds `scope` (a JWT or browser session holds its role's scopes, an API key its own). */
export function hasScope(caller: { scopes: readonly Scope[] }, scope: Scope): boolean {
  return caller.scopes.includes(scope);
}

/**
 * @throws ApiError INSUFFICIENT_PERMISSIONS (403) naming the missing scope and what needed it
 */
export function requireScope(caller: { scopes: readonly Scope[] }, scope: Scope, what: string): void {
  if (!hasScope(caller, scope)) {
    throw new ApiError("INSUFFICIENT_PERMISSIONS", `${what} needs the '${scope}' scope`);
  }
}
