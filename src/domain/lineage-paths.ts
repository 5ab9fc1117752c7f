// The union of lineage paths, as Provena's graph queries return it: every edge that lies on some path from the
// start that ends at a wanted node within the depth, and the nodes those edges join. Computed from distances,
// never by listing paths, so the work is linear in the walked edges however many paths there are.
import type { LineageEdge } from './lineage-vocabulary.js';

/** A walked edge, oriented the way the walk crossed it: `from` is the end nearer the start. */
export interface Hop {
  from: string;
  to: string;
  edge: LineageEdge;
}

export interface RankedHop extends Hop {
  /** Hops from the start to `to` on the shortest path through this hop (so `from` is at rank - 1): the order the cap keeps. */
  rank: number;
}

function adjacency(hops: readonly Hop[], reverse: boolean): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const { from, to } of hops) {
    const [a, b] = reverse ? [to, from] : [from, to];
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  }
  return next;
}

/** Breadth-first hop counts from `sources` (each at 0), no further than `limit`. */
export function distances(sources: Iterable<string>, next: Map<string, string[]>, limit: number): Map<string, number> {
  const dist = new Map<string, number>();
  const reach = (node: string, d: number, into: string[]) => {
    if (dist.has(node)) return;
    dist.set(node, d);
    into.push(node);
  };
  let frontier: string[] = [];
  for (const s of sources) reach(s, 0, frontier);
  for (let d = 1; d <= limit && frontier.length > 0; d++) {
    const following: string[] = [];
    for (const node of frontier) for (const n of next.get(node) ?? []) reach(n, d, following);
    frontier = following;
  }
  return dist;
}

/** Hop counts from `start` along the walk. */
export function distancesFrom(start: string, hops: readonly Hop[], depth: number): Map<string, number> {
  return distances([start], adjacency(hops, false), depth);
}

/**
 * The edges on a walk start → … → end of 1..depth hops whose last node satisfies `isEnd` (every node when
 * absent). An edge u→v qualifies iff dist(start, u) + 1 + dist(v, some end) ≤ depth: the shortest way in and
 * the shortest way out fit. Walks may repeat an edge on a cycle, where Provena's Cypher paths may not; on
 * acyclic lineage the two are the same.
 */
export function pathUnion(start: string, hops: readonly Hop[], depth: number, isEnd?: (id: string) => boolean): RankedHop[] {
  const fromStart = distancesFrom(start, hops, depth);
  const ends = isEnd ? [...new Set(hops.map((h) => h.to))].filter(isEnd) : undefined;
  const toEnd = ends ? distances(ends, adjacency(hops, true), depth) : undefined;
  const kept: RankedHop[] = [];
  for (const hop of hops) {
    const into = fromStart.get(hop.from);
    const out = toEnd ? toEnd.get(hop.to) : 0;
    if (into !== undefined && out !== undefined && into + 1 + out <= depth) kept.push({ ...hop, rank: into + 1 });
  }
  return kept;
}
