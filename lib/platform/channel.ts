/**
 * One resilient LISTEN: the reconnect and heartbeat helper every cross-instance relay of the
 * event bus (lib/platform/bus.ts) shares.
 *
 * - The first LISTEN is retried with backoff (1 s doubling to 30 s, timers `unref`'d) when it
 *   fails; opening the database is retried the same way.
 * - On Postgres postgres.js reconnects a dropped listening connection and re-LISTENs silently,
 *   but swallows failures of those re-LISTENs. So every `heartbeatMs` the relay NOTIFYs itself
 *   `heartbeat:<instance>:<seq>` on its own channel through the ordinary pool; when one has not
 *   come back within `heartbeatTimeoutMs` after it was sent, the connection is dropped and
 *   LISTEN started afresh (and `onGap` told: notifications may have been missed).
 * - On PGlite notifications are in-process and synchronous: no heartbeat.
 *
 * Payloads starting with {@link HEARTBEAT_PREFIX} never reach `onPayload`.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DatabaseHandle, Unlisten } from "@/db/client";
import { getDatabase } from "@/db/client";

/** Prefix of a heartbeat payload: `heartbeat:<instance id>:<sequence>`. */
export const HEARTBEAT_PREFIX = "heartbeat:";

/** What a relay needs of a database. */
export type ChannelHandle = Pick<DatabaseHandle, "db" | "driver" | "listen">;

/** Options of {@link openChannel}. */
export interface ChannelOptions {
  /** The Postgres NOTIFY channel. */
  channel: string;
  /** Called with every non-heartbeat payload, in commit order. Must not throw. */
  onPayload: (payload: string) => void;
  /** Called after every (re)LISTEN following the first, and after a missed heartbeat. */
  onGap?: () => void;
  /** Supplies the database; default {@link getDatabase}. */
  getHandle?: () => Promise<ChannelHandle>;
  /** Also LISTEN on PGlite (e.g. for a trigger's NOTIFY); default false (nothing is sent there). */
  onPglite?: boolean;
  /** ms between heartbeats on Postgres; default 5,000; null for none. */
  heartbeatMs?: number | null;
  /** ms a heartbeat may take to come back; default 2,000. */
  heartbeatTimeoutMs?: number;
  /** A name for log lines. */
  label: string;
}

/** A running relay: {@link Channel.ready} resolves once listening; {@link Channel.close} stops it. */
export interface Channel {
  /** Resolves once the first LISTEN succeeded (at once when there is nothing to listen to). */
  ready: Promise<void>;
  /** true while LISTEN is up and no heartbeat is overdue. */
  live(): boolean;
  /** UNLISTEN and stop every timer. */
  close(): Promise<void>;
}

const RETRY = { min: 1_000, max: 30_000 };

/**
 * Starts listening on `opts.channel` and keeps the subscription alive (see the module doc).
 * Never rejects: failures are logged and retried; `ready` stays pending until LISTEN works.
 */
export function openChannel(opts: ChannelOptions): Channel {
  const instance = randomUUID();
  let closed = false;
  let unlisten: Unlisten | undefined;
  let retryMs = RETRY.min;
  let retryTimer: NodeJS.Timeout | undefined;
  let beatTimer: NodeJS.Timeout | undefined;
  let pending: { token: string; timer?: NodeJS.Timeout } | undefined;
  let seq = 0;
  let up = false;
  let generation = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => {
    markReady = r;
  });

  const onNotify = (gen: number, payload: string) => {
    if (closed || gen !== generation) return;
    if (!payload.startsWith(HEARTBEAT_PREFIX)) return opts.onPayload(payload);
    if (pending?.token === payload) {
      clearTimeout(pending.timer);
      pending = undefined;
    }
  };

  const retry = () => {
    if (closed) return;
    const delay = retryMs;
    retryMs = Math.min(retryMs * 2, RETRY.max);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), delay);
    retryTimer.unref();
    return delay;
  };

  const restart = async (why: string) => {
    console.warn(`[realtime] ${opts.label}: ${why}; listening afresh`);
    generation++;
    up = false;
    clearInterval(beatTimer);
    beatTimer = undefined;
    clearTimeout(pending?.timer);
    pending = undefined;
    const u = unlisten;
    unlisten = undefined;
    await u?.().catch(() => {});
    opts.onGap?.();
    void connect();
  };

  const beat = (handle: ChannelHandle, gen: number) => {
    if (closed || gen !== generation || pending) return;
    const token = `${HEARTBEAT_PREFIX}${instance}:${++seq}`;
    const missed = () => {
      if (closed || gen !== generation || pending?.token !== token) return;
      pending = undefined;
      void restart(`a heartbeat did not come back within ${opts.heartbeatTimeoutMs ?? 2_000} ms`);
    };
    pending = { token };
    handle.db.execute(sql`select pg_notify(${opts.channel}, ${token})`).then(() => {
      if (pending?.token !== token) return;
      pending.timer = setTimeout(missed, opts.heartbeatTimeoutMs ?? 2_000);
      pending.timer.unref();
    }, missed);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const gen = ++generation;
    let handle: ChannelHandle;
    try {
      handle = await (opts.getHandle ?? getDatabase)();
    } catch (err) {
      console.error(`[realtime] ${opts.label}: database not open, retrying in ${retry()} ms`, err);
      return;
    }
    if (handle.driver === "pglite" && !opts.onPglite) {
      up = true;
      markReady();
      return;
    }
    let first = true;
    try {
      const u = await handle.listen(
        opts.channel,
        (p) => onNotify(gen, p),
        () => {
          if (closed || gen !== generation) return;
          if (!first) opts.onGap?.();
          first = false;
        },
      );
      if (closed || gen !== generation) {
        await u().catch(() => {});
        return;
      }
      unlisten = u;
    } catch (err) {
      console.error(`[realtime] ${opts.label}: LISTEN failed, retrying in ${retry()} ms`, err);
      return;
    }
    retryMs = RETRY.min;
    up = true;
    markReady();
    const every = opts.heartbeatMs === undefined ? 5_000 : opts.heartbeatMs;
    if (handle.driver === "postgres" && every !== null) {
      beatTimer = setInterval(() => beat(handle, gen), every);
      beatTimer.unref();
    }
  };

  void connect();
  return {
    ready,
    live: () => up && !closed,
    close: async () => {
      closed = true;
      up = false;
      clearTimeout(retryTimer);
      clearInterval(beatTimer);
      clearTimeout(pending?.timer);
      const u = unlisten;
      unlisten = undefined;
      await u?.().catch((err) => console.error(`[realtime] ${opts.label}: UNLISTEN failed`, err));
    },
  };
}
