/**
 * The built-in offline model: an AI SDK `LanguageModelV3` that needs no network. It reads
 * the itinerary snapshot from the system prompt and the user's latest message, and answers
 * the way a tool-using LLM does: first step → tool calls; next step (tool results in the
 * prompt) → a plain-language summary. So `streamText`, tools, persistence and the UI run
 * exactly as they do with a real provider.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3ToolResultOutput,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { type ContextSegment, parseItineraryContext } from "@/lib/domain/ai/context";
import { blockOfTime } from "./dates";
import {
  type Interpretation,
  interpret,
  type Pending,
  type ReadScope,
  type SearchResults,
} from "./interpret";

export const OFFLINE_MODEL_ID = "tripsage-offline";

type Prompt = LanguageModelV3Prompt;

function systemText(prompt: Prompt): string {
  return prompt
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
}

function lastUserIndex(prompt: Prompt): number {
  for (let i = prompt.length - 1; i >= 0; i--) if (prompt[i]?.role === "user") return i;
  return -1;
}

function userText(prompt: Prompt): string {
  return textOfUser(prompt[lastUserIndex(prompt)]);
}

function textOfUser(m: Prompt[number] | undefined): string {
  if (m?.role !== "user") return "";
  return m.content.map((p) => (p.type === "text" ? p.text : "")).join(" ");
}

/**
 * What the conversation before the latest user message tells the interpreter: the previous
 * assistant turn's `ask_question` (its `pending`), the latest search results, earlier
 * user messages, and the segments the latest writing turn added, changed or moved (what "it"
 * refers to in "push it back an hour").
 */
function conversationState(prompt: Prompt): {
  pending: Pending | null;
  lastResults: SearchResults | null;
  history: string[];
  lastSegmentIds: string[];
} {
  const last = lastUserIndex(prompt);
  const before = prompt.slice(0, Math.max(0, last));
  const history = before.filter((m) => m.role === "user").map(textOfUser);
  let prevUser = -1;
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i]?.role === "user") {
      prevUser = i;
      break;
    }
  }
  let pending: Pending | null = null;
  for (const m of before.slice(prevUser + 1)) {
    if (m.role !== "assistant") continue;
    for (const p of m.content) {
      if (p.type === "tool-call" && p.toolName === "ask_question") {
        const input = (typeof p.input === "string" ? safeJson(p.input) : p.input) as { pending?: Pending };
        if (input?.pending && typeof input.pending === "object") pending = input.pending;
      }
    }
  }
  const inputs = new Map<string, Record<string, unknown>>();
  let lastResults: SearchResults | null = null;
  let lastSegmentIds: string[] = [];
  let touched: string[] = [];
  for (const m of before) {
    if (m.role === "user" && touched.length) {
      lastSegmentIds = touched;
      touched = [];
    }
    if (m.role === "assistant") {
      for (const p of m.content) {
        if (p.type === "tool-call") {
          inputs.set(
            p.toolCallId,
            ((typeof p.input === "string" ? safeJson(p.input) : p.input) ?? {}) as Record<string, unknown>,
          );
        }
      }
    } else if (m.role === "tool") {
      for (const p of m.content) {
        if (p.type !== "tool-result") continue;
        if (
          p.toolName === "add_segment" ||
          p.toolName === "update_segment" ||
          p.toolName === "move_segment"
        ) {
          const { value, failed } = outputValue(p.output);
          const id = (value as { segment?: SegOut } | null)?.segment?.id;
          if (!failed && id && !touched.includes(id)) touched.push(id);
          continue;
        }
        if (p.toolName === "search_activities") {
          // Each highlight is a pickable result; the search's own message says for which day.
          const { value, failed } = outputValue(p.output);
          const found = (value as { activities?: { highlights?: string[] }[] } | null)?.activities ?? [];
          const items = found.flatMap((a) => a.highlights ?? []).map((name) => ({ name }));
          const asked = before.slice(0, before.indexOf(m)).findLast((x) => x.role === "user");
          if (!failed && items.length)
            lastResults = { kind: "activities", input: { message: textOfUser(asked) }, items };
          continue;
        }
        const kind =
          p.toolName === "search_flights" ? "flights" : p.toolName === "search_hotels" ? "hotels" : null;
        if (!kind) continue;
        const { value, failed } = outputValue(p.output);
        const offers = (value as { offers?: Record<string, unknown>[] } | null)?.offers;
        if (!failed && offers?.length)
          lastResults = { kind, input: inputs.get(p.toolCallId) ?? {}, items: offers };
      }
    }
  }
  if (touched.length) lastSegmentIds = touched;
  return { pending, lastResults, history, lastSegmentIds };
}

