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
import {
  findMoney,
  NUMBER_RE,
  parseNumber,
  readBudget,
  readTravelers,
} from "@/lib/domain/ai/offline/numbers";
import { findCities, findCountry } from "@/lib/domain/ai/offline/places";
import { costUsd } from "@/lib/domain/ai/pricing";
import { daysBetween } from "@/lib/domain/itinerary/dates";
import { llmError } from "./engine";
import type { PlannerDraft } from "./planner-draft";
import { mergeReplyIntoDraft } from "./planner-reply";
import type { V1PlannerChat } from "./schemas";

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
  // "250 CHF a day" is a rate, not a length: "a day" / "a night" never count.
  const m = [...text.matchAll(new RegExp(`\\b(${NUMBER_RE}|a|an)[- ](days?|nights?|weeks?)\\b`, "gi"))].find(
    (x) => !(/^an?$/i.test(x[1] ?? "") && /^(?:day|night)$/i.test(x[2] ?? "")),
  );
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
 * The things a message says the travellers love or want to do, in their words: "we love
 * street food and history" → ["street food", "history"]; "really into hiking, onsen" →
 * ["hiking", "onsen"]. At most six, each at most five words; dietary words are not interests.
 */
function statedLikes(text: string): string[] {
  const out: string[] = [];
  const re =
    /\b(?:love|loves|like|likes|enjoy|enjoys|into|interested in|fans? of|keen on|passionate about|big on|want to see|would like to see)\s+(.+?)(?=[.!?;\n]|,\s*(?:and\s+)?(?:budget|we|i|our|my|me|from|in|for|about|around)\b|\s+(?:from|in|on|for|with|budget)\s+\S|$)/gi;
  for (const m of text.matchAll(re)) {
    for (const part of (m[1] ?? "").split(/\s*,\s*(?:and\s+)?|\s+(?:and|&|or)\s+/i)) {
      const p = part.replace(/^(?:the|a|an|some|lots of|good|great|local)\s+/i, "").trim();
      const words = p.split(/\s+/);
      if (!p || words.length > 5 || /^(?:it|that|this|you|them|us|to)\b/i.test(p)) continue;
      if (/\b(?:vegetarian|vegan|gluten|halal|kosher|allerg)/i.test(p)) continue;
      if (!out.includes(p.toLowerCase())) out.push(p.toLowerCase());
    }
  }
  return out.slice(0, 6);
}

/**
 * Extracts the draft trip from the planner context and the user's messages (the /v1/ai planner API's
 * "draft extraction logic"), with the same understanding as the offline trip designer:
 * destinations and multi-city routes in any case or accent ("vienna", "zürich", "Rome then
 * Florence"; lib/domain/ai/offline/places.ts), natural dates relative to `today` ("in April",
 * "March 3-8", "from the 3rd to the 8th of May"; lib/domain/ai/offline/dates.ts), travellers in
 * words ("family of four", "me and 3 friends") and budgets with symbols, codes, "2.5k",
 * "1500 bucks", per person and/or per day multiplied by travellers and days
 * (lib/domain/ai/offline/numbers.ts), and the budget's ISO 4217 currency ("3000 euros" → EUR,
 * "£", "yen", "CHF"; null when none was named). Context fields win over the messages.
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
  // No city, but a country ("a road trip through iceland"): the country is the destination.
  const land = !ctx.destination && !mentioned.length ? findCountry(userText) : null;
  const found = ctx.destination
    ? { name: fromCtx?.name ?? ctx.destination, country: fromCtx?.country ?? "" }
    : (mentioned[0] ?? (land ? { name: land, country: land } : null));
  const cities = [...new Set([...(found && !land ? [found.name] : []), ...mentioned.map((c) => c.name)])];
  let days = requestedDays(userText);
  const range = readDateRange(userText, today, days);
  const startDate = ctx.startDate ?? range.startDate;
  const endDate = ctx.endDate ?? range.endDate;
  if (!days && startDate && endDate) days = daysBetween(startDate, endDate) + 1;
  const travelers = ctx.travelers ?? readTravelers(userText) ?? 0;
  let budgetTotal = ctx.budgetTotal ?? 0;
  let currency: string | null = null;
  if (!budgetTotal) {
    // A number without a currency is money after "budget"/"spend" or before "per person" / "a day".
    const perUnit =
      /\d\s*(?:(?:per|a|each)\s+(?:person|head|day|night)|\/\s*(?:day|night|person)|pp\b|each\b)/i;
    const bare =
      /\b(?:budget|spend|afford|max(?:imum)?|up to|around|about)\b/i.test(userText) || perUnit.test(userText);
    for (const line of userText.split("\n").reverse()) {
      const b = readBudget(
        line,
        { travelers: travelers || 1, days: days || null },
        bare && (/\b(?:budget|spend|afford)\b/i.test(line) || perUnit.test(line)),
      );
      if (b) {
        budgetTotal = b.total;
        currency = b.currency;
        break;
      }
    }
  }
  // The budget's own currency, else the last amount the user gave one for ("budget 3000" after "€150 a day").
  if (budgetTotal && !currency) currency = findMoney(userText).findLast((m) => m.currency)?.currency ?? null;
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
    // What the travellers say they love ("we love street food and history") are must-dos too.
    // Only when no named sight was found: named sights are the plan, likes are the fallback.
    for (const like of activities.length ? [] : statedLikes(userText)) {
      if (!activities.some((a) => foldText(a).includes(foldText(like)))) activities.push(like);
    }
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
    currency: budgetTotal ? currency : null,
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
  // The stated length, else the draft's dates when they span a trip (not a whole month), else 3+.
  const span = draft.startDate && draft.endDate ? daysBetween(draft.startDate, draft.endDate) + 1 : 0;
  const days =
    requestedDays(userText) || (span > 0 && span <= 21 ? span : Math.max(3, draft.activities.length));
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
  const cur = draft.currency ? ` ${draft.currency}` : "";
  const budget = draft.budgetTotal
    ? ` With a budget of about ${draft.budgetTotal}${cur}, plan roughly ${Math.round(draft.budgetTotal / days)}${cur} per day.`
    : "";
  const must = draft.activities.length ? ` I've included your must-dos: ${draft.activities.join(", ")}.` : "";
  return `I can help build a ${days}-day ${draft.destination} itinerary${who}${interests.length ? ` focused on ${interests.join(" and ")}` : ""}. ${outline}.${must}${budget} Would you like me to expand on any day or turn this into a trip?`;
}

/**
 * One planner turn.
 * @returns the /v1/ai planner API's `data`: answer, sources, degraded, plannerDraft (or null)
 */
