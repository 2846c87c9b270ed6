"use client";

/**
 * What the trip designer adds under its replies: the structured questions it asked (buttons,
 * checkboxes or inputs whose answer is sent as the next message) and the turn's changeset
 * ("3 changes · Review · Undo", with the diff and the undo result).
 */
import { useState } from "react";
import { ApiClientError, apiFetch, errorMessage } from "@/client/api";
import type { ChangesetEntry, ChangesetView, UndoItem, UndoResult } from "@/client/types";
import type { QuestionView } from "./tool-parts";

/** One question per card; `onAnswer` sends the answer text (an option's label) as the next message. */
export function QuestionCards({
  questions,
  active,
  onAnswer,
}: {
  questions: QuestionView[];
  /** Only the newest message's questions can be answered. */
  active: boolean;
  onAnswer: (text: string) => void;
}) {
  return (
    <div className="flex w-full max-w-[90%] flex-col gap-2" data-testid="chat-questions">
      {questions.map((q) => (
        <QuestionCard key={q.id} q={q} active={active} onAnswer={onAnswer} />
      ))}
    </div>
  );
}

function QuestionCard({
  q,
  active,
  onAnswer,
}: {
  q: QuestionView;
  active: boolean;
  onAnswer: (text: string) => void;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const [text, setText] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const inputId = `q-${q.id}`;
  const submit = (answer: string) => {
    if (active && answer.trim()) onAnswer(answer.trim());
  };
  return (
    <fieldset
      className="rounded-xl border border-brand-200 bg-brand-50/60 px-3 py-2.5 text-sm"
      data-testid="chat-question"
      data-question-type={q.type}
      disabled={!active}
    >
      <legend className="sr-only">{q.question}</legend>
      <p className="mb-2 font-medium text-slate-800" aria-hidden>
        {q.question}
      </p>
      {q.type === "single_choice" ? (
        <div className="flex flex-wrap gap-1.5">
          {(q.options ?? []).map((o) => (
            <button
              key={o.id}
              type="button"
              className="btn-secondary h-8 px-3 text-xs"
              onClick={() => submit(o.label)}
              data-testid="chat-question-option"
            >
              {o.label}
            </button>
          ))}
        </div>
      ) : q.type === "multiple_choice" ? (
        <form
          className="flex flex-col gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            submit(picked.join(", "));
          }}
        >
          {(q.options ?? []).map((o) => (
            <label key={o.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={picked.includes(o.label)}
                onChange={(e) =>
                  setPicked((p) => (e.target.checked ? [...p, o.label] : p.filter((x) => x !== o.label)))
                }
              />
              {o.label}
            </label>
          ))}
          <button type="submit" className="btn-primary h-8 self-start px-3 text-xs" disabled={!picked.length}>
            Send answer
          </button>
        </form>
      ) : q.type === "date_range" ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit(`${from} to ${to}`);
          }}
        >
          <label className="flex flex-col text-xs text-slate-600">
            From
            <input
              type="date"
              className="field-input h-8"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label className="flex flex-col text-xs text-slate-600">
            To
            <input
              type="date"
              className="field-input h-8"
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          <button type="submit" className="btn-primary h-8 px-3 text-xs" disabled={!from || !to}>
            Send answer
          </button>
        </form>
      ) : (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit(text);
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            {q.question}
          </label>
          <input
            id={inputId}
            type={q.type === "date" ? "date" : "text"}
            className="field-input h-8 flex-1"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
            data-testid="chat-question-input"
          />
          <button type="submit" className="btn-primary h-8 px-3 text-xs" disabled={!text.trim()}>
            Send answer
          </button>
        </form>
      )}
    </fieldset>
  );
}

const FIELD_LABEL: Record<string, string> = {
  title: "Trip title",
  start_date: "Start date",
  end_date: "End date",
  destinations: "Destinations",
  budget: "Budget",
  interests: "Interests",
  dietary_restrictions: "Dietary needs",
};

function valueText(v: unknown): string {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return "—";
  if (Array.isArray(v))
    return v
      .map((x) =>
        typeof x === "object" && x ? String((x as { name?: unknown }).name ?? JSON.stringify(x)) : String(x),
      )
      .join(", ");
  if (typeof v === "object") {
    const b = v as { total?: unknown; currency?: unknown };
    if (b.total !== undefined) return `${String(b.total)} ${String(b.currency ?? "")}`.trim();
    return JSON.stringify(v);
  }
  return String(v);
}

type Seg = NonNullable<Extract<ChangesetEntry, { kind: "segment" }>["before"]>;

