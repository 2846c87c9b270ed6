/** Bodies of the chat endpoints. */
import { z } from "zod";

/** Longest user message accepted, in characters. */
export const MAX_MESSAGE_CHARS = 4000;

export const messageText = z.string().trim().min(1, "Message must not be empty").max(MAX_MESSAGE_CHARS);

/** The trip page's chat: only the new user message travels; history lives on the server. */
export const uiChatRequestSchema = z.object({
  conversationId: z.uuid().optional(),
  message: z.object({
    id: z.string().min(1).max(100),
    role: z.literal("user"),
    parts: z
      .array(z.object({ type: z.literal("text"), text: messageText }))
      .min(1)
      .max(10),
  }),
});
