// Gentrace pipelines as the v4 API serves them: get one by id (the OpenTelemetry SDKs' check of their
// pipeline id at start), list them, create one. Pipelines are also created on first use by ingestion.
import { Errors, fail } from '../domain/errors.js';
import { decodePageToken, toPage, type Page } from '../domain/pagination.js';
import { findPipelineById, insertPipeline, listPipelines } from '../store/pipelines.js';
import type { PipelineRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';

export interface PipelineRecord {
  id: string;
  slug: string;
  displayName: string;
  folderId: string | null;
  createdAt: Date;
}

const toRecord = (row: PipelineRow): PipelineRecord => ({
  id: row.id,
  slug: row.slug,
  displayName: row.display_name,
  folderId: row.folder_id,
  createdAt: row.created_at,
});

export async function getPipeline(ctx: ServiceContext, id: string): Promise<PipelineRecord> {
  const row = await findPipelineById(ctx.db, id);
  if (!row) fail(Errors.notFound, `no pipeline with id "${id}"`);
  return toRecord(row);
}

export async function listPipelineRecords(
  ctx: ServiceContext,
  filter: { slug?: string; folderId?: string },
  limit: number,
  pageToken: string | undefined,
): Promise<Page<PipelineRecord>> {
  const after = pageToken ? String(decodePageToken(pageToken, 1)[0]) : undefined;
  const rows = await listPipelines(ctx.db, filter, limit, after);
  return toPage(rows.map(toRecord), limit, (p) => [p.slug]);
}

export interface NewPipelineRequest {
  slug: string;
  displayName?: string | null;
  folderId?: string | null;
}

/** A pipeline without a display name is shown by its slug, as ingestion names the pipelines it creates. */
export async function createPipeline(ctx: ServiceContext, request: NewPipelineRequest, principal: Principal | null): Promise<PipelineRecord> {
  const row = await insertPipeline(ctx.db, {
    id: ctx.newId(),
    slug: request.slug,
    display_name: request.displayName ?? request.slug,
    folder_id: request.folderId ?? null,
    created_at: ctx.now(),
    created_by: principal?.id ?? null,
  });
  if (!row) fail(Errors.conflict, `slug "${request.slug}" already names a pipeline; send another slug`);
  return toRecord(row);
}
