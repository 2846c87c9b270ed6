/**
 * Authorization sweep generated from the route files' declarations (lib/openapi/registry.ts `API_ROUTES`):
 * every documented operation is exercised by every kind of caller, against the real database.
 *
 * - trip-scoped operations (`{trip_id}`/`{tripId}` in the path): a stranger gets 404 (403 "Unauthorized
 *   trip access" on `/v1/ai`, as the /v1/ai assistant API document) and nothing is written;
 *   a collaborator below the operation's least role gets 403 INSUFFICIENT_PERMISSIONS and nothing
 *   is written; at or above it, the documented success status;
 * - resources owned by one user (webhooks, API keys, designer sessions/conversations): a stranger gets
 *   404 (403 on `/v1/ai`); a body naming someone else's trip likewise;
 * - every operation needing authentication: no credentials → 401, garbage credentials → 401;
 * - every operation with a scope: an API key holding every other scope → 403; a key holding
 *   exactly that scope works; `sessionOnly` operations refuse a key holding every scope;
 * - public operations work without credentials.
 *
 * A new route is covered automatically from its declaration: its `body.example` (placeholders
 * resolved in the world), `queryExample` and, for a trip-scoped one, `tripRole`; until it
 * declares them the "declared fixtures" tests fail with "no fixture for …".
 *
 * Documented exceptions to "viewers read, editors write, admins manage, owners delete/transfer":
 * see {@link POLICY_EXCEPTIONS} below.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TripRole } from "@/lib/domain/auth/permissions";
import { SCOPES, type Scope } from "@/lib/domain/auth/scopes";
import {
  type Actor,
  bodySchema,
  digest,
  expectDeclared,
  expectError,
  isTripScoped,
  keyAuth,
  makeUsers,
  makeWorld,
  NO_ACCESS_STATUS,
  OPERATIONS_LIST,
  type Operation,
  opFixture,
  pathParamNames,
  prepare,
  ROLES,
  type Role,
  roleAtLeast,
  send,
  settle,
  USER_SCOPES,
  type World,
  type WorldUsers,
  worldScope,
} from "./sweep-helpers";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const TRIP_OPS = OPERATIONS_LIST.filter(isTripScoped);

/**
 * The trip permission policy (lib/domain/auth/permissions.ts): viewers read; editors edit the trip and
 * its itinerary; admins also manage collaborators, invitations and share links; only the owner
 * deletes or transfers the trip.
 */
function policy(op: Operation): TripRole {
  const p = op.route.path;
  if ((p === "/api/trips/{trip_id}" && op.method === "DELETE") || p.endsWith("/transfer")) return "owner";
  if (/\/(share|invitations|links)(\/|$)/.test(p) || p.includes("/collaborators/{user_id}")) return "admin";
  return op.method === "GET" ? "viewer" : "editor";
}

/** Where the code deliberately departs from {@link policy}, and why. */
const POLICY_EXCEPTIONS: Record<string, { minRole: TripRole; why: string }> = {
  "POST /api/trips/{trip_id}/chat": {
    minRole: "viewer",
    why:
      "a viewer may talk to the trip designer; the assistant's tools act with the caller's rights " +
      "(lib/domain/chat/designer.ts createTools), so for a viewer it can only read",
  },
  "POST /api/itineraries/{trip_id}/events/ticket": {
    minRole: "viewer",
    why:
      "a ticket only opens the trip's read-only SSE stream (GET …/events, viewer+); POST because " +
      "it mints a credential, not because it changes the trip",
  },
  // Not an exception to the table but to "viewers may GET": GET /links is admin+ by policy
  // (share-link tokens grant access). DELETE /collaborators/{self} (leaving) is viewer+;
  // it is swept below in "leaving a trip".
};

let users: WorldUsers;
beforeAll(async () => {
  users = await makeUsers();
});

const actorOf = (w: World, role: Role): Actor => w[role];

/** The fixture, or undefined (for test names; the fixture-table tests report what is missing). */
function fixtureOrUndefined(op: Operation) {
  try {
    return opFixture(op);
  } catch {
    return undefined;
  }
}

