// register_complete: validate a Provena ModelRunRecord, mint an id, build its PROV, lodge it atomically.
import { Errors, fail } from '../domain/errors.js';
import {
  checkRecordShape,
  idsReferencedBy,
  validateRecordReferences,
  type ModelRunRecord,
  type RegistryLookup,
  type RegistryRef,
} from '../domain/model-run-record.js';
import { inLockOrder } from '../domain/lineage-vocabulary.js';
import type { RegistryBodies, RegistryKind } from '../domain/registry-schemas.js';
import { buildModelRunProv } from '../prov/model-run-prov.js';
import { insertEdgeRecords, lockAttributionShared } from '../store/lineage-records.js';
import { findRegistryItemsByIds } from '../store/registry.js';
import { findRunByIdAndKind, insertRunWithLineage } from '../store/runs.js';
import type { Db, RunRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';
import { pageRuns } from './run-pages.js';

async function loadLookup(db: Db, ids: readonly string[], into = new Map<string, RegistryRef>()) {
  for (const row of await findRegistryItemsByIds(db, ids)) {
    into.set(row.id, { kind: row.kind as RegistryKind, body: row.body as unknown as RegistryBodies[RegistryKind] });
  }
  return into;
}

/** Reads every item the record names: one query, plus one for the model the workflow template names. */
async function lookupReferences(db: Db, record: ModelRunRecord): Promise<RegistryLookup> {
  const lookup = await loadLookup(db, idsReferencedBy(record));
  const workflow = lookup.get(record.workflow_template_id);
  if (workflow?.kind === 'workflow-templates') {
    const softwareId = (workflow.body as RegistryBodies['workflow-templates']).software_id;
    if (!lookup.has(softwareId)) await loadLookup(db, [softwareId], lookup);
  }
  return lookup;
}


export interface RegisterModelRunResponse {
  status: { success: boolean; details: string };
  record_info: { id: string; prov_json: string; record: ModelRunRecord };
}

export async function registerCompleteModelRun(
  ctx: ServiceContext,
  record: ModelRunRecord,
  principal: Principal | null,
): Promise<RegisterModelRunResponse> {
  checkRecordShape(record);
  const lookup = await lookupReferences(ctx.db, record);
  const workflow = validateRecordReferences(record, lookup);

  const id = ctx.newId();
  const doc = buildModelRunProv({
    runId: id,
    record,
    workflow,
    lookup,
    ...(principal ? { lodgedBy: { id: principal.id, username: principal.username } } : {}),
  });
  const provJson = JSON.stringify(doc.toJSON());

  const nodes = inLockOrder.nodes(doc.lineageNodes());
  const edges = inLockOrder.edges(doc.lineageEdges());
  await ctx.db.transaction().execute(async (tx) => {
    await lockAttributionShared(tx);
    const run = {
      id,
      kind: 'registered',
      status: 'SUCCESS',
      display_name: record.display_name,
      record: JSON.stringify(record),
      prov_json: provJson,
      started_at: new Date(record.start_time * 1000),
      finished_at: new Date(record.end_time * 1000),
      created_by: principal?.id ?? null,
      created_at: ctx.now(),
    };
    await insertRunWithLineage(tx, { run, steps: [], nodes, edges });
    // Which edges this record asserts, so a later update or delete of another run leaves them be.
    await insertEdgeRecords(tx, id, edges);
    await ctx.racepoints.afterRunInsert?.();
  });

  return {
    status: { success: true, details: 'Successfully registered model run.' },
    record_info: { id, prov_json: provJson, record },
  };
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

export async function listRegisteredModelRuns(ctx: ServiceContext, limit: number, pageToken: string | undefined) {
  return pageRuns(ctx, { kind: 'registered' }, limit, pageToken, toModelRunItem);
}
