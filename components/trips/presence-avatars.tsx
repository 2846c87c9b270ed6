"use client";

import { useEffect, useState } from "react";

interface PresentUser {
  id: string;
  name: string;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => p?.[0]?.toUpperCase() ?? "").join("") || "?";
}

/** A stable pastel per user, so the same person keeps their colour. */
function hue(id: string): number {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

/**
 * Who else has this trip open right now, live: the trip's SSE stream sends the roster
 * (`presence`) when it connects and after every join or leave, on any app instance.
 * Shows nothing while the viewer is alone.
 */
export function PresenceAvatars({ tripId }: { tripId: string }) {
  const [me, setMe] = useState<string | null>(null);
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/itineraries/${tripId}/events`);
    source.onmessage = (e: MessageEvent<string>) => {
      let data: { type?: string; userId?: string; users?: PresentUser[] } | undefined;
      try {
        data = JSON.parse(e.data) as typeof data;
      } catch {
        return;
      }
      if (data?.type === "connected" && data.userId) setMe(data.userId);
      else if (data?.type === "presence" && Array.isArray(data.users)) setUsers(data.users);
      else if (data?.type === "access_revoked") {
        setUsers([]);
        source.close();
      }
    };
    return () => source.close();
  }, [tripId]);
  const others = users.filter((u) => u.id !== me);
  if (!me || !others.length) return null;
  const shown = others.slice(0, 5);
  const label = `Also here: ${others.map((u) => u.name || "Someone").join(", ")}`;
  return (
    <ul
      className="flex items-center -space-x-2"
      aria-label={label}
      title={label}
      data-testid="presence-avatars"
    >
      {shown.map((u) => (
        <li
          key={u.id}
          className="flex size-8 items-center justify-center rounded-full border-2 border-white text-xs font-semibold text-slate-800"
          style={{ backgroundColor: `hsl(${hue(u.id)} 70% 85%)` }}
          data-testid="presence-avatar"
          data-user-id={u.id}
        >
          <span aria-hidden="true">{initials(u.name)}</span>
          <span className="sr-only">{u.name || "Someone"}</span>
        </li>
      ))}
      {others.length > shown.length ? (
        <li className="flex size-8 items-center justify-center rounded-full border-2 border-white bg-slate-200 text-xs font-semibold text-slate-700">
          +{others.length - shown.length}
        </li>
      ) : null}
    </ul>
  );
}
