/**
 * Helpers for the black-box HTTP API specs in e2e/api (against the running production build).
 *
 * Rate limits (the TripSage REST API): unauthenticated requests are limited to 10 per minute per client IP,
 * JWT requests to 100 per minute per user. The e2e server trusts one proxy hop
 * (`TRUST_PROXY_HOPS=1`), so every {@link Api} client sends its own `X-Forwarded-For`
 * address and gets its own anonymous bucket; tests register fresh users so JWT buckets are
 * never shared either.
 */
import { type APIRequestContext, type APIResponse, expect } from "@playwright/test";

/**
 * A parsed JSON response body. Bodies are untyped on purpose: the specs check their shape
 * with assertions, as a third-party client would.
 */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
export type Json = any;

// ---- client addresses ---------------------------------------------------------------------

// Start at a random point so reruns against a long-lived server (E2E_BASE_URL) do not reuse buckets.
let ipCounter = Math.floor(Math.random() * 200_000);

/** A fresh `10.x.y.z` address for `X-Forwarded-For` (a new anonymous rate-limit bucket). */
export function uniqueIp(): string {
  ipCounter += 1;
  const n = ipCounter % (250 * 250 * 250);
  return `10.${Math.floor(n / 62_500) + 1}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

/** Unique suffix for emails and titles. */
export function uid(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

// ---- a small client ------------------------------------------------------------------------

export interface CallOptions {
  /** JSON body (serialised by Playwright, with `Content-Type: application/json`). */
  data?: unknown;
  /** Raw body; sent as is (set `Content-Type` yourself). */
  body?: string | Buffer;
  params?: Record<string, string | number | boolean>;
  /** Extra headers; `undefined` values are left out. */
  headers?: Record<string, string | undefined>;
  /** Overrides the client's bearer token for this call (`null` sends none). */
  token?: string | null;
}

/**
 * An API client posing as one network client (its own `X-Forwarded-For`) and optionally
 * one credential (JWT or API key sent as `Authorization: Bearer`).
 */
export class Api {
  constructor(
    readonly ctx: APIRequestContext,
    readonly token: string | null = null,
    readonly ip: string = uniqueIp(),
  ) {}

  /** The same network client with another credential. */
  as(token: string | null): Api {
    return new Api(this.ctx, token, this.ip);
  }

  /** The same credential from a new network client (fresh anonymous bucket). */
  fresh(): Api {
    return new Api(this.ctx, this.token, uniqueIp());
  }

  headers(extra: Record<string, string | undefined> = {}, token: string | null | undefined = undefined) {
    const h: Record<string, string> = { "X-Forwarded-For": this.ip };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) h[k] = v;
    const t = token === undefined ? this.token : token;
    if (t) h.Authorization = `Bearer ${t}`;
    return h;
  }

  fetch(method: string, path: string, opts: CallOptions = {}): Promise<APIResponse> {
    return this.ctx.fetch(path, {
      method,
      headers: this.headers(opts.headers, opts.token),
      ...(opts.data !== undefined ? { data: opts.data } : {}),
      // A Buffer is sent byte for byte (a string would be JSON-encoded under a JSON Content-Type).
      ...(opts.body !== undefined ? { data: Buffer.from(opts.body) } : {}),
      ...(opts.params ? { params: opts.params } : {}),
      failOnStatusCode: false,
      maxRedirects: 0,
    });
  }

  get(path: string, opts?: CallOptions) {
    return this.fetch("GET", path, opts);
  }
  post(path: string, data?: unknown, opts: CallOptions = {}) {
    return this.fetch("POST", path, { ...opts, ...(data !== undefined ? { data } : {}) });
  }
  put(path: string, data?: unknown, opts: CallOptions = {}) {
    return this.fetch("PUT", path, { ...opts, ...(data !== undefined ? { data } : {}) });
  }
  patch(path: string, data?: unknown, opts: CallOptions = {}) {
    return this.fetch("PATCH", path, { ...opts, ...(data !== undefined ? { data } : {}) });
  }
  delete(path: string, opts?: CallOptions) {
    return this.fetch("DELETE", path, opts);
  }
}

/** Parses a JSON body, failing the test with the raw text when it is not JSON. */
export async function body<T = Json>(res: APIResponse): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `Expected JSON from ${res.url()} (HTTP ${res.status()}), got: ${text.slice(0, 300) || "<empty>"}`,
    );
  }
}

/** Asserts the status, printing the body when it differs (for readable failures). */
export async function expectStatus(res: APIResponse, status: number): Promise<void> {
  if (res.status() !== status) {
    const text = await res.text().catch(() => "");
    expect(
      res.status(),
      `${res.url()} answered ${res.status()} (expected ${status}): ${text.slice(0, 600)}`,
    ).toBe(status);
  }
}

// ---- documented error shapes -----------------------------------------------------------------

/**
 * The TripSage REST API's error body: `{error: true, message, code, type, details?, errors?}`.
 * @returns the parsed body
 */
export async function expectTripSageError(
  res: APIResponse,
  status: number,
  expected: { code?: string; type?: string } = {},
): Promise<Json> {
  await expectStatus(res, status);
  expect(res.headers()["content-type"] ?? "").toContain("application/json");
  const b = await body(res);
  expect(b).toMatchObject({ error: true });
  expect(typeof b.message, `message in ${JSON.stringify(b)}`).toBe("string");
  expect(b.message.length).toBeGreaterThan(0);
  expect(typeof b.code, `code in ${JSON.stringify(b)}`).toBe("string");
  expect(typeof b.type, `type in ${JSON.stringify(b)}`).toBe("string");
  if (expected.code) expect(b.code).toBe(expected.code);
  if (expected.type) expect(b.type).toBe(expected.type);
  return b;
}

/** The TripSage REST API's 422: `VALIDATION_ERROR`, type `validation`, `errors: [{field, message, type}]`. */
export async function expectValidationError(res: APIResponse, fields: string[] = []): Promise<Json> {
  const b = await expectTripSageError(res, 422, { type: "validation" });
  expect(Array.isArray(b.errors), `errors[] in ${JSON.stringify(b)}`).toBe(true);
  expect(b.errors.length).toBeGreaterThan(0);
  for (const e of b.errors) {
    expect(typeof e.field).toBe("string");
    expect(typeof e.message).toBe("string");
    expect(typeof e.type).toBe("string");
  }
  const got = b.errors.map((e: { field: string }) => e.field);
  for (const f of fields) expect(got, `fields reported: ${got.join(", ")}`).toContain(f);
  return b;
}

/** The Trip Designer API's error body: `{error: "<kind>", message, hint?}`. */
export async function expectDesignerError(res: APIResponse, status: number): Promise<Json> {
  await expectStatus(res, status);
  const b = await body(res);
  expect(typeof b.error, `error in ${JSON.stringify(b)}`).toBe("string");
  expect(b.error.length).toBeGreaterThan(0);
  expect(typeof b.message, `message in ${JSON.stringify(b)}`).toBe("string");
  if ("hint" in b) expect(typeof b.hint).toBe("string");
  return b;
}

/** The /v1/ai assistant API's `/v1/ai` error body: `{ok: false, error}`. */
export async function expectV1Error(res: APIResponse, status: number): Promise<Json> {
  await expectStatus(res, status);
  const b = await body(res);
  expect(b.ok, `ok in ${JSON.stringify(b)}`).toBe(false);
  expect(typeof b.error, `error in ${JSON.stringify(b)}`).toBe("string");
  expect(b.error.length).toBeGreaterThan(0);
  return b;
}

// ---- accounts and fixtures -------------------------------------------------------------------

export const PASSWORD = "correct-horse-battery";

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  access_token: string;
  refresh_token: string;
  /** A client authenticated as this user (own IP). */
  api: Api;
}

/** Registers a fresh account from a fresh client address. */
export async function registerUser(
  ctx: APIRequestContext,
  opts: { name?: string; email?: string; password?: string } = {},
): Promise<TestUser> {
  const email = opts.email ?? `qa-${uid()}@example.com`;
  const password = opts.password ?? PASSWORD;
  const name = opts.name ?? "QA User";
  const anon = new Api(ctx);
  const res = await anon.post("/api/auth/register", { email, password, name });
  await expectStatus(res, 201);
  const b = await body(res);
  return {
    id: b.user.id,
    email: b.user.email,
    name: b.user.name,
    password,
    access_token: b.access_token,
    refresh_token: b.refresh_token,
    api: new Api(ctx, b.access_token),
  };
}

/** Dates comfortably in the future: `start` + `days` (ISO). */
export function futureDate(offsetDays: number): string {
  const d = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 3, 1));
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

/** The TripSage REST API "Create Trip" example body, with dates one year ahead. */
export function tripBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `Tokyo Cherry Blossom Trip ${uid()}`,
    description: "Experience cherry blossom season in Japan",
    start_date: futureDate(0),
    end_date: futureDate(7),
    destinations: [
      {
        name: "Tokyo",
        country: "Japan",
        city: "Tokyo",
        coordinates: { latitude: 35.6762, longitude: 139.6503 },
      },
    ],
    preferences: {
      budget: { total: 3000, currency: "USD" },
      accommodation_type: "hotel",
      interests: ["culture", "nature", "photography"],
    },
    ...overrides,
  };
}

/** Creates a trip as `api`'s user; returns the created trip body. */
export async function createTrip(api: Api, overrides: Record<string, unknown> = {}): Promise<Json> {
  const res = await api.post("/api/trips", tripBody(overrides));
  await expectStatus(res, 201);
  return body(res);
}

/** A syntactically valid UUID nobody uses. */
export const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

/** `true` for an ISO 8601 date-time string. */
export function isIsoDateTime(v: unknown): boolean {
  return typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v);
}

// ---- server-sent events ------------------------------------------------------------------------

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next `data:` event, parsed as JSON (comments such as `:ping` are skipped). */
  next(timeoutMs?: number): Promise<Json>;
  /** Aborts the request. */
  close(): void;
}

/**
 * Opens an SSE stream with Node's fetch (the Playwright request context buffers whole
 * bodies, so it cannot read an endless stream). Close it with {@link SseStream.close}.
 */
export async function openSse(baseURL: string, path: string, api: Api): Promise<SseStream> {
  const ctrl = new AbortController();
  const res = await fetch(new URL(path, baseURL), {
    headers: api.headers({ Accept: "text/event-stream" }),
    signal: ctrl.signal,
  });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const close = () => {
    ctrl.abort();
  };
  async function next(timeoutMs = 10_000): Promise<Json> {
    if (!reader) throw new Error(`No body (HTTP ${res.status})`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sep = buffer.indexOf("\n\n");
      if (sep !== -1) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const data = block
          .split("\n")
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trimStart())
          .join("\n");
        if (data) return JSON.parse(data);
        continue; // a comment (":ping") or an empty block
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`No SSE event within ${timeoutMs} ms (buffer: ${JSON.stringify(buffer)})`);
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`No SSE event within ${timeoutMs} ms`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error("SSE stream ended");
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
    }
  }
  return { status: res.status, headers: res.headers, next, close };
}

/** One named server-sent event (`event:` name, `data:` parsed as JSON). */
export interface SseEvent {
  event: string;
  data: Json;
}

/** POSTs and reads the whole event stream, event by event, in arrival order. */
export async function postSse(
  baseURL: string,
  api: Api,
  path: string,
  payload: unknown,
): Promise<{ status: number; contentType: string; events: SseEvent[] }> {
  const res = await fetch(new URL(path, baseURL), {
    method: "POST",
    headers: api.headers({ Accept: "text/event-stream", "Content-Type": "application/json" }),
    body: JSON.stringify(payload),
  });
  const contentType = res.headers.get("content-type") ?? "";
  if (!contentType.startsWith("text/event-stream")) {
    return { status: res.status, contentType, events: [{ event: "json", data: await res.json() }] };
  }
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    for (let sep = buffer.indexOf("\n\n"); sep !== -1; sep = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, sep);
      buffer = buffer.slice(sep + 2);
      const lines = block.split("\n");
      const event =
        lines
          .find((l) => l.startsWith("event:"))
          ?.slice(6)
          .trim() ?? "message";
      const data = lines
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (data) events.push({ event, data: JSON.parse(data) });
    }
    if (done) break;
  }
  return { status: res.status, contentType, events };
}

// ---- rate-limit windows ------------------------------------------------------------------------

/**
 * Waits, when needed, so that the next `marginMs` do not cross a minute boundary. The limiter's
 * sliding window is aligned to epoch minutes and, just after a boundary, discounts the
 * previous minute's requests slightly, which would let one extra request through a test that
 * counts exactly to the limit.
 */
export async function avoidWindowEdge(marginMs = 5_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 250));
}
