// A plain layered layout for graphs too large for ELK to lay out in time (ELK takes about 2 s at 2,000 nodes
// on a 2-core machine, beyond the 1.5 s the whole view may take). The same drawing convention as ELK's:
// causes left, effects right, one column per layer. Layers by longest path to the effects, order by a few
// barycentre sweeps, rows pulled towards their neighbours. Milliseconds, not seconds, at 2,000 nodes.
import { layoutEdges } from './elk-graph.js';
import { NODE_SIZE, type GraphEdge, type GraphNode, type Point } from './types.js';

const LAYER_GAP = 70;
const ROW_GAP = 18;
const SWEEPS = 4;

function layers(ids: string[], causesOf: Map<string, string[]>, effectsOf: Map<string, string[]>): Map<string, number> {
  // Height: the longest path from a node to an effect nothing derives from. Iterative DFS, back edges ignored.
  const height = new Map<string, number>();
  const onPath = new Set<string>();
  for (const root of ids) {
    if (height.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    onPath.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const effects = effectsOf.get(top[0]) ?? [];
      if (top[1] < effects.length) {
        const next = effects[top[1]++]!;
        if (!height.has(next) && !onPath.has(next)) {
          onPath.add(next);
          stack.push([next, 0]);
        }
        continue;
      }
      stack.pop();
      onPath.delete(top[0]);
      height.set(top[0], Math.max(-1, ...effects.map((e) => height.get(e) ?? -1)) + 1);
    }
  }
  const top = Math.max(0, ...height.values());
  // Causes go as far right as their effects allow: a hub sits beside the neighbour it was laid out with.
  return new Map(ids.map((id) => [id, top - height.get(id)!]));
}

export function quickLayout(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Record<string, Point> {
  const known = new Map(nodes.map((n) => [n.id, n]));
  const laid = layoutEdges(
    nodes.length,
    edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target),
  );
  const causesOf = new Map<string, string[]>();
  const effectsOf = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const e of laid) {
    push(causesOf, e.source, e.target);
    push(effectsOf, e.target, e.source);
  }
  const ids = nodes.map((n) => n.id);
  const layerOf = layers(ids, causesOf, effectsOf);
  const columns: string[][] = [];
  for (const id of ids) (columns[layerOf.get(id)!] ??= []).push(id);
  const neighbours = (id: string) => [...(causesOf.get(id) ?? []), ...(effectsOf.get(id) ?? [])];

  // Order within each column: barycentre of the neighbours' positions, sweeping right then left.
  const index = new Map<string, number>();
  const reindex = () => columns.forEach((col) => col.forEach((id, i) => index.set(id, i / Math.max(1, col.length - 1))));
  reindex();
  for (let s = 0; s < SWEEPS; s++) {
    const present = columns.filter((c) => c !== undefined);
    const order = s % 2 === 0 ? present : present.reverse();
    for (const col of order) {
      const key = new Map(col.map((id) => {
        const ns = neighbours(id).filter((n) => layerOf.get(n) !== layerOf.get(id));
        return [id, ns.length ? ns.reduce((a, n) => a + index.get(n)!, 0) / ns.length : index.get(id)!] as const;
      }));
      col.sort((a, b) => key.get(a)! - key.get(b)!);
      col.forEach((id, i) => index.set(id, i / Math.max(1, col.length - 1)));
    }
  }

  // Rows: stacked and centred, then each column pulled towards its neighbours' rows without overlapping.
  const width = Math.max(...Object.values(NODE_SIZE).map((s) => s.width));
  const y = new Map<string, number>();
  const heightOf = (id: string) => NODE_SIZE[known.get(id)!.category].height;
  for (const col of columns) {
    if (!col) continue;
    const total = col.reduce((a, id) => a + heightOf(id) + ROW_GAP, -ROW_GAP);
    let at = -total / 2;
    for (const id of col) {
      y.set(id, at);
      at += heightOf(id) + ROW_GAP;
    }
  }
  for (let s = 0; s < 2; s++) {
    for (const col of columns) {
      if (!col) continue;
      const wanted = col.map((id) => {
        const ns = neighbours(id);
        return ns.length ? ns.reduce((a, n) => a + y.get(n)!, 0) / ns.length : y.get(id)!;
      });
      let floor = -Infinity;
      const placed = col.map((id, i) => {
        const at = Math.max(wanted[i]!, floor);
        floor = at + heightOf(id) + ROW_GAP;
        return at;
      });
      // Pushing overlaps down only would drift each column downwards: shift it back to where it was wanted.
      const shift = (wanted.reduce((a, w) => a + w, 0) - placed.reduce((a, p) => a + p, 0)) / col.length;
      col.forEach((id, i) => y.set(id, placed[i]! + shift));
    }
  }
  const positions: Record<string, Point> = {};
  for (const id of ids) positions[id] = { x: layerOf.get(id)! * (width + LAYER_GAP), y: y.get(id)! };
  return positions;
}
