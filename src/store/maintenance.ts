// Housekeeping PostgreSQL does by itself but the embedded store does not: PGlite runs no autovacuum
// daemon, so without this its planner never gets statistics and lineage walks fall back to full scans.
import { sql } from 'kysely';
import type { Db } from './schema.js';

export async function analyzeTables(db: Db): Promise<void> {
  await sql`ANALYZE`.execute(db);
}

/** Analyzes now and then every `everyMs`; returns a function that stops it. */
export function scheduleAnalyze(db: Db, everyMs: number, onError: (err: Error) => void): () => void {
  const run = () => analyzeTables(db).catch(onError);
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
