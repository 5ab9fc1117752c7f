// A models DAG (GET /v1/models/dag) as graph nodes and edges. Models are entities named `project.name`; what
// they read (`depends_on`: models, and sources as `source:schema.table`) becomes nodes too, so a model of
// another project or a source shows where it enters.
import type { Static } from '@sinclair/typebox';
import type { ModelDagSchema } from '../../../src/domain/models.js';
import type { GraphEdge, GraphNode } from './types.js';

export type ModelDag = Static<typeof ModelDagSchema>;

export const SOURCE_PREFIX = 'source:';

export function dagGraph(dag: ModelDag): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const tier of dag.tiers) {
    for (const m of tier.nodes) {
      const id = `${m.project_name}.${m.model_name}`;
      nodes.set(id, { id, category: 'ENTITY', subtype: `${m.materialization}_MODEL`, label: id });
      for (const dep of m.depends_on) edges.push({ source: id, target: dep, relation: 'reads' });
    }
  }
  for (const e of edges) {
    if (nodes.has(e.target)) continue;
    const source = e.target.startsWith(SOURCE_PREFIX);
    nodes.set(e.target, {
      id: e.target,
      category: 'ENTITY',
      subtype: source ? 'SOURCE' : 'MODEL',
      label: source ? e.target.slice(SOURCE_PREFIX.length) : e.target,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
