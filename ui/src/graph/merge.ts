// Lineage answers (GET /explore/…) merged into one graph: each node and each relation once, first seen first.
// Imports carry extensions so that the benchmark, in Node, runs the very code the page runs.
import type { Static } from '@sinclair/typebox';
import type { LineageResponseSchema } from '../../../src/http/explore/schemas.js';
import { edgeId, type GraphEdge, type GraphNode, type NodeCategory } from './types.js';

type LineageAnswer = Static<typeof LineageResponseSchema>;

// The schema's literals widen to string in the wire type; anything unexpected draws as an entity.
const categoryOf = (c: string): NodeCategory => (c === 'ACTIVITY' || c === 'AGENT' ? c : 'ENTITY');

export function mergeAnswers(answers: readonly LineageAnswer[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const a of answers) {
    for (const n of a.graph.nodes) {
      if (!nodes.has(n.id)) nodes.set(n.id, { id: n.id, category: categoryOf(n.item_category), subtype: n.item_subtype, label: n.display_name || n.id });
    }
    for (const l of a.graph.links) {
      const e = { source: l.source, target: l.target, relation: l.type };
      if (!edges.has(edgeId(e))) edges.set(edgeId(e), e);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
