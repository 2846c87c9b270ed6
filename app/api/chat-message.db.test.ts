// biome-ignore-all lint/suspicious/noExplicitAny: response bodies are asserted field by field
/** The TripSage REST API `POST /api/v1/chat/message` with the offline model and the real database. */
import { describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/chat/message/route";
import { getDb } from "@/db/client";
import { listSegments } from "@/lib/domain/itinerary/service";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

const send = (auth: object, body: unknown) =>
  call(route.POST, { method: "POST", headers: auth as any, body });

describe("POST /api/v1/chat/message", () => {
  it("with a trip in context, edits that trip's itinerary and keeps the session", async () => {
    const { user, auth } = await makeUser();
    const trip = await makeTrip(user.id);
    const first = await send(auth, {
      message: "add a day trip to Kyoto on day 3",
      context: { trip_id: trip.id },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      message_id: expect.any(String),
      response: expect.stringContaining("Day trip to Kyoto"),
      suggestions: [expect.objectContaining({ type: "tool_call", action: "add_segment" })],
      session_id: expect.any(String),
      itinerary_updated: true,
      timestamp: expect.any(String),
    });
    const second = await send(auth, {
      message: "what's on day 3?",
      session_id: first.body.session_id,
      context: { trip_id: trip.id },
    });
    expect(second.body.session_id).toBe(first.body.session_id);
    expect(second.body.response).toContain("Day trip to Kyoto");
    const segs = await listSegments(await getDb(), user.id, trip.id);
    expect(segs.map((s) => [s.title, s.day_index])).toEqual([["Day trip to Kyoto", 3]]);
  });

  it("searches flights for the trip when asked in plain words, as the TripSage REST API's example", async () => {
    const { user, auth } = await makeUser();
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const trip = await makeTrip(user.id, { start_date: day(40), end_date: day(44) });
    const r = await send(auth, {
      message: "Help me find flights from New York to Tokyo",
      context: { trip_id: trip.id },
    });
    expect(r.status).toBe(200);
    expect(r.body.suggestions).toEqual([
      {
        type: "flight_search",
        action: "search_flights",
        parameters: { origin: "NYC", destination: "TYO", departure_date: day(40), return_date: day(44) },
      },
    ]);
    expect(r.body.response).toMatch(
      /^Cheapest of \d+ flights \(sample fares from the offline inventory\):\n• /,
    );
    expect(r.body.itinerary_updated).toBe(false);
  });

  it("without a trip, plans: suggests destinations and the next steps", async () => {
    const { auth } = await makeUser();
    const res = await send(auth, {
      message: "I want to plan a romantic trip for my anniversary",
      context: { current_step: "destination_selection" },
      preferences: { budget: 4000, duration_days: 10, travel_style: "romantic" },
    });
    expect(res.status).toBe(200);
    expect(res.body.suggestions.length).toBeGreaterThan(0);
    for (const s of res.body.suggestions) {
      expect(s).toMatchObject({
        type: "destination",
        title: expect.any(String),
        estimated_cost: expect.any(Number),
      });
      expect(s.estimated_cost).toBeLessThanOrEqual(4000);
    }
    expect(res.body.next_actions).toEqual([
      "destination_selection",
      "date_planning",
      "accommodation_preferences",
    ]);
    const follow = await send(auth, { message: "Let's do 5 days in Rome", session_id: res.body.session_id });
    expect(follow.body.session_id).toBe(res.body.session_id);
    expect(follow.body.response).toMatch(/Rome/);
    expect(follow.body.next_actions).not.toContain("destination_selection");
  });

  it("refuses bad input (422) and a trip the caller cannot see (404)", async () => {
    const { auth } = await makeUser();
    const other = await makeUser();
    const trip = await makeTrip(other.user.id);
    const empty = await send(auth, { message: "" });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({
      error: true,
      code: "VALIDATION_ERROR",
      errors: [expect.objectContaining({ field: "message" })],
    });
    const foreign = await send(auth, {
      message: "delete everything on day 1",
      context: { trip_id: trip.id },
    });
    expect(foreign.status).toBe(404);
    expect((await call(route.POST, { method: "POST", body: { message: "hi" } })).status).toBe(401);
  });
});
