// Which registered model run asserted which lineage edge. Lodges record their edges here; an update or a
// delete takes an edge out of the graph only when no other record still asserts it.
import { sql } from 'kysely';
import { edgeKey, type LineageEdge, type LineageNode, type Relation } from '../domain/lineage-vocabulary.js';
import { chunkRows } from './parameter-limit.js';
import type { Tx } from './schema.js';

// Lodges hold this lock shared and removals hold it exclusively, for their transaction. A removal that
// found no other record asserting an edge cannot then race a lodge that re-asserts the edge (the lodge's
// ON CONFLICT DO NOTHING takes no row lock), while lodges never wait for each other.
const EDGE_ATTRIBUTION_LOCK = 7_100_008;

export async function lockAttributionShared(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(${EDGE_ATTRIBUTION_LOCK})`.execute(tx);
}

export async function lockAttributionExclusive(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${EDGE_ATTRIBUTION_LOCK})`.execute(tx);
}

export async function insertEdgeRecords(tx: Tx, recordId: string, edges: readonly LineageEdge[]): Promise<void> {
  const rows = edges.map((e) => ({ record_id: recordId, source: e.source, target: e.target, relation: e.relation }));
  for (const chunk of chunkRows(rows)) {
    await tx.insertInto('lineage_edge_records').values(chunk).onConflict((oc) => oc.doNothing()).execute();
  }
}

/**
 * The edges a record stands behind: those attributed to it, and any edge touching its own node (a run
 * lodged before attribution existed has no rows here, yet its edges are its alone).
 */
export async function edgesOfRecord(tx: Tx, recordId: string): Promise<LineageEdge[]> {
  const result = await sql<LineageEdge>`
    SELECT source, target, relation FROM lineage_edge_records WHERE record_id = ${recordId}
    UNION
    SELECT source, target, relation FROM lineage_edges WHERE source = ${recordId}
    UNION
    SELECT source, target, relation FROM lineage_edges WHERE target = ${recordId}`.execute(tx);
  return result.rows.map((r) => ({ ...r, relation: r.relation as Relation }));
}

/** For each given edge that another record also asserts, the other record ids. Keyed by edgeKey. */
export async function otherRecordsOfEdges(tx: Tx, recordId: string, edges: readonly LineageEdge[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (edges.length === 0) return out;
  const sources = edges.map((e) => e.source);
  const targets = edges.map((e) => e.target);
  const relations = edges.map((e) => e.relation);
  const result = await sql<{ source: string; target: string; relation: string; record_id: string }>`
    SELECT r.source, r.target, r.relation, r.record_id::text AS record_id
      FROM unnest(${sources}::text[], ${targets}::text[], ${relations}::text[]) AS e(source, target, relation)
      JOIN lineage_edge_records r ON r.source = e.source AND r.target = e.target AND r.relation = e.relation
     WHERE r.record_id <> ${recordId}::uuid
     ORDER BY r.record_id`.execute(tx);
  for (const row of result.rows) {
    const key = edgeKey(row);
    (out.get(key) ?? out.set(key, []).get(key)!).push(row.record_id);
  }
  return out;
}

/** Record ids of the attributed edges touching each node, other than `recordId`. */
export async function otherRecordsOfNodes(tx: Tx, recordId: string, nodeIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (nodeIds.length === 0) return out;
  const result = await sql<{ node: string; record_id: string }>`
    SELECT DISTINCT n.id AS node, r.record_id::text AS record_id
      FROM unnest(${[...nodeIds]}::text[]) AS n(id)
      JOIN lineage_edge_records r ON r.source = n.id
     WHERE r.record_id <> ${recordId}::uuid
    UNION
    SELECT DISTINCT n.id AS node, r.record_id::text AS record_id
      FROM unnest(${[...nodeIds]}::text[]) AS n(id)
      JOIN lineage_edge_records r ON r.target = n.id
     WHERE r.record_id <> ${recordId}::uuid`.execute(tx);
  for (const row of result.rows.sort((a, b) => (a.record_id < b.record_id ? -1 : 1))) {
    (out.get(row.node) ?? out.set(row.node, []).get(row.node)!).push(row.record_id);
  }
  return out;
}

/** Drops a record's claim on the given edges (all its claims when `edges` is omitted). */
export async function deleteEdgeRecords(tx: Tx, recordId: string, edges?: readonly LineageEdge[]): Promise<void> {
  if (!edges) {
    await tx.deleteFrom('lineage_edge_records').where('record_id', '=', recordId).execute();
    return;
  }
  for (const e of edges) {
    await tx
      .deleteFrom('lineage_edge_records')
      .where('record_id', '=', recordId)
      .where('source', '=', e.source)
      .where('target', '=', e.target)
      .where('relation', '=', e.relation)
      .execute();
  }
}

export async function deleteLineageEdges(tx: Tx, edges: readonly LineageEdge[]): Promise<void> {
  for (const e of edges) {
    await tx.deleteFrom('lineage_edges').where('source', '=', e.source).where('target', '=', e.target).where('relation', '=', e.relation).execute();
  }
}

export async function deleteLineageNode(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('lineage_nodes').where('id', '=', id).execute();
}

export async function findNodesForDiff(tx: Tx, ids: readonly string[]): Promise<LineageNode[]> {
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('lineage_nodes').selectAll().where(sql<boolean>`id = ANY(${[...ids]}::text[])`).execute();
  return rows as LineageNode[];
}
