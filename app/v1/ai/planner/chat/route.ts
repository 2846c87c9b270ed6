import { plannerChat, plannerChatSchema } from "@/lib/domain/chat/planner";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /v1/ai/planner/chat – draft a trip from preferences; answer plus plannerDraft (the /v1/ai planner API)
export const POST = withAuth(
  async ({ req }) => json({ ok: true, data: await plannerChat(await parseBody(req, plannerChatSchema)) }),
  { scope: "chat:access", family: "v1", rateClass: "chat" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"], "v1");
