/** The Trip Designer API request bodies. */
import { z } from "zod";
import { messageText } from "./chat";

export const createSessionSchema = z.object({ itineraryId: z.string().min(1, "itineraryId is required") });
export const sendMessageSchema = z.object({ message: messageText });
