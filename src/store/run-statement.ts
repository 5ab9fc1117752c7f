// A new run, its steps and its lineage written by one statement of data-modifying CTEs. One statement is
// atomic by itself, so a caller without a transaction needs no BEGIN and COMMIT: one round trip in all.
// The text depends only on the shape (columns and row counts), so it is built once per shape and reused;
// this is the ingestion hot path, where compiling a ~500-parameter query per request was measurable.
import { CompiledQuery } from 'kysely';
import type { LineageNode } from '../domain/lineage-vocabulary.js';
import { MAX_BIND_PARAMETERS, parametersPerRow } from './parameter-limit.js';
import type { RunWithLineage } from './runs.js';
import type { Db } from './schema.js';

const NODE_COLUMNS = ['id', 'item_category', 'item_subtype', 'display_name'] as const;
const EDGE_COLUMNS = ['source', 'target', 'relation'] as const;

/** Statement texts by shape. Runs of a few shapes repeat, and the bound keeps odd shapes from piling up. */
const texts = new Map<string, string>();
const MAX_TEXTS = 200;

function columnsOf(rows: readonly object[]): string[] {
  return rows.length === 0 ? [] : [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

function parameterCount(rows: RunWithLineage): number {
  return parametersPerRow([rows.run]) + rows.steps.length * parametersPerRow(rows.steps) + rows.nodes.length * 4 + rows.edges.length * 3;
}

/** Whether insertNewRunWithLineage can take these rows: they fit one statement, and the run has its own node. */
export function fitsOneStatement(rows: RunWithLineage): boolean {
  return parameterCount(rows) <= MAX_BIND_PARAMETERS && rows.nodes.some((n) => n.id === rows.run.id);
}

function tuples(rowCount: number, columnCount: number, first: number): string {
  const rows: string[] = [];
  let p = first;
  for (let r = 0; r < rowCount; r++) {
    const row: string[] = [];
    for (let c = 0; c < columnCount; c++) row.push(`$${++p}`);
    rows.push(`(${row.join(', ')})`);
  }
  return rows.join(', ');
}

function statementText(runColumns: string[], stepColumns: string[], steps: number, nodes: number, edges: number): string {
  const key = `${runColumns.join(',')}|${stepColumns.join(',')}|${steps}|${nodes}|${edges}`;
  let text = texts.get(key);
  if (text !== undefined) return text;
  let at = 0;
  const insert = (table: string, columns: readonly string[], rowCount: number, suffix = '') => {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples(rowCount, columns.length, at)}${suffix}`;
    at += rowCount * columns.length;
    return sql;
  };
  // The run's node goes in without ON CONFLICT: an id that already names a node fails the whole statement.
  const ctes = [insert('runs', runColumns, 1), insert('lineage_nodes', NODE_COLUMNS, 1)];
  if (nodes > 0) ctes.push(insert('lineage_nodes', NODE_COLUMNS, nodes, ' ON CONFLICT DO NOTHING'));
  if (steps > 0) ctes.push(insert('run_steps', stepColumns, steps));
  // Data-modifying CTEs run to completion whether or not the main statement reads them.
  const main = edges > 0 ? insert('lineage_edges', EDGE_COLUMNS, edges, ' ON CONFLICT DO NOTHING') : 'SELECT 1';
  text = `WITH ${ctes.map((cte, i) => `w${i} AS (${cte})`).join(', ')} ${main}`;
  if (texts.size >= MAX_TEXTS) texts.clear();
  texts.set(key, text);
  return text;
}

/**
 * Writes a run that must be new, with its steps and lineage, in one statement (check fitsOneStatement first).
 * A taken run id fails it with a unique violation on runs_pkey, and an id that names any other node with one
 * on lineage_nodes_pkey; nothing is written then. The other nodes go in only if absent (ON CONFLICT DO NOTHING
 * takes no lock on an existing row, so runs sharing values, providers or the lodger never queue).
 */
export async function insertNewRunWithLineage(db: Db, rows: RunWithLineage): Promise<void> {
  const runColumns = Object.keys(rows.run);
  const stepColumns = columnsOf(rows.steps);
  const runNode = rows.nodes.find((n) => n.id === rows.run.id)!;
  const others = rows.nodes.filter((n) => n !== runNode);
  const parameters: unknown[] = [];
  const run = rows.run as unknown as Record<string, unknown>;
  for (const column of runColumns) parameters.push(run[column] ?? null);
  const pushNode = (node: LineageNode) => parameters.push(node.id, node.item_category, node.item_subtype, node.display_name);
  pushNode(runNode);
  others.forEach(pushNode);
  for (const step of rows.steps as unknown as Record<string, unknown>[]) for (const column of stepColumns) parameters.push(step[column] ?? null);
  for (const edge of rows.edges) parameters.push(edge.source, edge.target, edge.relation);
  const text = statementText(runColumns, stepColumns, rows.steps.length, others.length, rows.edges.length);
  await db.executeQuery(CompiledQuery.raw(text, parameters));
}
