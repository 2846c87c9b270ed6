import { memoryPreferencesSchema, updateMemoryPreferences } from "@/lib/domain/users/profile";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// PUT /api/memory/preferences – merge travel preferences into the caller's memory
export const PUT = withAuth(
  async ({ req, db, caller }) =>
    json(await updateMemoryPreferences(db, caller.userId, await parseBody(req, memoryPreferencesSchema))),
  { scope: "memory:write" },
);
export const PATCH = PUT;

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, POST, DELETE, OPTIONS } = methodsNotAllowed(["PUT", "PATCH"]);
