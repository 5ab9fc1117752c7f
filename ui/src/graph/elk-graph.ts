// The ELK input for a graph and the positions read back from its answer. Pure: the layout worker and the
// benchmark (in Node) both use it, so what is measured is what the page runs.
import { NODE_SIZE, type GraphEdge, type GraphNode, type Point } from './types.js';

export interface ElkInputNode {
  id: string;
  width: number;
  height: number;
}
export interface ElkInputEdge {
  id: string;
  sources: string[];
  targets: string[];
}
export interface ElkInput {
  id: string;
  layoutOptions: Record<string, string>;
  children: ElkInputNode[];
  edges: ElkInputEdge[];
}
export interface ElkOutput {
  children?: { id: string; x?: number; y?: number }[];
}

/** Above this many nodes, ELK runs its cheaper strategies: the page has to stay quick at 2,000 nodes. */
export const LARGE_GRAPH = 400;
/** Above this many, even those take ELK seconds: the quick layered layout (quick-layout.ts) runs instead. */
export const QUICK_LAYOUT_ABOVE = 1000;

/**
 * Causes left, effects right: each edge is handed to ELK as cause → effect. Routing is polyline because the
 * graph draws its own curves; only node positions are read back.
 */
export function elkOptions(nodeCount: number): Record<string, string> {
  const base: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.edgeRouting': 'POLYLINE',
    'elk.spacing.nodeNode': '18',
    'elk.layered.spacing.nodeNodeBetweenLayers': '70',
    'elk.spacing.componentComponent': '40',
  };
  if (nodeCount <= LARGE_GRAPH) return base;
  // Measured on 2,000 nodes: these bring ELK from ~5 s to well under 1 s, at some cost in crossings.
  return {
    ...base,
    'elk.layered.thoroughness': '1',
    'elk.layered.layering.strategy': 'LONGEST_PATH',
    'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
    'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  };
}

/** Past this many relations a node is a hub (a person, a model, a template every run names). */
export const HUB_DEGREE = 16;
const HUB_EDGES_KEPT = 2;

/**
 * On a large graph, a hub's relations beyond its first few are left out of the layout (they are still
 * drawn): each one would stretch across layers as a chain of dummy nodes and dominate ELK's time, while the
 * hub needs only one neighbour to be placed beside. Answers list links nearest the start first.
 */
export function layoutEdges(nodeCount: number, edges: readonly GraphEdge[]): readonly GraphEdge[] {
  if (nodeCount <= LARGE_GRAPH) return edges;
  const degree = new Map<string, number>();
  for (const e of edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const kept = new Map<string, number>();
  return edges.filter((e) => {
    const hubs = [e.source, e.target].filter((id) => degree.get(id)! > HUB_DEGREE);
    if (hubs.length === 0) return true;
    if (hubs.every((h) => (kept.get(h) ?? 0) >= HUB_EDGES_KEPT)) return false;
    for (const h of hubs) kept.set(h, (kept.get(h) ?? 0) + 1);
    return true;
  });
}

export function toElk(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): ElkInput {
  const known = new Set(nodes.map((n) => n.id));
  const drawable = edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target);
  return {
    id: 'root',
    layoutOptions: elkOptions(nodes.length),
    children: nodes.map((n) => ({ id: n.id, ...NODE_SIZE[n.category] })),
    edges: layoutEdges(nodes.length, drawable).map((e, i) => ({ id: `e${i}`, sources: [e.target], targets: [e.source] })),
  };
}

export function positionsOf(output: ElkOutput): Record<string, Point> {
  const positions: Record<string, Point> = {};
  for (const c of output.children ?? []) positions[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return positions;
}
