/**
 * In-process background loops (the webhook dispatcher, the price checker): start, drain,
 * backoff, stop, and the lease their queues are claimed with. A loop is a timer that runs one
 * tick at a time (ticks never overlap); a tick usually drains a queue batch after batch
 * ({@link drainRounds}), claiming each batch with {@link claimDue}; errors are logged and the
 * loop carries on. Loops are kept on `globalThis` by name, so there is one per process across
 * dev-server reloads, and the custom server (lib/server/main.ts) can drain a loop the Next.js
 * bundle started. Timers are `unref`'d: a loop never keeps the process alive. A claim leases
 * its rows by pushing their due time forward (`FOR UPDATE SKIP LOCKED`), so several processes
 * may each run a loop. Imports no domain module (the queues pass their table in).
 */
import { and, asc, getTableColumns, inArray, lte, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";

interface LoopState {
  timer?: NodeJS.Timeout;
  running: boolean;
  /** The tick in progress, for {@link drainLoop}. */
  inflight?: Promise<void>;
}

const g = globalThis as unknown as { __tripsageLoops?: Map<string, LoopState> };

function loops(): Map<string, LoopState> {
  g.__tripsageLoops ??= new Map();
  return g.__tripsageLoops;
}

/** What {@link startLoop} runs. */
export interface LoopOptions {
  /** Time between tick starts, ms; a tick still running when the next is due makes it skip. */
  intervalMs: number;
  /**
   * One tick. `active()` turns false once the loop is stopped (or replaced), so a tick that
   * drains batch after batch stops claiming more.
   */
  tick: (active: () => boolean) => Promise<void>;
  /** Logged, with the error, when a tick throws (e.g. "[webhooks] dispatcher tick failed"). */
  errorMessage: string;
}

/**
 * Starts loop `name` unless one of that name is already running in this process.
 * @returns true when this call started it, false when it was already running
 */
export function startLoop(name: string, opts: LoopOptions): boolean {
  if (loops().get(name)?.timer) return false;
  const state: LoopState = { running: false };
  loops().set(name, state);
  const active = () => loops().get(name) === state;
  const run = async () => {
    try {
      await opts.tick(active);
    } catch (err) {
      console.error(opts.errorMessage, err);
    } finally {
      state.running = false;
      state.inflight = undefined;
    }
  };
  state.timer = setInterval(() => {
    if (state.running || !active()) return;
    state.running = true;
    state.inflight = run();
  }, opts.intervalMs);
  state.timer.unref();
  return true;
}

/** Stops loop `name` (no new ticks; a tick in flight finishes). No-op when it is not running. */
export function stopLoop(name: string): void {
  const state = loops().get(name);
  if (state?.timer) clearInterval(state.timer);
  loops().delete(name);
}

/**
 * Stops loop `name` and waits for the tick in flight, if any, to finish.
 * @param timeoutMs longest wait, ms
 * @returns true when nothing is in flight any more, false when the wait timed out
 */
export async function drainLoop(name: string, timeoutMs: number): Promise<boolean> {
  const inflight = loops().get(name)?.inflight;
  stopLoop(name);
  if (!inflight) return true;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), timeoutMs);
  });
  try {
    return await Promise.race([inflight.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** True while loop `name` is started in this process. */
export function loopRunning(name: string): boolean {
  return Boolean(loops().get(name)?.timer);
}

/**
 * Drains a queue: calls `batch` again while it reports a full batch, at most `maxRounds`
 * times, within `budgetMs` of wall time (when given) and while `active()` holds.
 * @param batch claims and processes one batch; resolves true when the batch was full (more may be due)
 * @throws whatever `batch` throws (the rounds stop there)
 */
export async function drainRounds(
  batch: () => Promise<boolean>,
  opts: { maxRounds: number; budgetMs?: number; active?: () => boolean },
): Promise<void> {
  const started = Date.now();
  for (let round = 0; round < opts.maxRounds; round++) {
    if (opts.budgetMs !== undefined && Date.now() - started >= opts.budgetMs) return;
    const full = await batch();
    if (!full || (opts.active && !opts.active())) return;
  }
}

/**
 * Exponential backoff with jitter: `min(baseMs × 2^(attempts-1), maxMs) × (1 + jitter × random)`.
 * @param attempts failed attempts so far (1-based; 0 counts as 1)
 * @param random a number in [0, 1) (injectable for tests)
 * @returns milliseconds, rounded
 */
export function backoffDelay(
  attempts: number,
  opts: { baseMs: number; maxMs: number; jitter: number },
  random: number = Math.random(),
): number {
  const base = Math.min(opts.baseMs * 2 ** Math.max(0, attempts - 1), opts.maxMs);
  return Math.round(base * (1 + opts.jitter * random));
}

/**
 * A table worked as a queue: a row is claimable when `ready` holds and its `due` time has come;
 * claiming leases it by moving `due` to the end of the lease, so the row comes due again by
 * itself when the claimer dies. E.g. `webhook_deliveries` (`status = 'pending'`,
 * `next_attempt_at`) and `price_watches` (`status = 'active'`, `next_check_at`).
 */
export interface LeaseQueue<T extends PgTable> {
  table: T;
  /** The primary key column. */
  id: PgColumn;
  /** A `timestamp with time zone` column of `table`: due when `<= now`; the lease end after a claim. */
  due: PgColumn;
  /** What else makes a row claimable (e.g. its status). */
  ready?: SQL;
}

/**
 * Claims up to `batch` due rows of `queue`, oldest `due` first, and leases them until
 * `now + leaseMs`, in one statement: `UPDATE t SET due = now + lease WHERE id IN (SELECT id FROM t
 * WHERE ready AND due <= now [AND where] ORDER BY due LIMIT batch FOR UPDATE SKIP LOCKED)
 * RETURNING *`. Concurrent claimers (other connections, other processes) never get the same
 * row: a row another claimer has locked is skipped, and one it has leased is no longer due. A
 * row whose lease has run out (`due <= now` again) is claimed anew; a live lease is left alone.
 * On PGlite (one connection) the same SQL is simply uncontended. No transaction is left open:
 * the claimer works on the returned rows and writes its outcome itself, best guarded by the
 * lease end it was given (a claimer whose lease ran out must not overwrite a newer claim).
 * @param opts.now the claim time (the queue's clock; tests move it)
 * @param opts.where narrows the claimable rows further (e.g. one user's, one webhook's)
 * @returns the claimed rows as they are after the claim (`due` = the lease end), in no particular order
 * @throws on database errors
 */
export async function claimDue<T extends PgTable>(
  db: Db,
  queue: LeaseQueue<T>,
  opts: { batch: number; leaseMs: number; now: Date; where?: SQL },
): Promise<T["$inferSelect"][]> {
  const dueKey = Object.entries(getTableColumns(queue.table)).find(([, c]) => c === queue.due)?.[0];
  if (!dueKey) throw new Error("claimDue: the queue's due column is not a column of its table");
  const due = db
    .select({ id: queue.id })
    .from(queue.table as PgTable)
    .where(and(queue.ready, lte(queue.due, opts.now), opts.where))
    .orderBy(asc(queue.due))
    .limit(opts.batch)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(queue.table as PgTable)
    .set({ [dueKey]: new Date(opts.now.getTime() + opts.leaseMs) })
    .where(inArray(queue.id, due))
    .returning();
  return rows as T["$inferSelect"][];
}
