/**
 * Limits that cannot be gamed, against the production server started by this spec with its
 * own settings (no trusted proxy, a scripted model on the local OpenAI-compatible server):
 * - anonymous buckets per client address, taken from the socket; a forged peer header or
 *   `X-Forwarded-For` gives no fresh bucket;
 * - sign-in lockout per (account, client): a stranger cannot lock the owner out;
 * - provider 429 → 429 with `retryAfter` / `retry_after` and Retry-After; provider down → 503;
 * - behind a proxy (`TRUST_PROXY_HOPS` > 0) the server listens on 127.0.0.1 only, and refuses
 *   a wildcard bind without `ALLOW_PUBLIC_BIND_WITH_PROXY=true`.
 *
 * Clients are told apart by their socket's source address: Linux routes all of 127.0.0.0/8
 * to the loopback interface, so a socket bound to 127.0.0.2 is a second client.
 */
import { expect, test } from "@playwright/test";
import {
  type FakeOpenAI,
  type ScriptedTurn,
  startFakeOpenAI,
} from "../../lib/testing/openai-compatible-server";
import { type OwnServer, rawRequest, spawnServer, waitHealthy } from "./own-server";

const PORT = Number(process.env.LIMITS_E2E_PORT ?? 3251);
const FAKE_PORT = PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "correct horse battery staple";

