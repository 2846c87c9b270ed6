/**
 * The trip planner of the /v1/ai planner API (`POST /v1/ai/planner/chat`): a conversation that drafts a
 * trip from preferences. The `plannerDraft` is extracted deterministically from the
 * planner context and the user's messages with the offline designer's understanding of
 * dates, numbers, travellers and places (lib/domain/ai/offline/); the prose answer comes from the
 * configured model, or, offline, from the built-in destination guides.
 */
import { generateText, type ModelMessage } from "ai";
import { z } from "zod";
import { chooseModel } from "@/lib/domain/ai/models";
import { readDateRange } from "@/lib/domain/ai/offline/dates";
import { CITY_GUIDES, extractInterests, foldText } from "@/lib/domain/ai/offline/destinations";
import { interpret } from "@/lib/domain/ai/offline/interpret";
import { NUMBER_RE, parseNumber, readBudget, readTravelers } from "@/lib/domain/ai/offline/numbers";
import { findCities } from "@/lib/domain/ai/offline/places";
import { daysBetween } from "@/lib/domain/itinerary/dates";
import { llmError } from "./engine";
import type { PlannerDraft } from "./planner-draft";
import { mergeReplyIntoDraft } from "./planner-reply";

export const plannerChatSchema = z.object({
  messages: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().trim().min(1).max(4000) }))
    .min(1, "messages must not be empty")
    .max(50),
  plannerContext: z
    .object({
      destination: z.string().max(100).optional(),
      travelers: z.number().int().min(1).max(50).optional(),
      mustDoExperiences: z.string().max(1000).optional(),
      startDate: z.string().max(20).optional(),
      endDate: z.string().max(20).optional(),
      budgetTotal: z.number().nonnegative().optional(),
    })
    .catchall(z.unknown())
    .optional(),
  refresh: z.boolean().default(false),
});
export type PlannerChatInput = z.infer<typeof plannerChatSchema>;

export type { PlannerDraft } from "./planner-draft";

/** Days asked for ("5 days", "a week", "ten nights", "a long weekend"), or 0. */
function requestedDays(text: string): number {
  const m = new RegExp(`\\b(${NUMBER_RE}|a|an)[- ](days?|nights?|weeks?)\\b`, "i").exec(text);
  if (m) {
    const n = parseNumber(m[1]) ?? 0;
    const unit = (m[2] ?? "").toLowerCase();
    return unit.startsWith("week") ? n * 7 : unit.startsWith("night") ? n + 1 : n;
  }
  if (/\b(?:a\s+)?fortnight\b/i.test(text)) return 14;
  if (/\ba long weekend\b/i.test(text)) return 3;
  if (/\b(?:a|the|this|next) weekend\b/i.test(text)) return 2;
  return 0;
}

/**
 * Extracts the draft trip from the planner context and the user's messages (the /v1/ai planner API's
 * "draft extraction logic"), with the same understanding as the offline trip designer:
 * destinations and multi-city routes in any case or accent ("vienna", "zürich", "Rome then
 * Florence"; lib/domain/ai/offline/places.ts), natural dates relative to `today` ("in April",
 * "March 3-8", "from the 3rd to the 8th of May"; lib/domain/ai/offline/dates.ts), travellers in
 * words ("family of four", "me and 3 friends") and budgets with symbols, codes, "2.5k",
 * "1500 bucks", per person and/or per day multiplied by travellers and days
 * (lib/domain/ai/offline/numbers.ts). Context fields win over the messages.
 * @param today ISO date the messages' dates are relative to (default: today, UTC)
 * @returns null when nothing trip-like was said
 */
