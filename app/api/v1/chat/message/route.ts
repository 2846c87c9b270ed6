import { chatMessageSchema, sendChatMessage } from "@/lib/domain/chat/message";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { json } from "@/lib/http/route";
import { ChatMessageResponseSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute({ tag: "AI Chat & Memory" }, (op) => ({
  POST: op.auth(
    {
      summary: "one message to the assistant; with context.trip_id it edits that trip's itinerary",
      scope: "chat:access",
      body: {
        schema: chatMessageSchema,
        name: "ChatMessageRequest",
        example: {
          message: EXAMPLE.question,
          context: { trip_id: EXAMPLE.tripId, current_step: "itinerary_planning" },
          preferences: { budget: 4000, duration_days: 10, travel_style: "romantic" },
        },
      },
      ok: { status: 200, description: "The assistant's answer.", schema: ChatMessageResponseSchema },
      errors: [402, 404, 500, 503],
      description:
        "Without `context.trip_id` the planner answers and suggests destinations; with it, the trip designer edits that trip's itinerary using the caller's rights. " +
        "A `context.trip_id` the caller cannot see is 404; a designer session that has spent its cost limit is 402.",
      rateClass: "chat",
    },
    async ({ db, caller, readBody }) => json(await sendChatMessage(db, caller, await readBody())),
  ),
}));