// =================================================================================================
describe("declared fixtures (a new route fails here until its declaration has an example and role)", () => {
  it.each(OPERATIONS_LIST.map((op) => [op.key, op] as const))("%s has a fixture", (_k, op) => {
    expect(() => opFixture(op)).not.toThrow();
  });

  it.each(OPERATIONS_LIST.filter((op) => bodySchema(op)).map((op) => [op.key, op] as const))(
    "%s: the declared example, resolved in a world, passes the documented body schema",
    async (_k, op) => {
      const w = await makeWorld(users);
      const body = opFixture(op).body?.(w);
      const r = bodySchema(op)?.safeParse(body);
      expect(r?.success, JSON.stringify(r?.error?.issues)).toBe(true);
    },
  );

  it.each(TRIP_OPS.map((op) => [op.key, op] as const))(
    "%s: the declared least role agrees with the permission policy (or is a documented exception)",
    (_k, op) => {
      const expected = POLICY_EXCEPTIONS[op.key]?.minRole ?? policy(op);
      expect(opFixture(op).minRole).toBe(expected);
    },
  );

  it("invariants: viewers never write (bar documented exceptions), sharing is admin+, delete/transfer owner-only", () => {
    for (const op of TRIP_OPS) {
      const min = opFixture(op).minRole as TripRole;
      if (WRITE_METHODS.has(op.method) && min === "viewer")
        expect(POLICY_EXCEPTIONS, op.key).toHaveProperty([op.key]);
      if (/\/(share|links|invitations|transfer)(\/|$)|\/collaborators\/\{user_id\}/.test(op.route.path))
        expect(roleAtLeast(min, "admin"), op.key).toBe(true);
      if (op.key === "DELETE /api/trips/{trip_id}" || op.route.path.endsWith("/transfer"))
        expect(min).toBe("owner");
    }
  });
});

// =================================================================================================
describe("trip-scoped operations × roles (generated from API_ROUTES)", () => {
  for (const op of TRIP_OPS) {
    const f = fixtureOrUndefined(op);
    describe(`${op.key} (least role: ${f?.minRole ?? "?"})`, () => {
      it.each(ROLES)("as %s", async (role) => {
        const fx = opFixture(op);
        const min = fx.minRole as TripRole;
        const w = await makeWorld(users);
        const p = await prepare(op, w);
        const scope = worldScope(w);
        const before = await digest(scope);
        const res = await send(p, { body: p.body, headers: actorOf(w, role).auth });
        const ctx = `${op.key} as ${role}`;
        if (role === "stranger") {
          expectError(res, op.route.family, NO_ACCESS_STATUS[op.route.family], "NOT_FOUND", ctx);
          expect(await digest(scope), `${ctx} wrote rows`).toEqual(before);
        } else if (roleAtLeast(role, min)) {
          expectDeclared(op, res, ctx);
          await settle(scope);
        } else {
          expectError(res, op.route.family, 403, "INSUFFICIENT_PERMISSIONS", ctx);
          expect(await digest(scope), `${ctx} wrote rows`).toEqual(before);
        }
      });
    });
  }
});

// =================================================================================================
describe("leaving a trip: DELETE /collaborators/{self}", () => {
  const op = OPERATIONS_LIST.find((o) => o.key === "DELETE /api/trips/{trip_id}/collaborators/{user_id}");
  const tripGet = OPERATIONS_LIST.find((o) => o.key === "GET /api/trips/{trip_id}");

  it.each(["viewer", "editor", "admin"] as const)(
    "a %s may leave (204), then no longer sees the trip",
    async (role) => {
      if (!op || !tripGet) throw new Error("collaborator DELETE or trip GET is gone from the route table");
      const w = await makeWorld(users);
      const me = actorOf(w, role);
      const res = await send(await prepare(op, w, { params: { user_id: me.user.id } }), { headers: me.auth });
      expect(res.status, res.text).toBe(204);
      const after = await send(await prepare(tripGet, w), { headers: me.auth });
      expectError(after, "tripsage", 404, "NOT_FOUND", `${role} after leaving`);
    },
  );

  it.each(["owner", "stranger"] as const)("the %s cannot 'leave' (4xx, nothing written)", async (role) => {
    if (!op) throw new Error("collaborator DELETE is gone from the route table");
    const w = await makeWorld(users);
    const me = actorOf(w, role);
    const scope = worldScope(w);
    const before = await digest(scope);
    const res = await send(await prepare(op, w, { params: { user_id: me.user.id } }), { headers: me.auth });
    expectError(res, "tripsage", 404, "NOT_FOUND", `${role} leaving`);
    expect(await digest(scope)).toEqual(before);
  });
});