function segText(s: Seg | null): string {
  if (!s) return "—";
  const when = s.day_index ? `day ${s.day_index}${s.time_block ? `, ${s.time_block}` : ""}` : "unscheduled";
  const time = s.start_time ? ` ${s.start_time.slice(11, 16)}` : "";
  return `${s.title} (${s.type}, ${when}${time})`;
}

/** One line of the review: what the turn changed, before → after. */
function EntryLine({ e }: { e: ChangesetEntry }) {
  if (e.kind === "trip_field") {
    return (
      <li data-testid="changeset-entry">
        <span className="font-medium">{FIELD_LABEL[e.field] ?? e.field}</span>: {valueText(e.before)} →{" "}
        {valueText(e.after)}
      </li>
    );
  }
  const verb = e.action === "added" ? "Added" : e.action === "deleted" ? "Removed" : "Changed";
  return (
    <li data-testid="changeset-entry">
      <span className="font-medium">{verb}</span>{" "}
      {e.action === "added"
        ? segText(e.after)
        : e.action === "deleted"
          ? segText(e.before)
          : `${segText(e.before)} → ${segText(e.after)}`}
    </li>
  );
}

function itemText(i: UndoItem): string {
  return i.kind === "trip_field" ? (FIELD_LABEL[i.field ?? ""] ?? String(i.field)) : (i.title ?? "a segment");
}

const REASON: Record<string, string> = {
  edited_since: "edited since",
  deleted_since: "deleted since",
  exists_again: "exists again",
};

/** "N changes · Review · Undo" under an assistant message whose turn changed the trip. */
export function ChangesetBar({
  changeset,
  canUndo,
  onUndone,
}: {
  changeset: ChangesetView;
  canUndo: boolean;
  onUndone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UndoResult | null>(changeset.undo_result);
  const [failure, setFailure] = useState<string | null>(null);
  const n = changeset.change_count;
  const undone = changeset.status === "undone" || result !== null;

  async function undo() {
    setBusy(true);
    setFailure(null);
    try {
      setResult(await apiFetch<UndoResult>(`/api/changesets/${changeset.id}/undo`, { method: "POST" }));
    } catch (e) {
      const d = e instanceof ApiClientError ? e.details : undefined;
      if (e instanceof ApiClientError && e.status === 409 && d && Array.isArray(d.left_alone)) {
        setResult({
          changeset_id: changeset.id,
          status: "undone",
          restored: (d.restored as UndoItem[]) ?? [],
          left_alone: d.left_alone as UndoItem[],
        });
      } else setFailure(errorMessage(e));
    } finally {
      setBusy(false);
      onUndone();
    }
  }

  return (
    <div
      className="w-full max-w-[90%] text-xs text-slate-600"
      data-testid="changeset-bar"
      data-status={undone ? "undone" : "applied"}
    >
      <div className="flex items-center gap-1.5">
        <span data-testid="changeset-count">
          {n} {n === 1 ? "change" : "changes"}
        </span>
        <span aria-hidden>·</span>
        <button
          type="button"
          className="font-medium text-brand-700 hover:underline"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          data-testid="changeset-review"
        >
          Review
        </button>
        <span aria-hidden>·</span>
        {undone ? (
          <span className="font-medium text-slate-500">Undone</span>
        ) : (
          <button
            type="button"
            className="font-medium text-brand-700 hover:underline disabled:opacity-50"
            disabled={!canUndo || busy}
            onClick={() => void undo()}
            data-testid="changeset-undo"
          >
            {busy ? "Undoing…" : "Undo"}
          </button>
        )}
      </div>
      {open ? (
        <ul
          className="mt-1.5 list-disc space-y-0.5 rounded-lg border border-slate-200 bg-white py-2 pr-2 pl-6"
          data-testid="changeset-diff"
        >
          {changeset.entries.map((e) => (
            <EntryLine key={e.kind === "segment" ? e.segment_id : e.field} e={e} />
          ))}
        </ul>
      ) : null}
      {result ? (
        <p className="mt-1" role="status" data-testid="changeset-result">
          {result.left_alone.length === 0
            ? `Undone: ${result.restored.length} ${result.restored.length === 1 ? "change" : "changes"} reverted.`
            : `Undone except ${result.left_alone
                .map((i) => `${itemText(i)} (${REASON[i.reason ?? ""] ?? i.reason})`)
                .join(
                  ", ",
                )}, left alone because someone changed ${result.left_alone.length === 1 ? "it" : "them"} since.`}
        </p>
      ) : null}
      {failure ? (
        <p className="mt-1 text-red-700" role="alert">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
