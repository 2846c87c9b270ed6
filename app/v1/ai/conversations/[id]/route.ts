import { listTripConversations } from "@/lib/domain/chat/conversations";
import { toV1Conversation } from "@/lib/domain/chat/page-chat";
import { asV1Access, v1Id } from "@/lib/domain/chat/v1";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// GET /v1/ai/conversations/{tripId} – the caller's AI conversations for a trip (the /v1/ai conversations API)
export const GET = withAuth<{ id: string }>(
  async ({ db, caller, params }) => {
    const tripId = v1Id(params.id, "trip");
    const rows = await asV1Access("trip", () => listTripConversations(db, caller.userId, tripId));
    return json({ ok: true, data: rows.map(toV1Conversation) });
  },
  { scope: "chat:access", family: "v1" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["GET"], "v1");