/** The interpreter's reading of the latest user message, with the conversation's state. */
function understand(prompt: Prompt): {
  ctx: ReturnType<typeof parseItineraryContext>;
  understood: Interpretation;
} {
  const system = systemText(prompt);
  const ctx = parseItineraryContext(system);
  const today = /\bToday is (\d{4}-\d{2}-\d{2})/.exec(system)?.[1];
  const state = conversationState(prompt);
  const understood = interpret(userText(prompt), { ...ctx, ...(today && { today }), ...state });
  return { ctx, understood };
}

interface ToolOutcome {
  toolName: string;
  input: Record<string, unknown>;
  output: unknown;
  failed: boolean;
}

function outputValue(o: LanguageModelV3ToolResultOutput): { value: unknown; failed: boolean } {
  switch (o.type) {
    case "json":
      return {
        value: o.value,
        failed: Boolean(o.value && typeof o.value === "object" && "error" in o.value),
      };
    case "text":
      return { value: o.value, failed: false };
    case "error-text":
    case "error-json":
      return {
        value: { error: typeof o.value === "string" ? o.value : JSON.stringify(o.value) },
        failed: true,
      };
    case "execution-denied":
      return { value: { error: o.reason ?? "the call was not allowed" }, failed: true };
    default:
      return { value: null, failed: false };
  }
}

/** Tool calls and results of the current turn (everything after the last user message). */
function turnOutcomes(prompt: Prompt): ToolOutcome[] {
  const inputs = new Map<string, { toolName: string; input: Record<string, unknown> }>();
  const out: ToolOutcome[] = [];
  for (const m of prompt.slice(lastUserIndex(prompt) + 1)) {
    if (m.role === "assistant") {
      for (const p of m.content) {
        if (p.type === "tool-call") {
          const input = typeof p.input === "string" ? safeJson(p.input) : p.input;
          inputs.set(p.toolCallId, { toolName: p.toolName, input: (input ?? {}) as Record<string, unknown> });
        }
      }
    } else if (m.role === "tool") {
      for (const p of m.content) {
        if (p.type !== "tool-result") continue;
        const { value, failed } = outputValue(p.output);
        out.push({
          toolName: p.toolName,
          input: inputs.get(p.toolCallId)?.input ?? {},
          output: value,
          failed,
        });
      }
    }
  }
  return out;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return {};
  }
}

type SegOut = {
  id?: string;
  title?: string;
  day_index?: number | null;
  time_block?: string | null;
  type?: string;
};

interface SegFull extends SegOut {
  start_time?: string | null;
  end_time?: string | null;
  price?: { amount: number; currency: string } | null;
  location?: { name?: string; address?: string } | null;
}

/** The block a segment falls in: its own, else the one its start time is in. */
function blockOfSeg(s: SegFull): string | null {
  return s.time_block ?? (s.start_time ? blockOfTime(s.start_time.slice(11, 16)) : null);
}

function where(s: SegOut | undefined): string {
  if (!s?.day_index) return " (unscheduled)";
  return ` to day ${s.day_index}${s.time_block ? ` (${s.time_block})` : ""}`;
}

function errorText(o: unknown): string {
  const e = o as { error?: string; fields?: { field: string; message: string }[] };
  const fields = e.fields?.map((f) => `${f.field}: ${f.message}`).join("; ");
  return fields ? `${e.error} (${fields})` : (e.error ?? "it failed");
}

