// Limits password guessing at /token: failed logins are counted per username and per client IP, and once
// either is over its limit the attempt is refused before the password is checked, so that even the right
// password gets 429 until the window lapses. Otherwise a guesser would learn the password from the one 200.
import { AppError, Errors } from '../../domain/errors.js';
import {
  clearLoginFailures,
  countLoginAttempt,
  pruneLoginFailures,
  uncountLoginAttempt,
  type LoginFailureCount,
  type LoginFailureKey,
} from '../../store/login-failures.js';
import type { ServiceContext } from '../context.js';

export interface LoginLimits {
  /** Failures per username per window; 0 disables. */
  perUsername: number;
  /** Failures per client IP per window; 0 disables. Higher than perUsername, since many users may share an IP. */
  perIp: number;
  windowSeconds: number;
}

export interface AdmittedLogin {
  /** The password was right: the username's failures are forgiven, and the IP gets this attempt back. */
  succeeded(): Promise<void>;
  /** The password was wrong: the attempt stays counted. */
  failed(): Promise<void>;
}

// Usernames are at most 100 characters (NewUserSchema), so a longer one names no user; capping it keeps
// the key well inside a btree entry.
const USERNAME_KEY_LENGTH = 200;

function keysOf(limits: LoginLimits, username: string, ip: string): { key: LoginFailureKey; limit: number }[] {
  if (limits.windowSeconds === 0) return [];
  // Unknown usernames are counted too: refusing only real ones would tell a guesser which ones exist.
  // Scope order is fixed (username, then ip): countLoginAttempt relies on it to lock rows in one order.
  const keys = [
    { key: { scope: 'username' as const, subject: username.slice(0, USERNAME_KEY_LENGTH) }, limit: limits.perUsername },
    { key: { scope: 'ip' as const, subject: ip }, limit: limits.perIp },
  ];
  return keys.filter((k) => k.limit > 0);
}

function retryAfterSeconds(count: LoginFailureCount, windowSeconds: number, now: Date): number {
  const endsAt = count.windowStartedAt.getTime() + windowSeconds * 1000;
  return Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
}

/**
 * Counts the attempt before the password is checked, not after it fails: a burst of parallel guesses then
 * sees counts 1, 2, 3… rather than all reading the count from before the burst. A success gives it back.
 */
export async function admitLogin(ctx: ServiceContext, limits: LoginLimits, username: string, ip: string): Promise<AdmittedLogin> {
  const keys = keysOf(limits, username, ip);
  const now = ctx.now();
  const lapsedBefore = new Date(now.getTime() - limits.windowSeconds * 1000);
  const counts = await countLoginAttempt(ctx.db, keys.map((k) => k.key), now, lapsedBefore);
  const over = counts.filter((c) => c.failures > keys.find((k) => k.key.scope === c.scope)!.limit);
  const usernameKey = keys.find((k) => k.key.scope === 'username')?.key;
  const ipKey = keys.find((k) => k.key.scope === 'ip')?.key;

  if (over.length > 0) {
    // Refused unchecked, so not a failure: a locked-out user retrying must not use up their IP's allowance.
    for (const { key } of keys) await uncountLoginAttempt(ctx.db, key);
    const retryAfter = Math.max(...over.map((c) => retryAfterSeconds(c, limits.windowSeconds, now)));
    const who = over.map((c) => (c.scope === 'username' ? `for user "${username}"` : `from ${ip}`)).join(' and ');
    throw new AppError(Errors.loginThrottled, `too many failed logins ${who}; retry in ${retryAfter} s`, {}, retryAfter);
  }

  return {
    async succeeded() {
      if (usernameKey) await clearLoginFailures(ctx.db, usernameKey);
      if (ipKey) await uncountLoginAttempt(ctx.db, ipKey);
    },
    async failed() {
      if (keys.length > 0) await pruneLoginFailures(ctx.db, lapsedBefore);
    },
  };
}
