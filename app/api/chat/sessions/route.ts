import { createConversation } from "@/lib/domain/chat/conversations";
import { createSessionSchema } from "@/lib/domain/validators/designer";
import { defineRoute } from "@/lib/http/contract";
import { EXAMPLE } from "@/lib/http/examples";
import { uuidParam } from "@/lib/http/parse";
import { json } from "@/lib/http/route";
import { SessionCreatedSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "Trip Designer (the Trip Designer API)", family: "designer" },
  (op) => ({
    POST: op.auth(
      {
        summary: "the Trip Designer API: open a designer session bound to an itinerary",
        scope: "chat:access",
        body: {
          schema: createSessionSchema,
          name: "CreateSessionRequest",
          example: { itineraryId: EXAMPLE.tripId },
        },
        ok: { status: 201, description: "The new session.", schema: SessionCreatedSchema },
        errors: [404],
        description: "`itineraryId` is a trip id; an unknown one is 404.",
      },
      async ({ db, caller, readBody }) => {
        const { itineraryId } = await readBody();
        const c = await createConversation(db, caller.userId, {
          tripId: uuidParam(itineraryId, "Itinerary"),
          kind: "designer",
          title: "Trip designer",
        });
        return json({ sessionId: c.id }, 201);
      },
    ),
  }),
);
