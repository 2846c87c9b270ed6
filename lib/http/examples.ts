/**
 * Placeholders the route declarations' request examples use for values that only exist in a
 * running deployment (ids, the caller's own email and password, a refresh token). The examples
 * appear as they are in the OpenAPI document; the authorization sweep and the fuzz tests
 * (lib/testing/sweep-helpers.ts `fromExample`) send the same examples with each placeholder
 * replaced by the real value of the world they build, so a declared example is also the
 * minimal valid request the sweeps use. A string equal to one of these values anywhere in an
 * example (at any depth) is replaced; nothing else is.
 */
export const EXAMPLE = {
  /** A trip the caller can see. */
  tripId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  /** Another user who collaborates on the trip (the transfer target). */
  userId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  /** The caller's own account email. */
  email: "user@example.com",
  /** The caller's current password. */
  password: "secure_password",
  /** An address nobody has registered (sign-up, invitations). */
  newEmail: "new.user@example.com",
  /** The address of a pending invitation on the trip. */
  invitedEmail: "invitee@example.com",
  /** One of the caller's unspent refresh tokens. */
  refreshToken: "rt_…",
  /** A public HTTPS endpoint of the caller's (a webhook target). */
  webhookUrl: "https://your-app.example/webhooks/tripsage",
  /** A question to an assistant about the trip. */
  question: "What is on day 1?",
} as const;

/** Names of {@link EXAMPLE}'s placeholders. */
export type ExamplePlaceholder = keyof typeof EXAMPLE;
