import type { GraphEdge, GraphNode, Point } from './types';

export interface LayoutRequest {
  seq: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type LayoutEngine = 'elk' | 'quick';

export type LayoutReply = { seq: number; positions: Record<string, Point>; ms: number; engine: LayoutEngine } | { seq: number; error: string };
