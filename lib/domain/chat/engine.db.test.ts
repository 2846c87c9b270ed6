/**
 * The real provider path: @ai-sdk/openai (Chat Completions, as for OpenRouter/Ollama/vLLM)
 * pointed at a local OpenAI-compatible server that streams a tool call and then text.
 */
import { readUIMessageStream, type UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { toCaller } from "@/lib/domain/auth/bearer";
import { listSegments } from "@/lib/domain/itinerary/service";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { serveScriptedModel } from "@/lib/testing/scripted-model";
import { createConversation, listMessages } from "./conversations";
import { runDesignerTurn, startDesignerTurn } from "./designer";

// Like a real model: a tool call for a request, then a sentence once the tool result is back.
const model = serveScriptedModel((body) => {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages.at(-1);
  if (last?.role === "tool")
    return { text: "Done! I added a day trip to Kyoto on day 3.", usage: [1200, 20] };
  if (JSON.stringify(last?.content).includes("thanks")) return { text: "You're welcome!", usage: [10, 5] };
  return {
    toolCalls: [
      {
        name: "add_segment",
        arguments: { type: "activity", title: "Day trip to Kyoto", day_index: 3, time_block: "morning" },
      },
    ],
    usage: [1000, 50],
  };
});

describe("designer turn over an OpenAI-compatible server", () => {
  it("streams the tool call, writes the segment, streams the reply and saves usage", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id, { start_date: "2030-04-01", end_date: "2030-04-05" });
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    const turn = await startDesignerTurn(db, toCaller(user, "jwt"), conv, {
      id: "m1",
      role: "user",
      parts: [{ type: "text", text: "add a day trip to Kyoto on day 3" }],
    });

    const seen: string[] = [];
    let last: UIMessage | undefined;
    async function collect(): Promise<UIMessage | undefined> {
      for await (const m of readUIMessageStream({ stream: turn.stream })) {
        const text = m.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
        if (text) seen.push(text);
        last = m;
      }
      return last;
    }
    const final = await collect();
    const outcome = await turn.done;

    // The streamed reply grew word by word and ended with the whole sentence.
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe("Done! I added a day trip to Kyoto on day 3.");
    const toolPart = final?.parts.find((p) => p.type === "tool-add_segment") as unknown as
      | { state: string; output: { segment: { title: string } } }
      | undefined;
    expect(toolPart?.state).toBe("output-available");
    expect(toolPart?.output.segment.title).toBe("Day trip to Kyoto");

    // The segment row is really there, on day 3 in the morning, marked as the assistant's.
    const segs = await listSegments(db, user.id, trip.id);
    expect(segs).toHaveLength(1);
    expect(segs[0]).toMatchObject({
      title: "Day trip to Kyoto",
      day_index: 3,
      time_block: "morning",
      source: "assistant",
      date: "2030-04-03",
    });

    // Usage of both steps is summed and costed at gpt-4o-mini's price.
    expect(outcome).toMatchObject({
      inputTokens: 2200,
      outputTokens: 70,
      model: "gpt-4o-mini",
      itineraryUpdated: true,
    });
    expect(outcome.costUsd).toBeCloseTo((2200 * 0.15 + 70 * 0.6) / 1e6, 12);
    expect(outcome.segmentsModified).toEqual([segs[0]?.id]);
    const stored = await listMessages(db, conv.id);
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(stored[1]).toMatchObject({ model: "gpt-4o-mini", inputTokens: 2200, outputTokens: 70 });

    // What went over the wire: Chat Completions with our tools and the itinerary snapshot.
    const first = model.requests.at(-2) as {
      tools: { function: { name: string } }[];
      messages: { role: string; content: string }[];
    };
    expect(first.tools.map((t) => t.function.name).sort()).toEqual(
      [
        "add_segment",
        "ask_question",
        "delete_segment",
        "get_segments",
        "move_segment",
        "search_activities",
        "search_flights",
        "search_hotels",
        "remember_preference",
        "undo_last_change",
        "update_segment",
        "update_trip_profile",
      ].sort(),
    );
    expect(first.messages[0]?.role).toBe("system");
    expect(first.messages[0]?.content).toContain(`TRIP title="Paris" start=2030-04-01 end=2030-04-05 days=5`);
    const second = model.requests.at(-1) as { messages: { role: string }[] };
    expect(second.messages.some((m) => m.role === "tool")).toBe(true);
  });

  it("runs the same turn without streaming for the JSON endpoints, with history on the next turn", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id);
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });
    const before = model.requests.length;
    const outcome = await runDesignerTurn(
      db,
      toCaller(user, "jwt"),
      conv,
      "add a day trip to Kyoto on day 3",
    );
    expect(outcome.text).toContain("Kyoto");
    expect(outcome.toolCalls).toEqual([
      expect.objectContaining({ name: "add_segment", input: expect.objectContaining({ day_index: 3 }) }),
    ]);
    await runDesignerTurn(db, toCaller(user, "jwt"), conv, "thanks");
    const history = model.requests[before + 2] as { messages: { role: string; content: unknown }[] };
    // The second turn's first request carries the earlier user message and tool exchange.
    expect(JSON.stringify(history.messages)).toContain("add a day trip to Kyoto on day 3");
    expect(history.messages.filter((m) => m.role === "user")).toHaveLength(2);
  });
});
