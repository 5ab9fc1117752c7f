// The rows OTLP exports left in the store, read back and cut into the units the PostgreSQL insert floor
// replays one transaction each: for batches, the traces one export brought (every trace run made by the last
// request); for single spans, one span of a whole trace per unit (its step, the nodes and edges it added, and
// the trace's run row, which every request of the trace inserts or meets). Read from the store rather than
// rebuilt, so the floor writes what the server writes.
import pg from 'pg';
import { readIngestedRun, replayStatements, type IngestedRunRows } from './ingest-floor-rows.js';
import type { FloorStatement } from './pg-insert-floor.js';

type Row = Record<string, unknown>;

/** What one floor unit writes, and its size for printing. */
export interface OtlpFloorUnits {
  statementsFor: (n: number) => FloorStatement[];
  /** Spans one unit stands for. */
  spansPerUnit: number;
  describe: string;
}

async function lastExportRuns(url: string, schema: string | undefined, spansPerTrace: number, runsPerExport: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    // A complete trace (a load may stop mid-trace), then the runs its request made with it: one request
    // stamps every row it makes with one time.
    const last = await client.query<{ created_at: Date }>(
      `SELECT r.created_at FROM runs r WHERE r.trace_id IS NOT NULL
          AND (SELECT count(*) FROM run_steps s WHERE s.run_id = r.id) = $1
        ORDER BY r.created_at DESC LIMIT 1`,
      [spansPerTrace],
    );
    if (!last.rows[0]) throw new Error('no complete trace is stored');
    const runs = await client.query<{ id: string }>(
      'SELECT id FROM runs WHERE trace_id IS NOT NULL AND created_at = $1 ORDER BY id LIMIT $2',
      [last.rows[0].created_at, runsPerExport],
    );
    return runs.rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

const byId = (rows: Row[], key: (r: Row) => string) => [...new Map(rows.map((r) => [key(r), r])).values()];
const edgeKey = (e: Row) => `${String(e.source)}|${String(e.target)}|${String(e.relation)}`;

function describe(runs: number, steps: number, nodes: number, edges: number): string {
  return `${runs} run row(s), ${steps} step(s), ${nodes} node(s), ${edges} edge(s)`;
}

/** One unit per export of `runsPerExport` whole traces, as the batch case sends them. */
function batchUnits(stored: IngestedRunRows[]): OtlpFloorUnits {
  const runs = stored.map((s) => s.run);
  const steps = stored.flatMap((s) => s.steps);
  const nodes = byId(stored.flatMap((s) => s.nodes), (n) => String(n.id));
  const edges = byId(stored.flatMap((s) => s.edges), edgeKey);
  const replay = replayStatements(
    [
      ['runs', runs, ''],
      ['run_steps', steps, ''],
      ['lineage_nodes', nodes, ' ON CONFLICT DO NOTHING'],
      ['lineage_edges', edges, ' ON CONFLICT DO NOTHING'],
    ],
    stored.flatMap((s) => s.freshIds),
    'per-table',
  );
  return { statementsFor: () => replay(new Map()), spansPerUnit: steps.length, describe: describe(runs.length, steps.length, nodes.length, edges.length) };
}

/**
 * The step an edge was added for: a span adds the edges leaving its step, those into it (wasInformedBy,
 * wasGeneratedBy), and wasDerivedFrom from its output value. Edges of the run alone (the lodger) go with every span.
 */
function ownerOf(edge: Row, steps: Map<string, Row>, outputs: Map<string, string>): string | undefined {
  const end = String(edge.relation === 'wasInformedBy' || edge.relation === 'wasGeneratedBy' ? edge.target : edge.source);
  return steps.has(end) ? end : outputs.get(end);
}

/** One unit per span of one trace, in the order the bench sends them (start order); units of a trace share ids. */
function spanUnits(stored: IngestedRunRows): OtlpFloorUnits {
  const steps = new Map(stored.steps.map((s) => [String(s.id), s]));
  const outputs = new Map(stored.steps.filter((s) => s.output_entity_id).map((s) => [String(s.output_entity_id), String(s.id)]));
  const nodes = new Map(stored.nodes.map((n) => [String(n.id), n]));
  const parts = stored.steps.map((step) => {
    const edges = stored.edges.filter((e) => {
      const owner = ownerOf(e, steps, outputs);
      return owner === undefined || owner === String(step.id);
    });
    const ends = new Set(edges.flatMap((e) => [String(e.source), String(e.target)]));
    const partNodes = [...ends]
      .sort()
      .map((id) => nodes.get(id))
      .filter((node): node is Row => node !== undefined);
    return replayStatements(
      [
        // Every request of a trace inserts its run or meets it.
        ['runs', [stored.run], ' ON CONFLICT DO NOTHING'],
        ['run_steps', [step], ''],
        ['lineage_nodes', partNodes, ' ON CONFLICT DO NOTHING'],
        ['lineage_edges', edges, ' ON CONFLICT DO NOTHING'],
      ],
      stored.freshIds,
      'per-table',
    );
  });
  const traces = new Map<number, Map<string, string>>();
  return {
    statementsFor: (n) => {
      const trace = Math.floor(n / parts.length);
      const part = n % parts.length;
      let ids = traces.get(trace);
      if (!ids) traces.set(trace, (ids = new Map()));
      // Units are asked for in order, so a trace's ids are no longer needed once its last span is made.
      if (part === parts.length - 1) traces.delete(trace);
      return parts[part]!(ids);
    },
    spansPerUnit: 1,
    describe: `${describe(1, stored.steps.length, stored.nodes.length, stored.edges.length)} per trace, one span per unit`,
  };
}

export async function otlpFloorUnits(url: string, schema: string | undefined, spansPerTrace: number, runsPerExport: number): Promise<OtlpFloorUnits> {
  const ids = await lastExportRuns(url, schema, spansPerTrace, runsPerExport);
  const stored = await Promise.all(ids.map((id) => readIngestedRun(url, schema, id)));
  return runsPerExport === 1 ? spanUnits(stored[0]!) : batchUnits(stored);
}
