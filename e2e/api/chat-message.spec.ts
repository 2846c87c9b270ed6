/**
 * The TripSage REST API "Send Chat Message": `POST /api/v1/chat/message`. Without a trip it is a planning
 * conversation with destination suggestions; with `context.trip_id` it edits that trip.
 */
import { expect, test } from "@playwright/test";
import {
  body,
  createTrip,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  isIsoDateTime,
  type Json,
  registerUser,
  UNKNOWN_UUID,
} from "./helpers";

/** The TripSage REST API's response: `{message_id, response, suggestions[], next_actions[], session_id, timestamp}`. */
function expectChatShape(b: Json) {
  expect(typeof b.message_id).toBe("string");
  expect(typeof b.response).toBe("string");
  expect(b.response.length).toBeGreaterThan(0);
  expect(Array.isArray(b.suggestions)).toBe(true);
  expect(Array.isArray(b.next_actions)).toBe(true);
  for (const a of b.next_actions) expect(typeof a).toBe("string");
  expect(typeof b.session_id).toBe("string");
  expect(isIsoDateTime(b.timestamp), `timestamp ${b.timestamp}`).toBe(true);
}

test.describe("POST /api/v1/chat/message (the TripSage REST API)", () => {
  test("the API document's Italy example answers with destination suggestions and next actions", async ({
    request,
  }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/v1/chat/message", {
      message: "I want to plan a romantic trip to Italy for my anniversary",
      preferences: { budget: 4000, duration_days: 10, travel_style: "romantic" },
    });
    await expectStatus(res, 200);
    const b = await body(res);
    expectChatShape(b);
    for (const s of b.suggestions) {
      expect(typeof s.type).toBe("string");
      expect(typeof s.title).toBe("string");
      expect(typeof s.description).toBe("string");
      expect(typeof s.estimated_cost).toBe("number");
    }

    // The returned session_id continues the same conversation.
    const again = await user.api.post("/api/v1/chat/message", {
      message: "We prefer Rome and Florence",
      session_id: b.session_id,
    });
    await expectStatus(again, 200);
    const b2 = await body(again);
    expectChatShape(b2);
    expect(b2.session_id).toBe(b.session_id);
    expect(b2.message_id).not.toBe(b.message_id);
  });

  test("with context.trip_id the message edits that trip's itinerary", async ({ request }) => {
    const user = await registerUser(request);
    const trip = await createTrip(user.api);
    const res = await user.api.post("/api/v1/chat/message", {
      message: "add a day trip to Kyoto on day 3",
      context: { trip_id: trip.id, current_step: "itinerary_planning" },
    });
    await expectStatus(res, 200);
    const b = await body(res);
    expectChatShape(b);
    const day3 = await body(
      await user.api.get(`/api/itineraries/${trip.id}/segments`, { params: { day_index: 3 } }),
    );
    expect(day3.segments.some((s: { title: string }) => /kyoto/i.test(s.title))).toBe(true);
  });

  test("errors: 422 empty message, 404 someone else's trip, 401 anonymous", async ({ request }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    await expectValidationError(await owner.api.post("/api/v1/chat/message", { message: "" }), ["message"]);
    await expectValidationError(await owner.api.post("/api/v1/chat/message", {}), ["message"]);
    await expectTripSageError(
      await stranger.api.post("/api/v1/chat/message", {
        message: "delete the hotel",
        context: { trip_id: trip.id },
      }),
      404,
      { code: "NOT_FOUND" },
    );
    await expectTripSageError(
      await owner.api.post("/api/v1/chat/message", { message: "hi", context: { trip_id: UNKNOWN_UUID } }),
      404,
    );
    await expectTripSageError(await owner.api.as(null).post("/api/v1/chat/message", { message: "hi" }), 401, {
      type: "authentication",
    });
  });
});
