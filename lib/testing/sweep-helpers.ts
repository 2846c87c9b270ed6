/**
 * Shared machinery of the generated route sweeps (authz-sweep.db.test.ts, fuzz.db.test.ts):
 * a "world" of real users and one trip with everything a route may address (segment, share
 * link, pending invitation, designer session, webhook, API key, refresh token), each operation's
 * fixture read from its declaration (the body and query examples with their placeholders
 * resolved in the world, the least trip role), a request helper that copes with
 * streamed answers and raw bodies, a one-query digest of every row the world owns, and the
 * error-shape checks of both error families.
 *
 * The sweeps iterate `API_ROUTES` (lib/openapi/registry.ts: the route files' own declarations);
 * an operation with a body but no `body.example`, a trip-scoped one without `tripRole`, or a path
 * parameter without a value in {@link PARAM_VALUES}, throws "no fixture for …" so a new route
 * cannot slip past them; a declared one is swept with no other change.
 * {@link expectDeclared} checks a success against the operation's declared response schema.
 */

import { eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { type Db, getDb } from "@/db/client";
import { priceWatches, webhooks } from "@/db/schema";
import { createApiKey } from "@/lib/domain/auth/api-keys";
import type { TripRole } from "@/lib/domain/auth/permissions";
import { type Scope, userScopes } from "@/lib/domain/auth/scopes";
import { issueTokens } from "@/lib/domain/auth/tokens";
import { ChangesetRecorder } from "@/lib/domain/changesets/service";
import { createConversation } from "@/lib/domain/chat/conversations";
import { addSegment } from "@/lib/domain/itinerary/service";
import { createShareLink, shareTrip } from "@/lib/domain/sharing/service";
import { searchFlights } from "@/lib/domain/travel/flights";
import { searchAccommodations } from "@/lib/domain/travel/stays";
import { createPriceWatch } from "@/lib/domain/travel/watches";
import type { TripResponse } from "@/lib/domain/trips/service";
import { segmentCreateSchema } from "@/lib/domain/validators/segments";
import {
  accommodationSearchSchema,
  flightSearchSchema,
  flightTrackSchema,
} from "@/lib/domain/validators/travel";
import { ApiError, type ErrorCode, errorBody } from "@/lib/http/errors";
import { EXAMPLE, type ExamplePlaceholder } from "@/lib/http/examples";
import { API_ROUTES, type ApiRoute, type HttpMethod, OPERATIONS } from "@/lib/openapi/registry";
import { ROUTE_MODULES } from "@/lib/openapi/route-index.generated";
import { makeTrip, makeUser } from "@/lib/testing/fixtures";

export type Actor = Awaited<ReturnType<typeof makeUser>>;
/** A trip role, or `stranger`: signed in, no access to the trip. */
export type Role = TripRole | "stranger";
export const ROLES: readonly Role[] = ["stranger", "viewer", "editor", "admin", "owner"];
const RANK: Record<Role, number> = { stranger: 0, viewer: 1, editor: 2, admin: 3, owner: 4 };
export const roleAtLeast = (r: Role, min: Role) => RANK[r] >= RANK[min];

/** The password of every fixture user (makeUser's). */
export const PASSWORD = "correct horse battery";

// biome-ignore lint/suspicious/noExplicitAny: route modules export handlers with their own params
export type Handler = (req: Request, ctx: { params: Promise<any> }) => Response | Promise<Response>;

export interface World {
  owner: Actor;
  admin: Actor;
  editor: Actor;
  viewer: Actor;
  stranger: Actor;
  /** A second viewer: the "someone else" of collaborator management, and the transfer target. */
  target: Actor;
  trip: TripResponse;
  segmentId: string;
  link: { id: string; token: string };
  /** Email of a pending invitation on the trip (no account). */
  invitationEmail: string;
  /** The owner's designer session (conversation) on the trip. */
  sessionId: string;
  /** The owner's webhook. */
  webhookId: string;
  /** The owner's API key. */
  keyId: string;
  /** A fresh refresh token of the owner. */
  refreshToken: string;
  /** A flight offer from the owner's search (`off_…`). */
  flightOfferId: string;
  /** A stay offer from the owner's search (`stay_…`). */
  stayOfferId: string;
  /** The owner's price watch on a route for the trip. */
  watchId: string;
  /** An assistant turn's changeset in the owner's session: it added one activity on day 2. */
  changesetId: string;
}

export type WorldUsers = Pick<World, "owner" | "admin" | "editor" | "viewer" | "stranger" | "target">;

let seq = 0;
/** A unique email nobody has registered. */
export function freshEmail(tag = "x"): string {
  seq += 1;
  return `${tag}-${Date.now()}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Six new users (owner, admin, editor, viewer, stranger, target). */
export async function makeUsers(): Promise<WorldUsers> {
  const [owner, admin, editor, viewer, stranger, target] = await Promise.all([
    makeUser("Owner"),
    makeUser("Admin"),
    makeUser("Editor"),
    makeUser("Viewer"),
    makeUser("Stranger"),
    makeUser("Target"),
  ]);
  return { owner, admin, editor, viewer, stranger, target } as WorldUsers;
}

/**
 * A new trip of a new owner, shared (through the real service) with `users` (or with new
 * users) as admin/editor/viewer/target collaborators, one segment on day 1, a share link, a pending invitation,
 * the owner's designer session, webhook (subscribed to an event trip writes never emit, so no
 * deliveries are queued), API key and refresh token, and the owner's flight and stay offers
 * (from real searches) and price watch.
 */
export async function makeWorld(users?: Omit<WorldUsers, "owner">): Promise<World> {
  const db = await getDb();
  // A new owner every time: an account may own at most LIMITS.max_trips_per_user trips.
  const u: WorldUsers = users ? { ...users, owner: await makeUser("Owner") } : await makeUsers();
  const trip = await makeTrip(u.owner.user.id);
  const invitationEmail = freshEmail("invite");
  for (const [who, level] of [
    [u.admin, "admin"],
    [u.editor, "editor"],
    [u.viewer, "viewer"],
    [u.target, "viewer"],
  ] as const) {
    await shareTrip(db, u.owner.user.id, trip.id, { user_emails: [who.user.email], permission_level: level });
  }
  await shareTrip(db, u.owner.user.id, trip.id, {
    user_emails: [invitationEmail],
    permission_level: "viewer",
  });
  const seg = await addSegment(
    db,
    u.owner.user.id,
    trip.id,
    segmentCreateSchema.parse({ type: "note", title: "Fixture note", day_index: 1 }),
  );
  const link = await createShareLink(db, u.owner.user.id, trip.id, {
    permission_level: "viewer",
    public: true,
  });
  const session = await createConversation(db, u.owner.user.id, {
    tripId: trip.id,
    kind: "designer",
    title: "Trip designer",
  });
  const recorder = new ChangesetRecorder(db, {
    tripId: trip.id,
    conversationId: session.id,
    userId: u.owner.user.id,
  });
  const added = await addSegment(
    db,
    u.owner.user.id,
    trip.id,
    segmentCreateSchema.parse({ type: "activity", title: "Changeset fixture", day_index: 2 }),
    "assistant",
  );
  await recorder.recordSegment(null, added);
  const [hook] = await db
    .insert(webhooks)
    .values({
      userId: u.owner.user.id,
      url: "https://93.184.215.14/hook",
      events: ["flight.price_changed"],
      secret: `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`,
    })
    .returning();
  const key = await createApiKey(db, u.owner.user, { name: "fixture", permissions: ["trips:read"] });
  const tokens = await issueTokens(db, u.owner.user);
  const flights = await searchFlights(db, u.owner.user.id, flightSearchSchema.parse(flightSearchBody()));
  const stays = await searchAccommodations(
    db,
    u.owner.user.id,
    accommodationSearchSchema.parse(staySearchBody()),
  );
  const watch = await createPriceWatch(db, u.owner.user.id, flightTrackSchema.parse(trackBody(trip.id)));
  // Parked a year out: the price checks other test files run (on a shared Postgres database,
  // `checkDuePriceWatches` takes every due watch) never re-price it or queue behind it.
  await db
    .update(priceWatches)
    .set({ nextCheckAt: new Date(Date.now() + 365 * 86_400_000) })
    .where(eq(priceWatches.id, watch.id));
  const flightOfferId = flights.results[0]?.id;
  const stayOfferId = stays.results[0]?.id;
  if (!flightOfferId || !stayOfferId) throw new Error("makeWorld: the fixture searches found no offers");
  return {
    ...u,
    trip,
    segmentId: seg.id,
    link: { id: link.id, token: link.token },
    invitationEmail,
    sessionId: session.id,
    webhookId: hook?.id ?? "",
    keyId: key.id,
    refreshToken: tokens.refresh_token,
    flightOfferId,
    stayOfferId,
    watchId: watch.id,
    changesetId: recorder.id,
  };
}

// ---- travel request bodies (dates relative to today, so they never go stale) ------------------

/** `YYYY-MM-DD`, `days` after today (UTC). */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid `POST /api/flights/search` body: New York JFK → London, a week's round trip 5 weeks out. */
export function flightSearchBody() {
  return {
    origin: "JFK",
    destination: "LHR",
    departure_date: daysFromToday(35),
    return_date: daysFromToday(42),
    passengers: 2,
    cabin_class: "economy",
    budget_max: 20_000,
    preferred_airlines: ["British Airways", "AA"],
    flexible_dates: { enabled: true, days_before: 1, days_after: 1 },
    max_stops: 1,
    sort_by: "price",
    limit: 5,
  };
}

/** A valid `POST /api/accommodations/search` body: 3 nights in central Tokyo 5 weeks out. */
export function staySearchBody() {
  return {
    location: "Tokyo, Japan",
    check_in: daysFromToday(35),
    check_out: daysFromToday(38),
    guests: 2,
    rooms: 1,
    budget_max: 2_000,
    property_types: ["hotel", "apartment", "resort"],
    amenities: ["wifi"],
    coordinates: { latitude: 35.6762, longitude: 139.6503, radius_km: 15 },
    sort_by: "price",
    limit: 5,
  };
}

/** A valid `POST /api/flights/track` body for the route of `tripId` (a trip the caller must see). */
export function trackBody(tripId: string) {
  return {
    route: {
      origin: "JFK",
      destination: "LHR",
      departure_date: daysFromToday(35),
      return_date: daysFromToday(42),
    },
    passengers: 2,
    cabin_class: "economy",
    target_price: 900,
    trip_id: tripId,
    notification_email: "alerts@example.com",
  };
}

/** Bearer header of an API key of `actor` holding exactly `scopes`. */
export async function keyAuth(actor: Actor, scopes: readonly Scope[]): Promise<{ authorization: string }> {
  const db = await getDb();
  const k = await createApiKey(db, actor.user, {
    name: `sweep ${scopes.join(" ")}`,
    permissions: [...scopes],
  });
  return { authorization: `Bearer ${k.key}` };
}

/** Every scope a normal user holds. */
export const USER_SCOPES: readonly Scope[] = userScopes("user");

// ---- the operations ----------------------------------------------------------------------------

export type OpKey = `${HttpMethod} ${string}`;

export interface Operation {
  key: OpKey;
  route: ApiRoute;
  method: HttpMethod;
  meta: NonNullable<ApiRoute["operations"][HttpMethod]>;
}

/** Every (route, method) of the documented API (internal routes excluded). */
export const OPERATIONS_LIST: readonly Operation[] = API_ROUTES.filter((r) => !r.internal).flatMap((route) =>
  route.methods.map((method) => {
    const meta = route.operations[method];
    if (!meta) throw new Error(`route table: ${method} ${route.path} without metadata`);
    return { key: `${method} ${route.path}` as OpKey, route, method, meta };
  }),
);

/** Path parameter names in OpenAPI form (`trip_id`). */
export function pathParamNames(route: ApiRoute): string[] {
  return [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

/** Whether an operation addresses a trip through `{trip_id}`. */
export const isTripScoped = (op: Operation) => /\{(trip_id|tripId)\}/.test(op.route.path);

/**
 * What a caller without access gets, per error family: the TripSage REST API and the Trip Designer API answer 404 (never revealing
 * that the thing exists); the /v1/ai assistant API (`/v1/ai`) document 403 "Unauthorized trip access".
 */
export const NO_ACCESS_STATUS: Record<ApiRoute["family"], number> = { tripsage: 404, designer: 404, v1: 403 };

/** What a path parameter names by default, in a world. */
export const PARAM_VALUES: Record<string, (w: World) => string> = {
  trip_id: (w) => w.trip.id,
  tripId: (w) => w.trip.id,
  conversationId: (w) => w.sessionId,
  segment_id: (w) => w.segmentId,
  link_id: (w) => w.link.id,
  user_id: (w) => w.target.user.id,
  token: (w) => w.link.token,
  session_id: (w) => w.sessionId,
  webhook_id: (w) => w.webhookId,
  key_id: (w) => w.keyId,
  flight_offer_id: (w) => w.flightOfferId,
  accommodation_id: (w) => w.stayOfferId,
  watch_id: (w) => w.watchId,
  changeset_id: (w) => w.changesetId,
};

export interface OpFixture {
  /** The declared body example with its placeholders resolved (required when the route declares a body). */
  body?: (w: World) => unknown;
  /** The declared query example as a query string including `?`. */
  query?: (w: World) => string;
  /** Trip-scoped operations: the declared least trip role (required for `{trip_id}` routes). */
  minRole?: TripRole;
  /** Server-sent events that never end (`ok.stream.endless`): read the first event, then disconnect. */
  endless?: boolean;
  /** A success spends a fixture (`DELETE`, or the declaration's `singleUse`): rebuild the world. */
  consumes?: boolean;
}

/**
 * What each placeholder of the declared examples (lib/http/examples.ts) stands for in a world.
 * A Record over every placeholder, so a new one fails tsc until the sweep can resolve it.
 */
export const EXAMPLE_VALUES: Record<ExamplePlaceholder, (w: World) => unknown> = {
  tripId: (w) => w.trip.id,
  userId: (w) => w.target.user.id,
  email: (w) => w.owner.user.email,
  password: () => PASSWORD,
  newEmail: () => freshEmail("new"),
  invitedEmail: (w) => w.invitationEmail,
  refreshToken: (w) => w.refreshToken,
  // An address literal: the SSRF guard then needs no DNS (which these tests do not have).
  webhookUrl: () => "https://93.184.215.14/hooks/tripsage",
  question: () => EXAMPLE.question,
};

const BY_PLACEHOLDER = new Map<unknown, (w: World) => unknown>(
  (Object.keys(EXAMPLE) as ExamplePlaceholder[]).map((k) => [EXAMPLE[k], EXAMPLE_VALUES[k]]),
);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * A declared example as the sweeps send it in world `w`: every placeholder string of
 * lib/http/examples.ts `EXAMPLE` (at any depth) replaced by its value in the world, and, when
 * the example's earliest `YYYY-MM-DD` date is already past, every date moved by the same number
 * of days so that the earliest is 35 days from today (travel searches and price watches refuse
 * or find nothing for past dates; the spacing of the dates is kept).
 */
export function fromExample(example: unknown, w: World): unknown {
  const dates: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === "string" && ISO_DATE.test(v)) dates.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object") Object.values(v).forEach(collect);
  };
  collect(example);
  const earliest = dates.sort()[0];
  const shiftDays =
    earliest && earliest < daysFromToday(1)
      ? Math.round((Date.parse(daysFromToday(35)) - Date.parse(earliest)) / DAY_MS)
      : 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const resolve = BY_PLACEHOLDER.get(v);
      if (resolve) return resolve(w);
      if (shiftDays && ISO_DATE.test(v))
        return new Date(Date.parse(v) + shiftDays * DAY_MS).toISOString().slice(0, 10);
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(example);
}

/**
 * The fixture of an operation, derived from its declaration: the body example, the query
 * example, the least trip role, whether its stream is endless and whether a success spends
 * the world.
 * @throws Error "no fixture for …" when the declaration lacks what the sweeps need
 */
export function opFixture(op: Operation): OpFixture {
  const meta = op.meta;
  const where = `the declaration in ${op.route.next}`;
  if (meta.body && meta.body.example === undefined)
    throw new Error(`no fixture for ${op.key}: give body.example in ${where}`);
  if (isTripScoped(op) && !meta.tripRole)
    throw new Error(`no fixture for ${op.key}: trip-scoped operations declare tripRole (${where})`);
  for (const p of pathParamNames(op.route)) {
    if (!PARAM_VALUES[p]) throw new Error(`no fixture for path parameter {${p}} of ${op.key} (PARAM_VALUES)`);
  }
  const body = meta.body;
  const queryExample = meta.queryExample as Record<string, unknown> | undefined;
  return {
    ...(body ? { body: (w: World) => fromExample(body.example, w) } : {}),
    ...(queryExample
      ? {
          query: (w: World) => {
            const q = fromExample(queryExample, w) as Record<string, unknown>;
            return `?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`;
          },
        }
      : {}),
    ...(meta.tripRole ? { minRole: meta.tripRole } : {}),
    ...(meta.ok.stream?.endless ? { endless: true } : {}),
    ...(op.method === "DELETE" || meta.singleUse ? { consumes: true } : {}),
  };
}

/** The JSON body schema the route file declares for an operation, if any. */
export function bodySchema(op: Operation) {
  return OPERATIONS[op.key]?.body?.schema;
}

/** The documented success status of an operation. */
export function okStatus(op: Operation): number {
  const spec = OPERATIONS[op.key];
  if (!spec) throw new Error(`no OpenAPI operation spec for ${op.key}`);
  return spec.ok.status;
}

/** Every success status the operation documents: its `ok` and the bodiless `also` ones. */
export function okStatuses(op: Operation): number[] {
  const spec = OPERATIONS[op.key];
  if (!spec) throw new Error(`no OpenAPI operation spec for ${op.key}`);
  return [spec.ok.status, ...(spec.ok.also ?? []).map((a) => a.status)];
}

/**
 * Asserts a success of `op`: the declared status and, for a JSON answer, exactly the declared
 * response schema (it parses, and parsing drops nothing: an undeclared field or a wrong type
 * fails). Streams and bodiless answers are checked for status only.
 */
export function expectDeclared(op: Operation, res: Res, ctx: string = op.key): void {
  expect(res.status, `${ctx}: ${res.text.slice(0, 300)}`).toBe(okStatus(op));
  const schema = op.meta.ok.schema;
  if (!schema || !(res.headers.get("content-type") ?? "").includes("application/json")) return;
  const r = schema.safeParse(res.body);
  expect(r.success, `${ctx}: the answer does not match its declared schema: ${r.error?.message ?? ""}`).toBe(
    true,
  );
  expect(r.data, `${ctx}: fields the declaration does not name`).toEqual(res.body);
}

const modules = new Map(ROUTE_MODULES.map((r) => [r.file, r.module]));

/** The handler exported for `op.method` by the route file (through the route index). */
export async function loadHandler(op: Operation): Promise<Handler> {
  const mod = modules.get(op.route.next);
  if (!mod) throw new Error(`${op.route.next} is not in the route index (npm run routes:index)`);
  const h = mod[op.method];
  if (typeof h !== "function") throw new Error(`${op.route.next} does not export ${op.method}`);
  return h as Handler;
}

/**
 * Next.js param names of a route file, keyed by their OpenAPI name, by position (`trip_id` →
 * `tripId`; `/v1/ai/conversations/{tripId}` → `id`, where the documented name differs).
 */
function nextParamNames(route: ApiRoute): Record<string, string> {
  const files = [...route.next.matchAll(/\[([^\]./]+)\]/g)].map((m) => m[1] as string);
  const docs = pathParamNames(route);
  if (files.length !== docs.length) throw new Error(`${route.next}: params ${files} vs ${route.path}`);
  return Object.fromEntries(docs.map((d, i) => [d, files[i] as string]));
}

export interface Prepared {
  handler: Handler;
  method: HttpMethod;
  /** Request path with params and query. */
  path: string;
  /** Params as Next passes them (route-file names). */
  params: Record<string, string>;
  body: unknown;
  endless: boolean;
}

/**
 * A ready-to-send request for `op` in world `w`: default path params (overridable by
 * OpenAPI name), the fixture's query and valid body.
 */
export async function prepare(
  op: Operation,
  w: World,
  overrides: { params?: Record<string, string>; body?: unknown } = {},
): Promise<Prepared> {
  const f = opFixture(op);
  const names = nextParamNames(op.route);
  const params: Record<string, string> = {};
  let p = op.route.path;
  for (const name of pathParamNames(op.route)) {
    const value = overrides.params?.[name] ?? (PARAM_VALUES[name] as (w: World) => string)(w);
    const nextName = names[name];
    if (!nextName) throw new Error(`${op.route.next}: no [param] for {${name}}`);
    params[nextName] = value;
    p = p.replace(`{${name}}`, encodeURIComponent(value));
  }
  return {
    handler: await loadHandler(op),
    method: op.method,
    path: p + (f.query?.(w) ?? ""),
    params,
    body: "body" in overrides ? overrides.body : f.body?.(w),
    endless: !!f.endless,
  };
}

export interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
  body: any;
  text: string;
  headers: Headers;
}

async function readWithTimeout(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`response stream stalled for ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([reader.read(), t]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends a request the way Next would. `body`: an object is sent as JSON, a string or bytes
 * raw (`content-type: application/json` either way), `undefined` sends no body. Event
 * streams are drained (or, for `endless` ones, cut after the first chunk).
 */
export async function send(
  p: Pick<Prepared, "handler" | "method" | "path" | "params" | "endless">,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Res> {
  const ac = new AbortController();
  const headers: Record<string, string> = { ...opts.headers };
  const init: RequestInit = { method: p.method, headers, signal: ac.signal };
  if (opts.body !== undefined) {
    init.body =
      typeof opts.body === "string" || opts.body instanceof Uint8Array
        ? (opts.body as BodyInit)
        : JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const res = await p.handler(new Request(`http://localhost${p.path}`, init), {
    params: Promise.resolve(p.params),
  });
  let text = "";
  if (res.body) {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    const sse = (res.headers.get("content-type") ?? "").includes("text/event-stream");
    for (;;) {
      const { done, value } = await readWithTimeout(reader, 20_000);
      if (done) break;
      text += dec.decode(value, { stream: true });
      if (sse && p.endless) {
        await reader.cancel();
        break;
      }
    }
  }
  ac.abort();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body, text, headers: res.headers };
}

// ---- database digest ---------------------------------------------------------------------------

const uuids = (ids: readonly string[]) =>
  sql`array[${sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )}]::uuid[]`;
const texts = (xs: readonly string[]) =>
  sql`array[${sql.join(
    xs.map((i) => sql`${i}`),
    sql`, `,
  )}]::text[]`;

/** The users and trips a digest covers. */
export interface Scope_ {
  userIds: readonly string[];
  tripIds: readonly string[];
  /** Lower-cased emails whose users (if any) are included (sign-up fuzzing). */
  emails?: readonly string[];
}

export function worldScope(w: World, emails: readonly string[] = []): Scope_ {
  return {
    userIds: [w.owner, w.admin, w.editor, w.viewer, w.stranger, w.target].map((a) => a.user.id),
    tripIds: [w.trip.id],
    emails,
  };
}

/**
 * One query: row counts (and versions, owners, permissions, revocations) of everything the
 * scope's users and trips own — trips, segments, trip_collaborators, trip_invitations,
 * share_links, conversations, messages, api_keys, webhooks, webhook_deliveries,
 * refresh_tokens, context_snapshots, travel_offers, price_watches (ids, trips and statuses, not
 * prices: the price checker of another test file may re-price a watch concurrently), and the
 * users themselves. Two equal digests mean no row was written.
 */
export async function digest(s: Scope_, db?: Db): Promise<Record<string, unknown>> {
  const d = db ?? (await getDb());
  const U = uuids(s.userIds);
  const T = uuids(s.tripIds);
  // An email with NUL or a lone surrogate cannot be stored (nor queried): no account can have it.
  const storable = (e: string) =>
    !e.includes("\u0000") && !/[\ud800-\udfff]/.test(e.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
  const E = texts((s.emails ?? []).filter(storable).map((e) => e.toLowerCase()));
  const r = await d.execute(sql`
    with tr as (select id from trips where id = any(${T}) or owner_id = any(${U})),
         cv as (select id from conversations where trip_id = any(${T}) or user_id = any(${U}))
    select json_build_object(
      'users', (select coalesce(json_agg(json_build_object('id', id, 'tv', token_version, 'pw', md5(password_hash),
                  'name', name, 'profile', md5(profile::text), 'prefs', md5(preferences::text)) order by id), '[]'::json)
                from users where id = any(${U}) or lower(email) = any(${E})),
      'trips', (select coalesce(json_agg(json_build_object('id', id, 'v', version, 'owner', owner_id,
                  'title', title, 'updated', updated_at) order by id), '[]'::json)
                from trips where id in (select id from tr)),
      'segments', (select json_build_object('n', count(*), 'v', coalesce(sum(version), 0),
                  'at', coalesce(string_agg(id::text || '@' || coalesce(day_index, -1) || '.' || position, ','
                  order by id), ''))
                from segments where trip_id in (select id from tr)),
      'trip_collaborators', (select coalesce(json_agg(json_build_object('t', trip_id, 'u', user_id,
                  'p', permission) order by trip_id, user_id), '[]'::json)
                from trip_collaborators where trip_id in (select id from tr) or user_id = any(${U})),
      'trip_invitations', (select coalesce(json_agg(json_build_object('t', trip_id, 'e', email, 'p', permission)
                  order by trip_id, email), '[]'::json)
                from trip_invitations where trip_id in (select id from tr)),
      'share_links', (select coalesce(json_agg(json_build_object('id', id, 'revoked', revoked_at, 'uses', uses)
                  order by id), '[]'::json)
                from share_links where trip_id in (select id from tr)),
      'conversations', (select count(*) from cv),
      'messages', (select count(*) from messages where conversation_id in (select id from cv)),
      'api_keys', (select count(*) || '/' || count(*) filter (where revoked_at is null)
                from api_keys where user_id = any(${U})),
      'webhooks', (select count(*) from webhooks where user_id = any(${U})),
      'webhook_deliveries', (select count(*) from webhook_deliveries
                where webhook_id in (select id from webhooks where user_id = any(${U}))),
      'refresh_tokens', (select count(*) || '/' || count(*) filter (where revoked_at is null and used_at is null)
                from refresh_tokens where user_id = any(${U})),
      'context_snapshots', (select count(*) from context_snapshots
                where trip_id in (select id from tr) or user_id = any(${U})),
      'travel_offers', (select count(*) from travel_offers where user_id = any(${U})),
      'price_watches', (select coalesce(json_agg(json_build_object('id', id, 'u', user_id, 't', trip_id,
                  's', status, 'e', notification_email) order by id), '[]'::json)
                from price_watches where user_id = any(${U}) or trip_id in (select id from tr))
    ) as s`);
  const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { s: unknown }[];
  const s0 = rows[0]?.s;
  return (typeof s0 === "string" ? JSON.parse(s0) : s0) as Record<string, unknown>;
}

/** Waits until background writes (a chat turn saving its reply) have settled. */
export async function settle(s: Scope_, maxMs = 3_000): Promise<void> {
  const end = Date.now() + maxMs;
  let prev = JSON.stringify(await digest(s));
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    const next = JSON.stringify(await digest(s));
    if (next === prev) return;
    prev = next;
  }
}

// ---- error shapes ------------------------------------------------------------------------------

/** Every ErrorCode of lib/http/errors.ts (the Record type makes tsc fail when the union changes). */
const ERROR_CODE_SET: Record<ErrorCode, true> = {
  VALIDATION_ERROR: true,
  INVALID_JSON: true,
  BAD_REQUEST: true,
  PAYLOAD_TOO_LARGE: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  OUTSIDE_TRIP_DATES: true,
  UNAUTHORIZED: true,
  INVALID_TOKEN: true,
  TOKEN_EXPIRED: true,
  INVALID_CREDENTIALS: true,
  INSUFFICIENT_PERMISSIONS: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  METHOD_NOT_ALLOWED: true,
  EMAIL_TAKEN: true,
  CONFLICT: true,
  LIMIT_EXCEEDED: true,
  PRECONDITION_FAILED: true,
  COST_LIMIT_EXCEEDED: true,
  RATE_LIMIT_EXCEEDED: true,
  LLM_UNAVAILABLE: true,
  SERVICE_UNAVAILABLE: true,
  DATABASE_ERROR: true,
  INTERNAL_ERROR: true,
};
export const ERROR_CODES = Object.keys(ERROR_CODE_SET) as ErrorCode[];

/** Status → the Trip Designer API `error` kind, computed by the app's own renderer. */
const DESIGNER_KINDS: Map<number, string> = new Map(
  ERROR_CODES.map((c) => {
    const { status, body } = errorBody(new ApiError(c, "x"), "designer");
    return [status, body.error as string];
  }),
);

/**
 * Collects the problems with an error response's shape (empty when it is right):
 * tripsage `{error:true, message, code∈ErrorCode, type, errors?[{field,message,type}], details?, retry_after?}`
 * with `code` agreeing with the status and type; designer `{error:"<kind>", message, hint?, retryAfter?}`;
 * v1 (`/v1/ai`, the /v1/ai assistant API) `{ok:false, error}`.
 */
export function errorShapeProblems(res: Res, family: ApiRoute["family"]): string[] {
  const out: string[] = [];
  const b = res.body;
  const ct = res.headers.get("content-type") ?? "";
  if (!ct.includes("application/json")) out.push(`content-type ${ct || "(none)"} is not JSON`);
  if (!b || typeof b !== "object" || Array.isArray(b))
    return [...out, `body is not a JSON object: ${res.text.slice(0, 200)}`];
  if (family === "v1") {
    for (const k of Object.keys(b)) if (k !== "ok" && k !== "error") out.push(`unexpected key ${k}`);
    if (b.ok !== false) out.push(`ok is ${JSON.stringify(b.ok)}, not false`);
    if (typeof b.error !== "string" || !b.error) out.push("error is not a non-empty string");
    if (res.status === 422) out.push("/v1/ai reports field problems as 400, not 422");
    return out;
  }
  if (typeof b.message !== "string" || !b.message) out.push("message is not a non-empty string");
  if (family === "tripsage") {
    const allowed = new Set(["error", "message", "code", "type", "errors", "details", "retry_after"]);
    for (const k of Object.keys(b)) if (!allowed.has(k)) out.push(`unexpected key ${k}`);
    if (b.error !== true) out.push(`error is ${JSON.stringify(b.error)}, not true`);
    if (!ERROR_CODES.includes(b.code)) out.push(`code ${JSON.stringify(b.code)} is not an ErrorCode`);
    else {
      const e = new ApiError(b.code, "x");
      if (e.status !== res.status)
        out.push(`code ${b.code} belongs to status ${e.status}, got ${res.status}`);
      if (e.type !== b.type) out.push(`type ${JSON.stringify(b.type)} for ${b.code}, expected ${e.type}`);
    }
    if (typeof b.type !== "string") out.push("type is not a string");
    if (b.errors !== undefined) {
      if (!Array.isArray(b.errors)) out.push("errors is not an array");
      else
        for (const e of b.errors) {
          if (!e || typeof e !== "object" || Array.isArray(e)) out.push(`errors item ${JSON.stringify(e)}`);
          else {
            for (const f of ["field", "message", "type"])
              if (typeof e[f] !== "string") out.push(`errors item ${f} not a string: ${JSON.stringify(e)}`);
            for (const k of Object.keys(e))
              if (!["field", "message", "type"].includes(k)) out.push(`errors item has key ${k}`);
          }
        }
    }
    if (
      b.details !== undefined &&
      (typeof b.details !== "object" || b.details === null || Array.isArray(b.details))
    )
      out.push("details is not an object");
    if (res.status === 401 && !res.headers.get("www-authenticate")) out.push("401 without WWW-Authenticate");
  } else {
    const allowed = new Set(["error", "message", "hint", "retryAfter"]);
    for (const k of Object.keys(b)) if (!allowed.has(k)) out.push(`unexpected key ${k}`);
    const kind = DESIGNER_KINDS.get(res.status) ?? "Error";
    if (b.error !== kind) out.push(`error is ${JSON.stringify(b.error)}, expected ${JSON.stringify(kind)}`);
    if (b.hint !== undefined && typeof b.hint !== "string") out.push("hint is not a string");
  }
  return out;
}

/** Asserts `res` is an error of `status` (and the TripSage REST API `code`) in the family's documented shape. */
export function expectError(
  res: Res,
  family: ApiRoute["family"],
  status: number | number[],
  code?: ErrorCode,
  ctx = "",
): void {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${ctx}: status ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
  expect(errorShapeProblems(res, family), `${ctx}: ${res.text.slice(0, 300)}`).toEqual([]);
  if (code && family === "tripsage") expect(res.body.code, ctx).toBe(code);
}
