// Many finished runs in one statement, one a second from 2020-01-01. Ids from md5 are not time-ordered, so
// lists are keyed on (created_at, id) as in production.
import { sql } from 'kysely';
import type { Db } from '../../src/store/schema.js';

export async function seedRuns(db: Db, runs: number): Promise<void> {
  await sql`
    INSERT INTO runs (id, kind, status, display_name, created_at, started_at, finished_at)
    SELECT md5('run' || i)::uuid, 'registered', 'SUCCESS', 'run ' || i,
           timestamptz '2020-01-01' + make_interval(secs => i), timestamptz '2020-01-01' + make_interval(secs => i),
           timestamptz '2020-01-01' + make_interval(secs => i)
      FROM generate_series(1, ${runs}) AS i`.execute(db);
  await sql`ANALYZE runs`.execute(db);
}
