// A batch of register_complete records lodged in one request: each record validated alone, the valid ones
// lodged in one transaction, an answer per record. A record is lodged whole (run, PROV document, lineage,
// idempotency key) or not at all: everything a record writes commits with the batch's one transaction, and
// a record refused by validation writes nothing.
import { createHash } from 'node:crypto';
import { AppError, Errors, fail } from '../domain/errors.js';
import { canonicalJson } from '../domain/gentrace.js';
import { edgeKey, inLockOrder, type LineageEdge, type LineageNode } from '../domain/lineage-vocabulary.js';
import { checkRecordShape, idsReferencedBy, validateRecordReferences, type ModelRunRecord, type RegistryLookup, type RegistryRef } from '../domain/model-run-record.js';
import type { RegistryBodies, RegistryKind, WorkflowTemplate } from '../domain/registry-schemas.js';
import { buildModelRunProv } from '../prov/model-run-prov.js';
import { lockAttributionShared } from '../store/lineage-records.js';
import { findRegistryItemsByIds } from '../store/registry.js';
import { claimIdempotencyKeys, findIdempotencyKeys, insertRunsWithLineage, type ClaimedKey } from '../store/run-batches.js';
import type { Db, NewRun } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';

/** Most records one batch holds: enough to amortise a request, few enough that one answers in about a second. */
export const MAX_BATCH_RECORDS = 500;

export interface RecordFault {
  error_code: string;
  status: number;
  detail: string;
  /** The record's field at fault, when one is. */
  field?: string;
}

/** One record of a batch as the handler parsed it: a record of the right shape, or why it is not one. */
export type BatchEntry = { key?: string | undefined } & ({ record: ModelRunRecord } | { fault: RecordFault });

export type BatchOutcome =
  | { index: number; key?: string; status: 'lodged' | 'existing'; id: string }
  | { index: number; key?: string; status: 'refused'; error: RecordFault };

export interface BatchAnswer {
  results: BatchOutcome[];
  lodged: number;
  existing: number;
  refused: number;
}

export interface Candidate {
  index: number;
  key: string | undefined;
  record: ModelRunRecord;
  hash: string;
}

export interface Lodge extends Candidate {
  runId: string;
  workflow: WorkflowTemplate;
}

const faultOf = (error: AppError): RecordFault => ({ error_code: error.definition.code, status: error.definition.status, detail: error.detail });

const keyConflict = (key: string): RecordFault => ({
  error_code: Errors.conflict.code,
  status: Errors.conflict.status,
  detail: `key "${key}" already names a run lodged from a different record`,
  field: 'key',
});

export function recordHash(record: ModelRunRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/** Every registry item the records name, and their workflows' models and templates, in two queries. */
export async function loadLookup(db: Db, records: readonly ModelRunRecord[]): Promise<RegistryLookup> {
  const lookup = new Map<string, RegistryRef>();
  const add = async (ids: Iterable<string>) => {
    const missing = [...new Set(ids)].filter((id) => !lookup.has(id));
    if (missing.length === 0) return;
    for (const row of await findRegistryItemsByIds(db, missing)) {
      lookup.set(row.id, { kind: row.kind as RegistryKind, body: row.body as unknown as RegistryBodies[RegistryKind] });
    }
  };
  await add(records.flatMap(idsReferencedBy));
  const declared = records.flatMap((record) => {
    const workflow = lookup.get(record.workflow_template_id);
    if (workflow?.kind !== 'workflow-templates') return [];
    const body = workflow.body as RegistryBodies['workflow-templates'];
    return [body.software_id, ...body.input_templates.map((t) => t.template_id), ...body.output_templates.map((t) => t.template_id)];
  });
  await add(declared);
  return lookup;
}

function checkKeysDistinct(entries: readonly BatchEntry[]): void {
  const first = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry.key === undefined) return;
    const earlier = first.get(entry.key);
    if (earlier !== undefined) fail(Errors.validation, `records[${index}].key repeats records[${earlier}].key ("${entry.key}")`);
    first.set(entry.key, index);
  });
}

/** An answer for a key already claimed: the same record is the run it made; another record is refused. */
function answerClaimed(candidate: Candidate, claimed: ClaimedKey): BatchOutcome {
  const { index, key } = candidate;
  return claimed.requestHash === candidate.hash
    ? { index, key: key!, status: 'existing', id: claimed.runId }
    : { index, key: key!, status: 'refused', error: keyConflict(key!) };
}

