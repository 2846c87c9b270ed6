/**
 * Response shapes of the sharing endpoints for client components. Type-only imports:
 * nothing from the server modules is bundled for the browser.
 */
import type { CollaboratorResponse, PermissionLevel, toLinkResponse } from "@/lib/domain/sharing/service";

export type { CollaboratorResponse, PermissionLevel };
export type ShareLinkResponse = ReturnType<typeof toLinkResponse>;

export interface CollaboratorsResponse {
  collaborators: CollaboratorResponse[];
  total: number;
  owner_id: string;
}

export interface ShareLinksResponse {
  links: ShareLinkResponse[];
  total: number;
}

/** Query keys of the share dialog's data in react-query. */
export const collaboratorsKey = (tripId: string) => ["trip-collaborators", tripId] as const;
export const shareLinksKey = (tripId: string) => ["trip-share-links", tripId] as const;
export const meKey = ["me"] as const;

export const ROLE_LABEL: Record<PermissionLevel | "owner", string> = {
  viewer: "Viewer",
  editor: "Editor",
  admin: "Admin",
  owner: "Owner",
};

export const ROLE_HINT: Record<PermissionLevel, string> = {
  viewer: "can see the itinerary",
  editor: "can change the trip and its itinerary",
  admin: "can also invite and manage people",
};

/** A share link token as issued by the API (base64url, 192 bits → 32 characters). */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
