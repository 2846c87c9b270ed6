/** Bodies of the sharing endpoints (the TripSage REST API "Trip Collaboration", plus share links). */
import { z } from "zod";
import { emailSchema } from "./auth";

export const PERMISSION_LEVELS = ["viewer", "editor", "admin"] as const;

export const shareSchema = z.object({
  user_emails: z.array(emailSchema).min(1, "At least one email is required").max(20),
  permission_level: z.enum(PERMISSION_LEVELS).default("viewer"),
  message: z.string().trim().max(1000).optional(),
});

export const collaboratorUpdateSchema = z.object({ permission_level: z.enum(PERMISSION_LEVELS) });

export const shareLinkCreateSchema = z.object({
  /** Role granted to whoever joins through the link (never admin). */
  permission_level: z.enum(["viewer", "editor"]).default("viewer"),
  /** A public link also shows the itinerary read-only to anyone, without an account. */
  public: z.boolean().default(false),
  expires_in_days: z.number().int().min(1).max(365).nullable().optional(),
  max_uses: z.number().int().min(1).max(1000).nullable().optional(),
});

export const transferSchema = z.object({ user_id: z.uuid() });

/** A share link token as issued (URL-safe base64, 16-64 characters); any other string names no link. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
