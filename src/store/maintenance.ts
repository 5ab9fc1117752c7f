// Housekeeping PostgreSQL does by itself but the embedded store does not: PGlite runs no autovacuum
// daemon, so without this its planner never gets statistics and lineage walks fall back to full scans.
import { sql } from 'kysely';
import type { Db } from './schema.js';

export async function analyzeTables(db: Db): Promise<void> {
  await sql`ANALYZE`.execute(db);
}

/**
 * Analyzes `firstAfterMs` from now, then every `everyMs`; returns a function that stops it. Not at once: the
 * embedded store has one connection, and an ANALYZE at start (seconds on a large store) held up every query
 * of the start behind it. Statistics are kept in the store, so a store opened again has its last ones meanwhile.
 */
export function scheduleAnalyze(db: Db, everyMs: number, onError: (err: Error) => void, firstAfterMs = 10_000): () => void {
  const run = () => analyzeTables(db).catch(onError);
  let timer: NodeJS.Timeout = setTimeout(() => {
    void run();
    timer = setInterval(run, everyMs);
    timer.unref();
  }, firstAfterMs);
  timer.unref();
  return () => clearTimeout(timer);
}
