/**
 * Memory across designer turns with a real model (the local OpenAI-compatible server):
 * the model saves "never red-eye flights" in one turn; in the next turn the system prompt
 * carries it and the flight search the model runs comes back without red-eyes.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { Caller } from "@/lib/domain/auth/bearer";
import { userScopes } from "@/lib/domain/auth/scopes";
import { createConversation } from "@/lib/domain/chat/conversations";
import { runDesignerTurn } from "@/lib/domain/chat/designer";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";
import { serveScriptedModel } from "@/lib/testing/scripted-model";
import { isRedEye } from "./memory";

const departure = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const model = serveScriptedModel((body) => {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages.at(-1);
  if (last?.role === "tool") return { text: "Noted." };
  const said = JSON.stringify(last?.content);
  if (said.includes("red-eye")) {
    return {
      toolCalls: [
        { name: "remember_preference", arguments: { category: "avoid", value: "red-eye flights" } },
      ],
    };
  }
  return {
    toolCalls: [
      {
        name: "search_flights",
        arguments: { origin: "SEA", destination: "JFK", departure_date: departure, passengers: 1 },
      },
    ],
  };
});

const callerOf = (user: { id: string; email: string; name: string }): Caller => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: "user",
  via: "jwt",
  scopes: userScopes("user"),
});

type SearchOutput = {
  offers: { departure: { time: string }; arrival: { time: string } }[];
  memory_note?: string;
};

describe("memory learned in one turn, used in the next", () => {
  it("'never red-eye flights' → saved → the next turn's prompt has it and its search drops red-eyes", async () => {
    const db = await getDb();
    const { user } = await makeUser();
    const trip = await makeTrip(user.id);
    const conv = await createConversation(db, user.id, { tripId: trip.id, kind: "designer", title: "t" });

    const first = await runDesignerTurn(db, callerOf(user), conv, "please never book me red-eye flights");
    expect(first.toolCalls[0]).toMatchObject({
      name: "remember_preference",
      output: { remembered: { category: "avoid", value: "red-eye flights" } },
    });

    const second = await runDesignerTurn(
      db,
      callerOf(user),
      conv,
      "find me a flight from Seattle to New York",
    );
    const system = (model.requests.at(-2)?.messages as { role: string; content: string }[] | undefined)?.[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain('"avoid":["red-eye flights"]');
    const search = second.toolCalls.find((c) => c.name === "search_flights")?.output as SearchOutput;
    expect(search.offers.length).toBeGreaterThan(0);
    expect(search.offers.filter((o) => isRedEye(o))).toEqual([]);
    expect(search.memory_note).toMatch(/red-eye offers? left out/);
  });
});
