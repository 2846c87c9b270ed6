/**
 * The trip planner of seed 004 (`POST /v1/ai/planner/chat`): a conversation that drafts a
 * trip from preferences. The `plannerDraft` is extracted deterministically from the
 * planner context and the user's messages (regular expressions for dates, travellers,
 * budget, as the seed describes); the prose answer comes from the configured model, or,
 * offline, from the built-in destination guides.
 */
import { generateText, type ModelMessage } from "ai";
import { z } from "zod";
import { chooseModel } from "@/lib/ai/models";
import { CITY_GUIDES, extractInterests, findCityGuide, foldText } from "@/lib/ai/offline/destinations";
import { interpret } from "@/lib/ai/offline/interpret";
import { llmError } from "./engine";
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

export interface PlannerDraft {
  destination: string;
  country: string;
  cities: string[];
  startDate: string;
  endDate: string;
  travelers: number;
  budgetTotal: number;
  activities: string[];
  itinerary: {
    dayIndex: number;
    title: string;
    timeBlock: "morning" | "afternoon" | "evening";
    category: string;
    notes: string;
  }[];
}

const WORD_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
const num = (w: string | undefined) =>
  w ? (/^\d+$/.test(w) ? Number(w) : (WORD_NUMBERS[w.toLowerCase()] ?? 0)) : 0;
const MONTHS = /^(january|february|march|april|may|june|july|august|september|october|november|december)$/i;

function findDestination(text: string): { name: string; country: string } | null {
  const guide = findCityGuide(text);
  if (guide) return { name: guide.name, country: guide.country };
  const m = /\b(?:visit|visiting|to|in|trip to)\s+([A-Z][a-zà-ÿ]+(?:\s[A-Z][a-zà-ÿ]+)?)/.exec(text);
  if (m?.[1] && !MONTHS.test(m[1])) return { name: m[1], country: "" };
  return null;
}

/** Days asked for ("5 days", "a week"), or 0. */
function requestedDays(text: string): number {
  const m = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:days?|nights?)\b/i.exec(text);
  if (m) return num(m[1]);
  if (/\ba week\b/i.test(text)) return 7;
  if (/\b(?:a )?weekend\b/i.test(text)) return 2;
  return 0;
}

/**
 * Extracts the draft trip. Returns null when nothing trip-like was said.
 * Seed 004 example: Paris, 2 travellers, activities from `mustDoExperiences`, one per day.
 */
export function extractDraft(
  input: Pick<PlannerChatInput, "messages" | "plannerContext">,
): PlannerDraft | null {
  const ctx = input.plannerContext ?? {};
  const userText = input.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  const found = ctx.destination
    ? (findDestination(ctx.destination) ?? { name: ctx.destination, country: "" })
    : findDestination(userText);
  const dates = [...userText.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((m) => m[1] as string).sort();
  const startDate = ctx.startDate ?? dates[0] ?? "";
  const endDate = ctx.endDate ?? (dates.length > 1 ? (dates.at(-1) ?? "") : "");
  let travelers = ctx.travelers ?? 0;
  if (!travelers) {
    const t =
      /\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:people|persons|travell?ers|adults|of us|friends)\b/i.exec(
        userText,
      );
    if (t) travelers = num(t[1]);
    else if (
      /\bwith my (?:partner|wife|husband|girlfriend|boyfriend|spouse|fianc[eé]e?)\b|\bcouple\b|\bhoneymoon\b/i.test(
        userText,
      )
    )
      travelers = 2;
    else if (/\b(?:solo|alone|by myself|on my own)\b/i.test(userText)) travelers = 1;
  }
  let budgetTotal = ctx.budgetTotal ?? 0;
  if (!budgetTotal) {
    const b =
      /(?:[$€£])\s?(\d[\d,]*(?:\.\d+)?)\s*(k)?/i.exec(userText) ??
      /(\d[\d,]*(?:\.\d+)?)\s*(k)?\s*(?:usd|eur|gbp|dollars|euros|pounds)\b/i.exec(userText);
    if (b?.[1]) budgetTotal = Number(b[1].replace(/,/g, "")) * (b[2] ? 1000 : 1);
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
  const days = requestedDays(userText);
  const cities = [
    ...new Set([
      ...(found ? [found.name] : []),
      ...CITY_GUIDES.filter((g) => g.aliases.some((a) => ` ${foldText(userText)} `.includes(` ${a} `))).map(
        (g) => g.name,
      ),
    ]),
  ];
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
 * @returns seed 004's `data`: answer, sources, degraded, plannerDraft (or null)
 */
export async function plannerChat(input: PlannerChatInput, now = new Date()) {
  let draft = extractDraft(input);
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
    draft = mergeReplyIntoDraft(draft, answer, extractDraft);
  }
  const fetchedAt = now.toISOString();
  const sources = [{ name: "planner_context", status: "ok" as const, fetchedAt, detail: "" }];
  if (draft?.destination && CITY_GUIDES.some((g) => g.name === draft.destination)) {
    sources.push({ name: "destination_guide", status: "ok", fetchedAt, detail: draft.destination });
  }
  return { answer, sources, degraded: false, plannerDraft: draft };
}
