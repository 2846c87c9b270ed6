import { createConversation } from "@/lib/domain/chat/conversations";
import { createSessionSchema } from "@/lib/domain/validators/designer";
import { parseBody, uuidParam } from "@/lib/http/parse";
import { json, methodsNotAllowed, withAuth } from "@/lib/http/route";

// POST /api/chat/sessions – the Trip Designer API: open a designer session bound to an itinerary
export const POST = withAuth(
  async ({ req, db, caller }) => {
    const { itineraryId } = await parseBody(req, createSessionSchema);
    const c = await createConversation(db, caller.userId, {
      tripId: uuidParam(itineraryId, "Itinerary"),
      kind: "designer",
      title: "Trip designer",
    });
    return json({ sessionId: c.id }, 201);
  },
  { scope: "chat:access", family: "designer" },
);

// Every other method: 405 in the documented error shape, with Allow.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed(["POST"], "designer");