// =================================================================================================
describe("the documented exceptions hold no more than they claim", () => {
  it.each(
    TRIP_OPS.filter(
      (op) => op.route.path.includes("/collaborators/{user_id}") && op.method !== "DELETE",
    ).flatMap((op) => (["viewer", "editor"] as const).map((role) => [op.key, role, op] as const)),
  )("%s on oneself as %s → 403 (no self-promotion), nothing written", async (_k, role, op) => {
    const w = await makeWorld(users);
    const me = actorOf(w, role);
    const scope = worldScope(w);
    const before = await digest(scope);
    const res = await send(await prepare(op, w, { params: { user_id: me.user.id } }), {
      body: { permission_level: "admin" },
      headers: me.auth,
    });
    expectError(res, "tripsage", 403, "INSUFFICIENT_PERMISSIONS", `${role} promotes themself`);
    expect(await digest(scope)).toEqual(before);
  });

  it("a viewer's trip chat cannot change the itinerary (an editor's same request does)", async () => {
    const op = OPERATIONS_LIST.find((o) => o.key === "POST /api/trips/{trip_id}/chat");
    if (!op) throw new Error("trip chat is gone from the route table");
    const ask = {
      message: { id: "m1", role: "user", parts: [{ type: "text", text: "add the Louvre to day 2" }] },
    };
    const segmentsOf = async (w: World) => (await digest(worldScope(w))).segments;

    const w = await makeWorld(users);
    const before = await segmentsOf(w);
    const res = await send(await prepare(op, w), { body: ask, headers: w.viewer.auth });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    await settle(worldScope(w));
    expect(await segmentsOf(w), "a viewer's assistant changed the itinerary").toEqual(before);

    const w2 = await makeWorld(users);
    const before2 = await segmentsOf(w2);
    const res2 = await send(await prepare(op, w2), { body: ask, headers: w2.editor.auth });
    expect(res2.status, res2.text.slice(0, 300)).toBe(200);
    await settle(worldScope(w2));
    expect(await segmentsOf(w2), "control: the editor's request should add a segment").not.toEqual(before2);
  });
});