export function extractDraft(
  input: Pick<PlannerChatInput, "messages" | "plannerContext">,
  today: string = new Date().toISOString().slice(0, 10),
): PlannerDraft | null {
  const ctx = input.plannerContext ?? {};
  const userText = input.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  const mentioned = findCities(userText);
  const fromCtx = ctx.destination ? findCities(ctx.destination)[0] : undefined;
  const found = ctx.destination
    ? { name: fromCtx?.name ?? ctx.destination, country: fromCtx?.country ?? "" }
    : (mentioned[0] ?? null);
  const cities = [...new Set([...(found ? [found.name] : []), ...mentioned.map((c) => c.name)])];
  let days = requestedDays(userText);
  const range = readDateRange(userText, today, days);
  const startDate = ctx.startDate ?? range.startDate;
  const endDate = ctx.endDate ?? range.endDate;
  if (!days && startDate && endDate) days = daysBetween(startDate, endDate) + 1;
  const travelers = ctx.travelers ?? readTravelers(userText) ?? 0;
  let budgetTotal = ctx.budgetTotal ?? 0;
  if (!budgetTotal) {
    const bare = /\b(?:budget|spend|afford|max(?:imum)?|up to|around|about)\b/i.test(userText);
    for (const line of userText.split("\n").reverse()) {
      const b = readBudget(
        line,
        { travelers: travelers || 1, days: days || null },
        bare && /\b(?:budget|spend|afford)\b/i.test(line),
      );
      if (b) {
        budgetTotal = b.total;
        break;
      }
    }
  }
  let activities: string[] = [];
  if (ctx.mustDoExperiences) {
    activities = ctx.mustDoExperiences
      .split(/\s*(?:,|;|\band\b)\s*/i)
      .map((s) => s.trim())
      .filter(Boolean);
  } else {
    const guide = found ? CITY_GUIDES.find((g) => g.name === found.name) : undefined;
    const folded = ` ${foldText(userText)} `;
    activities = (guide?.sights ?? [])
      .filter((s) => [foldText(s.title), ...(s.aliases ?? [])].some((n) => folded.includes(` ${n} `)))
      .map((s) => s.title);
  }
  if (!found && !activities.length && !startDate && !travelers && !budgetTotal) return null;
  return {
    destination: found?.name ?? "",
    country: found?.country ?? "",
    cities,
    startDate,
    endDate,
    travelers,
    budgetTotal,
    activities,
    itinerary: activities.map((title, i) => ({
      dayIndex: days ? (i % days) + 1 : i + 1,
      title,
      timeBlock: "afternoon" as const,
      category: "activities",
      notes: "Drafted by Agent planner conversation.",
    })),
  };
}

/** The offline planner's answer: a day-by-day outline from the destination guide. */
function offlineAnswer(input: PlannerChatInput, draft: PlannerDraft | null): string {
  const userText = input.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join(" ");
  if (!draft?.destination) {
    return "I'm the offline trip planner. Tell me where you'd like to go, for how many days and what you enjoy (e.g. \"5 days in Paris, we love museums and cafes\"), and I'll draft a plan.";
  }
  const days = requestedDays(userText) || Math.max(3, draft.activities.length);
  const interests = extractInterests(userText);
  const plan = interpret(
    `plan ${days} days in ${draft.destination}${interests.length ? `, we love ${interests.join(" and ")}` : ""}`,
    {
      trip: null,
      segments: [],
    },
  );
  const byDay = new Map<number, string[]>();
  for (const c of plan.calls) {
    if (c.toolName !== "add_segment") continue;
    const d = Number(c.input.day_index);
    byDay.set(d, [...(byDay.get(d) ?? []), String(c.input.title)]);
  }
  const outline = [...byDay.entries()].map(([d, titles]) => `Day ${d}: ${titles.join(", ")}`).join("; ");
  const who = draft.travelers ? ` for ${draft.travelers} traveller${draft.travelers === 1 ? "" : "s"}` : "";
  const budget = draft.budgetTotal
    ? ` With a budget of about ${draft.budgetTotal}, plan roughly ${Math.round(draft.budgetTotal / days)} per day.`
    : "";
  const must = draft.activities.length ? ` I've included your must-dos: ${draft.activities.join(", ")}.` : "";
  return `I can help build a ${days}-day ${draft.destination} itinerary${who}${interests.length ? ` focused on ${interests.join(" and ")}` : ""}. ${outline}.${must}${budget} Would you like me to expand on any day or turn this into a trip?`;
}

/**
 * One planner turn.
 * @returns the /v1/ai planner API's `data`: answer, sources, degraded, plannerDraft (or null)
 */
export async function plannerChat(input: PlannerChatInput, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  let draft = extractDraft(input, today);
  const chosen = chooseModel();
  let answer: string;
  if (chosen.provider === "offline") answer = offlineAnswer(input, draft);
  else {
    try {
      const r = await generateText({
        model: chosen.model,
        system: [
          "You are TripSage's trip planner. Draft a concise day-by-day plan from the traveller's preferences, with a rough budget, and end with one follow-up question.",
          input.plannerContext ? `Planner context: ${JSON.stringify(input.plannerContext)}` : "",
          draft ? `Extracted so far: ${JSON.stringify(draft)}` : "",
        ]
          .filter(Boolean)
          .join("\n"),
        messages: input.messages.map((m) => ({ role: m.role, content: m.content }) as ModelMessage),
        maxRetries: 1,
      });
      answer = r.text;
    } catch (err) {
      throw llmError(err);
    }
    // A real model's reply is analysed for the draft too (the offline answer is built from the draft).
    draft = mergeReplyIntoDraft(draft, answer, (i) => extractDraft(i, today));
  }
  const fetchedAt = now.toISOString();
  const sources = [{ name: "planner_context", status: "ok" as const, fetchedAt, detail: "" }];
  if (draft?.destination && CITY_GUIDES.some((g) => g.name === draft.destination)) {
    sources.push({ name: "destination_guide", status: "ok", fetchedAt, detail: draft.destination });
  }
  return { answer, sources, degraded: false, plannerDraft: draft };
}
