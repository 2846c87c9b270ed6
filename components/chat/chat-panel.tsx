"use client";

import { useChat } from "@ai-sdk/react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { DefaultChatTransport, type UIMessage } from "ai";
import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { apiFetch, errorMessage } from "@/client/api";
import { invalidateItinerary } from "@/client/itinerary";
import { type ChangesetView, canEdit, type ItineraryResponse } from "@/client/types";
import { SendIcon, SparklesIcon } from "../ui/icons";
import {
  type ChipView,
  changesetIdIn,
  describeTool,
  isSuccessfulWrite,
  questionsIn,
  toolPart,
} from "./tool-parts";
import { ChangesetBar, QuestionCards } from "./turn-extras";

interface ChatHistory {
  conversationId: string;
  messages: UIMessage[];
  changesets: ChangesetView[];
}

/**
 * The trip designer chat. Loads the saved conversation (GET), then streams replies token by
 * token; each successful write tool refreshes the itinerary so its change shows at once.
 */
export function ChatPanel({ itinerary }: { itinerary: ItineraryResponse }) {
  const tripId = itinerary.id;
  const history = useQuery({
    queryKey: ["chat", tripId],
    queryFn: ({ signal }) => apiFetch<ChatHistory>(`/api/trips/${tripId}/chat`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    gcTime: 0,
  });

  return (
    <section
      aria-labelledby="chat-heading"
      className="card flex h-[34rem] flex-col overflow-hidden lg:h-[calc(100dvh-6.5rem)]"
      data-testid="chat-panel"
    >
      <div className="flex items-center gap-2.5 border-b border-slate-100 px-4 py-3">
        <span className="inline-flex size-8 items-center justify-center rounded-lg bg-gradient-to-br from-brand-500 to-brand-700 text-white">
          <SparklesIcon className="size-4" />
        </span>
        <div>
          <h2 id="chat-heading" className="text-sm font-semibold">
            Trip designer
          </h2>
          <p className="text-xs text-slate-500">Ask it to add, move or remove plans</p>
        </div>
      </div>
      {history.isPending ? (
        <div className="flex flex-1 flex-col gap-3 p-4" aria-busy="true">
          <p className="sr-only">Loading the conversation…</p>
          <div className="h-10 w-3/4 animate-pulse rounded-2xl bg-slate-100" />
          <div className="ml-auto h-8 w-1/2 animate-pulse rounded-2xl bg-slate-100" />
          <div className="h-14 w-4/5 animate-pulse rounded-2xl bg-slate-100" />
        </div>
      ) : history.isError ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center text-sm text-slate-600">
          <p role="alert">Couldn’t load the conversation: {errorMessage(history.error)}</p>
          <button type="button" className="btn-secondary" onClick={() => void history.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <ChatSession
          key={history.data.conversationId}
          itinerary={itinerary}
          conversationId={history.data.conversationId}
          initialMessages={history.data.messages}
          initialChangesets={history.data.changesets}
        />
      )}
    </section>
  );
}

function suggestionsFor(it: ItineraryResponse): string[] {
  const days = it.days.length;
  const day2 = Math.min(2, days);
  const out = [`What's on day ${day2}?`];
  if (days >= 3) {
    const names = it.destinations.map((d) => d.name);
    const isParis = names.some((n) => /paris/i.test(n));
    const second = names[1];
    if (isParis) out.push("Add a day trip to Versailles on day 3");
    else if (second) out.push(`Add a day trip to ${second} on day 3`);
    else out.push("Add a museum visit to the morning of day 3");
  }
  out.push(`Add dinner on day ${day2} evening`);
  return out;
}

/** Best-effort readable text out of a chat error (the transport passes the raw JSON body). */
function chatErrorText(err: Error): string {
  try {
    const body = JSON.parse(err.message) as { message?: string };
    if (body.message) return body.message;
  } catch {
    // not JSON
  }
  return err.message || "The trip designer could not answer.";
}

function ChatSession({
  itinerary,
  conversationId,
  initialMessages,
  initialChangesets,
}: {
  itinerary: ItineraryResponse;
  conversationId: string;
  initialMessages: UIMessage[];
  initialChangesets: ChangesetView[];
}) {
  const tripId = itinerary.id;
  const queryClient = useQueryClient();
  // The conversation's changesets ("N changes · Review · Undo"), refreshed after each turn and undo.
  const changesetsKey = ["chat-changesets", tripId, conversationId];
  const changesets = useQuery({
    queryKey: changesetsKey,
    queryFn: ({ signal }) =>
      apiFetch<ChatHistory>(`/api/trips/${tripId}/chat`, { signal }).then((h) => h.changesets),
    initialData: initialChangesets,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const changesetById = new Map((changesets.data ?? []).map((c) => [c.id, c]));
  const refreshChangesets = () => void queryClient.invalidateQueries({ queryKey: changesetsKey });
  const [input, setInput] = useState("");
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  // Segment titles seen so far, so "Removed · …" can name a segment that no longer exists.
  const titles = useRef(new Map<string, string>());
  for (const d of itinerary.days) for (const s of d.segments) titles.current.set(s.id, s.title);
  for (const s of itinerary.unscheduled) titles.current.set(s.id, s.title);
  const titleOf = (id: string) => titles.current.get(id);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<UIMessage>({
        api: `/api/trips/${tripId}/chat`,
        credentials: "same-origin",
        prepareSendMessagesRequest: ({ messages }) => ({
          body: { conversationId, message: messages[messages.length - 1] },
        }),
      }),
    [tripId, conversationId],
  );

  const { messages, sendMessage, status, error, clearError, stop } = useChat({
    id: `trip-${tripId}-${conversationId}`,
    messages: initialMessages,
    transport,
    onFinish: () => {
      void invalidateItinerary(queryClient, tripId);
      refreshChangesets();
    },
  });

  // Refresh the itinerary as soon as a write tool's result arrives (not at the end of the reply).
  const applied = useRef<Set<string> | null>(null);
  if (applied.current === null) {
    applied.current = new Set();
    for (const m of initialMessages) {
      for (const p of m.parts) {
        const t = toolPart(p);
        if (t) applied.current.add(t.toolCallId);
      }
    }
  }
  useEffect(() => {
    const seen = applied.current;
    if (!seen) return;
    let changed = false;
    for (const m of messages) {
      if (m.role !== "assistant") continue;
      for (const p of m.parts) {
        const t = toolPart(p);
        if (t && !seen.has(t.toolCallId) && isSuccessfulWrite(t)) {
          seen.add(t.toolCallId);
          changed = true;
        }
      }
    }
    if (changed) void invalidateItinerary(queryClient, tripId);
  }, [messages, queryClient, tripId]);

  // Keep the newest message in view while the user is at the bottom of the log.
  const stick = useRef(true);
  useEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  // Tool results name segments too (a deleted one may be known only from its earlier add).
  for (const m of messages) {
    for (const p of m.parts) {
      const t = toolPart(p);
      if (t?.state === "output-available") rememberTitles(titles.current, t.output);
    }
  }

  const busy = status === "submitted" || status === "streaming";

  function send(text: string) {
    const t = text.trim();
    if (!t || busy) return;
    clearError();
    stick.current = true;
    void sendMessage({ text: t });
    setInput("");
    requestAnimationFrame(() => {
      if (inputRef.current) inputRef.current.style.height = "";
    });
  }

  const last = messages[messages.length - 1];
  const waiting =
    status === "submitted" ||
    (status === "streaming" && last?.role === "assistant" && last.parts.length === 0);

  return (
    <>
      <div
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label="Conversation with the trip designer"
        aria-busy={busy}
        className="flex-1 space-y-4 overflow-y-auto px-4 py-4"
        data-testid="chat-log"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
      >
        {messages.length === 0 ? (
          <div className="rounded-xl bg-slate-50 p-4 text-sm text-slate-600">
            <p className="font-medium text-slate-800">Hi! I’m your trip designer.</p>
            <p className="mt-1">
              Tell me what you’d like to do and I’ll put it in the itinerary — for example “add the Louvre to
              the morning of day 2”, “move dinner to day 3” or “what’s on day 2?”.
            </p>
          </div>
        ) : null}
        {messages.map((m, i) => {
          const changesetId = m.role === "assistant" ? changesetIdIn(m.parts) : undefined;
          const changeset = changesetId ? changesetById.get(changesetId) : undefined;
          const questions = m.role === "assistant" ? questionsIn(m.parts) : [];
          return (
            <Fragment key={m.id}>
              <ChatMessage message={m} titleOf={titleOf} />
              {questions.length ? (
                <QuestionCards
                  questions={questions}
                  active={i === messages.length - 1 && !busy}
                  onAnswer={(text) => send(text)}
                />
              ) : null}
              {changeset ? (
                <ChangesetBar
                  changeset={changeset}
                  canUndo={canEdit(itinerary.role)}
                  onUndone={() => {
                    void invalidateItinerary(queryClient, tripId);
                    refreshChangesets();
                  }}
                />
              ) : null}
            </Fragment>
          );
        })}
        {waiting ? (
          <div className="flex items-center gap-2 text-sm text-slate-500" data-testid="chat-typing">
            <span className="inline-flex gap-1" aria-hidden>
              <span className="size-1.5 animate-bounce rounded-full bg-slate-400 [animation-delay:-0.3s]" />
              <span className="size-1.5 animate-bounce rounded-full bg-slate-400 [animation-delay:-0.15s]" />
              <span className="size-1.5 animate-bounce rounded-full bg-slate-400" />
            </span>
            <span className="sr-only">The trip designer is thinking</span>
          </div>
        ) : null}
        {error ? (
          <div
            role="alert"
            className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
          >
            {chatErrorText(error)}
          </div>
        ) : null}
      </div>

      <div className="border-t border-slate-100 bg-white p-3">
        <ul className="mb-2 flex flex-wrap gap-1.5" aria-label="Suggestions">
          {suggestionsFor(itinerary).map((s) => (
            <li key={s} className="shrink-0">
              <button
                type="button"
                className="rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs text-slate-600 transition-colors hover:border-brand-300 hover:bg-brand-50 hover:text-brand-800 disabled:opacity-50"
                disabled={busy}
                onClick={() => send(s)}
                data-testid="chat-suggestion"
              >
                {s}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            send(input);
          }}
        >
          <label htmlFor="chat-input" className="sr-only">
            Message the trip designer
          </label>
          <textarea
            id="chat-input"
            ref={inputRef}
            rows={1}
            value={input}
            maxLength={4000}
            placeholder="Ask the trip designer…"
            className="field-input max-h-40 min-h-10 flex-1 resize-none"
            data-testid="chat-input"
            onChange={(e) => {
              setInput(e.target.value);
              const el = e.currentTarget;
              el.style.height = "";
              el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                send(input);
              }
            }}
          />
          {busy ? (
            <button
              type="button"
              className="btn-secondary h-10"
              onClick={() => void stop()}
              data-testid="chat-stop"
            >
              Stop
            </button>
          ) : (
            <button
              type="submit"
              className="btn-primary h-10"
              disabled={!input.trim()}
              aria-label="Send message"
              data-testid="chat-send"
            >
              <SendIcon />
              <span className="hidden sm:inline">Send</span>
            </button>
          )}
        </form>
        <p className="mt-1.5 text-[11px] text-slate-400">Enter to send · Shift+Enter for a new line</p>
      </div>
    </>
  );
}

function rememberTitles(into: Map<string, string>, output: Record<string, unknown> | undefined) {
  const add = (v: unknown) => {
    const seg = v as { id?: unknown; title?: unknown } | null;
    if (seg && typeof seg.id === "string" && typeof seg.title === "string" && !into.has(seg.id)) {
      into.set(seg.id, seg.title);
    }
  };
  add(output?.segment);
  if (Array.isArray(output?.segments)) output.segments.forEach(add);
}

const CHIP_STYLE: Record<ChipView["tone"], string> = {
  pending: "border-slate-200 bg-slate-50 text-slate-600",
  success: "border-brand-200 bg-brand-50 text-brand-800",
  info: "border-slate-200 bg-white text-slate-600",
  error: "border-red-200 bg-red-50 text-red-700",
};

function ChatMessage({
  message,
  titleOf,
}: {
  message: UIMessage;
  titleOf: (id: string) => string | undefined;
}) {
  const mine = message.role === "user";
  return (
    <div
      data-testid="chat-message"
      data-role={message.role}
      className={`flex flex-col gap-1.5 ${mine ? "items-end" : "items-start"}`}
    >
      <span className="sr-only">{mine ? "You:" : "Trip designer:"}</span>
      {message.parts.map((part, i) => {
        if (part.type === "text") {
          if (!part.text.trim()) return null;
          return (
            <div
              key={i}
              className={`max-w-[90%] rounded-2xl px-3.5 py-2 text-sm leading-relaxed break-words ${
                mine ? "rounded-br-md bg-brand-600 text-white" : "rounded-bl-md bg-slate-100 text-slate-800"
              }`}
            >
              <RichText text={part.text} />
            </div>
          );
        }
        const tool = toolPart(part);
        // Questions render as cards below the message; dropped duplicate calls did nothing.
        if (!tool || tool.name === "ask_question" || tool.output?.duplicate_of) return null;
        const chip = describeTool(tool, titleOf);
        return (
          <div
            key={tool.toolCallId}
            className={`flex max-w-[90%] items-start gap-1.5 rounded-xl border px-2.5 py-1 text-xs leading-5 ${CHIP_STYLE[chip.tone]}`}
            data-testid="tool-chip"
            data-tool={tool.name}
            data-state={chip.tone}
          >
            <span aria-hidden className="inline-flex h-5 shrink-0 items-center">
              {chip.tone === "pending" ? (
                <span className="size-2 animate-pulse rounded-full bg-current opacity-60" />
              ) : chip.tone === "error" ? (
                "⚠"
              ) : (
                "✓"
              )}
            </span>
            <span className="min-w-0 break-words">
              <span className="font-semibold whitespace-nowrap">{chip.verb}</span>
              {chip.detail ? (
                <>
                  <span aria-hidden className="opacity-50">
                    {" · "}
                  </span>
                  <span className="sr-only">: </span>
                  {chip.detail}
                </>
              ) : null}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** Plain text with paragraphs, "- " bullet lists and **bold**; no HTML is interpreted. */
function RichText({ text }: { text: string }) {
  const blocks = text.trim().split(/\n{2,}/);
  return (
    <>
      {blocks.map((block, bi) => {
        const lines = block.split("\n");
        const isList = lines.every((l) => /^\s*(?:[-*•]|\d+\.)\s+/.test(l));
        if (isList) {
          return (
            <ul key={bi} className="my-1 list-disc space-y-0.5 pl-4">
              {lines.map((l, li) => (
                <li key={li}>
                  <Inline text={l.replace(/^\s*(?:[-*•]|\d+\.)\s+/, "")} />
                </li>
              ))}
            </ul>
          );
        }
        return (
          <p key={bi} className={bi > 0 ? "mt-2" : undefined}>
            {lines.map((l, li) => (
              <Fragment key={li}>
                {li > 0 ? <br /> : null}
                <Inline text={l} />
              </Fragment>
            ))}
          </p>
        );
      })}
    </>
  );
}

function Inline({ text }: { text: string }) {
  const parts = text.split(/(\*\*[^*]+\*\*)/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith("**") && p.endsWith("**") && p.length > 4 ? (
          <strong key={i} className="font-semibold">
            {p.slice(2, -2)}
          </strong>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
