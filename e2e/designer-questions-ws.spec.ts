/**
 * Structured questions over the TripSage REST API WebSocket, against the production server:
 * an ambiguous request ("remove the dinner" with two dinners) ends in a final `ai_response`
 * that carries `structured_questions` and changes nothing; answering with an option's label
 * (as an API client does) acts on exactly that item and reports the turn's `changeset_id`.
 * The socket is driven as in e2e/realtime.spec.ts (the `ws` client, HTTP served first).
 */
import { expect, test } from "@playwright/test";
import { body, expectStatus, registerUser, type TestUser, tripBody } from "./api/helpers";
import { connectSocket, type Msg, type SocketClient } from "./realtime/clients";

const baseURL = process.env.E2E_BASE_URL ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`;

/** Sends a user message and returns the final (non-partial) `ai_response` of that turn. */
async function turn(c: SocketClient, tripId: string, content: string): Promise<Msg> {
  c.send({ type: "user_message", content, session_id: "questions-1", context: { trip_id: tripId } });
  let m = await c.next("ai_response", 60_000);
  while (m.is_partial === true) m = await c.next("ai_response", 60_000);
  return m;
}

async function titles(user: TestUser, tripId: string): Promise<string[]> {
  const it = await body(await user.api.get(`/api/itineraries/${tripId}`));
  return [...it.days.flatMap((d: { segments: { title: string }[] }) => d.segments), ...it.unscheduled]
    .map((s: { title: string }) => s.title)
    .sort();
}

test("a question arrives in the final ai_response and answering it acts on the chosen item", async ({
  request,
}) => {
  const user = await registerUser(request);
  const trip = await body(await user.api.post("/api/trips", tripBody()));
  for (const [title, day] of [
    ["Dinner at Ichiran", 1],
    ["Dinner at Gonpachi", 2],
  ] as const) {
    await expectStatus(
      await user.api.post(`/api/itineraries/${trip.id}/segments`, {
        type: "meal",
        title,
        day_index: day,
        time_block: "evening",
      }),
      201,
    );
  }
  await expectStatus(await request.get("/api/health"), 200);
  const c = connectSocket(baseURL, user.access_token);
  await c.next("connection_established");

  const asked = await turn(c, trip.id, "remove the dinner");
  expect(asked.changeset_id).toBeUndefined();
  const questions = asked.structured_questions as {
    id: string;
    type: string;
    question: string;
    options?: { id: string; label: string }[];
  }[];
  expect(questions).toHaveLength(1);
  expect(questions[0]).toMatchObject({ type: "single_choice" });
  const labels = (questions[0]?.options ?? []).map((o) => o.label);
  expect(labels).toEqual(
    expect.arrayContaining([expect.stringContaining("Ichiran"), expect.stringContaining("Gonpachi")]),
  );
  expect(await titles(user, trip.id)).toEqual(["Dinner at Gonpachi", "Dinner at Ichiran"]);

  const gonpachi = questions[0]?.options?.find((o) => o.label.includes("Gonpachi"));
  const acted = await turn(c, trip.id, gonpachi?.label ?? "");
  expect(acted.structured_questions ?? []).toEqual([]);
  expect(typeof acted.changeset_id).toBe("string");
  expect(await titles(user, trip.id)).toEqual(["Dinner at Ichiran"]);
  c.close();
});
