// Counts a metrics scrape reads from the store. Each walks a partial or leading-column index over live rows
// only (PENDING, RUNNING), so its cost follows the work in hand, not the size of the history.
import type { Db } from './schema.js';

export interface LiveRunCount {
  kind: string;
  status: 'PENDING' | 'RUNNING';
  count: number;
}

/** Runs waiting or executing, by kind and status (runs_status_created serves the status range). */
export async function countLiveRuns(db: Db): Promise<LiveRunCount[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['kind', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', 'in', ['PENDING', 'RUNNING'])
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status as LiveRunCount['status'], count: Number(r.n) }));
}

/** Provena jobs waiting for a worker (the partial index provena_jobs_pending). */
export async function countPendingJobs(db: Db): Promise<number> {
  const row = await db.selectFrom('provena_jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'PENDING').executeTakeFirst();
  return Number(row?.n ?? 0);
}