interface FlightSummary {
  airline: string;
  flight_numbers: string[];
  departure: { airport: string; time: string };
  arrival: { airport: string; time: string };
  stops: number;
  price: { total: number; currency: string };
}
interface StaySummary {
  name: string;
  property_type: string;
  star_rating: number | null;
  neighborhood: string;
  price: { per_night: number; total: number; currency: string };
}

/** "Remaining in EUR: 799.5." when the budget ("1000 EUR") and priced items share a currency. */
function remaining(budget: string | null | undefined, spent: Map<string, number>): string {
  const [amount, currency] = (budget ?? "").split(" ");
  const total = Number(amount);
  if (!currency || !Number.isFinite(total)) return "";
  const left = total - (spent.get(currency) ?? 0);
  return `Remaining in ${currency}: ${Math.round(left * 100) / 100}.`;
}

interface UndoItemOut {
  kind: "segment" | "trip_field";
  title?: string;
  field?: string;
  reason?: string;
}
interface UndoOutput {
  restored?: UndoItemOut[];
  left_alone?: UndoItemOut[];
}

const LEFT_ALONE: Record<string, string> = {
  edited_since: "edited since",
  deleted_since: "deleted since",
  exists_again: "exists again",
};

/**
 * What an undo did, from its result (`restored`, `left_alone`): the whole change reverted,
 * part of it, or nothing — never "reverted" when an item was left alone.
 */
function undoText(r: UndoOutput | null | undefined): string {
  const restored = r?.restored ?? [];
  const left = r?.left_alone ?? [];
  if (!left.length) return "Undone: the last change is reverted.";
  const name = (i: UndoItemOut) =>
    i.kind === "trip_field"
      ? `the trip's ${String(i.field ?? "field").replace(/_/g, " ")}`
      : `“${i.title ?? "an item"}”`;
  const why = left.map(
    (i) => `${name(i)} (${LEFT_ALONE[i.reason ?? ""] ?? i.reason ?? "could not be restored"})`,
  );
  if (!restored.length) return `Nothing was undone: I left ${why.join(", ")} as they are.`;
  return `Undid part of the last change (${restored.length} item${restored.length === 1 ? "" : "s"} reverted); I left ${why.join(", ")} as they are.`;
}

