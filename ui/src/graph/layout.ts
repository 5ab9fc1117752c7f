// The page's side of the layout worker: one worker, started as early as possible (ELK takes a moment to
// load), each request answered by its sequence number.
import type { LayoutEngine, LayoutReply, LayoutRequest } from './layout-protocol';
import type { GraphEdge, GraphNode, Point } from './types';

export interface Layout {
  positions: Record<string, Point>;
  /** How long the layout took, in the worker. */
  ms: number;
  engine: LayoutEngine;
}

let worker: Worker | undefined;
let seq = 0;
const pending = new Map<number, { resolve: (l: Layout) => void; reject: (e: Error) => void }>();

function layoutWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<LayoutReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.seq);
    if (!waiting) return;
    pending.delete(reply.seq);
    if ('error' in reply) waiting.reject(new Error(`layout failed: ${reply.error}`));
    else waiting.resolve({ positions: reply.positions, ms: reply.ms, engine: reply.engine });
  };
  worker.onerror = (event) => {
    for (const w of pending.values()) w.reject(new Error(`layout worker failed: ${event.message}`));
    pending.clear();
  };
  return worker;
}

/** Starts the worker (and ELK's loading) before there is anything to lay out. */
export function prewarmLayout(): void {
  layoutWorker();
}

export function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Promise<Layout> {
  const request: LayoutRequest = { seq: ++seq, nodes, edges };
  return new Promise((resolve, reject) => {
    pending.set(request.seq, { resolve, reject });
    layoutWorker().postMessage(request);
  });
}
