// Lineage queries over the PROV graph: upstream/downstream walks and Provena's special queries, each answering
// the union of its matching paths (prov-api's explore routes, §3.2–3.3 of the contract).
import { Errors, fail } from '../domain/errors.js';
import { distancesFrom, pathUnion, type Hop, type RankedHop } from '../domain/lineage-paths.js';
import { PROVENA_NODE_SUBTYPES, edgeKey, type LineageEdge, type LineageNode } from '../domain/lineage-vocabulary.js';
import { findAgentEdgesFrom, findLineageNodes, walkLineage, type Direction } from '../store/lineage.js';
import type { ServiceContext } from './context.js';

export const MAX_DEPTH = 10;
export const DEFAULT_DEPTH = 2;
export const DEFAULT_SPECIAL_DEPTH = 4;

export const SPECIAL_QUERIES = ['contributing_datasets', 'effected_datasets', 'contributing_agents', 'effected_agents'] as const;
export type SpecialQuery = (typeof SPECIAL_QUERIES)[number];
export type LineageQuery = Direction | SpecialQuery;

export interface LineageGraph {
  status: { success: true; details: string };
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

/** Which part of the graph a surface shows, and how it answers a start it does not know. */
export interface LineageScope {
  /** Only nodes of these subtypes are walked or shown; all when absent. */
  subtypes?: readonly string[];
  unknownStart(id: string): never;
}

export const RUNLEDGER_SCOPE: LineageScope = {
  unknownStart: (id) => fail(Errors.notFound, `starting_id "${id}" is not a node of the lineage graph`),
};

/**
 * provenaclient parses every node's subtype against its ItemSubType enum, so runledger-only kinds (steps, values,
 * tables, users) are left out of the walk as if absent. Provena answers an unknown id with a 500; a 400 says
 * the same to the client (an exception either way) without claiming a server fault.
 */
export const PROVENA_SCOPE: LineageScope = {
  subtypes: PROVENA_NODE_SUBTYPES,
  unknownStart: (id) => fail(Errors.referenceInvalid, `The provided id ${id} was not a valid registry item. Error from registry lookup: no item has this id.`),
};

const DIRECTION: Record<LineageQuery, Direction> = {
  upstream: 'upstream',
  downstream: 'downstream',
  contributing_datasets: 'upstream',
  contributing_agents: 'upstream',
  effected_datasets: 'downstream',
  effected_agents: 'downstream',
};

/** prov-api's status sentence for each query, with the depth it ran at. */
export function statusDetails(query: LineageQuery, depth: number): string {
  const kind =
    query === 'upstream' ? 'lineage' : query === 'downstream' ? 'downstream' : query.startsWith('contributing') ? 'upstream contribution' : 'downstream effect';
  return `Made ${kind} query (with depth ${depth}) to neo4j backend.`;
}

function checkDepth(depth: number): void {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    fail(Errors.depthOutOfRange, `depth must be an integer from 1 to ${MAX_DEPTH}, got ${depth}`);
  }
}

/** Provena's depth rule: absent or 0 is the query's default, above the maximum is refused (and so is below 0). */
export function provenaDepth(depth: number | undefined, query: LineageQuery): number {
  if (!depth) return query === 'upstream' || query === 'downstream' ? DEFAULT_DEPTH : DEFAULT_SPECIAL_DEPTH;
  if (depth > MAX_DEPTH) fail(Errors.depthOutOfRange, `Depth provided is in excess of depth maximum: ${MAX_DEPTH}.`);
  if (depth < 0) fail(Errors.depthOutOfRange, `Depth provided must not be negative, got ${depth}.`);
  return depth;
}

const hopOf = (direction: Direction) => (edge: LineageEdge): Hop =>
  direction === 'upstream' ? { from: edge.source, to: edge.target, edge } : { from: edge.target, to: edge.source, edge };

/** The nodes a query has read so far: each is fetched once, whether to match paths or to show. */
class NodeCache {
  private readonly known = new Map<string, LineageNode>();

  constructor(
    private readonly ctx: ServiceContext,
    start: LineageNode,
  ) {
    this.known.set(start.id, start);
  }

  async load(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    for (const node of await findLineageNodes(this.ctx.db, missing)) this.known.set(node.id, node);
  }

  get(id: string): LineageNode | undefined {
    return this.known.get(id);
  }
}

