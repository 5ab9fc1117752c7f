// Runs of every origin (registered, triggered, ingested) in one table.
import { isUuid } from '../domain/ids.js';
import type { LineageEdge, LineageNode } from '../domain/lineage-vocabulary.js';
import { insertLineageEdges, insertLineageNodes } from './lineage.js';
import { likeContaining } from './like.js';
import { MAX_BIND_PARAMETERS, parametersPerRow } from './parameter-limit.js';
import type { Db, NewRun, NewRunStep, RunRow, Tx } from './schema.js';
import { insertSteps } from './steps.js';

export async function insertRun(tx: Tx, run: NewRun): Promise<RunRow> {
  return tx.insertInto('runs').values(run).returningAll().executeTakeFirstOrThrow();
}

export async function findRunById(db: Db, id: string): Promise<RunRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRunByIdAndKind(db: Db, id: string, kind: string): Promise<RunRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('runs').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

export async function countRuns(db: Db): Promise<number> {
  const row = await db.selectFrom('runs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface RunFilter {
  kind?: string;
  status?: string;
  project_name?: string;
  pipeline_id?: string;
  created_by?: string;
  /** Runs having a step of this model (`project.name`) or ingested step name. */
  model?: string;
  /** Text the run's name contains, any case. */
  name_contains?: string;
}


/** Newest first; keyset on (created_at, id) so page 10,000 costs what page 1 does. */
export async function listRuns(
  db: Db,
  filter: RunFilter,
  limit: number,
  after: { createdAt: Date; id: string } | undefined,
): Promise<RunRow[]> {
  let query = db.selectFrom('runs').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.project_name) query = query.where('project_name', '=', filter.project_name);
  if (filter.pipeline_id) query = query.where('pipeline_id', '=', filter.pipeline_id);
  if (filter.created_by) query = query.where('created_by', '=', filter.created_by);
  if (filter.name_contains) query = query.where('display_name', 'ilike', likeContaining(filter.name_contains));
  if (filter.model) {
    const model = filter.model;
    query = query.where('id', 'in', (eb) => eb.selectFrom('run_steps').select('run_id').where('model_name', '=', model));
  }
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

export interface RunWithLineage {
  run: NewRun;
  steps: readonly NewRunStep[];
  /** Sorted by id, and edges by key, so transactions adding the same new nodes lock them in one order. */
  nodes: readonly LineageNode[];
  edges: readonly LineageEdge[];
}

/**
 * A finished run, its steps and its lineage in one statement (data-modifying CTEs): one round trip instead
 * of one per table, which is most of the cost of lodging a small run. A run id that exists fails the whole
 * statement with a unique violation on runs_pkey. Nodes go in only if absent: ON CONFLICT DO NOTHING takes
 * no lock on an existing row, so the nodes runs share (registry items, providers, the lodging user, values
 * seen before) never make concurrent writers queue, as an upsert would.
 */
export async function insertRunWithLineage(tx: Tx, rows: RunWithLineage): Promise<void> {
  const steps = rows.steps.map((s) => ({ ...s }));
  const nodes = rows.nodes.map((n) => ({ ...n }));
  const edges = rows.edges.map((e) => ({ source: e.source, target: e.target, relation: e.relation }));
  const parameters = [[rows.run], steps, nodes, edges].reduce((sum, list) => sum + list.length * parametersPerRow(list), 0);
  if (parameters > MAX_BIND_PARAMETERS) {
    // Too large for one statement: the same rows in chunks, still in the caller's transaction.
    await insertRun(tx, rows.run);
    await insertSteps(tx, steps);
    await insertLineageNodes(tx, rows.nodes);
    await insertLineageEdges(tx, rows.edges);
    return;
  }
  if (nodes.length > 0 && edges.length > 0) {
    const withRun = tx
      .with('run', (db) => db.insertInto('runs').values(rows.run).returning('id'))
      .with('nodes', (db) => db.insertInto('lineage_nodes').values(nodes).onConflict((oc) => oc.doNothing()).returning('id'));
    // An INSERT needs at least one row, so the steps CTE is there only when there are steps.
    const statement =
      steps.length > 0
        ? withRun.with('steps', (db) => db.insertInto('run_steps').values(steps).returning('id')).insertInto('lineage_edges')
        : withRun.insertInto('lineage_edges');
    await statement.values(edges).onConflict((oc) => oc.doNothing()).execute();
    return;
  }
  // Nothing to link (no lineage): one statement per table.
  await tx.insertInto('runs').values(rows.run).execute();
  if (steps.length > 0) await tx.insertInto('run_steps').values(steps).execute();
  if (nodes.length > 0) await tx.insertInto('lineage_nodes').values(nodes).onConflict((oc) => oc.doNothing()).execute();
}

/** Runs changed at or after `since` (after the `after` key when paging), oldest change first: what /events pushes. */
export async function listRunsChangedSince(db: Db, since: Date, limit: number, after?: { at: Date; id: string }): Promise<RunRow[]> {
  let query = db.selectFrom('runs').selectAll().where('updated_at', '>=', since);
  if (after) query = query.where((eb) => eb(eb.refTuple('updated_at', 'id'), '>', eb.tuple(after.at, after.id)));
  return query.orderBy('updated_at').orderBy('id').limit(limit).execute();
}