let server: OwnServer;
let fake: FakeOpenAI;
let mode: ScriptedTurn = { text: "Noted.", usage: [100, 20] };
let addr = 10;
/** A loopback source address no other test of this file uses (127.0.0.10, .11, …). */
const freshClient = () => `127.0.0.${++addr}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  fake = await startFakeOpenAI(() => mode, { port: FAKE_PORT });
  server = spawnServer({
    PORT: String(PORT),
    HOST: "127.0.0.1",
    TRUST_PROXY_HOPS: "0",
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: fake.baseURL,
    AI_MODEL: "limits-test-model",
  });
  await waitHealthy(server, BASE, "127.0.0.250");
});

test.afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

async function register(from: string) {
  const email = `limits-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.com`;
  const res = await rawRequest(`${BASE}/api/auth/register`, {
    localAddress: from,
    body: { email, password: PASSWORD, name: "Limits" },
  });
  expect(res.status, res.text).toBe(201);
  return email;
}

const login = (from: string, email: string, password: string) =>
  rawRequest(`${BASE}/api/auth/login`, { localAddress: from, body: { email, password } });

test("a client on 127.0.0.2 is not limited by a client on 127.0.0.1 exhausting its bucket", async () => {
  for (let i = 0; i < 10; i++) {
    expect((await rawRequest(`${BASE}/api/health`, { localAddress: "127.0.0.1" })).status).toBe(200);
  }
  const limited = await rawRequest(`${BASE}/api/health`, { localAddress: "127.0.0.1" });
  expect(limited.status).toBe(429);
  expect(limited.json()).toMatchObject({ error: true, code: "RATE_LIMIT_EXCEEDED", type: "ratelimit" });

  const other = await rawRequest(`${BASE}/api/health`, { localAddress: "127.0.0.2" });
  expect(other.status).toBe(200);
  expect(other.headers["x-ratelimit-remaining"]).toBe("9");

  // Claiming another address gets the limited client nowhere: the peer header is replaced by
  // the socket's address and X-Forwarded-For is ignored without TRUST_PROXY_HOPS.
  const forged = await rawRequest(`${BASE}/api/health`, {
    localAddress: "127.0.0.1",
    headers: { "x-tripsage-peer": "127.0.0.99", "x-forwarded-for": "10.1.2.3" },
  });
  expect(forged.status).toBe(429);
});

test("a stranger's wrong passwords do not lock the owner out; the stranger is stopped after 5", async () => {
  const email = await register(freshClient());
  const stranger = freshClient();
  for (let i = 0; i < 5; i++) {
    const res = await login(stranger, email, `wrong-password-${i}`);
    expect(res.status).toBe(401);
  }
  // The stranger's sixth try is refused before the password is looked at, even a right one.
  const sixth = await login(stranger, email, PASSWORD);
  expect(sixth.status).toBe(429);
  const b = sixth.json();
  expect(b).toMatchObject({ code: "RATE_LIMIT_EXCEEDED", type: "ratelimit" });
  expect(sixth.headers["retry-after"]).toBe(String(b.retry_after));

  // The owner, from their own address, signs in.
  const owner = await login(freshClient(), email, PASSWORD);
  expect(owner.status, owner.text).toBe(200);
  expect(owner.json().access_token).toEqual(expect.any(String));
});

test("one client spraying many accounts is stopped by its own request limit, not others", async () => {
  const sprayer = freshClient();
  const statuses: number[] = [];
  // 2 accounts × 5 = 10 attempts: each within its per-(account, client) allowance, and
  // exactly the anonymous request limit (10 a minute per client).
  for (let a = 0; a < 2; a++) {
    const email = `nobody-${a}-${Date.now()}@example.com`;
    for (let i = 0; i < 5; i++) statuses.push((await login(sprayer, email, "wrong-password")).status);
  }
  expect(statuses).toEqual(Array(10).fill(401));
  expect((await login(sprayer, `nobody-7-${Date.now()}@example.com`, "wrong-password")).status).toBe(429);
  // Another client is unaffected.
  expect((await login(freshClient(), `nobody-8-${Date.now()}@example.com`, "wrong-password")).status).toBe(
    401,
  );
});

test("guesses from many clients at once fill the per-account ceiling (100 a minute)", async () => {
  test.setTimeout(180_000);
  const email = await register(freshClient());
  for (let c = 0; c < 20; c++) {
    const from = freshClient();
    for (let i = 0; i < 5; i++) expect((await login(from, email, "wrong-password")).status).toBe(401);
  }
  expect((await login(freshClient(), email, PASSWORD)).status).toBe(429);
});

async function designerSession(from: string) {
  const email = await register(from);
  const token = (await login(from, email, PASSWORD)).json().access_token as string;
  const auth = { authorization: `Bearer ${token}` };
  const trip = await rawRequest(`${BASE}/api/trips`, {
    localAddress: from,
    headers: auth,
    body: {
      title: "Lyon",
      start_date: "2030-05-01",
      end_date: "2030-05-03",
      destinations: [{ name: "Lyon", country: "France" }],
    },
  });
  expect(trip.status, trip.text).toBe(201);
  const tripId = trip.json().id as string;
  const session = await rawRequest(`${BASE}/api/chat/sessions`, {
    localAddress: from,
    headers: auth,
    body: { itineraryId: tripId },
  });
  expect(session.status, session.text).toBe(201);
  return { auth, tripId, sessionId: session.json().sessionId as string };
}

test("a provider 429 answers 429 with retryAfter / retry_after and Retry-After; a provider failure 503", async () => {
  test.setTimeout(120_000);
  const from = freshClient();
  const { auth, tripId, sessionId } = await designerSession(from);
  mode = { status: 429, headers: { "retry-after": "3" }, message: "Rate limit reached" };

  const designer = await rawRequest(`${BASE}/api/chat/sessions/${sessionId}/messages`, {
    localAddress: from,
    headers: auth,
    body: { message: "add a museum on day 1" },
  });
  expect(designer.status, designer.text).toBe(429);
  expect(designer.json()).toMatchObject({ error: "Too Many Requests", retryAfter: 3 });
  expect(designer.headers["retry-after"]).toBe("3");

  const rest = await rawRequest(`${BASE}/api/v1/chat/message`, {
    localAddress: from,
    headers: auth,
    body: { message: "add a museum on day 1", context: { trip_id: tripId } },
  });
  expect(rest.status, rest.text).toBe(429);
  expect(rest.json()).toMatchObject({
    error: true,
    code: "RATE_LIMIT_EXCEEDED",
    type: "ratelimit",
    retry_after: 3,
  });
  expect(rest.headers["retry-after"]).toBe("3");

  mode = { status: 503, message: "overloaded" };
  const down = await rawRequest(`${BASE}/api/chat/sessions/${sessionId}/messages`, {
    localAddress: from,
    headers: auth,
    body: { message: "hello" },
  });
  expect(down.status, down.text).toBe(503);
  expect(down.json()).toMatchObject({ error: "Service Unavailable" });

  // /api/config shows the price every model is charged at, including unlisted ones.
  const config = await rawRequest(`${BASE}/api/config`, { localAddress: from, headers: auth });
  expect(config.json().ai).toMatchObject({
    model: "limits-test-model",
    session_cost_limit_usd: 2,
    pricing: { default: { input: 5, output: 15 }, models: { "tripsage-offline": { input: 0, output: 0 } } },
  });
  mode = { text: "Noted.", usage: [100, 20] };
});

test.describe("behind a proxy", () => {
  test("a wildcard bind with TRUST_PROXY_HOPS is refused at start-up with a clear message", async () => {
    const refused = spawnServer({ PORT: String(PORT + 2), HOST: "0.0.0.0", TRUST_PROXY_HOPS: "1" });
    const code = await refused.exited;
    expect(code).toBe(1);
    expect(refused.output()).toContain("Refusing to listen on 0.0.0.0 with TRUST_PROXY_HOPS=1");
    expect(refused.output()).toContain("ALLOW_PUBLIC_BIND_WITH_PROXY=true");
  });

  test("HOST defaults to 127.0.0.1: reachable there, not on another address", async () => {
    test.setTimeout(150_000);
    const port = PORT + 3;
    const proxied = spawnServer({ PORT: String(port), TRUST_PROXY_HOPS: "1" });
    try {
      await waitHealthy(proxied, `http://127.0.0.1:${port}`, "127.0.0.1");
      await expect(rawRequest(`http://127.0.0.2:${port}/api/health`)).rejects.toMatchObject({
        code: "ECONNREFUSED",
      });
      // Through the "proxy", each forwarded client has its own bucket.
      const a = await rawRequest(`http://127.0.0.1:${port}/api/health`, {
        headers: { "x-forwarded-for": "10.0.0.1" },
      });
      expect(a.headers["x-ratelimit-remaining"]).toBe("9");
    } finally {
      await proxied.stop();
    }
  });

  test("ALLOW_PUBLIC_BIND_WITH_PROXY=true permits the wildcard bind", async () => {
    test.setTimeout(150_000);
    const port = PORT + 4;
    const open = spawnServer({
      PORT: String(port),
      HOST: "0.0.0.0",
      TRUST_PROXY_HOPS: "1",
      ALLOW_PUBLIC_BIND_WITH_PROXY: "true",
    });
    try {
      await waitHealthy(open, `http://127.0.0.2:${port}`, "127.0.0.2");
    } finally {
      await open.stop();
    }
  });
});
