// A layered lineage graph written straight into the store with INSERT ... SELECT generate_series, since
// lodging 100k runs through the API would take far longer than the walk being measured.
//
// Shape: `layers` layers of `width` runs. Run i of layer L uses 3 datasets generated in layer L-1 and
// generates 3 datasets of its own (fan-in 3, fan-out 3). Its k-th input is output k of run
// (a_k·i + b_k) mod width, an affine permutation, so every dataset is used exactly once and ancestors
// spread over the layer instead of piling onto neighbours. Each run also has the edges register_complete
// writes to the shared registry items (model, workflow, modeller, organisation, study, templates), so
// walks meet the same hub nodes they meet in real data. Layer -1 holds the first runs' inputs.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/store/schema.js';

export interface GraphShape {
  layers: number;
  width: number;
}

/** Ids are md5 of a key, formatted as a UUID, so SQL (md5(key)::uuid) and TypeScript agree on them. */
export function graphId(key: string): string {
  const h = createHash('md5').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const datasetKey = (layer: number, i: number, k: number): string => `d:${layer}:${i}:${k}`;

const SHARED = {
  model: ['ENTITY', 'MODEL'],
  workflow: ['ENTITY', 'MODEL_RUN_WORKFLOW_TEMPLATE'],
  modeller: ['AGENT', 'PERSON'],
  organisation: ['AGENT', 'ORGANISATION'],
  study: ['ACTIVITY', 'STUDY'],
  inputTemplate: ['ENTITY', 'DATASET_TEMPLATE'],
  outputTemplate: ['ENTITY', 'DATASET_TEMPLATE'],
} as const;
const shared = (name: keyof typeof SHARED): string => `'${graphId(`s:${name}`)}'`;

export function graphShape(runs: number, layers = 20): GraphShape {
  return { layers, width: Math.ceil(runs / layers) };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The three permutations (a_k, b_k): multipliers must be coprime to the width to be permutations. */
function permutations(width: number): [number, number][] {
  return [7919, 104729, 1299709].map((prime, k) => {
    let a = prime % width || 1;
    while (gcd(a, width) !== 1) a += 1;
    return [a, [13, 1013, 50021][k]! % width];
  });
}

// SQL text is built from integers and hex ids generated here, never from input, so inlining is safe.
const runId = (layer: number, i = 'i') => `md5('r:${layer}:' || ${i})::uuid::text`;
const datasetId = (layer: number | string, i = 'i', k = 'k') => `md5('d:' || ${layer} || ':' || ${i} || ':' || ${k})::uuid::text`;

function sharedSql(): string[] {
  const nodes = Object.entries(SHARED)
    .map(([name, [category, subtype]]) => `(${shared(name as keyof typeof SHARED)}, '${category}', '${subtype}', '${name}')`)
    .join(', ');
  const wf = shared('workflow');
  return [
    `INSERT INTO lineage_nodes (id, item_category, item_subtype, display_name) VALUES ${nodes}`,
    `INSERT INTO lineage_edges (source, target, relation) VALUES
       (${wf}, ${shared('model')}, 'hadMember'), (${wf}, ${shared('inputTemplate')}, 'hadMember'),
       (${wf}, ${shared('outputTemplate')}, 'hadMember'), (${shared('modeller')}, ${shared('organisation')}, 'actedOnBehalfOf')`,
  ];
}

/** Datasets of `layer`, with the template edges register_complete writes for inputs and outputs. */
function datasetSql(layer: number, shape: GraphShape): string[] {
  const series = `generate_series(0, ${shape.width - 1}) AS i, generate_series(0, 2) AS k`;
  const influences = [
    ...(layer >= 0 ? [`(${shared('outputTemplate')}, 'wasInfluencedBy')`] : []),
    ...(layer < shape.layers - 1 ? [`(${shared('inputTemplate')}, 'wasInfluencedBy')`] : []),
  ];
  const produced = layer >= 0 ? [`(${runId(layer)}, 'wasGeneratedBy')`, `(${shared('modeller')}, 'wasAttributedTo')`] : [];
  return [
    `INSERT INTO lineage_nodes (id, item_category, item_subtype, display_name)
       SELECT ${datasetId(layer)}, 'ENTITY', 'DATASET', 'Dataset ${layer}.' || i || '.' || k FROM ${series}`,
    `INSERT INTO lineage_edges (source, target, relation)
       SELECT ${datasetId(layer)}, x.target, x.relation
         FROM ${series}, LATERAL (VALUES ${[...produced, ...influences].join(', ')}) AS x(target, relation)`,
  ];
}

function runSql(layer: number, shape: GraphShape): string[] {
  const series = `generate_series(0, ${shape.width - 1}) AS i`;
  const perms = permutations(shape.width).map(([a, b], k) => `(${k}, ${a}, ${b})`).join(', ');
  const hubs = [
    `(${shared('model')}, 'used')`,
    `(${shared('workflow')}, 'used')`,
    `(${shared('modeller')}, 'wasAssociatedWith')`,
    `(${shared('organisation')}, 'wasAssociatedWith')`,
    `(${shared('study')}, 'wasInformedBy')`,
  ].join(', ');
  return [
    `INSERT INTO lineage_nodes (id, item_category, item_subtype, display_name)
       SELECT ${runId(layer)}, 'ACTIVITY', 'MODEL_RUN', 'Run ${layer}.' || i FROM ${series}`,
    // Rows in runs too, so the store holds 100k runs as it would in use (records left out: /explore never reads them).
    `INSERT INTO runs (id, kind, status, display_name, started_at, finished_at, created_at)
       SELECT ${runId(layer)}::uuid, 'registered', 'SUCCESS', 'Run ${layer}.' || i, now(), now(), now() FROM ${series}`,
    `INSERT INTO lineage_edges (source, target, relation)
       SELECT ${runId(layer)}, ${datasetId(layer - 1, `((i::bigint * p.a + p.b) % ${shape.width})`, 'p.k')}, 'used'
         FROM ${series}, (VALUES ${perms}) AS p(k, a, b)
       UNION ALL
       SELECT ${runId(layer)}, h.target, h.relation FROM ${series}, (VALUES ${hubs}) AS h(target, relation)`,
  ];
}

async function execute(db: Db, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Writes the whole graph, layer by layer (each layer a few statements), reporting progress. */
export async function buildLayeredGraph(db: Db, shape: GraphShape, onLayer: (layer: number) => void): Promise<void> {
  await execute(db, sharedSql());
  await execute(db, datasetSql(-1, shape));
  for (let layer = 0; layer < shape.layers; layer++) {
    await execute(db, [...runSql(layer, shape), ...datasetSql(layer, shape)]);
    onLayer(layer);
  }
  // Fresh statistics, as autovacuum would give a long-lived PostgreSQL; the walk's plan depends on them.
  for (const table of ['lineage_nodes', 'lineage_edges', 'runs']) await sql.raw(`VACUUM ANALYZE ${table}`).execute(db);
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every run of a bench draws the same values. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Datasets deep enough that a depth-10 upstream walk (5 runs back) stays inside the graph:
 * from layer L it reaches the inputs of layer L-4, so L ≥ 4; 5 and up leaves a margin.
 */
export function deepDatasetIds(shape: GraphShape, count: number, seed = 42): string[] {
  const random = prng(seed);
  const low = Math.min(5, shape.layers - 1);
  return Array.from({ length: count }, () => {
    const layer = low + Math.floor(random() * (shape.layers - low));
    return graphId(datasetKey(layer, Math.floor(random() * shape.width), Math.floor(random() * 3)));
  });
}