/** The rows the lodged records add, each node and edge once, in lock order (bench:import's floor writes the same). */
export function lodgeRows(ctx: ServiceContext, lodges: readonly Lodge[], lookup: RegistryLookup, lodger: { id: string; username: string }) {
  const runs: NewRun[] = [];
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();
  const attributions: (LineageEdge & { record_id: string })[] = [];
  const now = ctx.now();
  for (const lodge of lodges) {
    const doc = buildModelRunProv({ runId: lodge.runId, record: lodge.record, workflow: lodge.workflow, lookup, lodgedBy: lodger });
    runs.push({
      id: lodge.runId,
      kind: 'registered',
      status: 'SUCCESS',
      display_name: lodge.record.display_name,
      record: JSON.stringify(lodge.record),
      prov_json: JSON.stringify(doc.toJSON()),
      started_at: new Date(lodge.record.start_time * 1000),
      finished_at: new Date(lodge.record.end_time * 1000),
      created_by: lodger.id,
      created_at: now,
    });
    for (const node of doc.lineageNodes()) if (!nodes.has(node.id)) nodes.set(node.id, node);
    for (const edge of doc.lineageEdges()) {
      edges.set(edgeKey(edge), edge);
      attributions.push({ ...edge, record_id: lodge.runId });
    }
  }
  return { runs, nodes: inLockOrder.nodes([...nodes.values()]), edges: inLockOrder.edges([...edges.values()]), attributions };
}

export async function lodgeModelRunBatch(ctx: ServiceContext, entries: readonly BatchEntry[], principal: Principal): Promise<BatchAnswer> {
  checkKeysDistinct(entries);
  const outcomes = new Map<number, BatchOutcome>();
  const candidates: Candidate[] = [];
  entries.forEach((entry, index) => {
    const key = entry.key;
    if ('fault' in entry) outcomes.set(index, { index, ...(key !== undefined ? { key } : {}), status: 'refused', error: entry.fault });
    else candidates.push({ index, key, record: entry.record, hash: recordHash(entry.record) });
  });

  // Records sent before under the same key are answered without validating them again.
  const known = await findIdempotencyKeys(ctx.db, principal.id, candidates.flatMap((c) => (c.key === undefined ? [] : [c.key])));
  const fresh = candidates.filter((c) => {
    const claimed = c.key === undefined ? undefined : known.get(c.key);
    if (claimed) outcomes.set(c.index, answerClaimed(c, claimed));
    return !claimed;
  });

  const lookup = await loadLookup(ctx.db, fresh.map((c) => c.record));
  const valid: Lodge[] = [];
  for (const candidate of fresh) {
    try {
      checkRecordShape(candidate.record);
      const workflow = validateRecordReferences(candidate.record, lookup);
      valid.push({ ...candidate, runId: ctx.newId(), workflow });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { index, key } = candidate;
      outcomes.set(index, { index, ...(key !== undefined ? { key } : {}), status: 'refused', error: faultOf(error) });
    }
  }

  if (valid.length > 0) {
    const lodger = { id: principal.id, username: principal.username };
    await ctx.db.transaction().execute(async (tx) => {
      await lockAttributionShared(tx);
      const keyed = valid.filter((l) => l.key !== undefined);
      const claimed = await claimIdempotencyKeys(tx, principal.id, keyed.map((l) => ({ key: l.key!, run_id: l.runId, request_hash: l.hash })));
      // Keys a concurrent batch committed while this one waited for them name that batch's runs.
      const raced = keyed.filter((l) => !claimed.has(l.key!));
      const theirs = await findIdempotencyKeys(tx, principal.id, raced.map((l) => l.key!));
      for (const lodge of raced) outcomes.set(lodge.index, answerClaimed(lodge, theirs.get(lodge.key!)!));
      const lodges = valid.filter((l) => l.key === undefined || claimed.has(l.key));
      await insertRunsWithLineage(tx, lodgeRows(ctx, lodges, lookup, lodger));
      await ctx.racepoints.afterRunInsert?.();
      for (const l of lodges) outcomes.set(l.index, { index: l.index, ...(l.key !== undefined ? { key: l.key } : {}), status: 'lodged', id: l.runId });
    });
  }

  const results = entries.map((_, index) => outcomes.get(index)!);
  const count = (status: BatchOutcome['status']) => results.filter((r) => r.status === status).length;
  return { results, lodged: count('lodged'), existing: count('existing'), refused: count('refused') };
}
