/**
 * Fan-out benchmark of the live channels: a segment is added to a trip (POST over HTTP) with
 * `subscribers` open subscriptions of one kind — the Trip Designer API SSE stream or the
 * TripSage REST API WebSocket — and the time from sending the write until *every* subscriber
 * has its event is recorded, round after round (p50/p99 of that), together with the
 * per-subscriber delivery times. With `subscribeTo` another instance's base URL, the
 * subscribers sit on that instance and the event crosses the bus (Postgres LISTEN/NOTIFY).
 */
import WebSocket from "ws";

export interface FanoutOptions {
  /** Where the writes go, e.g. `http://127.0.0.1:3220`. */
  writeTo: string;
  /** Where the subscribers connect; default {@link FanoutOptions.writeTo}. */
  subscribeTo?: string;
  kind: "sse" | "ws";
  tripId: string;
  /** The writer's token (an editor of the trip). */
  writerToken: string;
  /** Tokens of members to spread subscribers over (WebSocket: at most 10 sockets per user). */
  memberTokens: string[];
  subscribers: number;
  rounds: number;
}

export interface FanoutResult {
  kind: string;
  subscribers: number;
  rounds: number;
  /** Write sent → last subscriber has the event, ms. */
  allP50: number;
  allP99: number;
  /** Write sent → one subscriber has the event, ms (every delivery of every round). */
  eachP50: number;
  eachP99: number;
  /** Write sent → its 201 response, ms: the part of the figures above that is the write itself. */
  writeP50: number;
  writeP99: number;
  /** Subscribers that missed an event (must be 0). */
  missed: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

type Sub = { close(): void };

async function openSseSub(url: string, token: string, onEvent: (segmentId: string) => void): Promise<Sub> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`SSE ${res.status}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let connected: () => void = () => {};
  const ready = new Promise<void>((r) => {
    connected = r;
  });
  void (async () => {
    let buf = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let cut = buf.indexOf("\n\n");
        while (cut >= 0) {
          const line = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          if (line.startsWith("data:")) {
            const m = JSON.parse(line.slice(5)) as { type: string; segmentId?: string };
            if (m.type === "connected") connected();
            if (m.type === "segment_added" && m.segmentId) onEvent(m.segmentId);
          }
          cut = buf.indexOf("\n\n");
        }
      }
    } catch {}
  })();
  await ready;
  return { close: () => abort.abort() };
}

async function openWsSub(base: string, token: string, tripId: string, onEvent: (segmentId: string) => void) {
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}/api/chat/ws?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (d) => {
      const m = JSON.parse(d.toString()) as {
        type: string;
        event?: string;
        notification_type?: string;
        segment_id?: string;
      };
      if (m.type === "system_notification" && m.notification_type === "subscribed") resolve();
      if (m.type === "collaboration_event" && m.event === "segment_added" && m.segment_id)
        onEvent(m.segment_id);
    });
    ws.once("open", () => ws.send(JSON.stringify({ type: "subscribe", trip_id: tripId })));
    ws.once("error", reject);
  });
  return { close: () => ws.close(1000) };
}

/** Runs one fan-out measurement; see the module doc. */
export async function fanout(o: FanoutOptions): Promise<FanoutResult> {
  const base = o.subscribeTo ?? o.writeTo;
  const arrivals = new Map<string, number[]>();
  const seen = (segmentId: string) => {
    const at = performance.now();
    const list = arrivals.get(segmentId) ?? [];
    list.push(at);
    arrivals.set(segmentId, list);
  };
  const subs: Sub[] = [];
  for (let i = 0; i < o.subscribers; i++) {
    const token = o.memberTokens[i % o.memberTokens.length] as string;
    subs.push(
      o.kind === "sse"
        ? await openSseSub(`${base}/api/itineraries/${o.tripId}/events`, token, seen)
        : await openWsSub(base, token, o.tripId, seen),
    );
  }
  const all: number[] = [];
  const each: number[] = [];
  const writes: number[] = [];
  let missed = 0;
  try {
    for (let r = 0; r < o.rounds; r++) {
      const t0 = performance.now();
      const res = await fetch(`${o.writeTo}/api/itineraries/${o.tripId}/segments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${o.writerToken}` },
        body: JSON.stringify({ type: "note", title: `Fan-out ${r}`, day_index: 1 }),
      });
      if (res.status !== 201) throw new Error(`write → ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      writes.push(performance.now() - t0);
      const until = performance.now() + 5_000;
      while ((arrivals.get(id)?.length ?? 0) < o.subscribers && performance.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 1));
      const got = arrivals.get(id) ?? [];
      missed += o.subscribers - got.length;
      for (const at of got) each.push(at - t0);
      if (got.length) all.push(Math.max(...got) - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    for (const s of subs) s.close();
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    kind: o.kind,
    subscribers: o.subscribers,
    rounds: o.rounds,
    allP50: round1(pct(all, 50)),
    allP99: round1(pct(all, 99)),
    eachP50: round1(pct(each, 50)),
    eachP99: round1(pct(each, 99)),
    writeP50: round1(pct(writes, 50)),
    writeP99: round1(pct(writes, 99)),
    missed,
  };
}
