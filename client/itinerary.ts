"use client";
/**
 * The trip page's itinerary state: one react-query entry per trip (`["itinerary", tripId]`),
 * seeded by the server render, refreshed after every write, and kept live by the
 * `/api/itineraries/{id}/events` SSE stream so collaborators' and the assistant's changes
 * show up without a reload.
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiFetch } from "./api";
import { type ItineraryResponse, itineraryKey, type SegmentResponse } from "./types";

function fetchItinerary(tripId: string, signal?: AbortSignal): Promise<ItineraryResponse> {
  return apiFetch<ItineraryResponse>(`/api/itineraries/${tripId}`, { signal });
}

/** The itinerary of `tripId`, starting from the server-rendered copy. */
export function useItinerary(tripId: string, initial: ItineraryResponse) {
  return useQuery({
    queryKey: itineraryKey(tripId),
    queryFn: ({ signal }) => fetchItinerary(tripId, signal),
    initialData: initial,
    initialDataUpdatedAt: () => Date.now(),
  });
}

/** Marks the itinerary stale and refetches it (if mounted). */
export function invalidateItinerary(client: QueryClient, tripId: string): Promise<void> {
  return client.invalidateQueries({ queryKey: itineraryKey(tripId) });
}

const LIVE_EVENTS = new Set(["segment_added", "segment_modified", "segment_deleted", "itinerary_updated"]);

/**
 * Subscribes to the trip's server-sent events and refetches the itinerary when someone else
 * (a collaborator, the assistant in another tab) changes it. Bursts are coalesced; after a
 * reconnect the itinerary is refetched once, since events may have been missed meanwhile.
 */
export function useItineraryEvents(tripId: string) {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let connectedOnce = false;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void invalidateItinerary(client, tripId), 120);
    };
    const source = new EventSource(`/api/itineraries/${tripId}/events`);
    source.onmessage = (e: MessageEvent<string>) => {
      let data: { type?: string } | undefined;
      try {
        data = JSON.parse(e.data) as { type?: string };
      } catch {
        return;
      }
      if (data?.type === "connected") {
        if (connectedOnce) refresh();
        connectedOnce = true;
      } else if (data?.type && LIVE_EVENTS.has(data.type)) {
        refresh();
      }
    };
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [client, tripId]);
}

export type SegmentInput = Record<string, unknown>;

/** Applies `fn` to the cached itinerary (for optimistic updates); returns the previous copy. */
function patchCache(
  client: QueryClient,
  tripId: string,
  fn: (it: ItineraryResponse) => ItineraryResponse,
): ItineraryResponse | undefined {
  const prev = client.getQueryData<ItineraryResponse>(itineraryKey(tripId));
  if (prev) client.setQueryData(itineraryKey(tripId), fn(prev));
  return prev;
}

/**
 * The itinerary without segment `id`. Only the list that held it is rebuilt: the other days
 * keep their array identity, so their memoised cards do not re-render.
 */
function withoutSegment(it: ItineraryResponse, id: string): { it: ItineraryResponse; seg?: SegmentResponse } {
  let seg: SegmentResponse | undefined;
  const strip = (list: SegmentResponse[]) => {
    const i = list.findIndex((s) => s.id === id);
    if (i < 0) return list;
    seg = list[i];
    return list.filter((s) => s.id !== id);
  };
  const days = it.days.map((d) => {
    const segments = strip(d.segments);
    return segments === d.segments ? d : { ...d, segments };
  });
  return { it: { ...it, days, unscheduled: strip(it.unscheduled) }, seg };
}

export interface MoveInput {
  segmentId: string;
  day_index: number | null;
  position: number;
  time_block?: SegmentResponse["time_block"];
  /** The segment's version the move is based on (sent as `If-Match`). */
  version: number;
}

/**
 * Writes to the itinerary through the REST API; every write refetches the itinerary after.
 * Update, move and delete send `If-Match` with the version of the segment the user acted on,
 * so a change made meanwhile by someone else fails with 412 (`ApiClientError`, the current
 * segment in `details.current`) instead of being overwritten.
 */
export function useSegmentActions(tripId: string) {
  const client = useQueryClient();
  const base = `/api/itineraries/${tripId}/segments`;
  const settle = () => invalidateItinerary(client, tripId);

  const add = useMutation({
    mutationFn: (body: SegmentInput) => apiFetch<SegmentResponse>(base, { method: "POST", body }),
    onSettled: settle,
  });

  const update = useMutation({
    mutationFn: ({ segmentId, body, version }: { segmentId: string; body: SegmentInput; version: number }) =>
      apiFetch<SegmentResponse>(`${base}/${segmentId}`, { method: "PUT", body, ifMatch: version }),
    onSettled: settle,
  });

  const remove = useMutation({
    mutationFn: ({ segmentId, version }: { segmentId: string; version: number }) =>
      apiFetch<void>(`${base}/${segmentId}`, { method: "DELETE", ifMatch: version }),
    onMutate: async ({ segmentId }) => {
      await client.cancelQueries({ queryKey: itineraryKey(tripId) });
      return { prev: patchCache(client, tripId, (it) => withoutSegment(it, segmentId).it) };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.prev) client.setQueryData(itineraryKey(tripId), ctx.prev);
    },
    onSettled: settle,
  });

  const move = useMutation({
    mutationFn: ({ segmentId, version, ...body }: MoveInput) =>
      apiFetch<SegmentResponse>(`${base}/${segmentId}/move`, { method: "POST", body, ifMatch: version }),
    onMutate: async ({ segmentId, day_index, position, time_block }) => {
      await client.cancelQueries({ queryKey: itineraryKey(tripId) });
      const prev = patchCache(client, tripId, (current) => {
        const { it, seg } = withoutSegment(current, segmentId);
        if (!seg) return current;
        const moved: SegmentResponse = {
          ...seg,
          day_index,
          ...(time_block !== undefined && { time_block }),
          ...(day_index !== seg.day_index && { start_time: null, end_time: null }),
        };
        const insert = (list: SegmentResponse[]) => {
          const next = [...list];
          next.splice(Math.min(position, next.length), 0, moved);
          return next.map((s, i) => (s.position === i ? s : { ...s, position: i }));
        };
        return day_index === null
          ? { ...it, unscheduled: insert(it.unscheduled) }
          : {
              ...it,
              days: it.days.map((d) =>
                d.day_index === day_index ? { ...d, segments: insert(d.segments), date: d.date } : d,
              ),
            };
      });
      return { prev };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.prev) client.setQueryData(itineraryKey(tripId), ctx.prev);
    },
    onSettled: settle,
  });

  return { add, update, remove, move };
}
