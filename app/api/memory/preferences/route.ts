import { memoryPreferencesSchema, updateMemoryPreferences } from "@/lib/domain/users/profile";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { MemorySchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Memory" }, (op) => ({
  PUT: op.auth(
    {
      summary: "merge travel preferences into the caller's memory",
      scope: "memory:write",
      body: {
        schema: memoryPreferencesSchema,
        name: "MemoryPreferences",
        example: { budget_tier: "mid-range", interests: ["food", "history"], travel_style: "slow" },
      },
      ok: { status: 200, description: "The caller's memory after the merge.", schema: MemorySchema },
    },
    async ({ db, caller, readBody }) =>
      json(await updateMemoryPreferences(db, caller.userId, await readBody())),
  ),
  PATCH: op.alias("PUT"),
}));
