// Lineage queries over the PROV graph: upstream/downstream walks and Provena's special queries.
import { Errors, fail } from '../domain/errors.js';
import type { LineageEdge, LineageNode } from '../domain/lineage-vocabulary.js';
import { findEdgesFrom, findLineageNodes, walkLineage, type Direction } from '../store/lineage.js';
import type { ServiceContext } from './context.js';

export const MAX_DEPTH = 10;
export const DEFAULT_DEPTH = 2;
export const DEFAULT_SPECIAL_DEPTH = 4;

export interface LineageGraph {
  record_count: number;
  truncated: boolean;
  node_cap: number;
  graph: {
    directed: true;
    multigraph: false;
    graph: Record<string, never>;
    nodes: LineageNode[];
    links: { source: string; target: string; type: string }[];
  };
}

function checkDepth(depth: number): void {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    fail(Errors.depthOutOfRange, `depth must be an integer from 1 to ${MAX_DEPTH}, got ${depth}`);
  }
}

async function walk(ctx: ServiceContext, startId: string, direction: Direction, depth: number) {
  checkDepth(depth);
  const [start] = await findLineageNodes(ctx.db, [startId]);
  if (!start) fail(Errors.notFound, `starting_id "${startId}" is not a node of the lineage graph`);

  const cap = ctx.lineageNodeCap;
  // Each node is reached by a few edges; fetching a multiple of the cap leaves room for that.
  const rowLimit = cap * 8;
  const walked = await walkLineage(ctx.db, startId, direction, depth, rowLimit);
  let truncated = walked.length >= rowLimit;

  // Rows arrive breadth first, so the first time a node appears is at its least depth.
  const kept = new Set<string>([startId]);
  const edges = new Map<string, LineageEdge>();
  for (const edge of walked) {
    const reached = direction === 'upstream' ? edge.target : edge.source;
    if (!kept.has(reached)) {
      if (kept.size >= cap) {
        truncated = true;
        continue;
      }
      kept.add(reached);
    }
    edges.set(`${edge.source}|${edge.target}|${edge.relation}`, edge);
  }
  const links = [...edges.values()].filter((e) => kept.has(e.source) && kept.has(e.target));
  const nodes = await findLineageNodes(ctx.db, [...kept]);
  return { start, nodes, links, truncated };
}

function toGraph(nodes: LineageNode[], links: LineageEdge[], truncated: boolean, cap: number): LineageGraph {
  return {
    record_count: nodes.length,
    truncated,
    node_cap: cap,
    graph: {
      directed: true,
      multigraph: false,
      graph: {},
      nodes: nodes.map(({ id, item_category, item_subtype, display_name }) => ({ id, item_category, item_subtype, display_name })),
      links: links.map((l) => ({ source: l.source, target: l.target, type: l.relation })),
    },
  };
}

export async function exploreLineage(ctx: ServiceContext, startId: string, direction: Direction, depth: number): Promise<LineageGraph> {
  const { nodes, links, truncated } = await walk(ctx, startId, direction, depth);
  return toGraph(nodes, links, truncated, ctx.lineageNodeCap);
}

export const SPECIAL_QUERIES = ['contributing_datasets', 'effected_datasets', 'contributing_agents', 'effected_agents'] as const;
export type SpecialQuery = (typeof SPECIAL_QUERIES)[number];

/**
 * Provena's special queries. Agents that ran or own something downstream are not themselves downstream
 * (association edges point from the run to the agent), so effected_agents takes one more hop.
 */
export async function exploreSpecial(ctx: ServiceContext, query: SpecialQuery, startId: string, depth: number): Promise<LineageGraph> {
  const direction: Direction = query.startsWith('contributing') ? 'upstream' : 'downstream';
  const { start, nodes, truncated } = await walk(ctx, startId, direction, depth);
  const others = nodes.filter((n) => n.id !== start.id);
  let matches: LineageNode[];
  if (query.endsWith('datasets')) {
    matches = others.filter((n) => n.item_subtype === 'DATASET');
  } else if (query === 'contributing_agents') {
    matches = others.filter((n) => n.item_category === 'AGENT');
  } else {
    const edges = await findEdgesFrom(ctx.db, nodes.map((n) => n.id), ['wasAssociatedWith', 'wasAttributedTo']);
    const agentIds = [...new Set(edges.map((e) => e.target))].filter((id) => id !== start.id);
    matches = await findLineageNodes(ctx.db, agentIds);
  }
  return toGraph(matches, [], truncated, ctx.lineageNodeCap);
}
