/**
 * The real-model path of the trip designer, through @ai-sdk/openai against the local
 * OpenAI-compatible server (scripted): the system prompt's days and items, a turn that asks
 * a question, a multi-step tool chain with a duplicated parallel call, and "undo that".
 */

import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { toCaller } from "@/lib/domain/auth/bearer";
import { getChangeset } from "@/lib/domain/changesets/service";
import { addSegment, listSegments } from "@/lib/domain/itinerary/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import type { ScriptedTurn } from "@/lib/testing/openai-compatible-server";
import { serveScriptedModel } from "@/lib/testing/scripted-model";
import { createConversation, listMessages } from "./conversations";
import { runDesignerTurn } from "./designer";
import { messageView } from "./sessions";

/** What the scripted model does next (each test sets it), from the request body. */
let plan: (body: Record<string, unknown>) => ScriptedTurn = () => ({ text: "ok" });

type Msg = { role: string; content: unknown; tool_calls?: unknown[] };
const toolResultsSoFar = (body: Record<string, unknown>) =>
  (body.messages as Msg[])
    .slice((body.messages as Msg[]).findLastIndex((m) => m.role === "user"))
    .filter((m) => m.role === "tool");

const model = serveScriptedModel((body) => plan(body));

async function setup() {
  const db = await getDb();
  const { user } = await makeUser();
  // 2030-06-03 is a Monday.
  const trip = await makeTrip(user.id, {
    title: "Tokyo week",
    start_date: "2030-06-03",
    end_date: "2030-06-09",
  });
  const add = (title: string, day: number, start?: string) =>
    addSegment(
      db,
      user.id,
      trip.id,
      segmentCreateSchema.parse({ type: "meal", title, day_index: day, ...(start && { start_time: start }) }),
    );
  const d1 = await add("Ramen dinner", 2, "2030-06-04T19:00");
  const d2 = await add("Sushi dinner", 4);
  const conv = await createConversation(db, user.id, {
    tripId: trip.id,
    kind: "designer",
    title: "Trip designer",
  });
  const say = (text: string) => runDesignerTurn(db, toCaller(user, "jwt"), conv, text);
  const titles = async () =>
    (await listSegments(db, user.id, trip.id)).map((s) => `${s.day_index} ${s.title}`);
  return { db, user, trip, conv, say, titles, d1, d2 };
}

describe("the real-model path (OpenAI-compatible server)", () => {
  it("tells the model each day's weekday and the items, and fills structuredQuestions from ask_question", async () => {
    const { db, conv, say, titles, d1, d2 } = await setup();
    const before = await titles();
    const question = {
      id: "which_dinner",
      type: "single_choice",
      question: "Which dinner should I remove?",
      options: [
        { id: d1.id, label: "Ramen dinner (day 2)" },
        { id: d2.id, label: "Sushi dinner (day 4)" },
      ],
    };
    plan = (body) =>
      toolResultsSoFar(body).length
        ? { text: "Which dinner do you mean?" }
        : {
            toolCalls: [
              {
                name: "ask_question",
                arguments: {
                  questions: [question],
                  reason: "Two dinners match",
                  pending: { action: "delete_segment" },
                },
              },
            ],
          };
    const from = model.requests.length;
    const outcome = await say("remove the dinner");
    const system = String(((model.requests[from]?.messages ?? []) as Msg[])[0]?.content);
    expect(system).toContain("1=Mon:2030-06-03");
    expect(system).toContain("7=Sun:2030-06-09");
    expect(system).toMatch(/SEGMENT id=\S+ day=2 block=none pos=0 type=meal time=19:00 title="Ramen dinner"/);

    const view = messageView(outcome);
    expect(view.structuredQuestions).toEqual([question]);
    expect(view.itineraryUpdated).toBe(false);
    expect(view).not.toHaveProperty("changesetId");
    expect(await titles()).toEqual(before);
    // The pending action is kept with the call, in the conversation history the next turn reads.
    const saved = (await listMessages(db, conv.id)).at(-1);
    expect(JSON.stringify(saved?.parts)).toContain('"pending":{"action":"delete_segment"}');

    // The answer (the option's label) comes back as the next message and the model acts on it.
    plan = (body) =>
      toolResultsSoFar(body).length
        ? { text: "Removed the Ramen dinner." }
        : { toolCalls: [{ name: "delete_segment", arguments: { segment_id: d1.id } }] };
    const answered = await say("Ramen dinner (day 2)");
    expect(answered.changesetId).toEqual(expect.any(String));
    expect(await titles()).toEqual(["4 Sushi dinner"]);
  });

  it("runs a multi-step chain; a duplicated parallel call is dropped; a refused write is not reported as done", async () => {
    const { db, user, say, titles } = await setup();
    const shrine = { type: "activity", title: "Meiji Shrine", day_index: 5, time_block: "morning" };
    plan = (body) => {
      const done = toolResultsSoFar(body).length;
      if (done === 0) return { toolCalls: [{ name: "get_segments", arguments: { day_index: 5 } }] };
      if (done === 1)
        return {
          toolCalls: [
            { name: "add_segment", arguments: shrine },
            { name: "add_segment", arguments: shrine },
            { name: "add_segment", arguments: { type: "activity", title: "Nikko", day_index: 12 } },
          ],
        };
      if (done === 4)
        return {
          toolCalls: [{ name: "update_trip_profile", arguments: { interests: ["temples", "food"] } }],
        };
      return {
        text: "Added Meiji Shrine on Friday morning; day 12 is outside the trip, so Nikko was not added.",
      };
    };
    const outcome = await say(
      "add Meiji Shrine on Friday morning and Nikko on day 12, we love temples and food",
    );
    expect(outcome.toolCalls.map((c) => c.name)).toEqual([
      "get_segments",
      "add_segment",
      "add_segment",
      "update_trip_profile",
    ]);
    const refused = outcome.toolCalls.find((c) => (c.input as { title?: string }).title === "Nikko");
    expect(refused?.output).toMatchObject({ code: "OUTSIDE_TRIP_DATES", done: false });
    expect(await titles()).toEqual(["2 Ramen dinner", "4 Sushi dinner", "5 Meiji Shrine"]);
    const cs = await getChangeset(db, user.id, outcome.changesetId as string);
    expect(cs.entries.map((e) => (e.kind === "segment" ? e.title : e.field))).toEqual([
      "Meiji Shrine",
      "interests",
    ]);
    expect(messageView(outcome).segmentsModified).toHaveLength(1);
  });

  it("'undo that' calls undo_last_change and restores the previous turn's changes", async () => {
    const { say, titles, d2 } = await setup();
    plan = (body) =>
      toolResultsSoFar(body).length
        ? { text: "Moved." }
        : { toolCalls: [{ name: "move_segment", arguments: { segment_id: d2.id, day_index: 7 } }] };
    const moved = await say("move the sushi dinner to the last day");
    expect(await titles()).toEqual(["2 Ramen dinner", "7 Sushi dinner"]);
    plan = (body) =>
      toolResultsSoFar(body).length
        ? { text: "Undone: the sushi dinner is back on day 4." }
        : { toolCalls: [{ name: "undo_last_change", arguments: {} }] };
    const undone = await say("undo that");
    expect(undone.toolCalls[0]?.output).toMatchObject({ changeset_id: moved.changesetId, left_alone: [] });
    expect(undone.itineraryUpdated).toBe(true);
    expect(undone.segmentsModified).toEqual([d2.id]);
    expect(await titles()).toEqual(["2 Ramen dinner", "4 Sushi dinner"]);
  });
});
