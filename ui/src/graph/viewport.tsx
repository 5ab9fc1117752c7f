// Where the view opens after each layout: the whole graph when it fits readably, else the focus node (the
// selection or the start) at a readable zoom, with the overview map to find the rest.
import { useEffect } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import type { Layout } from './layout';
import { NODE_SIZE, type GraphNode } from './types';

const READABLE = 0.3;
const FOCUS_ZOOM = 0.8;
const PAD = 40;

interface Props {
  laid: { nodes: GraphNode[]; layout: Layout } | undefined;
  focusId: string | undefined;
}

export function GraphViewport({ laid, focusId }: Props) {
  const { setViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const sized = width > 0 && height > 0;

  useEffect(() => {
    if (!laid || !sized || laid.nodes.length === 0) return;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of laid.nodes) {
      const p = laid.layout.positions[n.id] ?? { x: 0, y: 0 };
      const s = NODE_SIZE[n.category];
      [x0, y0, x1, y1] = [Math.min(x0, p.x), Math.min(y0, p.y), Math.max(x1, p.x + s.width), Math.max(y1, p.y + s.height)];
    }
    const fit = Math.min(width / (x1 - x0 + 2 * PAD), height / (y1 - y0 + 2 * PAD), 1.2);
    const focus = laid.nodes.find((n) => n.id === focusId);
    if (fit >= READABLE || !focus) {
      const zoom = Math.max(fit, 0.02);
      setViewport({ x: width / 2 - ((x0 + x1) / 2) * zoom, y: height / 2 - ((y0 + y1) / 2) * zoom, zoom });
      return;
    }
    const p = laid.layout.positions[focus.id] ?? { x: 0, y: 0 };
    const s = NODE_SIZE[focus.category];
    setViewport({ x: width / 2 - (p.x + s.width / 2) * FOCUS_ZOOM, y: height / 2 - (p.y + s.height / 2) * FOCUS_ZOOM, zoom: FOCUS_ZOOM });
    // Once per layout: a later selection must not move the view under the pointer.
  }, [laid, sized]);
  return null;
}
