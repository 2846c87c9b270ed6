import { pageChat, pageChatSchema } from "@/lib/domain/chat/page-chat";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /v1/ai/chat – page-aware, read-only assistant with live sources and a degraded flag (the /v1/ai chat API)
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const input = await parseBody(req, pageChatSchema);
    const tripId = v1Id(input.tripId, "trip");
    const data = await asV1Access("trip", () => pageChat(db, caller, { ...input, tripId }));
    return json({ ok: true, data });
  },
  { scope: "chat:access", family: "v1", rateClass: "chat" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"], "v1");
