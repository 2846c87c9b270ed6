import { activeSessionCount } from "@/lib/domain/chat/sessions";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /api/chat/stats – the Trip Designer API: the caller's designer sessions active in the last 30 minutes
export const GET = withAuth(
  async ({ db, caller }) => json({ activeSessions: await activeSessionCount(db, caller.userId) }),
  { scope: "chat:access", family: "designer" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"], "designer");
