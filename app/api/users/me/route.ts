import { getMe, updateMe, updateMeSchema } from "@/lib/domain/users/profile";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/users/me – profile, preferences, plan and stats computed from the caller's trips
export const GET = withAuth(async ({ db, caller }) => json(await getMe(db, caller.userId)));

// PUT /api/users/me – partial update of name, profile and preferences
export const PUT = withAuth(
  async ({ req, db, caller }) =>
    json(await updateMe(db, caller.userId, await parseBody(req, updateMeSchema))),
  { sessionOnly: true },
);
export const PATCH = PUT;

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, DELETE, OPTIONS } = methodsNotAllowed(["GET", "PUT", "PATCH"]);
