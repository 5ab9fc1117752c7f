// PostgreSQL's own insert rate for the rows a server stores per unit of work (a run, a span batch): a bare
// `pg` pool, `concurrency` writers each looping BEGIN, the statements of unit n, COMMIT. No HTTP, no
// validation, no query builder: what the server's rate is compared with. One transaction per unit, as the
// server commits them; batching several units into one transaction would measure something else.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { summarise, type LatencySummary } from './stats.js';

export interface FloorStatement {
  text: string;
  values: unknown[];
}

export interface PgInsertFloorOptions {
  url: string;
  /** The schema holding the tables (as the server's search_path), when not the connection's default. */
  schema?: string;
  /** PostgreSQL connections: the server's pool size, so the database sees the same number of backends. */
  poolSize: number;
  /** Writers in flight at once, as the load generator's connections are. */
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  /** The statements of unit n, with fresh ids for every n. */
  statementsFor: (n: number) => FloorStatement[];
}

export interface FloorOutcome {
  seconds: number;
  /** Units committed within the measured seconds. */
  ok: number;
  latency: LatencySummary;
}

async function drive(pool: pg.Pool, options: PgInsertFloorOptions, seconds: number, first: number): Promise<FloorOutcome & { next: number }> {
  let next = first;
  let ok = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const writer = async () => {
    while (performance.now() < deadline) {
      const statements = options.statementsFor(next++);
      const t0 = performance.now();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const s of statements) await client.query(s.text, s.values);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      latencies.push(performance.now() - t0);
      ok++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, writer));
  return { seconds: (performance.now() - started) / 1000, ok, latency: summarise(latencies), next };
}

/** A warm-up (discarded), then the measured load. Any failed statement fails the measurement. */
export async function measurePgInsertFloor(options: PgInsertFloorOptions): Promise<FloorOutcome> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  try {
    const warm = await drive(pool, options, options.warmupSeconds, 0);
    const { next: _next, ...outcome } = await drive(pool, options, options.seconds, warm.next);
    return outcome;
  } finally {
    await pool.end();
  }
}
