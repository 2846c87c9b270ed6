/**
 * Delivers queued webhook events (the `webhook_deliveries` outbox, see ./outbox.ts).
 *
 * Each due row is claimed with a lease, POSTed once, and then marked `delivered`, rescheduled
 * with exponential backoff, or marked `failed` after {@link MAX_ATTEMPTS}. Requests are
 * signed per the Standard Webhooks spec (https://www.standardwebhooks.com/, headers
 * `webhook-id`, `webhook-timestamp`, `webhook-signature`) and connect only to addresses the
 * SSRF guard approves at connect time (./ssrf.ts).
 *
 * Delivery is at-least-once: a process that dies after the receiver answered but before the
 * row was updated leaves the row leased; it becomes due again when the lease expires
 * ({@link CLAIM_LEASE_MS}, 15 s) and is re-sent with the same `webhook-id` (the delivery row's
 * id, identical on every retry), which receivers use to de-duplicate. A process stopped with
 * SIGTERM does not re-send: lib/server/main.ts calls {@link drainWebhookDispatcher}, which stops
 * claiming and waits for the attempts in flight to finish and be recorded.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import type { Db } from "@/db/client";
import { type WebhookDelivery, webhookDeliveries, webhooks } from "@/db/schema";
import {
  backoffDelay,
  claimDue,
  drainLoop,
  drainRounds,
  type LeaseQueue,
  loopRunning,
  startLoop,
  stopLoop,
} from "@/lib/platform/loop";
import { isSealedSecret, openSecret, sealSecret } from "./secret-box";
import { type GuardOptions, guardedLookup, resolveAllowed, urlHostname } from "./ssrf";

/** Deadline for one delivery attempt, connect to end of response (ms). */
export const DELIVERY_TIMEOUT_MS = 10_000;
/**
 * A claimed row is left alone by other dispatchers this long (ms): the attempt's deadline plus
 * 5 s to record the outcome. It is also how long a crashed process's in-flight deliveries wait
 * before they are re-sent (with the same `webhook-id`).
 */
export const CLAIM_LEASE_MS = DELIVERY_TIMEOUT_MS + 5_000;
/** First retry delay (ms); attempt n waits `BASE × 2^(n-1)`, capped at {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 30_000;
/** Longest wait between attempts (ms), before jitter. */
export const MAX_BACKOFF_MS = 60 * 60_000;
/** Jitter: each delay is stretched by a random factor in `[1, 1 + JITTER)`. */
export const BACKOFF_JITTER = 0.2;
/** Attempts before a delivery is marked `failed` (the last retry is ~32 min after the 7th). */
export const MAX_ATTEMPTS = 8;
/** Rows claimed per `deliverDue` call by default. */
export const DEFAULT_BATCH = 20;
/**
 * The outbox as a lease queue (lib/platform/loop.ts {@link claimDue}): pending deliveries are
 * due at `next_attempt_at`; a claim pushes it {@link CLAIM_LEASE_MS} on.
 */
export const DELIVERY_QUEUE: LeaseQueue<typeof webhookDeliveries> = {
  table: webhookDeliveries,
  id: webhookDeliveries.id,
  due: webhookDeliveries.nextAttemptAt,
  ready: eq(webhookDeliveries.status, "pending"),
};
/** Longest `last_error` kept (characters). */
const MAX_ERROR_CHARS = 500;

/**
 * Delay before the next attempt after `attempts` failed attempts (1-based):
 * `min(30 s × 2^(attempts-1), 1 h) × (1 + 0.2 × random)`, i.e. 30-36 s, 60-72 s, 2-2.4 min,
 * 4, 8, 16, 32 min. With {@link MAX_ATTEMPTS} = 8 the last attempt is ~1 h 4 min after the first.
 * @param random a number in [0, 1) (injectable for tests)
 * @returns milliseconds
 */
export function backoffMs(attempts: number, random: number = Math.random()): number {
  return backoffDelay(
    attempts,
    { baseMs: BASE_BACKOFF_MS, maxMs: MAX_BACKOFF_MS, jitter: BACKOFF_JITTER },
    random,
  );
}

