// Many registered runs in one transaction: their rows, lineage and edge attributions in multi-row inserts,
// and the idempotency keys a batch's client named them with.
import { sql } from 'kysely';
import type { LineageEdge, LineageNode } from '../domain/lineage-vocabulary.js';
import { insertLineageEdges, insertLineageNodes } from './lineage.js';
import { chunkRows } from './parameter-limit.js';
import type { Db, NewRun, Tx } from './schema.js';

export interface IdempotencyKeyClaim {
  key: string;
  run_id: string;
  request_hash: string;
}

export interface ClaimedKey {
  runId: string;
  requestHash: string;
}

/** The runs already made under these keys of `ownerId`, by key. */
export async function findIdempotencyKeys(db: Db | Tx, ownerId: string, keys: readonly string[]): Promise<Map<string, ClaimedKey>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('run_idempotency_keys')
    .select(['key', 'run_id', 'request_hash'])
    .where('owner_id', '=', ownerId)
    .where(sql<boolean>`key = ANY(${[...keys]}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.key, { runId: r.run_id, requestHash: r.request_hash }]));
}

/**
 * Claims keys for the runs about to be inserted; answers the keys this transaction now holds. A key another
 * transaction holds uncommitted makes this one wait for it (the primary key's conflict check), and is then
 * left out: committed, it names that transaction's run; rolled back, it is claimed here. Claims go in key
 * order, so two batches sharing keys take them in one order and cannot deadlock.
 */
export async function claimIdempotencyKeys(tx: Tx, ownerId: string, claims: readonly IdempotencyKeyClaim[]): Promise<Set<string>> {
  const claimed = new Set<string>();
  const rows = [...claims].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((c) => ({ owner_id: ownerId, ...c }));
  for (const chunk of chunkRows(rows)) {
    const inserted = await tx.insertInto('run_idempotency_keys').values(chunk).onConflict((oc) => oc.doNothing()).returning('key').execute();
    for (const row of inserted) claimed.add(row.key);
  }
  return claimed;
}

export interface RunsWithLineage {
  runs: readonly NewRun[];
  /** In lock order (sorted by id), without repeats. */
  nodes: readonly LineageNode[];
  /** In lock order (sorted by key), without repeats. */
  edges: readonly LineageEdge[];
  /** Which run asserts which edge: the rows of lineage_edge_records. */
  attributions: readonly (LineageEdge & { record_id: string })[];
}

export async function insertRunsWithLineage(tx: Tx, batch: RunsWithLineage): Promise<void> {
  for (const chunk of chunkRows(batch.runs)) await tx.insertInto('runs').values(chunk).execute();
  await insertLineageNodes(tx, batch.nodes);
  await insertLineageEdges(tx, batch.edges);
  const attributions = batch.attributions.map((a) => ({ record_id: a.record_id, source: a.source, target: a.target, relation: a.relation }));
  for (const chunk of chunkRows(attributions)) {
    await tx.insertInto('lineage_edge_records').values(chunk).onConflict((oc) => oc.doNothing()).execute();
  }
}