export async function plannerChat(input: PlannerChatInput, now = new Date()): Promise<V1PlannerChat> {
  return (await planTurn(input, now)).data;
}

/** What a planner answer cost: the model that wrote it, its tokens and their price in USD (lib/domain/ai/pricing.ts). */
export interface PlannerUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * {@link plannerChat} with the answer's usage, for callers that store the exchange (the chat
 * message endpoint records it on the assistant message like a designer turn). The offline
 * planner uses no tokens.
 * @throws ApiError LLM errors as in lib/domain/chat/engine.ts `llmError`
 */
export async function planTurn(
  input: PlannerChatInput,
  now = new Date(),
): Promise<{ data: V1PlannerChat; usage: PlannerUsage }> {
  const today = now.toISOString().slice(0, 10);
  let draft = extractDraft(input, today);
  const chosen = chooseModel();
  let answer: string;
  let inputTokens = 0;
  let outputTokens = 0;
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
      inputTokens = r.totalUsage.inputTokens ?? 0;
      outputTokens = r.totalUsage.outputTokens ?? 0;
    } catch (err) {
      throw llmError(err);
    }
    // A real model's reply is analysed for the draft too (the offline answer is built from the draft).
    draft = mergeReplyIntoDraft(draft, answer, (i) => extractDraft(i, today));
  }
  const { sources, degraded } = plannerSources(input, draft, chosen, now);
  return {
    data: { answer, sources, degraded, plannerDraft: draft },
    usage: {
      model: chosen.id,
      inputTokens,
      outputTokens,
      costUsd: costUsd(chosen.id, inputTokens, outputTokens),
    },
  };
}

type Source = { name: string; status: "ok" | "unavailable" | "skipped"; fetchedAt: string; detail: string };

/**
 * Where a planner answer came from, as the page-aware chat reports it (lib/domain/chat/page-chat.ts):
 * `planner_context` (which context fields were used, or skipped when none was sent), the
 * model that wrote the answer, and, offline, the built-in destination guide. `degraded` is
 * true when the offline planner had no guide for the destination, so its day plan is
 * generic rather than drawn from the place's sights.
 */
function plannerSources(
  input: PlannerChatInput,
  draft: PlannerDraft | null,
  chosen: { id: string; provider: string },
  now: Date,
): { sources: Source[]; degraded: boolean } {
  const fetchedAt = now.toISOString();
  const used = Object.entries(input.plannerContext ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k]) => k);
  const sources: Source[] = [
    used.length
      ? {
          name: "planner_context",
          status: "ok",
          fetchedAt,
          detail: `Used ${used.join(", ")} from plannerContext`,
        }
      : {
          name: "planner_context",
          status: "skipped",
          fetchedAt,
          detail: "No plannerContext was sent; the draft comes from the messages",
        },
  ];
  let degraded = false;
  if (chosen.provider === "offline") {
    sources.push({
      name: "planner_model",
      status: "ok",
      fetchedAt,
      detail: "Built-in offline planner (no AI provider is configured)",
    });
    if (draft?.destination) {
      const guide = CITY_GUIDES.find((g) => g.name === draft.destination);
      if (guide) {
        sources.push({
          name: "destination_guide",
          status: "ok",
          fetchedAt,
          detail: `${guide.name}: ${guide.sights.length} sights`,
        });
      } else {
        degraded = true;
        sources.push({
          name: "destination_guide",
          status: "unavailable",
          fetchedAt,
          detail: `No built-in guide for ${draft.destination}; the day plan is generic`,
        });
      }
    }
  } else {
    sources.push({
      name: "planner_model",
      status: "ok",
      fetchedAt,
      detail: `${chosen.provider}: ${chosen.id}`,
    });
  }
  return { sources, degraded };
}
