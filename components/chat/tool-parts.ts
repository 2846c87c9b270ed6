/**
 * Reading the trip designer's tool parts (`tool-add_segment` …) out of AI SDK UI messages,
 * loosely typed: parts come from the stream or from the database, and an older message may
 * carry a tool this client does not know.
 */
import { TIME_BLOCK_LABEL } from "@/client/format";

export const WRITE_TOOLS = new Set([
  "add_segment",
  "update_segment",
  "delete_segment",
  "move_segment",
  "update_trip_profile",
  "undo_last_change",
]);

export interface ToolPartView {
  toolCallId: string;
  name: string;
  state: string;
  input: Record<string, unknown>;
  output: Record<string, unknown> | undefined;
  errorText: string | undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The tool call in `part`, or null when it is not a tool part. */
export function toolPart(part: unknown): ToolPartView | null {
  const p = obj(part);
  if (!p || typeof p.type !== "string") return null;
  let name: string | undefined;
  if (p.type.startsWith("tool-")) name = p.type.slice(5);
  else if (p.type === "dynamic-tool" && typeof p.toolName === "string") name = p.toolName;
  if (!name) return null;
  return {
    toolCallId: typeof p.toolCallId === "string" ? p.toolCallId : `${name}-${Math.random()}`,
    name,
    state: typeof p.state === "string" ? p.state : "input-available",
    input: obj(p.input) ?? {},
    output: obj(p.output),
    errorText: typeof p.errorText === "string" ? p.errorText : undefined,
  };
}

/** True when a write tool finished and the itinerary changed (no `{error}` refusal). */
export function isSuccessfulWrite(t: ToolPartView): boolean {
  return (
    WRITE_TOOLS.has(t.name) && t.state === "output-available" && !t.output?.error && !t.output?.duplicate_of
  );
}

export type ChipTone = "pending" | "success" | "error" | "info";

export interface ChipView {
  tone: ChipTone;
  verb: string;
  detail: string;
}

function dayText(day: unknown, block?: unknown): string {
  const b =
    typeof block === "string" && TIME_BLOCK_LABEL[block] ? `, ${TIME_BLOCK_LABEL[block]?.toLowerCase()}` : "";
  if (typeof day === "number") return `day ${day}${b}`;
  if (day === null) return "unscheduled";
  return b.slice(2);
}

const PENDING: Record<string, string> = {
  add_segment: "Adding",
  update_segment: "Updating",
  delete_segment: "Removing",
  move_segment: "Moving",
  get_segments: "Checking",
  update_trip_profile: "Updating trip",
  search_flights: "Searching flights",
  search_hotels: "Searching stays",
  search_activities: "Looking up things to do",
  ask_question: "Asking",
  undo_last_change: "Undoing",
};
const FAILED: Record<string, string> = {
  add_segment: "Couldn’t add",
  update_segment: "Couldn’t update",
  delete_segment: "Couldn’t remove",
  move_segment: "Couldn’t move",
  get_segments: "Couldn’t read the itinerary",
  update_trip_profile: "Couldn’t update the trip",
  search_flights: "Couldn’t search flights",
  search_hotels: "Couldn’t search stays",
  search_activities: "Couldn’t look up things to do",
  ask_question: "Couldn’t ask",
  undo_last_change: "Couldn’t undo",
};

/**
 * A compact description of a tool call for its chip: "Added · Louvre Museum (day 2)".
 * `titleOf` resolves a segment id to its title (delete and move only carry the id).
 */
export function describeTool(t: ToolPartView, titleOf: (id: string) => string | undefined): ChipView {
  const seg = obj(t.output?.segment);
  const inputId = typeof t.input.segment_id === "string" ? t.input.segment_id : undefined;
  const title =
    (typeof seg?.title === "string" && seg.title) ||
    (typeof t.input.title === "string" && t.input.title) ||
    (inputId && titleOf(inputId)) ||
    "";

  if (t.state === "output-error") {
    return { tone: "error", verb: FAILED[t.name] ?? `${t.name} failed`, detail: t.errorText ?? "" };
  }
  if (t.state !== "output-available") {
    return { tone: "pending", verb: `${PENDING[t.name] ?? t.name}…`, detail: title };
  }
  if (typeof t.output?.error === "string") {
    const what = title ? `${title}: ` : "";
    return { tone: "error", verb: FAILED[t.name] ?? `${t.name} refused`, detail: `${what}${t.output.error}` };
  }
  switch (t.name) {
    case "add_segment":
      return {
        tone: "success",
        verb: "Added",
        detail: `${title} (${dayText(seg?.day_index, seg?.time_block)})`,
      };
    case "update_segment":
      return { tone: "success", verb: "Updated", detail: title };
    case "delete_segment": {
      const id = typeof t.output?.deleted === "string" ? t.output.deleted : inputId;
      return {
        tone: "success",
        verb: "Removed",
        detail: title || (id ? (titleOf(id) ?? "a segment") : "a segment"),
      };
    }
    case "move_segment":
      return {
        tone: "success",
        verb: "Moved",
        detail: `${title} → ${dayText(seg?.day_index, seg?.time_block)}`,
      };
    case "get_segments": {
      const list = Array.isArray(t.output?.segments) ? t.output.segments.length : undefined;
      const day = typeof t.input.day_index === "number" ? `day ${t.input.day_index}` : "the itinerary";
      return {
        tone: "info",
        verb: "Checked",
        detail: list === undefined ? day : `${day} (${list} ${list === 1 ? "item" : "items"})`,
      };
    }
    case "update_trip_profile": {
      const fields = Object.keys(t.input).map((k) => k.replace(/_/g, " "));
      return { tone: "success", verb: "Updated trip", detail: fields.join(", ") };
    }
    case "search_flights":
    case "search_hotels": {
      const n = typeof t.output?.total_results === "number" ? t.output.total_results : undefined;
      const what = t.name === "search_flights" ? "flights" : "stays";
      const where =
        t.name === "search_flights"
          ? `${String(t.input.origin)} → ${String(t.input.destination)}`
          : String(t.input.location);
      return {
        tone: "info",
        verb: `Searched ${what}`,
        detail: n === undefined ? where : `${where} (${n} found)`,
      };
    }
    case "search_activities":
      return { tone: "info", verb: "Looked up things to do", detail: String(t.input.location ?? "") };
    case "ask_question":
      return { tone: "info", verb: "Asked", detail: String(t.output?.reason ?? "") };
    case "undo_last_change": {
      const restored = Array.isArray(t.output?.restored) ? t.output.restored.length : 0;
      const left = Array.isArray(t.output?.left_alone) ? t.output.left_alone.length : 0;
      return {
        tone: "success",
        verb: "Undid",
        detail: `${restored} restored${left ? `, ${left} left alone (edited since)` : ""}`,
      };
    }

    default:
      return { tone: "info", verb: t.name.replace(/_/g, " "), detail: "" };
  }
}

/** A structured question asked by the designer (Trip Designer API `StructuredQuestion`). */
export interface QuestionView {
  id: string;
  type: "single_choice" | "multiple_choice" | "text" | "date" | "date_range";
  question: string;
  options?: { id: string; label: string }[];
}

/** The questions asked in a message's successful `ask_question` calls. */
export function questionsIn(parts: readonly unknown[]): QuestionView[] {
  return parts.flatMap((p) => {
    const t = toolPart(p);
    if (t?.name !== "ask_question" || t.state !== "output-available" || t.output?.error) return [];
    return Array.isArray(t.output?.questions) ? (t.output.questions as QuestionView[]) : [];
  });
}

/** The changeset id named by a message's write tool results (one per assistant turn), if any. */
export function changesetIdIn(parts: readonly unknown[]): string | undefined {
  for (const p of parts) {
    const t = toolPart(p);
    if (t && isSuccessfulWrite(t) && typeof t.output?.changeset_id === "string") return t.output.changeset_id;
  }
  return undefined;
}
