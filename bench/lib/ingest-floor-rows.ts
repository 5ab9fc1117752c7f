// The rows one ingested run left in the store (its run row with every text column, its step rows, the lineage
// nodes it inserted and its edges), read back and replayed by the PostgreSQL insert floor with fresh ids per
// run. Read from the store rather than rebuilt, so the floor writes exactly what the server writes, whatever
// the server's version stores.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FloorStatement } from './pg-insert-floor.js';

type Row = Record<string, unknown>;

export interface IngestedRunRows {
  run: Row;
  steps: Row[];
  nodes: Row[];
  edges: Row[];
  /** Ids made for this run (run, steps, values); every other node id (providers, the lodger) is shared. */
  freshIds: string[];
}

async function rows(client: pg.Client, text: string, values: unknown[]): Promise<Row[]> {
  return (await client.query<Row>(text, values)).rows;
}

export async function readIngestedRun(url: string, schema: string | undefined, runId: string): Promise<IngestedRunRows> {
  const client = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    const [run] = await rows(client, 'SELECT * FROM runs WHERE id = $1', [runId]);
    if (!run) throw new Error(`run ${runId} is not stored`);
    const steps = await rows(client, 'SELECT * FROM run_steps WHERE run_id = $1 ORDER BY position', [runId]);
    const stepIds = steps.map((s) => String(s.id));
    // Every edge of a run leaves the run, one of its steps, or one of their output values (wasDerivedFrom).
    const fromRun = await rows(client, 'SELECT * FROM lineage_edges WHERE source = ANY($1::text[])', [[runId, ...stepIds]]);
    const values = new Set(fromRun.filter((e) => e.relation === 'used').map((e) => String(e.target)));
    for (const s of steps) values.add(String(s.output_entity_id));
    const fromValues = await rows(client, 'SELECT * FROM lineage_edges WHERE source = ANY($1::text[]) AND target = ANY($1::text[])', [[...values]]);
    const generated = await rows(client, "SELECT * FROM lineage_edges WHERE relation = 'wasGeneratedBy' AND target = ANY($1::text[])", [stepIds]);
    const edges = [...fromRun, ...fromValues, ...generated];
    const nodeIds = new Set<string>(edges.flatMap((e) => [String(e.source), String(e.target)]));
    const nodes = await rows(client, 'SELECT * FROM lineage_nodes WHERE id = ANY($1::text[]) ORDER BY id', [[...nodeIds]]);
    return { run, steps, nodes, edges, freshIds: [runId, ...stepIds, ...values] };
  } finally {
    await client.end();
  }
}

/** A column value as `pg` should send it: json and jsonb columns come back parsed and go back as text. */
function wire(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value;
}

function insert(table: string, list: readonly Row[], suffix: string, first: number): { text: string; columns: string[] } {
  const columns = Object.keys(list[0]!);
  let p = first;
  const tuples = list.map(() => `(${columns.map(() => `$${++p}`).join(', ')})`).join(', ');
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples}${suffix}`, columns };
}

export type FloorShape = 'per-table' | 'one-statement';

/** Rows of one table to replay, with the INSERT's tail (e.g. ` ON CONFLICT DO NOTHING`). */
export type FloorTable = [table: string, rows: Row[], suffix: string];

/**
 * The statements replaying `tables`, with every id in `freshIds` replaced by a new UUID taken from (or added
 * to) the map given per unit, so units that share a map (the spans of one trace) name the same new ids:
 * one multi-row INSERT per table, as a bare client would write them, or the same INSERTs as data-modifying
 * CTEs of one statement (one round trip).
 */
export function replayStatements(tables: readonly FloorTable[], freshIds: Iterable<string>, shape: FloorShape): (ids: Map<string, string>) => FloorStatement[] {
  const fresh = new Set(freshIds);
  let first = 0;
  const plans = tables
    .filter(([, list]) => list.length > 0)
    .map(([table, list, suffix]) => {
      const plan = { ...insert(table, list, suffix, first), list: list.map((row) => Object.values(row).map(wire)) };
      if (shape === 'one-statement') first += list.length * plan.columns.length;
      return plan;
    });
  const idColumns = new Set(['id', 'run_id', 'output_entity_id', 'source', 'target', 'parent_step_id']);
  const texts =
    shape === 'per-table'
      ? plans.map((plan) => plan.text)
      : [`WITH ${plans.slice(0, -1).map((plan, i) => `w${i} AS (${plan.text})`).join(', ')} ${plans.at(-1)!.text}`];
  return (ids) => {
    const renamed = (v: unknown) => {
      if (typeof v !== 'string' || !fresh.has(v)) return v;
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = randomUUID()));
      return id;
    };
    const values = plans.map((plan) => plan.list.flatMap((row) => row.map((v, i) => (idColumns.has(plan.columns[i]!) ? renamed(v) : v))));
    return shape === 'per-table' ? texts.map((text, i) => ({ text, values: values[i]! })) : [{ text: texts[0]!, values: values.flat() }];
  };
}

/**
 * The statements of floor run n, with the run's own ids replaced by new UUIDs (shared nodes keep theirs and
 * meet ON CONFLICT DO NOTHING, as the server's do).
 */
export function ingestFloorStatements(stored: IngestedRunRows, shape: FloorShape = 'per-table'): (n: number) => FloorStatement[] {
  const replay = replayStatements(
    [
      ['runs', [stored.run], ''],
      ['run_steps', stored.steps, ''],
      ['lineage_nodes', stored.nodes, ' ON CONFLICT DO NOTHING'],
      ['lineage_edges', stored.edges, ' ON CONFLICT DO NOTHING'],
    ],
    stored.freshIds,
    shape,
  );
  return () => replay(new Map());
}