/** Outcome of one HTTP attempt. */
interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * POSTs `body` to `url` once, signed with `secret`, connecting only to an approved address.
 * Never throws: network errors, refusals and timeouts become `{ok:false, error}`.
 * Redirects are not followed (a 3xx is a failure).
 */
async function postSigned(
  url: URL,
  msgId: string,
  body: string,
  secret: string,
  guard: GuardOptions,
  timeoutMs: number,
): Promise<AttemptResult> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, statusCode: null, error: `Unsupported protocol ${url.protocol}` };
  }
  const host = urlHostname(url);
  if (isIP(host)) {
    // Node skips `lookup` for IP-literal hosts, so those are checked here; hostnames are
    // checked by `guardedLookup` on the address actually connected to.
    try {
      await resolveAllowed(host, guard);
    } catch (err) {
      return { ok: false, statusCode: null, error: errorText(err) };
    }
  }
  const timestamp = new Date();
  let signature: string;
  try {
    signature = new StandardWebhook(secret).sign(msgId, timestamp, body);
  } catch (err) {
    return { ok: false, statusCode: null, error: `Cannot sign: ${errorText(err)}` };
  }
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = transport.request(
      url,
      {
        method: "POST",
        // A fresh socket per attempt: pooled sockets would skip the connect-time lookup.
        agent: false,
        lookup: guardedLookup(guard),
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "TripSage-Webhooks/1.0",
          "webhook-id": msgId,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": signature,
        },
      },
      (res) => {
        const code = res.statusCode ?? 0;
        res.resume(); // the body is not used; drain it so the socket closes cleanly
        res.on("end", () => {
          const ok = code >= 200 && code < 300;
          finish({
            ok,
            statusCode: code,
            error: ok ? null : `HTTP ${code}${res.statusMessage ? ` ${res.statusMessage}` : ""}`,
          });
        });
        res.on("error", (err) => finish({ ok: false, statusCode: code, error: errorText(err) }));
      },
    );
    timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `Timed out after ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (err) => finish({ ok: false, statusCode: null, error: errorText(err) }));
    // Safety net: a socket closed without 'end' or 'error' still settles the attempt.
    req.on("close", () =>
      finish({ ok: false, statusCode: null, error: "Connection closed before a response" }),
    );
    req.end(body);
  });
}

function errorText(err: unknown): string {
  const e = err as { message?: string; code?: string };
  const text = e?.message || e?.code || String(err);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

/** Options of {@link deliverDue}. */
export interface DeliverOptions extends GuardOptions {
  /** The scheduling clock (default: now). Rows with `next_attempt_at <= now` are due. */
  now?: Date;
  /** Most rows to claim in this call (default {@link DEFAULT_BATCH}). */
  limit?: number;
  /** Only these webhooks' deliveries (tests, or a "retry now" action); default all. */
  webhookIds?: readonly string[];
  /** Per-attempt deadline in ms (default {@link DELIVERY_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Random source for backoff jitter, in [0, 1) (tests). */
  random?: () => number;
}

/** What one {@link deliverDue} call did, counted by outcome. */
export interface DeliverSummary {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Claims due deliveries and attempts each once, concurrently.
 *
 * Claiming is the platform's one-statement lease ({@link claimDue} on {@link DELIVERY_QUEUE}:
 * pending rows with `next_attempt_at <= now`, oldest first, `FOR UPDATE SKIP LOCKED`, leased by
 * moving `next_attempt_at` {@link CLAIM_LEASE_MS} on): on Postgres concurrent dispatchers
 * (several processes) never claim the same row; on PGlite (one connection) it is uncontended.
 * No transaction is held open during HTTP calls. Each result is written only if the row is
 * still as claimed (same `attempts`, still pending), so a dispatcher whose lease expired
 * cannot overwrite a newer outcome.
 *
 * Outcomes: 2xx → `delivered`; anything else (non-2xx, network error, timeout, SSRF refusal
 * at connect time) → `attempts + 1`, `last_status_code`/`last_error` recorded and
 * `next_attempt_at = now + backoffMs(attempts)`, or `failed` once `attempts` reaches
 * {@link MAX_ATTEMPTS}. A delivery whose webhook was deactivated is marked `failed` (its secret
 * is not opened). An active webhook's secret that cannot be opened (see ./secret-box.ts) is
 * logged and the delivery retried like any other failure.
 *
 * Signing secrets are opened once per call per webhook. A legacy plain `whsec_…` secret is
 * re-sealed in place on first use ({@link resealLegacySecret}); a failure to do so is logged
 * and does not hold up the delivery.
 *
 * Timestamps: `next_attempt_at` uses `opts.now`; the signed `webhook-timestamp` always uses
 * the real clock (receivers reject timestamps more than 5 minutes off).
 *
 * @throws only on database errors (HTTP problems are recorded on the row)
 */
export async function deliverDue(db: Db, opts: DeliverOptions = {}): Promise<DeliverSummary> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? DEFAULT_BATCH;
  const random = opts.random ?? Math.random;
  const summary: DeliverSummary = { claimed: 0, delivered: 0, retrying: 0, failed: 0 };
  if (opts.webhookIds && opts.webhookIds.length === 0) return summary;

  const claimed = await claimDue(db, DELIVERY_QUEUE, {
    batch: limit,
    leaseMs: CLAIM_LEASE_MS,
    now,
    ...(opts.webhookIds ? { where: inArray(webhookDeliveries.webhookId, [...opts.webhookIds]) } : {}),
  });
  summary.claimed = claimed.length;
  if (claimed.length === 0) return summary;

  const hookIds = [...new Set(claimed.map((d) => d.webhookId))];
  const hooks = new Map(
    (await db.select().from(webhooks).where(inArray(webhooks.id, hookIds))).map((w) => [w.id, w]),
  );
  // Opened signing secrets of the active webhooks (null: unreadable, already logged). A disabled
  // webhook's secret is never opened: its deliveries fail without it.
  const secrets = new Map<string, string | null>();
  await Promise.all(
    [...hooks.values()]
      .filter((w) => w.isActive)
      .map(async (w) => {
        const secret = readSecret(w.secret, w.id);
        secrets.set(w.id, secret);
        if (secret === null || isSealedSecret(w.secret)) return;
        try {
          await resealLegacySecret(db, w.id, w.secret);
        } catch (err) {
          console.error("[webhooks] cannot re-seal a legacy signing secret", err);
        }
      }),
  );

  await Promise.all(
    claimed.map(async (d) => {
      const hook = hooks.get(d.webhookId);
      let result: AttemptResult;
      const secret = hook ? secrets.get(hook.id) : undefined;
      if (!hook?.isActive) result = { ok: false, statusCode: null, error: "Webhook is disabled" };
      else if (typeof secret !== "string")
        result = {
          ok: false,
          statusCode: null,
          error: "Signing secret cannot be read (was AUTH_SECRET changed?)",
        };
      else
        result = await postSigned(
          new URL(hook.url),
          d.id,
          payloadBody(d),
          secret,
          opts,
          opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
        );
      const attempts = d.attempts + 1;
      const outcome: WebhookDelivery["status"] = result.ok
        ? "delivered"
        : !hook?.isActive || attempts >= MAX_ATTEMPTS
          ? "failed"
          : "pending";
      const updated = await db
        .update(webhookDeliveries)
        .set({
          status: outcome,
          attempts,
          lastStatusCode: result.statusCode,
          lastError: result.error,
          ...(outcome === "delivered" && { deliveredAt: new Date() }),
          ...(outcome === "pending" && {
            nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, random())),
          }),
        })
        .where(
          and(
            eq(webhookDeliveries.id, d.id),
            eq(webhookDeliveries.status, "pending"),
            eq(webhookDeliveries.attempts, d.attempts),
          ),
        )
        .returning({ id: webhookDeliveries.id });
      if (updated.length === 0) return; // someone else finished it after our lease expired
      if (outcome === "delivered") summary.delivered += 1;
      else if (outcome === "failed") summary.failed += 1;
      else summary.retrying += 1;
    }),
  );
  return summary;
}

/** The request body: the stored event with its keys in the documented order. */
function payloadBody(d: WebhookDelivery): string {
  const p = d.payload as { id?: unknown; type?: unknown; data?: unknown; created_at?: unknown };
  return JSON.stringify({ id: p.id, type: p.type ?? d.eventType, data: p.data, created_at: p.created_at });
}

/**
 * Replaces webhook `webhookId`'s legacy plain secret with its sealed form (./secret-box.ts).
 * The update applies only while the row still holds exactly `plain`, so a secret that changed
 * since it was read (e.g. already re-sealed by another dispatcher) is left alone.
 * @param plain the plain `whsec_…` value as read from the row; a sealed value is ignored
 * @returns true when the row was re-sealed
 * @throws on database errors
 */
export async function resealLegacySecret(db: Db, webhookId: string, plain: string): Promise<boolean> {
  if (isSealedSecret(plain)) return false;
  const updated = await db
    .update(webhooks)
    .set({ secret: sealSecret(plain, webhookId) })
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.secret, plain)))
    .returning({ id: webhooks.id });
  return updated.length > 0;
}

// ---- background loop (lib/platform/loop.ts) -------------------------------------------------

/** The loop's name on `globalThis` (see lib/platform/loop.ts). */
const LOOP = "webhook-dispatcher";

/** Webhook `webhookId`'s stored secret opened for signing, or null when it cannot be (logged). */
function readSecret(stored: string, webhookId: string): string | null {
  try {
    return openSecret(stored, webhookId);
  } catch (err) {
    console.error(`[webhooks] cannot open the signing secret of webhook ${webhookId}`, err);
    return null;
  }
}

/**
 * Starts the in-process delivery loop: every `intervalMs` (default 5 s) it runs
 * {@link deliverDue} on the app database, draining while full batches come back. Safe to call
 * any number of times (one loop per process, kept on `globalThis` across dev reloads); ticks
 * never overlap; the timer is `unref`'d so it never keeps the process alive. Errors are
 * logged and the loop carries on. Several processes may each run a loop: claiming is safe on
 * Postgres (see {@link deliverDue}).
 * @param opts.getDb the database to use (default: the app's `getDb()` from db/client)
 * @param opts.deliver options passed to every {@link deliverDue} call (batch size, filters)
 * @returns {@link stopWebhookDispatcher}
 */
export function startWebhookDispatcher(
  opts: { intervalMs?: number; getDb?: () => Promise<Db>; deliver?: Omit<DeliverOptions, "now"> } = {},
): () => void {
  const load =
    opts.getDb ??
    (async () => {
      const { getDb } = await import("@/db/client");
      return getDb();
    });
  const limit = opts.deliver?.limit ?? DEFAULT_BATCH;
  startLoop(LOOP, {
    intervalMs: opts.intervalMs ?? 5_000,
    errorMessage: "[webhooks] dispatcher tick failed",
    tick: async (active) => {
      const db = await load();
      await drainRounds(async () => (await deliverDue(db, opts.deliver)).claimed >= limit, {
        maxRounds: 50,
        active,
      });
    },
  });
  return stopWebhookDispatcher;
}

/** Stops the loop started by {@link startWebhookDispatcher} (an attempt in flight finishes). */
export function stopWebhookDispatcher(): void {
  stopLoop(LOOP);
}

/**
 * Graceful shutdown: stops the loop (no new claims) and waits until the deliveries already
 * claimed have been attempted and their outcome written, so a SIGTERM never leaves a leased
 * row to be re-sent after the restart. The loop state lives on `globalThis`, so the custom
 * server (lib/server/main.ts) drains the loop the Next.js bundle started.
 * @param timeoutMs longest wait (default: one attempt's deadline plus 2 s)
 * @returns true when nothing is in flight any more, false when the wait timed out
 */
export async function drainWebhookDispatcher(timeoutMs = DELIVERY_TIMEOUT_MS + 2_000): Promise<boolean> {
  return drainLoop(LOOP, timeoutMs);
}

/** True while a loop started by {@link startWebhookDispatcher} is active. */
export function webhookDispatcherRunning(): boolean {
  return loopRunning(LOOP);
}
