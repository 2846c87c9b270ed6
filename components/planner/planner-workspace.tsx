"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { createTripFromDraftAction } from "@/app/(app)/planner/actions";
import type { PlannerDraft } from "@/lib/domain/chat/planner";
import { SendIcon, SparklesIcon } from "../ui/icons";
import {
  type DraftField,
  type DraftForm,
  EMPTY_DRAFT,
  ERROR_KEY,
  mergeDraft,
  plannerContextOf,
  toCreateBody,
} from "./draft";
import { DraftPanel } from "./draft-panel";

interface Message {
  role: "user" | "assistant";
  content: string;
}

type PlannerReply =
  | { ok: true; data: { answer: string; plannerDraft: PlannerDraft | null } }
  | { ok: false; error: string };

/** One planner turn: `POST /v1/ai/planner/chat` with the whole conversation, as an API client does. */
async function askPlanner(messages: Message[], plannerContext: Record<string, unknown>) {
  let res: Response;
  try {
    res = await fetch("/v1/ai/planner/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({
        messages,
        ...(Object.keys(plannerContext).length && { plannerContext }),
      }),
    });
  } catch {
    throw new Error("Could not reach TripSage. Check your connection and try again.");
  }
  const body = (await res.json().catch(() => null)) as PlannerReply | null;
  if (!res.ok || !body?.ok) {
    throw new Error(body && !body.ok ? body.error : `The planner did not answer (${res.status})`);
  }
  return body.data;
}

/**
 * The planner page: a conversation with the trip planner on the left, the draft it extracts
 * on the right. The user edits the draft (edited fields stay as typed and are sent back as
 * `plannerContext`), then "Create this trip" writes the trip and its itinerary in one go.
 */
export function PlannerWorkspace() {
  const router = useRouter();
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState(false);
  const [chatError, setChatError] = useState<string | null>(null);
  const [form, setForm] = useState<DraftForm>(EMPTY_DRAFT);
  const [edited, setEdited] = useState<Set<DraftField>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = listRef.current;
    if (el && messages.length) el.scrollTop = el.scrollHeight;
  }, [messages]);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    const next: Message[] = [...messages, { role: "user", content: text }];
    setMessages(next);
    setInput("");
    setBusy(true);
    setChatError(null);
    try {
      const data = await askPlanner(next, plannerContextOf(form, edited));
      setMessages([...next, { role: "assistant", content: data.answer }]);
      setForm((f) => mergeDraft(f, data.plannerDraft, edited));
    } catch (err) {
      setChatError(err instanceof Error ? err.message : "Something went wrong");
      setInput(text);
      setMessages(messages);
    }
    setBusy(false);
  }

  function edit<K extends DraftField>(field: K, value: DraftForm[K]) {
    setForm((f) => ({ ...f, [field]: value }));
    setEdited((s) => (s.has(field) ? s : new Set(s).add(field)));
    const key = ERROR_KEY[field];
    setErrors((er) => {
      const stale = (k: string) => k === key || k.startsWith(`${key}.`);
      return Object.keys(er).some(stale)
        ? Object.fromEntries(Object.entries(er).filter(([k]) => !stale(k)))
        : er;
    });
  }

  async function create() {
    setCreating(true);
    setFormError(null);
    setErrors({});
    try {
      const r = await createTripFromDraftAction(toCreateBody(form));
      if (r.ok) {
        router.push(`/trips/${r.tripId}`);
        return;
      }
      setErrors(Object.fromEntries(r.fieldErrors.map((f) => [f.field, f.message])));
      setFormError(r.message);
    } catch {
      setFormError("The trip could not be created. Please try again.");
    }
    setCreating(false);
  }

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <section aria-label="Conversation with the trip planner" className="card flex min-h-[28rem] flex-col">
        <ol
          ref={listRef}
          className="flex-1 space-y-3 overflow-y-auto p-4 sm:p-5"
          aria-live="polite"
          data-testid="planner-messages"
        >
          {messages.length === 0 ? (
            <li className="rounded-xl bg-brand-50/70 px-4 py-3 text-sm text-brand-900">
              <SparklesIcon className="mr-1 inline size-4 align-[-2px]" />
              Try: “Five days in Lisbon with my partner in May, we love food and old neighbourhoods.” Then add
              dates, budget or must-sees in your next message.
            </li>
          ) : null}
          {messages.map((m, i) => (
            <li
              key={i}
              className={`max-w-[85%] whitespace-pre-wrap rounded-2xl px-4 py-2.5 text-sm ${
                m.role === "user" ? "ml-auto bg-brand-600 text-white" : "bg-slate-100 text-slate-800"
              }`}
              data-testid={m.role === "user" ? "planner-user-message" : "planner-answer"}
            >
              {m.content}
            </li>
          ))}
          {busy ? (
            <li className="text-sm text-slate-500" data-testid="planner-thinking">
              The planner is thinking…
            </li>
          ) : null}
        </ol>
        <form onSubmit={send} className="flex items-end gap-2 border-t border-slate-200 p-3 sm:p-4">
          <label htmlFor="planner-input" className="sr-only">
            Describe your trip
          </label>
          <textarea
            id="planner-input"
            className="field-input min-h-11 flex-1 resize-none"
            rows={2}
            maxLength={4000}
            placeholder="Where, when, who is coming, budget, what you love…"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            data-testid="planner-input"
          />
          <button
            type="submit"
            className="btn-primary"
            disabled={busy || !input.trim()}
            data-testid="planner-send"
          >
            <SendIcon />
            <span className="sr-only sm:not-sr-only">Send</span>
          </button>
        </form>
        {chatError ? (
          <p className="field-error px-4 pb-3" role="alert" data-testid="planner-error">
            {chatError}
          </p>
        ) : null}
      </section>
      <DraftPanel
        form={form}
        errors={errors}
        formError={formError}
        creating={creating}
        onEdit={edit}
        onCreate={create}
      />
    </div>
  );
}
