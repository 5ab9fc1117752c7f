// job-api's user routes: a caller's own jobs, one by session id or newest first by page.
import { isUuid } from '../domain/ids.js';
import { Errors, fail } from '../domain/errors.js';
import { findJob, listJobsInBatchPage, listJobsOfOwner, type JobKey } from '../store/provena-jobs.js';
import type { ProvenaJobRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';

/** Most jobs one page returns, whatever limit is asked for: the client pages on until the key is null. */
export const MAX_JOB_PAGE = 100;

/** The key of the next page, opaque to the client: where the last row of this page sits. */
export interface JobPaginationKey {
  created_at: string;
  session_id: string;
  [key: string]: unknown;
}

export function toJobStatusTable(row: ProvenaJobRow) {
  return {
    session_id: row.session_id,
    created_timestamp: Math.floor(row.created_at.getTime() / 1000),
    username: row.username,
    batch_id: row.batch_id,
    payload: row.payload,
    job_type: row.job_type,
    job_sub_type: row.job_sub_type,
    gsi_status: 'ok' as const,
    status: row.status,
    info: row.info,
    result: row.result,
  };
}
export type JobStatusTable = ReturnType<typeof toJobStatusTable>;

/**
 * job-api's 401 for a job of someone else's. Not Errors.forbidden: Provena's surface answers that one with
 * its role sentence, while this detail says the job is not the caller's.
 */
export class JobNotOwnedError extends Error {
  readonly statusCode = 401;
}

function notAuthorised(detail: string): never {
  throw new JobNotOwnedError(detail);
}

export async function fetchJob(ctx: ServiceContext, sessionId: string, principal: Principal) {
  const row = isUuid(sessionId) ? await findJob(ctx.db, sessionId) : undefined;
  // 400, not 404: provenaclient polls on 400 while a job it was just given is not there yet.
  if (!row) fail(Errors.referenceInvalid, 'Item was not found.');
  if (row.owner_id !== principal.id) notAuthorised('Not authorised to view this record.');
  return { job: toJobStatusTable(row) };
}

function afterKey(key: Record<string, unknown> | undefined): JobKey | undefined {
  if (!key) return undefined;
  const createdAt = typeof key.created_at === 'string' ? new Date(key.created_at) : undefined;
  const sessionId = key.session_id;
  if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof sessionId !== 'string' || !isUuid(sessionId)) {
    fail(Errors.badPageToken, 'The pagination_key is not one this service returned.');
  }
  return { createdAt, sessionId };
}

function page(rows: ProvenaJobRow[], limit: number) {
  const jobs = rows.slice(0, limit);
  const last = jobs[jobs.length - 1];
  const more = rows.length > limit && last;
  const pagination_key: JobPaginationKey | null = more
    ? { created_at: last.created_at.toISOString(), session_id: last.session_id, created_timestamp: Math.floor(last.created_at.getTime() / 1000) }
    : null;
  return { jobs: jobs.map(toJobStatusTable), pagination_key };
}

const bounded = (limit: number) => Math.min(Math.max(1, limit), MAX_JOB_PAGE);

export async function listJobs(ctx: ServiceContext, principal: Principal, input: { limit: number; pagination_key?: Record<string, unknown> }) {
  const limit = bounded(input.limit);
  return page(await listJobsOfOwner(ctx.db, principal.id, limit, afterKey(input.pagination_key)), limit);
}

export async function listBatchJobs(
  ctx: ServiceContext,
  principal: Principal,
  input: { batch_id: string; limit: number; pagination_key?: Record<string, unknown> },
) {
  if (!isUuid(input.batch_id)) return { jobs: [], pagination_key: null };
  const limit = bounded(input.limit);
  const rows = await listJobsInBatchPage(ctx.db, input.batch_id, limit, afterKey(input.pagination_key));
  if (rows.slice(0, limit).some((r) => r.owner_id !== principal.id)) notAuthorised('Batch contains items which you do not own. Not authorised.');
  return page(rows, limit);
}
