/**
 * Test fixtures: real users, trips and requests against the real database chosen by the
 * environment (PGlite in memory, or Postgres). Nothing here fakes our own services.
 */
import { getDb } from "@/db/client";
import type { User } from "@/db/schema";
import { signAccessToken } from "@/lib/domain/auth/tokens";
import { createTrip, type TripResponse } from "@/lib/domain/trips/service";
import { registerUser } from "@/lib/domain/users/sign-up";
import { tripCreateSchema } from "@/lib/domain/validators/trips";

let seq = 0;

/** Registers a user with a unique email and returns it with a Bearer header for it. */
export async function makeUser(name = "Test User"): Promise<{ user: User; auth: { authorization: string } }> {
  const db = await getDb();
  seq += 1;
  const user = await registerUser(db, {
    email: `u${Date.now()}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    password: "correct horse battery",
    name,
  });
  return { user, auth: { authorization: `Bearer ${await signAccessToken(user)}` } };
}

/** Creates a trip for `userId` (5 days from 2030-06-01 unless overridden). */
export async function makeTrip(
  userId: string,
  overrides: Record<string, unknown> = {},
): Promise<TripResponse> {
  const db = await getDb();
  return createTrip(
    db,
    userId,
    tripCreateSchema.parse({
      title: "Paris",
      start_date: "2030-06-01",
      end_date: "2030-06-05",
      destinations: [{ name: "Paris", country: "France" }],
      ...overrides,
    }),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: each route declares its own params shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Response | Promise<Response>;

/**
 * Calls a route handler the way Next does.
 * @param body an object is sent as JSON; a string is sent raw (for malformed-JSON tests)
 */
export async function call(
  handler: Handler,
  opts: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = { method: opts.method ?? "GET", headers: { ...opts.headers } };
  if (opts.body !== undefined) {
    init.body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const res = await handler(new Request(`http://localhost${opts.path ?? "/api/test"}`, init), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body, headers: res.headers };
}