// =================================================================================================
describe("resources owned by one user: a stranger gets 404 (generated)", () => {
  /** Path parameters that are bearer capabilities: holding one is the authorization. */
  const CAPABILITIES: Record<string, string> = {
    token: "a share-link token is a capability: anyone holding it may view (public) or join",
  };
  const OWNED = OPERATIONS_LIST.filter(
    (op) =>
      !isTripScoped(op) &&
      op.meta.auth === "required" &&
      pathParamNames(op.route).some((p) => !(p in CAPABILITIES)),
  );

  it("covers the webhook, API key and designer session routes", () => {
    expect(OWNED.length).toBeGreaterThanOrEqual(6);
  });

  it.each(OWNED.map((op) => [op.key, op] as const))(
    "%s: another user's id → 404, nothing written",
    async (_k, op) => {
      const w = await makeWorld(users);
      const scope = worldScope(w);
      const before = await digest(scope);
      const res = await send(await prepare(op, w), {
        body: opFixture(op).body?.(w),
        headers: w.stranger.auth,
      });
      expectError(
        res,
        op.route.family,
        NO_ACCESS_STATUS[op.route.family],
        "NOT_FOUND",
        `${op.key} as stranger`,
      );
      expect(await digest(scope)).toEqual(before);
    },
  );

  /** Operations whose valid body names the world's trip (e.g. `itineraryId`, `context.trip_id`). */
  const BODY_TRIP_REFS = OPERATIONS_LIST.filter((op) => !isTripScoped(op) && op.meta.auth === "required");

  it.each(BODY_TRIP_REFS.map((op) => [op.key, op] as const))(
    "%s: when the body names someone else's trip, a stranger gets 404 and nothing is written",
    async (_k, op) => {
      const w = await makeWorld(users);
      const body = opFixture(op).body?.(w);
      if (!JSON.stringify(body ?? null).includes(w.trip.id)) return; // the body names no trip
      const scope = worldScope(w);
      const before = await digest(scope);
      const res = await send(await prepare(op, w), { body, headers: w.stranger.auth });
      expectError(
        res,
        op.route.family,
        NO_ACCESS_STATUS[op.route.family],
        "NOT_FOUND",
        `${op.key}: stranger names a foreign trip`,
      );
      expect(await digest(scope)).toEqual(before);
    },
  );

  it("the body-reference sweep reaches the routes that take a trip id in the body", async () => {
    const w = await makeWorld(users);
    const found = BODY_TRIP_REFS.filter((op) =>
      JSON.stringify(opFixture(op).body?.(w) ?? null).includes(w.trip.id),
    );
    expect(found.map((o) => o.key)).toEqual(expect.arrayContaining(["POST /api/chat/sessions"]));
  });

  it("POST /api/v1/chat/message with another user's session_id never writes into that session", async () => {
    const op = OPERATIONS_LIST.find((o) => o.key === "POST /api/v1/chat/message");
    if (!op) return; // route not present
    const w = await makeWorld(users);
    const ownerChats = async () => {
      const d = await digest({ userIds: [w.owner.user.id], tripIds: [] });
      return { conversations: d.conversations, messages: d.messages };
    };
    const owners = await ownerChats();
    const body = { message: "What is on day 1?", session_id: w.sessionId, context: { trip_id: w.trip.id } };
    const res = await send(await prepare(op, w), { body, headers: w.editor.auth });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body.session_id).not.toBe(w.sessionId);
    await settle(worldScope(w));
    expect(await ownerChats()).toEqual(owners);
  });

  it("POST /api/trips/{id}/chat naming another user's conversation → 404, nothing written", async () => {
    const op = OPERATIONS_LIST.find((o) => o.key === "POST /api/trips/{trip_id}/chat");
    if (!op) throw new Error("route gone");
    const w = await makeWorld(users);
    const scope = worldScope(w);
    const before = await digest(scope);
    const body = {
      conversationId: w.sessionId,
      message: { id: "x", role: "user", parts: [{ type: "text", text: "hi" }] },
    };
    const res = await send(await prepare(op, w), { body, headers: w.editor.auth });
    expectError(res, "tripsage", 404, "NOT_FOUND", "editor posts into the owner's conversation");
    expect(await digest(scope)).toEqual(before);
  });
});

// =================================================================================================
describe("authentication (generated): every authenticated operation refuses missing or bad credentials", () => {
  const AUTH_OPS = OPERATIONS_LIST.filter((op) => op.meta.auth === "required");
  let w: World;
  beforeAll(async () => {
    w = await makeWorld(users);
  });

  const badHeaders = (): [string, Record<string, string>][] => {
    const jwt = w.owner.auth.authorization.slice("Bearer ".length);
    const flipped = jwt.slice(0, -2) + (jwt.at(-2) === "A" ? "B" : "A") + jwt.at(-1);
    return [
      ["garbage Bearer", { authorization: "Bearer garbage" }],
      ["unknown ts_live_ key", { authorization: `Bearer ts_live_${"A".repeat(43)}` }],
      ["JWT with a broken signature", { authorization: `Bearer ${flipped}` }],
      ["Basic scheme", { authorization: "Basic dXNlcjpwYXNzd29yZA==" }],
      ["empty Bearer", { authorization: "Bearer " }],
    ];
  };

  it.each(AUTH_OPS.map((op) => [op.key, op] as const))(
    "%s: none → 401, bad → 401, nothing written",
    async (_k, op) => {
      const p = await prepare(op, w);
      const scope = worldScope(w);
      const before = await digest(scope);
      const none = await send(p, { body: p.body });
      expectError(none, op.route.family, 401, "UNAUTHORIZED", `${op.key} without credentials`);
      for (const [name, headers] of badHeaders()) {
        const res = await send(p, { body: p.body, headers });
        expectError(res, op.route.family, 401, "INVALID_TOKEN", `${op.key} with ${name}`);
      }
      expect(await digest(scope)).toEqual(before);
    },
  );

  it.each(OPERATIONS_LIST.filter((op) => op.meta.auth === "public").map((op) => [op.key, op] as const))(
    "%s (public): works without credentials, and bad credentials are ignored",
    async (_k, op) => {
      const w1 = await makeWorld(users);
      const p = await prepare(op, w1);
      const res = await send(p, { body: p.body });
      expectDeclared(op, res);
      if (!opFixture(op).consumes) {
        const again = await send(await prepare(op, w1), {
          body: opFixture(op).body?.(w1),
          headers: { authorization: "Bearer garbage" },
        });
        expectDeclared(op, again);
      }
    },
  );
});

