/** Bodies of the TripSage REST API's `/api/auth/*` endpoints and of the sign-up/sign-in forms. */
import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: "Must be a valid email address" }))
  .transform((s) => s.toLowerCase());

export const registerSchema = z.object({
  email: emailSchema,
  password: z.string().min(8, "Password must be at least 8 characters").max(200),
  name: z.string().trim().min(1, "Name is required").max(100),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Password is required").max(200),
});

export const refreshSchema = z.object({ refresh_token: z.string().min(1).max(500) });

export const changePasswordSchema = z.object({
  current_password: z.string().min(1, "Current password is required").max(200),
  new_password: z.string().min(8, "Password must be at least 8 characters").max(200),
});
