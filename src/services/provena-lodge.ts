// Lodging a registered model run, as Provena's prov-api jobs do: a new run, or a new record for an existing
// run (update, link to a study). The run, its PROV document, its lineage and which edges it asserts change
// together in the caller's transaction.
import { isUuid } from '../domain/ids.js';
import { edgeKey, inLockOrder } from '../domain/lineage-vocabulary.js';
import { idsReferencedBy, type ModelRunRecord, type RegistryLookup, type RegistryRef } from '../domain/model-run-record.js';
import type { RegistryBodies, RegistryKind, WorkflowTemplate } from '../domain/registry-schemas.js';
import { buildModelRunProv } from '../prov/model-run-prov.js';
import { insertLineageEdges, insertLineageNodes } from '../store/lineage.js';
import {
  deleteEdgeRecords,
  deleteLineageEdges,
  edgesOfRecord,
  insertEdgeRecords,
  lockAttributionShared,
  otherRecordsOfEdges,
} from '../store/lineage-records.js';
import { findRegistryItemsByIds } from '../store/registry.js';
import { insertRunWithLineage } from '../store/runs.js';
import type { Db, RunRow, Tx } from '../store/schema.js';
import type { ServiceContext } from './context.js';

export interface Lodger {
  id: string;
  username: string;
}

/** Provena's ProvenanceRecordInfo: what a lodge job's result carries. */
export interface ProvenanceRecordInfo {
  id: string;
  prov_json: string;
  record: ModelRunRecord;
}

async function addItems(db: Db, ids: readonly string[], into: Map<string, RegistryRef>): Promise<void> {
  const missing = ids.filter((id) => !into.has(id));
  if (missing.length === 0) return;
  for (const row of await findRegistryItemsByIds(db, missing)) {
    into.set(row.id, { kind: row.kind as RegistryKind, body: row.body as unknown as RegistryBodies[RegistryKind] });
  }
}

/**
 * Every registry item either validation looks at: the record's ids in one query, then in one more its
 * workflow's model and the templates it declares that the record does not name.
 */
export async function loadRecordLookup(db: Db, record: ModelRunRecord): Promise<RegistryLookup> {
  const lookup = new Map<string, RegistryRef>();
  await addItems(db, idsReferencedBy(record), lookup);
  const workflow = lookup.get(record.workflow_template_id);
  if (workflow?.kind === 'workflow-templates') {
    const body = workflow.body as RegistryBodies['workflow-templates'];
    await addItems(db, [body.software_id, ...body.input_templates.map((t) => t.template_id), ...body.output_templates.map((t) => t.template_id)], lookup);
  }
  return lookup;
}

export interface LodgeInput {
  runId: string;
  record: ModelRunRecord;
  workflow: WorkflowTemplate;
  lookup: RegistryLookup;
  /** Who lodges the record; null for an anonymous register_complete, which then names no lodging agent. */
  lodger: Lodger | null;
}

function graphOf(input: LodgeInput) {
  const { runId, record, workflow, lookup, lodger } = input;
  const doc = buildModelRunProv({ runId, record, workflow, lookup, ...(lodger ? { lodgedBy: lodger } : {}) });
  return { provJson: JSON.stringify(doc.toJSON()), nodes: inLockOrder.nodes(doc.lineageNodes()), edges: inLockOrder.edges(doc.lineageEdges()) };
}

function runTimes(record: ModelRunRecord) {
  return { started_at: new Date(record.start_time * 1000), finished_at: new Date(record.end_time * 1000) };
}

/** A new registered run with its edges attributed to it: register_complete's lodge, and a lodge job's. */
export async function lodgeNewRun(tx: Tx, ctx: ServiceContext, input: LodgeInput): Promise<ProvenanceRecordInfo> {
  const { provJson, nodes, edges } = graphOf(input);
  await lockAttributionShared(tx);
  const run = {
    id: input.runId,
    kind: 'registered',
    status: 'SUCCESS',
    display_name: input.record.display_name,
    record: JSON.stringify(input.record),
    prov_json: provJson,
    ...runTimes(input.record),
    created_by: input.lodger?.id ?? null,
    created_at: ctx.now(),
  };
  await insertRunWithLineage(tx, { run, steps: [], nodes, edges });
  // Which edges this record asserts, so a later update or delete of another run leaves them be.
  await insertEdgeRecords(tx, input.runId, edges);
  await ctx.racepoints.afterRunInsert?.();
  return { id: input.runId, prov_json: provJson, record: input.record };
}

/** Locks a registered run for a change of its record. */
export async function lockRegisteredRun(tx: Tx, id: string): Promise<RunRow | undefined> {
  if (!isUuid(id)) return undefined;
  return tx.selectFrom('runs').selectAll().where('id', '=', id).where('kind', '=', 'registered').forUpdate().executeTakeFirst();
}

export interface RelodgeOptions {
  /** Set for an update: the old record goes to the run's history with this reason, and edges only it stated leave. */
  replace?: { reason: string; by: string };
}

/**
 * Gives an existing run a new record. An update diffs the graph as Provena does: edges the run alone
 * asserted that the new record no longer states are removed, the new record's edges added. Without
 * `replace` (link to a study) the lodge is additive only. The caller holds lockAttributionExclusive, taken
 * before the run's row lock (`current`) as a delete takes them: one order, no deadlock.
 */
export async function relodgeRun(tx: Tx, ctx: ServiceContext, current: RunRow, input: LodgeInput, options: RelodgeOptions = {}): Promise<ProvenanceRecordInfo> {
  const { provJson, nodes, edges } = graphOf(input);
  if (options.replace) {
    const wanted = new Set(edges.map(edgeKey));
    const stale = (await edgesOfRecord(tx, input.runId)).filter((e) => !wanted.has(edgeKey(e)));
    const others = await otherRecordsOfEdges(tx, input.runId, stale);
    await deleteEdgeRecords(tx, input.runId, stale);
    await deleteLineageEdges(tx, stale.filter((e) => !others.has(edgeKey(e))));
    const versions = await tx
      .selectFrom('model_run_record_history')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('run_id', '=', input.runId)
      .executeTakeFirst();
    await tx
      .insertInto('model_run_record_history')
      .values({
        run_id: input.runId,
        version: Number(versions?.v ?? 0) + 1,
        record: JSON.stringify(current.record ?? {}),
        prov_json: current.prov_json,
        reason: options.replace.reason,
        replaced_by: options.replace.by,
        replaced_at: ctx.now(),
      })
      .execute();
  }
  await insertLineageNodes(tx, nodes);
  await tx.updateTable('lineage_nodes').set({ display_name: input.record.display_name }).where('id', '=', input.runId).execute();
  await insertLineageEdges(tx, edges);
  await insertEdgeRecords(tx, input.runId, edges);
  await tx
    .updateTable('runs')
    .set({ record: JSON.stringify(input.record), prov_json: provJson, display_name: input.record.display_name, ...runTimes(input.record) })
    .where('id', '=', input.runId)
    .execute();
  return { id: input.runId, prov_json: provJson, record: input.record };
}

/** A run's earlier records, oldest first, each with the reason it was replaced. */
export async function listRecordHistory(db: Db, runId: string) {
  return db.selectFrom('model_run_record_history').selectAll().where('run_id', '=', runId).orderBy('version').execute();
}
