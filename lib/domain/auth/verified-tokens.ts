/**
 * A per-process memory of access JWTs whose signature, issuer, audience and lifetime have
 * already been checked (lib/domain/auth/tokens.ts `verifyAccessToken`), so a client sending the same
 * token on every request pays the HMAC once per process instead of once per request.
 *
 * What it remembers is a pure function of the token string (the claims it carries), so it
 * cannot make a revoked token pass: the token version is still compared with the user's
 * current one on every request (lib/domain/auth/bearer.ts, lib/domain/auth/user-cache.ts). On top of that:
 * - an entry is trusted only until the token's own `exp` (and the maximum token age), after
 *   which the token is verified again, which refuses it as expired;
 * - every token of a user is dropped when the user cache forgets that user (a token version,
 *   role, name or email change, logout, password change, refresh-token reuse) and all of them
 *   when the user cache is emptied;
 * - a change of `AUTH_SECRET` empties it;
 * - at most {@link VERIFIED_TOKENS_MAX} tokens are kept, the least recently used go first.
 */

/** Most tokens remembered. */
export const VERIFIED_TOKENS_MAX = 10_000;

/** The claims of a verified access token that a request needs. */
export interface VerifiedToken {
  userId: string;
  tokenVersion: number;
  /** Epoch seconds from which the token must be verified again (its `exp`, or earlier). */
  until: number;
}

interface State {
  secret: string;
  byToken: Map<string, VerifiedToken>;
  byUser: Map<string, Set<string>>;
}

// Shared by the Next bundle and the custom server (WebSocket), like the user cache.
const g = globalThis as unknown as { __tripsageVerifiedTokens?: State };
g.__tripsageVerifiedTokens ??= { secret: "", byToken: new Map(), byUser: new Map() };
const state: State = g.__tripsageVerifiedTokens;

function drop(token: string, entry: VerifiedToken): void {
  state.byToken.delete(token);
  const set = state.byUser.get(entry.userId);
  if (set) {
    set.delete(token);
    if (set.size === 0) state.byUser.delete(entry.userId);
  }
}

/**
 * The remembered claims of `token`, if it was verified under `secret` and is not yet due for
 * a new check at `nowS` (epoch seconds); undefined otherwise (then verify it and call
 * {@link rememberVerifiedToken}).
 */
export function recallVerifiedToken(token: string, secret: string, nowS: number): VerifiedToken | undefined {
  if (state.secret !== secret) {
    forgetAllVerifiedTokens();
    state.secret = secret;
    return undefined;
  }
  const hit = state.byToken.get(token);
  if (!hit) return undefined;
  if (nowS >= hit.until) {
    drop(token, hit);
    return undefined;
  }
  // Most recently used last: the oldest-used entry is the first one a full map drops.
  state.byToken.delete(token);
  state.byToken.set(token, hit);
  return hit;
}

/** Remembers that `token` verified under `secret` with these claims (until `entry.until`). */
export function rememberVerifiedToken(token: string, secret: string, entry: VerifiedToken): void {
  if (state.secret !== secret) {
    forgetAllVerifiedTokens();
    state.secret = secret;
  }
  const old = state.byToken.get(token);
  if (old) drop(token, old);
  if (state.byToken.size >= VERIFIED_TOKENS_MAX) {
    const first = state.byToken.entries().next().value;
    if (first) drop(first[0], first[1]);
  }
  state.byToken.set(token, entry);
  const set = state.byUser.get(entry.userId);
  if (set) set.add(token);
  else state.byUser.set(entry.userId, new Set([token]));
}

/** Drops every remembered token of `userId` (called by the user cache's `forgetUser`). */
export function forgetVerifiedTokensOf(userId: string): void {
  const set = state.byUser.get(userId);
  if (!set) return;
  for (const token of set) state.byToken.delete(token);
  state.byUser.delete(userId);
}

/** Drops every remembered token (the user cache was emptied). */
export function forgetAllVerifiedTokens(): void {
  state.byToken.clear();
  state.byUser.clear();
}

/** How many tokens are remembered (diagnostics and tests). */
export function verifiedTokenCount(): number {
  return state.byToken.size;
}
