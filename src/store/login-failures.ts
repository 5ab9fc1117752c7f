// Failed-login counters per username and per client IP, each in a fixed window that opens on its first count.
import { sql } from 'kysely';
import type { Db } from './schema.js';

export type LoginFailureScope = 'username' | 'ip';

export interface LoginFailureKey {
  scope: LoginFailureScope;
  subject: string;
}

export interface LoginFailureCount extends LoginFailureKey {
  failures: number;
  windowStartedAt: Date;
}

/**
 * Adds one to each key's count in one statement and returns the new counts, so that concurrent attempts each
 * see a distinct count. A key whose window started at or before `lapsedBefore` starts a new window at `now`.
 * Callers list keys in one fixed scope order, so that two such statements lock rows in the same order.
 */
export async function countLoginAttempt(db: Db, keys: readonly LoginFailureKey[], now: Date, lapsedBefore: Date): Promise<LoginFailureCount[]> {
  if (keys.length === 0) return [];
  const lapsed = sql<boolean>`login_failures.window_started_at <= ${lapsedBefore}`;
  const rows = await db
    .insertInto('login_failures')
    .values(keys.map((k) => ({ scope: k.scope, subject: k.subject, failures: 1, window_started_at: now })))
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        // Both expressions read the row as it was before this update.
        failures: sql<number>`CASE WHEN ${lapsed} THEN 1 ELSE login_failures.failures + 1 END`,
        window_started_at: sql<Date>`CASE WHEN ${lapsed} THEN excluded.window_started_at ELSE login_failures.window_started_at END`,
      }),
    )
    .returning(['scope', 'subject', 'failures', 'window_started_at'])
    .execute();
  return rows.map((r) => ({ scope: r.scope as LoginFailureScope, subject: r.subject, failures: r.failures, windowStartedAt: r.window_started_at }));
}

/** Takes back one counted attempt (it succeeded, or was refused unchecked). One row per statement: no lock ordering to get wrong. */
export async function uncountLoginAttempt(db: Db, key: LoginFailureKey): Promise<void> {
  await db
    .updateTable('login_failures')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('scope', '=', key.scope)
    .where('subject', '=', key.subject)
    .where('failures', '>', 0)
    .execute();
}

export async function clearLoginFailures(db: Db, key: LoginFailureKey): Promise<void> {
  await db.deleteFrom('login_failures').where('scope', '=', key.scope).where('subject', '=', key.subject).execute();
}

/** Rows whose window has lapsed count for nothing: the next attempt would restart them anyway. */
export async function pruneLoginFailures(db: Db, lapsedBefore: Date): Promise<void> {
  await db.deleteFrom('login_failures').where('window_started_at', '<=', lapsedBefore).execute();
}
