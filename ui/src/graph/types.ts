// What the graph component draws: PROV nodes (entity, activity, agent) and the relations between them.

export type NodeCategory = 'ENTITY' | 'ACTIVITY' | 'AGENT';

export interface GraphNode {
  id: string;
  category: NodeCategory;
  /** The kind of thing within its category (DATASET, MODEL_RUN, PERSON, …), shown under the label. */
  subtype: string;
  label: string;
}

/** An edge points from effect to cause, as the PROV relation it stands for reads ("run used dataset"). */
export interface GraphEdge {
  source: string;
  target: string;
  relation: string;
}

export interface Point {
  x: number;
  y: number;
}

/** Node sizes are fixed by category, so the layout needs no measuring and nodes draw at once. */
export const NODE_SIZE: Record<NodeCategory, { width: number; height: number }> = {
  ENTITY: { width: 184, height: 48 },
  ACTIVITY: { width: 184, height: 44 },
  AGENT: { width: 168, height: 54 },
};

export const edgeId = (e: GraphEdge): string => `${e.source}|${e.target}|${e.relation}`;
