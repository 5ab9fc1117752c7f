// The lineage graph: nodes and effect→cause edges, walked with bounded, cycle-safe recursive CTEs.
import { sql } from 'kysely';
import type { LineageEdge, LineageNode, Relation } from '../domain/lineage-vocabulary.js';
import { chunkRows } from './parameter-limit.js';
import type { Db, Tx } from './schema.js';

/**
 * Adds nodes that are not there yet. Runs use this for the registry items and shared values they name:
 * DO NOTHING takes no row lock, so concurrent runs naming the same model or person do not queue.
 */
export async function insertLineageNodes(tx: Tx, nodes: readonly LineageNode[]): Promise<void> {
  for (const chunk of chunkRows(nodes.map((n) => ({ ...n })))) {
    await tx.insertInto('lineage_nodes').values(chunk).onConflict((oc) => oc.column('id').doNothing()).execute();
  }
}

/** Adds or renames nodes: for the registry, whose items' display names change with their updates. */
export async function upsertLineageNodes(tx: Tx | Db, nodes: readonly LineageNode[]): Promise<void> {
  for (const chunk of chunkRows(nodes.map((n) => ({ ...n })))) {
    await tx
      .insertInto('lineage_nodes')
      .values(chunk)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ display_name: eb.ref('excluded.display_name') })))
      .execute();
  }
}

export async function insertLineageEdges(tx: Tx, edges: readonly LineageEdge[]): Promise<void> {
  for (const chunk of chunkRows(edges.map((e) => ({ source: e.source, target: e.target, relation: e.relation })))) {
    await tx.insertInto('lineage_edges').values(chunk).onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function findLineageNodes(db: Db, ids: readonly string[]): Promise<LineageNode[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('lineage_nodes').selectAll().where(sql<boolean>`id = ANY(${ids}::text[])`).execute();
  return rows as LineageNode[];
}

export type Direction = 'upstream' | 'downstream';

export interface WalkedEdge extends LineageEdge {
  depth: number;
}

/**
 * Edges reachable from `startId` within `depth` hops, breadth first. With `subtypes`, only nodes of those
 * subtypes are entered: the walk sees the graph as if every other node were absent.
 * UNION (not UNION ALL) drops a repeated (edge, depth) row, which keeps cycles and diamonds finite:
 * the work is bounded by edges × depth, never by the number of paths. The outer LIMIT stops the
 * walk early, since PostgreSQL evaluates a recursive CTE only as far as its reader fetches.
 */
export async function walkLineage(
  db: Db,
  startId: string,
  direction: Direction,
  depth: number,
  rowLimit: number,
  subtypes?: readonly string[],
): Promise<WalkedEdge[]> {
  const [from, to] = direction === 'upstream' ? (['source', 'target'] as const) : (['target', 'source'] as const);
  const entered = subtypes
    ? sql`JOIN lineage_nodes n ON n.id = e.${sql.ref(to)} AND n.item_subtype = ANY(${subtypes}::text[])`
    : sql``;
  const result = await sql<{ source: string; target: string; relation: Relation; depth: number }>`
    WITH RECURSIVE walk(source, target, relation, depth) AS (
      SELECT e.source, e.target, e.relation, 1
        FROM lineage_edges e ${entered} WHERE e.${sql.ref(from)} = ${startId}
      UNION
      SELECT e.source, e.target, e.relation, w.depth + 1
        FROM walk w JOIN lineage_edges e ON e.${sql.ref(from)} = w.${sql.ref(to)} ${entered}
       WHERE w.depth < ${depth}
    )
    SELECT source, target, relation, depth FROM walk LIMIT ${rowLimit}
  `.execute(db);
  return result.rows.map((r) => ({ ...r, depth: Number(r.depth) }));
}

export async function countLineage(db: Db): Promise<{ nodes: number; edges: number }> {
  const row = await sql<{ nodes: string; edges: string }>`
    SELECT (SELECT count(*) FROM lineage_nodes) AS nodes, (SELECT count(*) FROM lineage_edges) AS edges
  `.execute(db);
  const first = row.rows[0]!;
  return { nodes: Number(first.nodes), edges: Number(first.edges) };
}

/**
 * Edges of any relation leaving one of `sources` for an AGENT node (of `subtypes`, if given): the last hop of
 * Provena's effected_agents. Served by the edges' primary key (source first) and the nodes' key.
 */
export async function findAgentEdgesFrom(db: Db, sources: readonly string[], subtypes?: readonly string[]): Promise<LineageEdge[]> {
  if (sources.length === 0) return [];
  let query = db
    .selectFrom('lineage_edges as e')
    .innerJoin('lineage_nodes as n', 'n.id', 'e.target')
    .select(['e.source', 'e.target', 'e.relation'])
    .where(sql<boolean>`e.source = ANY(${sources}::text[])`)
    .where('n.item_category', '=', 'AGENT');
  if (subtypes) query = query.where(sql<boolean>`n.item_subtype = ANY(${subtypes}::text[])`);
  return (await query.execute()) as LineageEdge[];
}

/** Every edge that starts or ends at one of `ids`: the statements a set of activities takes part in. */
export async function findEdgesTouching(db: Db, ids: readonly string[]): Promise<LineageEdge[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('lineage_edges')
    .select(['source', 'target', 'relation'])
    .where((eb) => eb.or([sql<boolean>`source = ANY(${ids}::text[])`, sql<boolean>`target = ANY(${ids}::text[])`]))
    .execute();
  return rows as LineageEdge[];
}
