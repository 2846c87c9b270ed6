/** Permission scopes of seed 000's "Permission Scopes" table. */
export const SCOPES = [
  "trips:read",
  "trips:write",
  "trips:delete",
  "flights:read",
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