// =================================================================================================
describe("scopes and API keys (generated)", () => {
  const SCOPED = OPERATIONS_LIST.filter((op) => op.meta.scope);
  const SESSION_ONLY = OPERATIONS_LIST.filter((op) => op.meta.sessionOnly);
  const KEYABLE = OPERATIONS_LIST.filter((op) => op.meta.auth === "required" && !op.meta.sessionOnly);

  it("every scope the table uses exists, and a normal user holds it", () => {
    for (const op of SCOPED) {
      expect(SCOPES).toContain(op.meta.scope);
      expect(USER_SCOPES).toContain(op.meta.scope);
    }
  });

  it.each(SCOPED.map((op) => [op.key, op.meta.scope, op] as const))(
    "%s: a key with every scope but %s → 403 INSUFFICIENT_PERMISSIONS, nothing written",
    async (_k, scope, op) => {
      const w = await makeWorld(users);
      const headers = await keyAuth(
        w.owner,
        USER_SCOPES.filter((s) => s !== scope),
      );
      const p = await prepare(op, w);
      const sc = worldScope(w);
      const before = await digest(sc);
      const res = await send(p, { body: p.body, headers });
      expectError(res, op.route.family, 403, "INSUFFICIENT_PERMISSIONS", `${op.key} without ${scope}`);
      expect(await digest(sc)).toEqual(before);
    },
  );

  it.each(SESSION_ONLY.map((op) => [op.key, op] as const))(
    "%s (sessionOnly): a key holding every scope → 403, nothing written; the owner's JWT works",
    async (_k, op) => {
      const w = await makeWorld(users);
      const headers = await keyAuth(w.owner, USER_SCOPES);
      const p = await prepare(op, w);
      const sc = worldScope(w);
      const before = await digest(sc);
      const res = await send(p, { body: p.body, headers });
      expectError(res, op.route.family, 403, "INSUFFICIENT_PERMISSIONS", `${op.key} with a key`);
      expect(await digest(sc)).toEqual(before);
      // The same request with a user login succeeds (the 403 is about the key, not the request).
      const ok = await send(await prepare(op, w), { body: opFixture(op).body?.(w), headers: w.owner.auth });
      expectDeclared(op, ok);
    },
  );

  it.each(KEYABLE.map((op) => [op.key, op.meta.scope ?? "(any)", op] as const))(
    "%s: the owner's key holding exactly %s (and what the trip's data needs) works",
    async (_k, _s, op) => {
      const w = await makeWorld(users);
      const headers = await keyAuth(w.owner, [
        op.meta.scope ?? "flights:read",
        ...(ALSO_NEEDS[op.key] ?? []),
      ]);
      const p = await prepare(op, w);
      const res = await send(p, { body: p.body, headers });
      expectDeclared(op, res);
      await settle(worldScope(w));
    },
  );
});

/**
 * Routes whose declared scope is not all a trip's data needs: a trip conversation's history
 * quotes the itinerary, so reading it also needs `trips:read` (lib/domain/chat/conversations.ts
 * `getReadableConversation`).
 */
const ALSO_NEEDS: Record<string, Scope[]> = {
  "GET /api/chat/sessions/{session_id}": ["trips:read"],
  "GET /v1/ai/conversations/{conversationId}/messages": ["trips:read"],
};

