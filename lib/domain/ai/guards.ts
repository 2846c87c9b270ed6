/**
 * Checks the designer's write tools make before they touch the trip, and the bookkeeping
 * that keeps one turn's tool calls honest: identical parallel calls run once, writes run
 * one at a time (so a duplicate check cannot race its own turn's insert), and questions
 * are well formed. Used by lib/domain/ai/tools.ts for the offline and the real model alike.
 */
import type { SegmentResponse } from "@/lib/domain/itinerary/service";
import { stableJson } from "@/lib/platform/json";
import type { ToolInput } from "./tool-schemas";

/** A refusal the model reads: it must not tell the user the change was made. */
export interface ToolRefusal {
  /** User-readable reason (a model may relay it as is). */
  error: string;
  code: string;
  /** Always false: nothing was written by this call. */
  done: false;
  /** For the model: nothing changed, and what to do instead. */
  hint: string;
  fields?: { field: string; message: string }[];
  [k: string]: unknown;
}

/**
 * Builds a refusal: `done: false` and a `hint` that nothing changed, so no model mistakes it
 * for success; `error` stays a plain sentence fit to show the user.
 */
export function refusal(
  code: string,
  message: string,
  extra: Record<string, unknown> & { hint?: string } = {},
): ToolRefusal {
  const { hint, ...rest } = extra;
  return {
    error: message,
    code,
    done: false,
    hint: `Nothing was changed.${hint ? ` ${hint}` : " Tell the user why, or ask them with ask_question."}`,
    ...rest,
  };
}

/** Case-, accent- and whitespace-insensitive form of a title, for duplicate checks. */
export function normalTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The segment already on `dayIndex` with the same type and (normalised) title, if any;
 * `exceptId` skips the segment being moved or changed.
 */
export function findDuplicate(
  existing: readonly SegmentResponse[],
  candidate: { type: string; title: string; dayIndex: number | null },
  exceptId?: string,
): SegmentResponse | undefined {
  const title = normalTitle(candidate.title);
  return existing.find(
    (s) =>
      s.id !== exceptId &&
      s.day_index === candidate.dayIndex &&
      s.type === candidate.type &&
      normalTitle(s.title) === title,
  );
}

/**
 * Problems of an `ask_question` input the schema cannot express: choice questions need at
 * least two options with distinct ids; question ids are distinct.
 * @returns field messages; empty when the input is fine
 */
export function questionProblems(input: ToolInput<"ask_question">): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const ids = new Set<string>();
  input.questions.forEach((q, i) => {
    if (ids.has(q.id)) out.push({ field: `questions.${i}.id`, message: `Duplicate question id '${q.id}'` });
    ids.add(q.id);
    const choice = q.type === "single_choice" || q.type === "multiple_choice";
    if (choice && (q.options?.length ?? 0) < 2) {
      out.push({
        field: `questions.${i}.options`,
        message: `A ${q.type} question needs at least two options`,
      });
    }
    if (!choice && q.options?.length) {
      out.push({ field: `questions.${i}.options`, message: `A ${q.type} question takes no options` });
    }
    const optionIds = new Set<string>();
    for (const [j, o] of (q.options ?? []).entries()) {
      if (optionIds.has(o.id)) {
        out.push({ field: `questions.${i}.options.${j}.id`, message: `Duplicate option id '${o.id}'` });
      }
      optionIds.add(o.id);
    }
  });
  return out;
}

/**
 * Per-turn bookkeeping: `firstOf` tells whether a call repeats an identical call of the same
 * step (same tool, same input, same messages sent to the model), and `serial` runs writes
 * one after another in call order.
 */
export class TurnLedger {
  private readonly seen = new Map<string, string>();
  private chain: Promise<unknown> = Promise.resolve();

  /**
   * @param stepKey identifies the model step (the length of the messages it was sent)
   * @returns null for the first such call, else the tool call id it duplicates
   */
  duplicateOf(stepKey: number, name: string, input: unknown, toolCallId: string | undefined): string | null {
    const key = `${stepKey}|${name}|${stableJson(input)}`;
    const first = this.seen.get(key);
    if (first !== undefined && first !== toolCallId) return first;
    this.seen.set(key, toolCallId ?? "");
    return null;
  }

  /** Runs `fn` after every earlier `serial` call has settled. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }
}

/**
 * The end time that keeps a segment's length when an assistant edit moves only its start
 * ("change dinner to 8pm" on a 19:00-21:00 dinner → 20:00-22:00): `before.end_time` shifted
 * by the same amount, as a local ISO 8601 date-time (`YYYY-MM-DDTHH:mm`). Undefined when the
 * patch sets `end_time` itself, moves no start, or the segment had no start and end.
 * @param before the segment as stored (local `start_time` / `end_time`)
 * @param patch the update's fields
 */
export function keptEndTime(
  before: Pick<SegmentResponse, "start_time" | "end_time">,
  patch: { start_time?: string | null; end_time?: string | null },
): string | undefined {
  if (patch.end_time !== undefined || !patch.start_time || !before.start_time || !before.end_time)
    return undefined;
  const ms = (s: string) => Date.parse(`${s.slice(0, 16)}Z`);
  const length = ms(before.end_time) - ms(before.start_time);
  const start = ms(patch.start_time);
  if (!(length > 0) || Number.isNaN(start)) return undefined;
  return new Date(start + length).toISOString().slice(0, 16);
}
