// Where a lineage node has its own page: runs under /runs, registry items in the catalog.
import type { GraphEdge, GraphNode } from '../../graph/types';

const CATALOG_KIND: Record<string, string> = {
  PERSON: 'persons',
  ORGANISATION: 'organisations',
  MODEL: 'models',
  STUDY: 'studies',
  DATASET_TEMPLATE: 'dataset-templates',
  WORKFLOW_TEMPLATE: 'workflow-templates',
  MODEL_RUN_WORKFLOW_TEMPLATE: 'workflow-templates',
  DATASET: 'datasets',
};

export interface ItemLink {
  href: string;
  text: string;
}

/** The node's page; a step links to the run that started it when that run is in the graph. */
export function itemLink(node: GraphNode, nodes: ReadonlyMap<string, GraphNode>, edges: readonly GraphEdge[]): ItemLink | undefined {
  if (node.subtype === 'MODEL_RUN') return { href: `/runs/${encodeURIComponent(node.id)}`, text: 'Open the run' };
  const kind = CATALOG_KIND[node.subtype];
  if (kind) return { href: `/catalog/${kind}/${encodeURIComponent(node.id)}`, text: 'Open in the catalog' };
  if (node.subtype === 'STEP') {
    const run = edges.find((e) => e.source === node.id && nodes.get(e.target)?.subtype === 'MODEL_RUN');
    if (run) return { href: `/runs/${encodeURIComponent(run.target)}`, text: 'Open its run' };
  }
  return undefined;
}
