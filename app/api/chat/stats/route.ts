import { activeSessionCount } from "@/lib/chat/sessions";
import { json, withAuth } from "@/lib/http/route";

// GET /api/chat/stats – seed 001: the caller's designer sessions active in the last 30 minutes
export const GET = withAuth(
  async ({ db, caller }) => json({ activeSessions: await activeSessionCount(db, caller.userId) }),
  { scope: "chat:access", family: "designer" },
);
