import { getMemory } from "@/lib/domain/users/profile";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/memory/user – stated preferences and travel history the assistant personalises with
export const GET = withAuth(async ({ db, caller }) => json(await getMemory(db, caller.userId)), {
  scope: "memory:read",
});

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"]);