// =================================================================================================
describe("indirect paths (generated): a chat-only API key cannot read or change the trip through the assistant", () => {
  /** Every assistant route: the operations that need `chat:access` and take a request body. */
  const CHAT_OPS = OPERATIONS_LIST.filter((op) => op.meta.scope === "chat:access" && op.method === "POST");
  const QUESTION = "What is on day 1?";
  /** The fixture body with its user message replaced by `text` (bodies without it are sent as they are). */
  const bodyWith = (op: Operation, w: World, text: string) => {
    const raw = JSON.stringify(opFixture(op).body?.(w) ?? null);
    return JSON.parse(raw.split(JSON.stringify(QUESTION).slice(1, -1)).join(text));
  };
  const asksSomething = (op: Operation, w: World) =>
    JSON.stringify(opFixture(op).body?.(w) ?? null).includes(QUESTION);
  const tripRows = async (w: World) => {
    const d = await digest(worldScope(w));
    return { trips: d.trips, segments: d.segments };
  };
  const WRITES = ["add the Louvre to day 2", "delete the note on day 1", "rename the trip to Pwned"];

  it("covers the designer session, trip chat, TripSage chat message and /v1/ai routes", () => {
    expect(CHAT_OPS.map((o) => o.key)).toEqual(
      expect.arrayContaining([
        "POST /api/chat/sessions/{session_id}/messages",
        "POST /api/trips/{trip_id}/chat",
        "POST /api/v1/chat/message",
        "POST /v1/ai/chat",
      ]),
    );
  });

  it.each(CHAT_OPS.map((op) => [op.key, op] as const))(
    "%s: a key holding only chat:access reads nothing of the itinerary and writes nothing to it",
    async (_k, op) => {
      const w = await makeWorld(users);
      const headers = await keyAuth(w.owner, ["chat:access"]);
      const before = await tripRows(w);
      for (const text of [QUESTION, ...WRITES]) {
        const res = await send(await prepare(op, w), { body: bodyWith(op, w, text), headers });
        expect(res.status, `${op.key} "${text}": ${res.text.slice(0, 300)}`).toBeLessThan(500);
        expect(res.text, `${op.key} "${text}" leaked the itinerary`).not.toContain("Fixture note");
        expect(res.text, `${op.key} "${text}" leaked a segment id`).not.toContain(w.segmentId);
        await settle(worldScope(w));
        expect(await tripRows(w), `${op.key} "${text}" changed the trip`).toEqual(before);
      }
    },
  );

  it.each(CHAT_OPS.filter((op) => op.route.family !== "v1").map((op) => [op.key, op] as const))(
    "%s: control — the same key with trips:read and trips:write does read and change the itinerary",
    async (_k, op) => {
      const w = await makeWorld(users);
      if (!asksSomething(op, w)) return; // opens a session; sends no message
      const headers = await keyAuth(w.owner, ["chat:access", "trips:read", "trips:write"]);
      const before = await tripRows(w);
      const res = await send(await prepare(op, w), { body: bodyWith(op, w, WRITES[0] as string), headers });
      expectDeclared(op, res);
      await settle(worldScope(w));
      expect(await tripRows(w), "control: the write should go through").not.toEqual(before);
    },
  );

  it.each(Object.keys(ALSO_NEEDS).map((key) => [key] as const))(
    "%s: a chat-only key cannot read a trip conversation's history (403), one with trips:read can",
    async (key) => {
      const op = OPERATIONS_LIST.find((o) => o.key === key);
      if (!op) throw new Error(`route gone: ${key}`);
      const w = await makeWorld(users);
      const p = await prepare(op, w);
      const chatOnly = await send(p, { body: p.body, headers: await keyAuth(w.owner, ["chat:access"]) });
      expectError(chatOnly, op.route.family, 403, "INSUFFICIENT_PERMISSIONS", `${key} with chat:access only`);
      expect(chatOnly.text).not.toContain("Fixture note");
      const full = await send(await prepare(op, w), {
        body: p.body,
        headers: await keyAuth(w.owner, ["chat:access", "trips:read"]),
      });
      expectDeclared(op, full);
    },
  );

  it("POST /v1/ai/chat: control — with trips:read the page assistant does read the itinerary", async () => {
    const op = OPERATIONS_LIST.find((o) => o.key === "POST /v1/ai/chat");
    if (!op) throw new Error("route gone");
    const w = await makeWorld(users);
    const headers = await keyAuth(w.owner, ["chat:access", "trips:read"]);
    const res = await send(await prepare(op, w), { body: bodyWith(op, w, QUESTION), headers });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.text).toContain("Fixture note");
  });
});