/** One sentence per tool outcome. */
function summarise(
  o: ToolOutcome,
  known: ContextSegment[],
  scope?: ReadScope,
  budget?: string | null,
): string {
  const title = (id: unknown) => known.find((s) => s.id === id)?.title ?? "that segment";
  const verb: Record<string, string> = {
    add_segment: `add “${String(o.input.title ?? "it")}”`,
    update_segment: `update “${title(o.input.segment_id)}”`,
    move_segment: `move “${title(o.input.segment_id)}”`,
    delete_segment: `delete “${title(o.input.segment_id)}”`,
    update_trip_profile: "update the trip",
    get_segments: "read the itinerary",
    search_flights: "search flights",
    search_hotels: "search stays",
    search_activities: "look up things to do",
    ask_question: "ask",
    undo_last_change: "undo the last change",
    remember_preference: `remember “${String(o.input.value ?? "")}”`,
  };
  if (o.failed) return `I couldn't ${verb[o.toolName] ?? o.toolName}: ${errorText(o.output)}.`;
  const seg = (o.output as { segment?: SegOut })?.segment;
  switch (o.toolName) {
    case "add_segment":
      return `Added “${seg?.title ?? o.input.title}”${where(seg)}.`;
    case "move_segment":
      return `Moved “${seg?.title ?? title(o.input.segment_id)}”${where(seg)}.`;
    case "update_segment":
      return `Updated “${seg?.title ?? title(o.input.segment_id)}”.`;
    case "delete_segment":
      return `Removed “${title(o.input.segment_id)}”.`;
    case "update_trip_profile": {
      const parts: string[] = [];
      const i = o.input as {
        title?: string;
        budget?: { total: number; currency: string };
        travelers?: number;
        destinations?: string[];
        interests?: string[];
        dietary_restrictions?: string[];
        start_date?: string;
        end_date?: string;
      };
      if (i.title) parts.push(`title “${i.title}”`);
      if (i.budget) parts.push(`budget ${i.budget.total} ${i.budget.currency}`);
      if (i.travelers) parts.push(`${i.travelers} traveller${i.travelers === 1 ? "" : "s"}`);
      if (i.destinations) parts.push(`destinations ${i.destinations.join(", ")}`);
      if (i.interests?.length) parts.push(`interests ${i.interests.join(", ")}`);
      if (i.dietary_restrictions?.length) parts.push(`dietary needs ${i.dietary_restrictions.join(", ")}`);
      if (i.start_date || i.end_date)
        parts.push(`dates ${i.start_date ?? "(start unchanged)"} – ${i.end_date ?? "(end unchanged)"}`);
      return `Updated the trip: ${parts.join(", ") || "no changes"}.`;
    }
    case "get_segments": {
      const raw = o.output as { segments?: SegFull[] } | SegFull[];
      let list = Array.isArray(raw) ? raw : (raw?.segments ?? []);
      const day = o.input.day_index as number | undefined;
      if (scope?.ids) list = list.filter((s) => s.id && scope.ids?.includes(s.id));
      if (scope?.block) list = list.filter((s) => blockOfSeg(s) === scope.block);
      if (scope?.type) list = list.filter((s) => s.type === scope.type);
      const what = `${day ? `day ${day}` : "the trip"}${scope?.block ? ` (${scope.block})` : ""}`;
      if (scope?.cost) {
        const priced = list.filter((s) => s.price);
        const byCur = new Map<string, number>();
        for (const s of priced)
          byCur.set(
            s.price?.currency ?? "",
            (byCur.get(s.price?.currency ?? "") ?? 0) + (s.price?.amount ?? 0),
          );
        const totals = [...byCur.entries()].map(([c, a]) => `${Math.round(a * 100) / 100} ${c}`).join(" + ");
        const lines = priced.map((s) => `• ${s.title}: ${s.price?.amount} ${s.price?.currency}`);
        return [
          priced.length
            ? `Priced items for ${what} come to ${totals}:`
            : `No item for ${what} has a price yet.`,
          ...lines,
          budget ? `The trip's budget is ${budget}.` : "",
          remaining(budget, byCur),
        ]
          .filter(Boolean)
          .join("\n");
      }
      if (!list.length) {
        if (scope?.ids || scope?.type) return `Nothing like that is planned${day ? ` on day ${day}` : ""}.`;
        return day ? `Nothing is planned on ${what} yet.` : "Nothing is planned yet.";
      }
      const lines = list.map(
        (s) =>
          `• ${day ? "" : s.day_index ? `Day ${s.day_index} ` : "Unscheduled "}${blockOfSeg(s) ? `${blockOfSeg(s)}: ` : ""}${s.title}${s.start_time ? ` at ${s.start_time.slice(11, 16)}${s.end_time ? `–${s.end_time.slice(11, 16)}` : ""}` : ""} (${s.type})${s.location?.name ? `, at ${s.location.name}${s.location.address ? `, ${s.location.address}` : ""}` : ""}`,
      );
      return `${day ? `On day ${day}${scope?.block ? ` (${scope.block})` : ""}` : "Here is the plan"}:\n${lines.join("\n")}`;
    }
    case "ask_question": {
      const q = (o.input.questions as { question: string; options?: { label: string }[] }[] | undefined)?.[0];
      if (!q) return "";
      return `${q.question}${q.options?.length ? `\n${q.options.map((x) => `• ${x.label}`).join("\n")}` : ""}`;
    }
    case "undo_last_change":
      return undoText(o.output as UndoOutput);
    case "remember_preference":
      return `I'll remember: ${String(o.input.value)} (${String(o.input.category).replace(/_/g, " ")}).`;
    case "search_flights": {
      const r = o.output as {
        offers?: FlightSummary[];
        total_results?: number;
        provider?: string;
        warnings?: string[];
      };
      const why = r.warnings?.length ? ` (${r.warnings.join("; ")})` : "";
      const offers = r.offers ?? [];
      if (!offers.length)
        return `I found no flights from ${o.input.origin} to ${o.input.destination} on those dates${why}.`;
      const lines = offers.map(
        (f) =>
          `• ${f.airline} ${f.flight_numbers.join("/")}: ${f.departure.airport} ${f.departure.time.slice(11, 16)} → ${f.arrival.airport} ${f.arrival.time.slice(11, 16)}, ${f.stops === 0 ? "non-stop" : `${f.stops} stop${f.stops > 1 ? "s" : ""}`}, ${f.price.total} ${f.price.currency}`,
      );
      const note = r.provider === "offline" ? " (sample fares from the offline inventory)" : "";
      return `Cheapest of ${r.total_results ?? offers.length} flights${note}:\n${lines.join("\n")}`;
    }
    case "search_hotels": {
      const r = o.output as {
        offers?: StaySummary[];
        total_results?: number;
        provider?: string;
        warnings?: string[];
      };
      const why = r.warnings?.length ? ` (${r.warnings.join("; ")})` : "";
      const offers = r.offers ?? [];
      if (!offers.length) return `I found no stays in ${o.input.location} for those dates${why}.`;
      const lines = offers.map(
        (h) =>
          `• ${h.name} (${h.star_rating ? `${h.star_rating}★ ` : ""}${h.property_type}, ${h.neighborhood}): ${h.price.per_night} ${h.price.currency}/night, ${h.price.total} total`,
      );
      const note = r.provider === "offline" ? " (sample inventory from the offline mode)" : "";
      return `Cheapest of ${r.total_results ?? offers.length} stays${note}${why}:\n${lines.join("\n")}`;
    }
    case "search_activities": {
      const r = o.output as { activities?: { destination: string; highlights: string[] }[]; note?: string };
      if (!r.activities?.length) return r.note ?? "I have no suggestions for that place.";
      let n = 0;
      return `${r.activities
        .map(
          (a) => `Things to do in ${a.destination}:\n${a.highlights.map((h) => `${++n}. ${h}`).join("\n")}`,
        )
        .join("\n")}\nSay “add the second one” (or any number) to put one in the itinerary.`;
    }
    default:
      return `Ran ${o.toolName}.`;
  }
}

