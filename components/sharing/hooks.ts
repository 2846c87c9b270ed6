"use client";
/**
 * Data of the share dialog: the collaborator list, the share links and the signed-in user,
 * each one react-query entry, refetched after every change.
 */
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/client/api";
import {
  type CollaboratorsResponse,
  collaboratorsKey,
  meKey,
  type ShareLinksResponse,
  shareLinksKey,
} from "./types";

export interface MeSummary {
  id: string;
  email: string;
  name: string;
}

export function useCollaborators(tripId: string, enabled = true) {
  return useQuery({
    queryKey: collaboratorsKey(tripId),
    queryFn: ({ signal }) =>
      apiFetch<CollaboratorsResponse>(`/api/trips/${tripId}/collaborators`, { signal }),
    enabled,
    staleTime: 0,
  });
}

export function useShareLinks(tripId: string, enabled = true) {
  return useQuery({
    queryKey: shareLinksKey(tripId),
    queryFn: ({ signal }) => apiFetch<ShareLinksResponse>(`/api/trips/${tripId}/links`, { signal }),
    enabled,
    staleTime: 0,
  });
}

/** The signed-in user (id, email, name), to find "you" in the collaborator list. */
export function useMe(enabled = true) {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => apiFetch<MeSummary>("/api/users/me", { signal }),
    enabled,
    staleTime: 60_000,
  });
}
