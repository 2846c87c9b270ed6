/**
 * In-process background loops (the webhook dispatcher, the price checker): start, drain,
 * backoff, stop. A loop is a timer that runs one tick at a time (ticks never overlap); a tick
 * usually drains a queue batch after batch ({@link drainRounds}); errors are logged and the
 * loop carries on. Loops are kept on `globalThis` by name, so there is one per process across
 * dev-server reloads, and the custom server (lib/server/main.ts) can drain a loop the Next.js
 * bundle started. Timers are `unref`'d: a loop never keeps the process alive. Leases are the
 * claiming queries' own (each queue claims its rows `FOR UPDATE SKIP LOCKED` and leases them
 * by pushing their due time forward), so several processes may each run a loop.
 * Imports nothing of the app.
 */

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
