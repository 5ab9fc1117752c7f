// Lineage queries over the PROV graph: upstream/downstream walks and Provena's special queries, each answering
// the union of its matching paths (prov-api's explore routes, §3.2–3.3 of the contract).
import { Errors, fail } from '../domain/errors.js';
import { distancesFrom, pathUnion, type Hop, type RankedEdge } from '../domain/lineage-paths.js';
import { PROVENA_NODE_SUBTYPES, type LineageEdge, type LineageNode } from '../domain/lineage-vocabulary.js';
import { findAgentEdgesFrom, findLineageNodes, walkLineage, type Direction, type WalkedEdge } from '../store/lineage.js';
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

const hopOf = (direction: Direction) => (edge: WalkedEdge): Hop =>
  direction === 'upstream' ? { from: edge.source, to: edge.target, edge } : { from: edge.target, to: edge.source, edge };

/** The agent hop of effected_agents: any edge X → AGENT, X at most `depth` hops downstream of the start. */
async function effectedAgents(ctx: ServiceContext, start: string, hops: Hop[], depth: number, scope: LineageScope): Promise<RankedEdge[]> {
  const downstream = distancesFrom(start, hops, depth);
  const agentEdges = await findAgentEdgesFrom(ctx.db, [...downstream.keys()], scope.subtypes);
  const carriers = new Set(agentEdges.map((e) => e.source));
  const paths = pathUnion(start, hops, depth, (id) => carriers.has(id));
  return [...paths, ...agentEdges.map((edge) => ({ edge, rank: downstream.get(edge.source)! + 1 }))];
}

async function matchingEdges(ctx: ServiceContext, query: LineageQuery, start: string, hops: Hop[], depth: number, scope: LineageScope) {
  if (query === 'upstream' || query === 'downstream') return pathUnion(start, hops, depth);
  if (query === 'effected_agents') return effectedAgents(ctx, start, hops, depth, scope);
  const ids = [...new Set(hops.map((h) => h.to))];
  const nodes = new Map((await findLineageNodes(ctx.db, ids)).map((n) => [n.id, n]));
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
  const unique = new Map<string, WalkedEdge>();
  for (const edge of walked) unique.set(`${edge.source}|${edge.target}|${edge.relation}`, edge);
  const hops = [...unique.values()].map(hopOf(direction));

  const matched = (await matchingEdges(ctx, query, startId, hops, depth, scope)).sort(
    (a, b) => a.rank - b.rank || key(a.edge).localeCompare(key(b.edge)),
  );
  const rank = new Map<string, number>();
  const links = new Map<string, LineageEdge>();
  for (const { edge, rank: r } of matched) {
    if (!links.has(`${edge.source}|${edge.target}`)) links.set(`${edge.source}|${edge.target}`, edge);
    for (const id of [edge.source, edge.target]) if (!rank.has(id)) rank.set(id, id === startId ? 0 : r);
  }
  const ordered = [...rank.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  if (ordered.length > cap) truncated = true;
  const kept = new Set(ordered.slice(0, cap));
  const nodes = await findLineageNodes(ctx.db, [...kept]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return toGraph(
    [...kept].map((id) => byId.get(id)!),
    [...links.values()].filter((l) => kept.has(l.source) && kept.has(l.target)),
    truncated,
    cap,
    statusDetails(query, depth),
  );
}

const key = (e: LineageEdge) => `${e.source}|${e.target}|${e.relation}`;

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

export async function exploreLineage(ctx: ServiceContext, startId: string, direction: Direction, depth: number): Promise<LineageGraph> {
  return exploreGraph(ctx, direction, startId, depth);
}

export async function exploreSpecial(ctx: ServiceContext, query: SpecialQuery, startId: string, depth: number): Promise<LineageGraph> {
  return exploreGraph(ctx, query, startId, depth);
}

/** A query on Provena's surface: Provena's depth rule, its node kinds, its answer to an unknown id. */
export async function exploreProvena(ctx: ServiceContext, query: LineageQuery, startId: string, depth: number | undefined): Promise<LineageGraph> {
  return exploreGraph(ctx, query, startId, provenaDepth(depth, query), PROVENA_SCOPE);
}
