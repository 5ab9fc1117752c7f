// The closed vocabularies of the lineage graph (PROV-DM §2 types and relations).

export const ITEM_CATEGORIES = ['ENTITY', 'ACTIVITY', 'AGENT'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/**
 * The subtypes provenaclient's ItemSubType enum admits on a lineage node; a reply naming any other fails the
 * client's parse. Only these kinds of node are walked on the Provena surface.
 */
export const PROVENA_NODE_SUBTYPES = [
  'PERSON',
  'ORGANISATION',
  'SOFTWARE',
  'MODEL',
  'STUDY',
  'DATASET',
  'DATASET_TEMPLATE',
  'WORKFLOW_TEMPLATE',
  'MODEL_RUN',
] as const;

/** Every node subtype: Provena's, then the kinds only runledger records (lodging users and a run's parts). */
export const ITEM_SUBTYPES = [...PROVENA_NODE_SUBTYPES, 'USER', 'STEP', 'TABLE', 'FILE', 'VALUE', 'MODEL_DEFINITION'] as const;
export type ItemSubtype = (typeof ITEM_SUBTYPES)[number];

export const RELATIONS = [
  'used',
  'wasGeneratedBy',
  'wasAssociatedWith',
  'wasAttributedTo',
  'wasDerivedFrom',
  'wasInformedBy',
  'wasStartedBy',
  'hadMember',
  'wasInfluencedBy',
  'actedOnBehalfOf',
] as const;
export type Relation = (typeof RELATIONS)[number];

export interface LineageNode {
  id: string;
  item_category: ItemCategory;
  item_subtype: ItemSubtype;
  display_name: string;
}

/** An edge points from effect to cause, as the PROV relation it stands for does. */
export interface LineageEdge {
  source: string;
  target: string;
  relation: Relation;
}

export const REGISTRY_NODE_TYPES = {
  persons: { item_category: 'AGENT', item_subtype: 'PERSON' },
  organisations: { item_category: 'AGENT', item_subtype: 'ORGANISATION' },
  models: { item_category: 'ENTITY', item_subtype: 'MODEL' },
  // Provena types a study as an activity: runs are wasInformedBy it, and PROV-DM §5.1.4 relates activities only.
  studies: { item_category: 'ACTIVITY', item_subtype: 'STUDY' },
  'dataset-templates': { item_category: 'ENTITY', item_subtype: 'DATASET_TEMPLATE' },
  // Provena's registry calls the item MODEL_RUN_WORKFLOW_TEMPLATE, but its lineage graph types the node
  // WORKFLOW_TEMPLATE once a model run names it (the last graph lodged sets the subtype). Before that the node
  // has no links here, so no walk can show it: one subtype from creation is what Provena's lineage shows.
  'workflow-templates': { item_category: 'ENTITY', item_subtype: 'WORKFLOW_TEMPLATE' },
  datasets: { item_category: 'ENTITY', item_subtype: 'DATASET' },
} as const satisfies Record<string, { item_category: ItemCategory; item_subtype: ItemSubtype }>;

// In one order, so concurrent writers that add the same new nodes or edges take their row locks alike and
// cannot deadlock.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An edge's identity as one string: what sets and maps of edges are keyed by. */
export const edgeKey = (e: { source: string; target: string; relation: string }) => `${e.source}|${e.target}|${e.relation}`;
export const inLockOrder = {
  nodes: (nodes: LineageNode[]) => nodes.sort((a, b) => compare(a.id, b.id)),
  edges: (edges: LineageEdge[]) => edges.sort((a, b) => compare(edgeKey(a), edgeKey(b))),
};
