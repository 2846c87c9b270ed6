import { chatMessageSchema, sendChatMessage } from "@/lib/domain/chat/message";
import { parseBody } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/v1/chat/message – one message to the assistant; with context.trip_id it edits that trip's itinerary
export const POST = withAuth(
  async ({ req, db, caller }) =>
    json(await sendChatMessage(db, caller, await parseBody(req, chatMessageSchema))),
  { scope: "chat:access", rateClass: "chat" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"]);
