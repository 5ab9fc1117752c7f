// Executes one claimed Provena job. Its effect (a lodge, an update, a batch's child jobs) and its SUCCEEDED
// write commit in one transaction that first re-locks the job as still this worker's: a worker whose lease
// lapsed and whose job was taken by another changes nothing, so no job is lodged twice.
import { randomUUID } from 'node:crypto';
import type { ModelRunRecord } from '../domain/model-run-record.js';
import { BATCH_DISTRIBUTED, LODGE_FAILURE_PREFIX } from '../domain/provena-jobs.js';
import { validateProvenaRecord } from '../domain/provena-record-validation.js';
import type { ServiceContext } from '../services/context.js';
import { loadRecordLookup, lockRegisteredRun, lodgeNewRun, relodgeRun, type Lodger } from '../services/provena-lodge.js';
import { lockAttributionExclusive } from '../store/lineage-records.js';
import { endJob, insertJobs, lockOwnedJob, renewJobLease } from '../store/provena-jobs.js';
import type { NewProvenaJob, ProvenaJobRow, Tx } from '../store/schema.js';
import { isTransientStoreError } from '../store/transient-errors.js';

export interface JobExecutionOptions {
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  /** Told each heartbeat whether the lease was renewed or the job found taken back. */
  onLeaseRenewed?: (kept: boolean) => void;
  /** Told how the job ended, when this worker ended it. */
  onEnded?: (end: { status: 'SUCCEEDED' | 'FAILED'; info: string | null }) => void;
}

type Outcome = { status: 'SUCCEEDED'; result: Record<string, unknown>; info: string | null } | { status: 'FAILED'; info: string };

const failed = (info: string): Outcome => ({ status: 'FAILED', info });
const lodgeFailure = (message: string): Outcome => failed(`${LODGE_FAILURE_PREFIX}${message}.`);

interface Payload {
  record?: ModelRunRecord;
  records?: ModelRunRecord[];
  updated_record?: ModelRunRecord;
  model_run_record_id?: string;
  reason?: string;
}

async function lodge(tx: Tx, ctx: ServiceContext, record: ModelRunRecord, lodger: Lodger): Promise<Outcome> {
  const lookup = await loadRecordLookup(tx, record);
  const checked = validateProvenaRecord(record, lookup);
  if (!checked.ok) return failed(checked.detail);
  const info = await lodgeNewRun(tx, ctx, { runId: ctx.newId(), record, workflow: checked.workflow, lookup, lodger });
  return { status: 'SUCCEEDED', result: { record: info }, info: null };
}

async function relodge(tx: Tx, ctx: ServiceContext, runId: string, record: ModelRunRecord, lodger: Lodger, reason: string | undefined): Promise<Outcome> {
  // Before the run's row lock, as a delete takes them: one order, no deadlock.
  await lockAttributionExclusive(tx);
  const current = await lockRegisteredRun(tx, runId);
  if (!current) return lodgeFailure(`no model run with id ${runId} exists`);
  const lookup = await loadRecordLookup(tx, record);
  const checked = validateProvenaRecord(record, lookup);
  if (!checked.ok) return failed(checked.detail);
  const input = { runId, record, workflow: checked.workflow, lookup, lodger };
  const info = await relodgeRun(tx, ctx, current, input, reason === undefined ? {} : { replace: { reason, by: lodger.id } });
  return { status: 'SUCCEEDED', result: { record: info }, info: null };
}

/** One child lodge job per record, all in a new batch; the first record's job is the oldest. */
async function submitBatch(tx: Tx, ctx: ServiceContext, job: ProvenaJobRow, records: ModelRunRecord[]): Promise<Outcome> {
  if (records.length === 0) return failed('Job failed, err: the batch holds no records, so no jobs were launched.');
  const batchId = randomUUID();
  const now = ctx.now().getTime();
  const children: NewProvenaJob[] = records.map((record, i) => ({
    session_id: randomUUID(),
    batch_id: batchId,
    username: job.username,
    owner_id: job.owner_id,
    job_type: 'PROV_LODGE',
    job_sub_type: 'MODEL_RUN_PROV_LODGE',
    status: 'PENDING',
    payload: JSON.stringify({ record, revalidate: true, user_info: job.owner_id }),
    created_at: new Date(now + i),
    updated_at: new Date(now),
  }));
  await insertJobs(tx, children);
  return { status: 'SUCCEEDED', result: { batch_id: batchId }, info: BATCH_DISTRIBUTED };
}

function work(tx: Tx, ctx: ServiceContext, job: ProvenaJobRow): Promise<Outcome> {
  const payload = job.payload as Payload;
  const lodger = { id: job.owner_id, username: job.username };
  switch (job.job_sub_type) {
    case 'MODEL_RUN_PROV_LODGE':
      return lodge(tx, ctx, payload.record!, lodger);
    case 'MODEL_RUN_UPDATE':
      return relodge(tx, ctx, payload.model_run_record_id!, payload.updated_record!, lodger, payload.reason ?? '');
    case 'MODEL_RUN_LODGE_ONLY':
      return relodge(tx, ctx, payload.model_run_record_id!, payload.record!, lodger, undefined);
    case 'MODEL_RUN_BATCH_SUBMIT':
      return submitBatch(tx, ctx, job, payload.records ?? []);
    default:
      return Promise.resolve(failed(`Job failed, err: runledger does not execute ${job.job_sub_type} jobs.`));
  }
}

/** Ends the job with `decide`'s outcome in one transaction, if it is still this worker's. */
async function endOwned(ctx: ServiceContext, job: ProvenaJobRow, options: JobExecutionOptions, decide: (tx: Tx) => Promise<Outcome>): Promise<boolean> {
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    if (!(await lockOwnedJob(tx, job.session_id, options.workerId))) return undefined;
    const decided = await decide(tx);
    await ctx.racepoints.beforeJobCommit?.(job.session_id);
    await endJob(tx, job.session_id, decided.status === 'SUCCEEDED' ? decided : { status: 'FAILED', result: null, info: decided.info }, ctx.now());
    return decided;
  });
  if (outcome) options.onEnded?.({ status: outcome.status, info: outcome.info });
  return outcome !== undefined;
}

/**
 * Executes a job this worker claimed; false when it turned out not to be this worker's any more. A store
 * fault that may pass (connection lost, deadlock) leaves the job IN_PROGRESS: its lease lapses and
 * another attempt takes it. Any other fault ends the job FAILED with the error in `info`.
 */
export async function executeProvenaJob(ctx: ServiceContext, job: ProvenaJobRow, options: JobExecutionOptions): Promise<boolean> {
  // One renewal at a time: while the job's own transaction holds its row, a renewal waits for it, and
  // renewals piling up would each hold a pooled connection.
  let renewing = false;
  const heartbeat = setInterval(() => {
    if (renewing) return;
    renewing = true;
    renewJobLease(ctx.db, job.session_id, options.workerId, options.leaseMs)
      .then((kept) => options.onLeaseRenewed?.(kept))
      .catch(() => undefined)
      .finally(() => {
        renewing = false;
      });
  }, options.heartbeatMs);
  try {
    try {
      return await endOwned(ctx, job, options, (tx) => work(tx, ctx, job));
    } catch (err) {
      if (isTransientStoreError(err)) throw err;
      const message = (err as Error).message;
      return await endOwned(ctx, job, options, async () => lodgeFailure(message.replace(/\.$/, '')));
    }
  } finally {
    clearInterval(heartbeat);
  }
}