/** The agent hop of effected_agents: any edge X → AGENT, X at most `depth` hops downstream of the start. */
async function effectedAgents(ctx: ServiceContext, start: string, hops: Hop[], depth: number, scope: LineageScope): Promise<RankedHop[]> {
  const downstream = distancesFrom(start, hops, depth);
  const agentEdges = await findAgentEdgesFrom(ctx.db, [...downstream.keys()], scope.subtypes);
  const carriers = new Set(agentEdges.map((e) => e.source));
  const paths = pathUnion(start, hops, depth, (id) => carriers.has(id));
  return [...paths, ...agentEdges.map((edge) => ({ from: edge.source, to: edge.target, edge, rank: downstream.get(edge.source)! + 1 }))];
}

async function matchingHops(
  ctx: ServiceContext,
  query: LineageQuery,
  start: string,
  hops: Hop[],
  depth: number,
  scope: LineageScope,
  nodes: NodeCache,
): Promise<RankedHop[]> {
  if (query === 'upstream' || query === 'downstream') return pathUnion(start, hops, depth);
  if (query === 'effected_agents') return effectedAgents(ctx, start, hops, depth, scope);
  await nodes.load(hops.map((h) => h.to));
  const wanted = query.endsWith('datasets')
    ? (n: LineageNode) => n.item_category === 'ENTITY' && n.item_subtype === 'DATASET'
    : (n: LineageNode) => n.item_category === 'AGENT';
  return pathUnion(start, hops, depth, (id) => {
    const node = nodes.get(id);
    return node !== undefined && wanted(node);
  });
}

/**
 * Runs one lineage query. The start node is shown only when some path matched (an empty graph otherwise), links
 * keep their stored direction, and one link per ordered pair of nodes is kept, as prov-api's NetworkX DiGraph does.
 */
export async function exploreGraph(
  ctx: ServiceContext,
  query: LineageQuery,
  startId: string,
  depth: number,
  scope: LineageScope = RUNLEDGER_SCOPE,
): Promise<LineageGraph> {
  checkDepth(depth);
  const [start] = await findLineageNodes(ctx.db, [startId]);
  if (!start || (scope.subtypes && !scope.subtypes.includes(start.item_subtype))) return scope.unknownStart(startId);

  const cap = ctx.lineageNodeCap;
  // Each node is reached by a few edges; fetching a multiple of the cap leaves room for that.
  const rowLimit = cap * 8;
  const direction = DIRECTION[query];
  const walked = await walkLineage(ctx.db, startId, direction, depth, rowLimit, scope.subtypes);
  let truncated = walked.length >= rowLimit;
  // The walk yields an edge once per depth it is reached at.
  const unique = new Map<string, LineageEdge>();
  for (const edge of walked) unique.set(edgeKey(edge), edge);
  const hops = [...unique.values()].map(hopOf(direction));

  const nodes = new NodeCache(ctx, start);
  const matched = (await matchingHops(ctx, query, startId, hops, depth, scope, nodes)).sort(
    (a, b) => a.rank - b.rank || edgeKey(a.edge).localeCompare(edgeKey(b.edge)),
  );
  // A node's rank is its least distance over the matched hops; the start is the near end of every first hop.
  const rank = new Map<string, number>();
  const links = new Map<string, LineageEdge>();
  for (const { from, to, edge, rank: r } of matched) {
    if (!links.has(`${edge.source}|${edge.target}`)) links.set(`${edge.source}|${edge.target}`, edge);
    for (const [id, d] of [[from, r - 1], [to, r]] as const) rank.set(id, Math.min(rank.get(id) ?? d, d));
  }
  const ordered = [...rank.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  if (ordered.length > cap) truncated = true;
  const kept = ordered.slice(0, cap);
  await nodes.load(kept);
  const shown = new Set(kept);
  return toGraph(
    kept.map((id) => nodes.get(id)!),
    [...links.values()].filter((l) => shown.has(l.source) && shown.has(l.target)),
    truncated,
    cap,
    statusDetails(query, depth),
  );
}

function toGraph(nodes: LineageNode[], links: LineageEdge[], truncated: boolean, cap: number, details: string): LineageGraph {
  return {
    status: { success: true, details },
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

/** A query on Provena's surface: Provena's depth rule, its node kinds, its answer to an unknown id. */
export async function exploreProvena(ctx: ServiceContext, query: LineageQuery, startId: string, depth: number | undefined): Promise<LineageGraph> {
  return exploreGraph(ctx, query, startId, provenaDepth(depth, query), PROVENA_SCOPE);
}