interface Answer {
  text: string;
  calls: { toolName: string; input: Record<string, unknown> }[];
}

/** A question rendered as plain text, for when the question tool is not available. */
function questionText(input: Record<string, unknown>): string {
  const q = (input.questions as { question: string; options?: { label: string }[] }[] | undefined)?.[0];
  if (!q) return "";
  return `${q.question}${q.options?.length ? `\n${q.options.map((x) => `• ${x.label}`).join("\n")}` : ""}`;
}

/**
 * Decides this step's answer from the prompt alone (deterministic).
 * @param tools names of the tools offered this step; calls to any other tool are not made
 *              (a question becomes text, other calls are reported as unavailable)
 */
export function answer(prompt: Prompt, tools: boolean | string[]): Answer {
  const { ctx, understood } = understand(prompt);
  const last = prompt[prompt.length - 1];
  const budget = ctx.trip?.budget ?? null;
  if (last?.role === "tool") {
    const outcomes = turnOutcomes(prompt);
    const lines = outcomes.map((o) => summarise(o, ctx.segments, understood.scope, budget)).filter(Boolean);
    const planned = outcomes.filter((o) => o.toolName === "add_segment" && !o.failed).length;
    if (planned > 3) {
      const failed = outcomes.filter((o) => o.failed).map((o) => summarise(o, ctx.segments));
      const others = outcomes
        .filter((o) => !o.failed && o.toolName !== "add_segment")
        .map((o) => summarise(o, ctx.segments, understood.scope, budget));
      lines.splice(0, lines.length, ...others, `Added ${planned} segments to the itinerary.`, ...failed);
    }
    if (outcomes.some((o) => !o.failed)) lines.push(...(understood.notes ?? []));
    if (understood.reply) lines.push(understood.reply);
    return { text: lines.join("\n"), calls: [] };
  }
  const available = Array.isArray(tools) ? new Set(tools) : null;
  const hasTools = Array.isArray(tools) ? tools.length > 0 : tools;
  let calls = understood.calls;
  const extra: string[] = [];
  if (available) {
    const ask = calls.find((c) => c.toolName === "ask_question" && !available.has("ask_question"));
    if (ask) return { text: questionText(ask.input), calls: [] };
    const missing = calls.filter((c) => !available.has(c.toolName));
    if (missing.length) {
      calls = calls.filter((c) => available.has(c.toolName));
      for (const m of missing) {
        if (m.toolName === "undo_last_change")
          extra.push("Undo isn't available here yet, so nothing was reverted.");
        if (m.toolName === "remember_preference")
          extra.push(`I can't save “${String(m.input.value)}” to your memory here yet.`);
      }
    }
  }
  if (!hasTools || !calls.length) {
    return {
      text:
        [understood.reply, ...extra].filter(Boolean).join(" ") ||
        "I'm the offline assistant (no AI provider is configured) and had nothing to do.",
      calls: [],
    };
  }
  return { text: "", calls };
}

