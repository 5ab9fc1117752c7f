// A lineage answer (node-link JSON, edges from effect to cause) drawn as a tree from its starting node.
// A node reached again is named and not expanded a second time, so diamonds and cycles stay finite.

export interface LineageNode {
  id: string;
  item_category: string;
  item_subtype: string;
  display_name: string;
}

export interface LineageLink {
  source: string;
  target: string;
  type: string;
}

export interface LineageAnswer {
  record_count: number;
  truncated: boolean;
  node_cap: number;
  graph: { nodes: LineageNode[]; links: LineageLink[] };
}

export type Direction = 'upstream' | 'downstream';

function label(node: LineageNode | undefined, id: string): string {
  return node ? `${node.display_name}  [${node.item_subtype}]  ${id}` : id;
}

export function renderLineageTree(answer: LineageAnswer, startId: string, direction: Direction): string {
  const nodes = new Map(answer.graph.nodes.map((n) => [n.id, n]));
  // Upstream walks from an effect to its causes; downstream from a cause to its effects.
  const children = new Map<string, { id: string; relation: string }[]>();
  for (const link of answer.graph.links) {
    const [from, to] = direction === 'upstream' ? [link.source, link.target] : [link.target, link.source];
    (children.get(from) ?? children.set(from, []).get(from)!).push({ id: to, relation: link.type });
  }
  const name = (id: string) => nodes.get(id)?.display_name ?? id;
  for (const list of children.values()) list.sort((a, b) => a.relation.localeCompare(b.relation) || name(a.id).localeCompare(name(b.id)) || a.id.localeCompare(b.id));

  const lines = [label(nodes.get(startId), startId)];
  const shown = new Set<string>([startId]);
  const walk = (id: string, indent: string) => {
    const list = children.get(id) ?? [];
    list.forEach((child, i) => {
      const last = i === list.length - 1;
      const edge = direction === 'upstream' ? `${child.relation} →` : `← ${child.relation}`;
      const again = shown.has(child.id);
      lines.push(`${indent}${last ? '└─' : '├─'} ${edge} ${label(nodes.get(child.id), child.id)}${again ? '  (shown above)' : ''}`);
      if (again) return;
      shown.add(child.id);
      walk(child.id, indent + (last ? '   ' : '│  '));
    });
  };
  walk(startId, '');
  if (lines.length === 1) lines.push(`(nothing ${direction})`);
  if (answer.truncated) lines.push(`(cut short at ${answer.node_cap} nodes)`);
  return lines.join('\n');
}
