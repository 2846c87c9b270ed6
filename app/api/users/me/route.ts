import { getMe, updateMe, updateMeSchema } from "@/lib/domain/users/profile";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { MeSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "Users" }, (op) => ({
  GET: op.auth(
    {
      summary: "profile, preferences, plan and stats computed from the caller's trips",
      ok: { status: 200, description: "The caller's profile.", schema: MeSchema },
    },
    async ({ db, caller }) => json(await getMe(db, caller.userId)),
  ),

  PUT: op.auth(
    {
      summary: "partial update of name, profile and preferences",
      sessionOnly: true,
      body: {
        schema: updateMeSchema,
        name: "UpdateMe",
        example: { name: "John Doe", profile: { bio: "Adventure seeker" }, preferences: { currency: "EUR" } },
      },
      ok: { status: 200, description: "The updated profile.", schema: MeSchema },
    },
    async ({ db, caller, readBody }) => json(await updateMe(db, caller.userId, await readBody())),
  ),
  PATCH: op.alias("PUT"),
}));
