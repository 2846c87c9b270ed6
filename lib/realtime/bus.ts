/**
 * In-process publish/subscribe of itinerary changes, feeding the seed 001 SSE stream
 * (`/api/itineraries/{id}/events`) so open pages update live. One process = one bus; a
 * multi-instance deployment would put Postgres LISTEN/NOTIFY or Redis behind this API.
 */
import { EventEmitter } from "node:events";

export type ItineraryEvent =
  | { type: "segment_added" | "segment_modified" | "segment_deleted"; segmentId: string; itineraryId: string }
  | { type: "itinerary_updated"; itineraryId: string };

const g = globalThis as unknown as { __tripsageBus?: EventEmitter };
if (!g.__tripsageBus) g.__tripsageBus = new EventEmitter().setMaxListeners(0);
const bus = g.__tripsageBus;

/** Announces a committed change of trip `event.itineraryId` to its subscribers. */
export function publishItineraryEvent(event: ItineraryEvent): void {
  bus.emit(event.itineraryId, event);
}

/** Subscribes to one trip's changes; returns the unsubscribe function. */
export function subscribeItinerary(tripId: string, listener: (e: ItineraryEvent) => void): () => void {
  bus.on(tripId, listener);
  return () => bus.off(tripId, listener);
}

/** A notification for one user's open WebSocket connections (seed 000 `system_notification`). */
export interface UserNotification {
  /** e.g. `price_alert`. */
  notification_type: string;
  /** One human sentence. */
  content: string;
  data: Record<string, unknown>;
}

/** Sends `n` to every open WebSocket connection of `userId` in this process. */
export function publishUserNotification(userId: string, n: UserNotification): void {
  bus.emit(`user:${userId}`, n);
}

/** Subscribes to one user's notifications; returns the unsubscribe function. */
export function subscribeUserNotifications(
  userId: string,
  listener: (n: UserNotification) => void,
): () => void {
  bus.on(`user:${userId}`, listener);
  return () => bus.off(`user:${userId}`, listener);
}
