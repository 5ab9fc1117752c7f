// The run queue on the runs table: claims with FOR UPDATE SKIP LOCKED, leases renewed by heartbeats,
// and fenced writes so a worker that lost its lease can change nothing.
import { sql } from 'kysely';
import { OPEN_STEP_STATUSES, STEP_MOVES, type StepMove } from '../domain/run-status.js';
import type { Db, RunRow, Tx } from './schema.js';

const UNIQUE_VIOLATION = '23505';

/**
 * Claims the oldest PENDING triggered run whose project has no run executing. The partial unique index
 * runs_one_running_per_project makes "one run per project" hold even when two claims race; the loser
 * gets a unique violation and simply claims nothing this time.
 */
export async function claimNextRun(db: Db, workerId: string, leaseMs: number): Promise<RunRow | undefined> {
  try {
    const result = await sql<RunRow>`
      UPDATE runs SET status = 'RUNNING', worker_id = ${workerId}, started_at = now(),
             lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
       WHERE id = (
         SELECT r.id FROM runs r
          WHERE r.kind = 'triggered' AND r.status = 'PENDING'
            AND NOT EXISTS (SELECT 1 FROM runs x WHERE x.kind = 'triggered' AND x.status = 'RUNNING' AND x.project_name = r.project_name)
          ORDER BY r.created_at
          FOR UPDATE SKIP LOCKED
          LIMIT 1)
      RETURNING *`.execute(db);
    return result.rows[0];
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
    throw err;
  }
}

/** Renews the lease; false when the run is no longer this worker's to execute (cancelled or reaped). */
export async function renewLease(db: Db, runId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const result = await sql`
    UPDATE runs SET lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
     WHERE id = ${runId} AND worker_id = ${workerId} AND status = 'RUNNING'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface StepChanges {
  status: StepMove;
  started_at?: Date;
  finished_at?: Date;
  rows_affected?: number | null;
  error_message?: string | null;
}

/**
 * Moves a step on from the status that move comes from (STEP_MOVES), only while its run is still RUNNING
 * under this worker; false when refused, i.e. the run was ended (cancelled, reaped) under the worker.
 *
 * Both conditions matter under READ COMMITTED. A write queued behind a run's end (which holds the run
 * FOR UPDATE and has closed the step) re-checks only the step row it waited for, while a plain EXISTS on
 * runs still reads the run as RUNNING from the statement's snapshot: the write would then reopen a
 * CANCELLED step as RUNNING, or overwrite it, after the run's PROV was written. FOR KEY SHARE makes the
 * fence wait for that transaction and re-read the committed run (it does not conflict with heartbeats,
 * which change no key); the from-status keeps a write from undoing a step that was closed all the same.
 */
export async function updateStepFenced(db: Db | Tx, runId: string, stepId: string, workerId: string, changes: StepChanges): Promise<boolean> {
  const result = await db
    .updateTable('run_steps')
    .set({ ...changes, worker_id: workerId })
    .where('id', '=', stepId)
    .where('status', '=', STEP_MOVES[changes.status])
    .where((eb) =>
      eb.exists(eb.selectFrom('runs').select('id').where('id', '=', runId).where('worker_id', '=', workerId).where('status', '=', 'RUNNING').forKeyShare()),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Locks a run row for a terminal transition. */
export async function lockRun(tx: Tx, runId: string): Promise<RunRow | undefined> {
  return tx.selectFrom('runs').selectAll().where('id', '=', runId).forUpdate().executeTakeFirst();
}

export async function setRunTerminal(tx: Tx, runId: string, status: string, errorMessage: string | null, provJson: string, now: Date): Promise<void> {
  await tx
    .updateTable('runs')
    .set({ status, error_message: errorMessage, finished_at: now, lease_expires_at: null, prov_json: provJson })
    .where('id', '=', runId)
    .execute();
}

/**
 * Steps that never finished take the given status when their run ends early. One statement, so a step
 * cannot slip from PENDING to RUNNING between a pass over RUNNING steps and one over PENDING steps.
 */
export async function closeOpenSteps(tx: Tx, runId: string, runningTo: string, pendingTo: string, now: Date, message: string): Promise<void> {
  await tx
    .updateTable('run_steps')
    .set((eb) => {
      const wasRunning = eb.case().when('status', '=', 'RUNNING');
      return {
        status: wasRunning.then(runningTo).else(pendingTo).end(),
        finished_at: wasRunning.then(now).else(eb.ref('finished_at')).end(),
        error_message: wasRunning.then(message).else(eb.ref('error_message')).end(),
      };
    })
    .where('run_id', '=', runId)
    .where('status', 'in', OPEN_STEP_STATUSES)
    .execute();
}

/**
 * Puts a run this worker holds back in the queue (the worker is stopping): PENDING again, claimable by any
 * worker, its step in progress PENDING too. Steps it finished keep their status, times and test results, so
 * the next execution continues from there. Fenced like a step write: false when the run is no longer this
 * worker's (cancelled or reaped meanwhile), and nothing changes.
 */
export async function requeueRun(tx: Tx, runId: string, workerId: string): Promise<boolean> {
  const run = await tx
    .updateTable('runs')
    .set({ status: 'PENDING', worker_id: null, lease_expires_at: null })
    .where('id', '=', runId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'RUNNING')
    .executeTakeFirst();
  if (Number(run.numUpdatedRows) === 0) return false;
  await tx
    .updateTable('run_steps')
    .set({ status: 'PENDING', started_at: null, worker_id: null })
    .where('run_id', '=', runId)
    .where('status', '=', 'RUNNING')
    .execute();
  return true;
}

/** Locks a run only if its lease has lapsed (judged by the database clock, which every worker shares). */
export async function lockExpiredRun(tx: Tx, runId: string): Promise<RunRow | undefined> {
  return tx
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('status', '=', 'RUNNING')
    .where('lease_expires_at', '<', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

/** RUNNING triggered runs whose worker stopped renewing its lease. */
export async function findExpiredRuns(db: Db): Promise<RunRow[]> {
  return db.selectFrom('runs').selectAll().where('kind', '=', 'triggered').where('status', '=', 'RUNNING').where('lease_expires_at', '<', sql<Date>`now()`).execute();
}

/** Whether a run of the project is executing: it holds the project's warehouse, or is about to. */
export async function hasRunningRun(db: Db, project: string): Promise<boolean> {
  const row = await db
    .selectFrom('runs')
    .select('id')
    .where('kind', '=', 'triggered')
    .where('status', '=', 'RUNNING')
    .where('project_name', '=', project)
    .executeTakeFirst();
  return row !== undefined;
}
