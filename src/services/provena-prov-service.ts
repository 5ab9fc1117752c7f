// prov-api's model-run routes: each checks what Provena checks at request time, then queues the job
// that does the work (the same workers execute it as execute triggered runs).
import { randomUUID } from 'node:crypto';
import { Errors, fail } from '../domain/errors.js';
import type { ModelRunRecord } from '../domain/model-run-record.js';
import type { JobSubType } from '../domain/provena-jobs.js';
import { validateProvenaRecord } from '../domain/provena-record-validation.js';
import { findRegistryItemsByIds } from '../store/registry.js';
import { insertJobs } from '../store/provena-jobs.js';
import type { Db, Tx } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';
import { loadRecordLookup, lockRegisteredRun } from './provena-lodge.js';

export const JOB_DISPATCHED = 'Job dispatched, monitor session ID using the job API to see progress.';

/** Queues one PROV_LODGE job for the principal; returns its session id. */
export async function queueJob(db: Db | Tx, ctx: ServiceContext, principal: Principal, subType: JobSubType, payload: Record<string, unknown>): Promise<string> {
  const sessionId = randomUUID();
  const now = ctx.now();
  await insertJobs(db, [
    {
      session_id: sessionId,
      batch_id: null,
      username: principal.username,
      owner_id: principal.id,
      job_type: 'PROV_LODGE',
      job_sub_type: subType,
      status: 'PENDING',
      // user_info: Provena's encrypted user; here the account the job acts for.
      payload: JSON.stringify({ ...payload, user_info: principal.id }),
      created_at: now,
      updated_at: now,
    },
  ]);
  return sessionId;
}

/** §5.2 against the registry as it is now; a fault is Provena's 400 with its detail. */
async function checkReferences(ctx: ServiceContext, record: ModelRunRecord): Promise<void> {
  const checked = validateProvenaRecord(record, await loadRecordLookup(ctx.db, record));
  if (!checked.ok) fail(Errors.recordInvalid, checked.detail);
}

export async function registerModelRun(ctx: ServiceContext, record: ModelRunRecord, principal: Principal) {
  await checkReferences(ctx, record);
  const sessionId = await queueJob(ctx.db, ctx, principal, 'MODEL_RUN_PROV_LODGE', { record, revalidate: false });
  return { status: { success: true, details: JOB_DISPATCHED }, session_id: sessionId };
}

/** No reference checks here: each record is checked by its own child job, which fails alone. */
export async function registerModelRunBatch(ctx: ServiceContext, records: ModelRunRecord[], principal: Principal) {
  const sessionId = await queueJob(ctx.db, ctx, principal, 'MODEL_RUN_BATCH_SUBMIT', { records });
  return { status: { success: true, details: JOB_DISPATCHED }, session_id: sessionId };
}

/** Like Provena, the run id is checked by the job, not here: an unknown id gives a job that ends FAILED. */
export async function updateModelRun(ctx: ServiceContext, input: { model_run_id: string; reason: string; record: ModelRunRecord }, principal: Principal) {
  await checkReferences(ctx, input.record);
  const sessionId = await queueJob(ctx.db, ctx, principal, 'MODEL_RUN_UPDATE', {
    model_run_record_id: input.model_run_id,
    updated_record: input.record,
    reason: input.reason,
    revalidate: true,
  });
  return { session_id: sessionId };
}

async function checkStudy(ctx: ServiceContext, studyId: string): Promise<void> {
  const [item] = await findRegistryItemsByIds(ctx.db, [studyId]);
  if (!item) fail(Errors.recordInvalid, `Item ${studyId} failed validation: Item with id ${studyId} does not exist.`);
  if (item.kind !== 'studies') fail(Errors.recordInvalid, `Item ${studyId} failed validation: Item with id ${studyId} is not a STUDY.`);
}

/** Sets the run's study now, then queues the additive re-lodge that adds the run→study edge. */
export async function linkModelRunToStudy(ctx: ServiceContext, runId: string, studyId: string, principal: Principal) {
  await checkStudy(ctx, studyId);
  const sessionId = await ctx.db.transaction().execute(async (tx) => {
    const run = await lockRegisteredRun(tx, runId);
    if (!run) fail(Errors.recordInvalid, `Item ${runId} failed validation: Item with id ${runId} is not a registered MODEL_RUN.`);
    const record = run.record as unknown as ModelRunRecord;
    if (record.study_id) {
      fail(Errors.recordInvalid, `ModelRun ${runId} already linked to a study. Study ID: ${record.study_id}. Cannot link to another study.`);
    }
    const linked: ModelRunRecord = { ...record, study_id: studyId };
    await tx.updateTable('runs').set({ record: JSON.stringify(linked) }).where('id', '=', runId).execute();
    return queueJob(tx, ctx, principal, 'MODEL_RUN_LODGE_ONLY', { model_run_record_id: runId, record: linked, revalidate: false });
  });
  return {
    status: { success: true, details: `Model run ${runId} linked to study ${studyId}. ${JOB_DISPATCHED}` },
    model_run_id: runId,
    study_id: studyId,
    session_id: sessionId,
  };
}
