import { plannerChat, plannerChatSchema } from "@/lib/domain/chat/planner";
import { defineRoute } from "@/lib/http/contract";
import { json } from "@/lib/http/route";
import { V1PlannerChatSchema } from "@/lib/openapi/responses";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = defineRoute(
  { tag: "AI assistant (the /v1/ai assistant API)", family: "v1" },
  (op) => ({
    POST: op.auth(
      {
        summary: "draft a trip from preferences; answer plus plannerDraft (the /v1/ai planner API)",
        scope: "chat:access",
        errors: [503],
        body: {
          schema: plannerChatSchema,
          name: "V1PlannerChatRequest",
          example: {
            messages: [
              {
                role: "user",
                content:
                  "I want to visit Paris for 5 days in April with my partner. We love museums and cafes.",
              },
            ],
            plannerContext: {
              destination: "Paris",
              travelers: 2,
              mustDoExperiences: "Louvre Museum, Eiffel Tower, local cafes",
            },
          },
        },
        ok: {
          status: 200,
          description: "The planner's answer and the drafted trip.",
          schema: V1PlannerChatSchema,
        },
        description:
          "The /v1/ai planner API. `plannerDraft` is extracted from `plannerContext` and the user's messages (dates, travellers, " +
          "budget, must-dos); it is null when nothing trip-like was said. Nothing is saved.",
        rateClass: "chat",
      },
      async ({ readBody }) => json({ ok: true, data: await plannerChat(await readBody()) }),
    ),
  }),
);
