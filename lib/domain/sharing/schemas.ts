/**
 * Response schemas of sharing: collaborators and invitations, share links, what a link's
 * visitor sees, joining and ownership transfer. The service's response types are `z.infer` of
 * these; lib/openapi/responses.ts names them as components of the OpenAPI document, so a field
 * added here appears in both.
 */
import { z } from "zod";
import { publicItinerarySchema } from "@/lib/domain/itinerary/schemas";
import { tripRoleSchema } from "@/lib/domain/trips/schemas";
import { PERMISSION_LEVELS } from "@/lib/domain/validators/sharing";
import { dateTime, uuid } from "@/lib/platform/schema-fields";

/** The level a collaborator, invitation or link grants (the owner is not a level). */
export const permissionLevelSchema = z.enum(PERMISSION_LEVELS);
export type PermissionLevel = z.infer<typeof permissionLevelSchema>;

/** A collaborator, or a pending invitation (`is_active: false`, no user yet). */
export const collaboratorSchema = z.object({
  user_id: uuid().nullable().meta({ description: "Null for a pending invitation." }),
  email: z.email(),
  name: z.string().nullable(),
  permission_level: permissionLevelSchema,
  added_by: uuid().nullable(),
  added_at: dateTime(),
  is_active: z.boolean().meta({ description: "False for a pending invitation (no account yet)." }),
});
export type CollaboratorResponse = z.infer<typeof collaboratorSchema>;

/** `GET /api/trips/{trip_id}/collaborators`, with the owner. */
export const collaboratorListSchema = z.object({
  collaborators: z.array(collaboratorSchema),
  total: z.int(),
  owner_id: uuid(),
  owner: z.object({ user_id: uuid(), email: z.string(), name: z.string() }).nullable(),
});
export type CollaboratorListResponse = z.infer<typeof collaboratorListSchema>;

/** A share link as its trip's admins see it. */
export const shareLinkSchema = z.object({
  id: uuid(),
  trip_id: uuid(),
  token: z.string(),
  url: z.string().meta({ example: "/join/Zm9vYmFyYmF6cXV4cXV1eA" }),
  public_url: z.string().nullable(),
  permission_level: permissionLevelSchema,
  public: z.boolean(),
  expires_at: dateTime().nullable(),
  max_uses: z.int().nullable(),
  uses: z.int(),
  created_by: uuid().nullable().meta({ description: "Null once the creator's account is deleted." }),
  created_at: dateTime(),
  is_active: z.boolean(),
});
export type ShareLinkResponse = z.infer<typeof shareLinkSchema>;

/** `GET /api/trips/{trip_id}/links`. */
export const shareLinkListSchema = z.object({ links: z.array(shareLinkSchema), total: z.int() });
export type ShareLinkListResponse = z.infer<typeof shareLinkListSchema>;

/** What a link's visitor may know; a public link also shows the itinerary. */
export const shareLinkInfoSchema = z.object({
  trip_id: uuid(),
  trip_title: z.string(),
  permission_level: permissionLevelSchema,
  public: z.boolean(),
  itinerary: publicItinerarySchema.optional().meta({ description: "Present for public links only." }),
});
export type ShareLinkInfoResponse = z.infer<typeof shareLinkInfoSchema>;

/** Joining through a link: the trip and the caller's role after joining. */
export const joinResultSchema = z.object({ trip_id: uuid(), role: tripRoleSchema });
export type JoinResultResponse = z.infer<typeof joinResultSchema>;

/** Ownership transfer: the trip and its new owner. */
export const transferResultSchema = z.object({ trip_id: uuid(), owner_id: uuid() });
export type TransferResultResponse = z.infer<typeof transferResultSchema>;
