/**
 * The draft trip the /v1/ai planner API answers (`draft`), shared by the planner
 * (./planner.ts, which extracts it from the conversation) and ./planner-reply.ts (which merges
 * what the model's reply describes into it), so those two modules do not import each other.
 */

export type { PlannerDraft } from "./schemas";
