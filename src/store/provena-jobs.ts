// Provena's job table: claims with FOR UPDATE SKIP LOCKED, leases renewed by heartbeats, and a lapsed
// lease handing the job back to the queue, so a job whose worker died is taken again, never lost.
import { sql } from 'kysely';
import { isUuid } from '../domain/ids.js';
import type { Db, NewProvenaJob, ProvenaJobRow, Tx } from './schema.js';

export type JobStatus = 'PENDING' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

/** Position of a row in newest-first order: where the next page starts. */
export interface JobKey {
  createdAt: Date;
  sessionId: string;
}

export async function insertJobs(db: Db | Tx, jobs: readonly NewProvenaJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.insertInto('provena_jobs').values([...jobs]).execute();
}

export async function findJob(db: Db, sessionId: string): Promise<ProvenaJobRow | undefined> {
  return db.selectFrom('provena_jobs').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
}

/** Which of `sessionIds` (UUIDs) name a job, in one query. */
export async function findExistingJobIds(db: Db, sessionIds: readonly string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db.selectFrom('provena_jobs').select('session_id').where('session_id', 'in', [...sessionIds]).execute();
  return rows.map((row) => row.session_id);
}

/** A page of a user's jobs, newest first; one row more than `limit` tells the caller another page exists. */
export async function listJobsOfOwner(db: Db, ownerId: string, limit: number, after: JobKey | undefined): Promise<ProvenaJobRow[]> {
  let query = db.selectFrom('provena_jobs').selectAll().where('owner_id', '=', ownerId);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'session_id'), '<', eb.tuple(after.createdAt, after.sessionId)));
  return query.orderBy('created_at', 'desc').orderBy('session_id', 'desc').limit(limit + 1).execute();
}

/** A page of a batch's jobs, newest first, as listJobsOfOwner. */
export async function listJobsInBatchPage(db: Db, batchId: string, limit: number, after: JobKey | undefined): Promise<ProvenaJobRow[]> {
  let query = db.selectFrom('provena_jobs').selectAll().where('batch_id', '=', batchId);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'session_id'), '<', eb.tuple(after.createdAt, after.sessionId)));
  return query.orderBy('created_at', 'desc').orderBy('session_id', 'desc').limit(limit + 1).execute();
}

/** Every job of a batch, newest first (none for an id that is not a UUID). A batch is as large as the records one request carried. */
export async function listJobsInBatch(db: Db, batchId: string): Promise<ProvenaJobRow[]> {
  if (!isUuid(batchId)) return [];
  return db
    .selectFrom('provena_jobs')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('created_at', 'desc')
    .orderBy('session_id', 'desc')
    .execute();
}

/** Takes the oldest PENDING job for `workerId`, leased for `leaseMs`. */
export async function claimNextJob(db: Db, workerId: string, leaseMs: number): Promise<ProvenaJobRow | undefined> {
  const result = await sql<ProvenaJobRow>`
    UPDATE provena_jobs SET status = 'IN_PROGRESS', worker_id = ${workerId}, attempts = attempts + 1, updated_at = now(),
           lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
     WHERE session_id = (
       SELECT session_id FROM provena_jobs WHERE status = 'PENDING'
        ORDER BY created_at, session_id
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
    RETURNING *`.execute(db);
  return result.rows[0];
}

/** Renews the lease; false when the job is no longer this worker's (its lease lapsed and it was taken back). */
export async function renewJobLease(db: Db, sessionId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const result = await sql`
    UPDATE provena_jobs SET lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
     WHERE session_id = ${sessionId} AND worker_id = ${workerId} AND status = 'IN_PROGRESS'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Locks the job for its terminal write, only while it is still this worker's. Holding this lock for the
 * whole lodge is what keeps a reaper (which locks the row too) from handing the job to another worker
 * half way: the lodge and the SUCCEEDED write commit together, or neither does.
 */
export async function lockOwnedJob(tx: Tx, sessionId: string, workerId: string): Promise<ProvenaJobRow | undefined> {
  return tx
    .selectFrom('provena_jobs')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'IN_PROGRESS')
    .forUpdate()
    .executeTakeFirst();
}

export async function endJob(
  tx: Tx,
  sessionId: string,
  end: { status: 'SUCCEEDED' | 'FAILED'; result: Record<string, unknown> | null; info: string | null },
  now: Date,
): Promise<void> {
  await tx
    .updateTable('provena_jobs')
    .set({
      status: end.status,
      result: end.result === null ? null : JSON.stringify(end.result),
      info: end.info,
      lease_expires_at: null,
      updated_at: now,
    })
    .where('session_id', '=', sessionId)
    .execute();
}

/**
 * Jobs whose worker stopped renewing its lease go back to PENDING for another worker, or end FAILED once
 * they have been taken `maxAttempts` times (a job that kills every worker that takes it). Returns how many.
 */
export async function reapExpiredJobs(db: Db, maxAttempts: number): Promise<{ requeued: number; failed: number }> {
  const result = await sql<{ status: string }>`
    UPDATE provena_jobs
       SET status = CASE WHEN attempts >= ${maxAttempts} THEN 'FAILED' ELSE 'PENDING' END,
           info = CASE WHEN attempts >= ${maxAttempts}
                       THEN 'Job failed, err: its worker stopped ' || attempts || ' times before finishing it.'
                       ELSE info END,
           worker_id = NULL, lease_expires_at = NULL, updated_at = now()
     WHERE session_id IN (
       SELECT session_id FROM provena_jobs
        WHERE status = 'IN_PROGRESS' AND lease_expires_at < now()
        FOR UPDATE SKIP LOCKED)
    RETURNING status`.execute(db);
  return {
    requeued: result.rows.filter((r) => r.status === 'PENDING').length,
    failed: result.rows.filter((r) => r.status === 'FAILED').length,
  };
}

export async function countJobsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('provena_jobs').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
