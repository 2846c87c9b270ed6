import { json, withAuth } from "@/lib/http/route";
import { getMemory } from "@/lib/users/profile";

// GET /api/memory/user – stated preferences and travel history the assistant personalises with
export const GET = withAuth(async ({ db, caller }) => json(await getMemory(db, caller.userId)), {
  scope: "memory:read",
});
