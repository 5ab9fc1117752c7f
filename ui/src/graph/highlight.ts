// Which nodes and edges lie on the selected node's paths: everything it derives from (upstream, following
// edges effect → cause) and everything derived from it (downstream, following them back). Nodes and edges
// read their own state from a small store, so a new selection re-renders only the ones whose state changed.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { edgeId, type GraphEdge } from './types.js';

export type Highlight = 'none' | 'selected' | 'upstream' | 'downstream' | 'dimmed';
export type EdgeHighlight = 'none' | 'path' | 'dimmed';

export interface Adjacency {
  causes: Map<string, string[]>;
  effects: Map<string, string[]>;
}

export function adjacency(edges: readonly GraphEdge[]): Adjacency {
  const causes = new Map<string, string[]>();
  const effects = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, v: string) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const e of edges) {
    add(causes, e.source, e.target);
    add(effects, e.target, e.source);
  }
  return { causes, effects };
}

function reach(from: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    for (const n of next.get(queue.pop()!) ?? []) {
      if (n !== from && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

export interface PathSets {
  upstream: Set<string>;
  downstream: Set<string>;
}

export function pathsOf(selected: string, adj: Adjacency): PathSets {
  return { upstream: reach(selected, adj.causes), downstream: reach(selected, adj.effects) };
}

export function nodeHighlight(id: string, selected: string | undefined, paths: PathSets | undefined): Highlight {
  if (!selected || !paths) return 'none';
  if (id === selected) return 'selected';
  if (paths.upstream.has(id)) return 'upstream';
  if (paths.downstream.has(id)) return 'downstream';
  return 'dimmed';
}

/** An edge is on a path when it leaves the selection's upstream side or enters its downstream side. */
export function edgeHighlight(e: GraphEdge, selected: string | undefined, paths: PathSets | undefined): EdgeHighlight {
  if (!selected || !paths) return 'none';
  const up = e.source === selected || paths.upstream.has(e.source);
  const down = e.target === selected || paths.downstream.has(e.target);
  return up || down ? 'path' : 'dimmed';
}

export class HighlightStore {
  private nodes = new Map<string, Highlight>();
  private edges = new Map<string, EdgeHighlight>();
  private labels = false;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(nodeIds: readonly string[], edges: readonly GraphEdge[], selected: string | undefined, adj: Adjacency, labels: boolean): void {
    const paths = selected ? pathsOf(selected, adj) : undefined;
    this.nodes = new Map(nodeIds.map((id) => [id, nodeHighlight(id, selected, paths)]));
    this.edges = new Map(edges.map((e) => [edgeId(e), edgeHighlight(e, selected, paths)]));
    this.labels = labels;
    for (const l of this.listeners) l();
  }

  node(id: string): Highlight {
    return this.nodes.get(id) ?? 'none';
  }

  edge(id: string): EdgeHighlight {
    return this.edges.get(id) ?? 'none';
  }

  showLabels(): boolean {
    return this.labels;
  }
}

export const HighlightContext = createContext<HighlightStore>(new HighlightStore());

export function useNodeHighlight(id: string): Highlight {
  const store = useContext(HighlightContext);
  return useSyncExternalStore(store.subscribe, () => store.node(id));
}

export function useEdgeHighlight(id: string): EdgeHighlight {
  const store = useContext(HighlightContext);
  return useSyncExternalStore(store.subscribe, () => store.edge(id));
}

export function useEdgeLabels(): boolean {
  const store = useContext(HighlightContext);
  return useSyncExternalStore(store.subscribe, () => store.showLabels());
}