/** Rough token count (≈ 4 characters per token, OpenAI's rule of thumb). */
function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

function usageOf(options: LanguageModelV3CallOptions, a: Answer): LanguageModelV3Usage {
  const input = estimateTokens(JSON.stringify(options.prompt).length);
  const output = estimateTokens(a.text.length + JSON.stringify(a.calls).length);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function finishOf(a: Answer): LanguageModelV3FinishReason {
  return a.calls.length ? { unified: "tool-calls", raw: "tool_calls" } : { unified: "stop", raw: "stop" };
}

function step(prompt: Prompt): number {
  return prompt.filter((m) => m.role === "assistant").length;
}

/**
 * Creates the offline model. Replies are deterministic; text streams word by word.
 */
export function createOfflineModel(): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: "tripsage",
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options) {
      const a = answer(
        options.prompt,
        (options.tools ?? []).map((t) => t.name),
      );
      const n = step(options.prompt);
      const content: LanguageModelV3Content[] = [];
      if (a.text) content.push({ type: "text", text: a.text });
      for (const [i, c] of a.calls.entries()) {
        content.push({
          type: "tool-call",
          toolCallId: `offline_${n}_${i}`,
          toolName: c.toolName,
          input: JSON.stringify(c.input),
        });
      }
      return { content, finishReason: finishOf(a), usage: usageOf(options, a), warnings: [] };
    },
    async doStream(options) {
      const a = answer(
        options.prompt,
        (options.tools ?? []).map((t) => t.name),
      );
      const n = step(options.prompt);
      const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: [] }];
      parts.push({
        type: "response-metadata",
        id: `offline-${n}`,
        modelId: OFFLINE_MODEL_ID,
        timestamp: new Date(0),
      });
      if (a.text) {
        parts.push({ type: "text-start", id: "t0" });
        for (const w of a.text.split(/(?<=\s)/)) parts.push({ type: "text-delta", id: "t0", delta: w });
        parts.push({ type: "text-end", id: "t0" });
      }
      for (const [i, c] of a.calls.entries()) {
        parts.push({
          type: "tool-call",
          toolCallId: `offline_${n}_${i}`,
          toolName: c.toolName,
          input: JSON.stringify(c.input),
        });
      }
      parts.push({ type: "finish", finishReason: finishOf(a), usage: usageOf(options, a) });
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          for (const p of parts) {
            controller.enqueue(p);
            // Yield between chunks so consumers see the reply arrive piece by piece.
            if (p.type === "text-delta") await new Promise((r) => setTimeout(r, 8));
          }
          controller.close();
        },
      });
      return { stream };
    },
  };
}
