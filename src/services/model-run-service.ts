// register_complete: validate a Provena ModelRunRecord, mint an id, build its PROV, lodge it atomically.
import { Errors, fail } from '../domain/errors.js';
import { checkRecordShape, validateRecordReferences, type ModelRunRecord } from '../domain/model-run-record.js';
import { findRunByIdAndKind } from '../store/runs.js';
import type { RunRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';
import { loadRecordLookup, lodgeNewRun, type ProvenanceRecordInfo } from './provena-lodge.js';
import { pageRuns } from './run-pages.js';

export interface RegisterModelRunResponse {
  status: { success: boolean; details: string };
  record_info: ProvenanceRecordInfo;
}

export async function registerCompleteModelRun(
  ctx: ServiceContext,
  record: ModelRunRecord,
  principal: Principal | null,
): Promise<RegisterModelRunResponse> {
  checkRecordShape(record);
  const lookup = await loadRecordLookup(ctx.db, record);
  const workflow = validateRecordReferences(record, lookup);
  const lodger = principal ? { id: principal.id, username: principal.username } : null;
  const runId = ctx.newId();
  const recordInfo = await ctx.db.transaction().execute((tx) => lodgeNewRun(tx, ctx, { runId, record, workflow, lookup, lodger }));
  return { status: { success: true, details: 'Successfully registered model run.' }, record_info: recordInfo };
}

function toModelRunItem(row: RunRow) {
  return {
    id: row.id,
    display_name: row.display_name,
    record_status: 'LODGED' as const,
    record: row.record as unknown as ModelRunRecord,
    prov_serialisation: row.prov_json ?? '',
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
  };
}

export async function getRegisteredModelRun(ctx: ServiceContext, id: string) {
  const row = await findRunByIdAndKind(ctx.db, id, 'registered');
  if (!row) fail(Errors.notFound, `no model run with id "${id}"`);
  return toModelRunItem(row);
}

export async function listRegisteredModelRuns(ctx: ServiceContext, limit: number, pageToken: string | undefined, nameContains?: string) {
  return pageRuns(ctx, { kind: 'registered', ...(nameContains ? { name_contains: nameContains } : {}) }, limit, pageToken, toModelRunItem);
}
