import { getMemory } from "@/lib/domain/users/profile";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { MemorySchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Memory" }, (op) => ({
  GET: op.auth(
    {
      summary: "stated preferences and travel history the assistant personalises with",
      scope: "memory:read",
      ok: { status: 200, description: "The caller's memory.", schema: MemorySchema },
    },
    async ({ db, caller }) => json(await getMemory(db, caller.userId)),
  ),
}));
