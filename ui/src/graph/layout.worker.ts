// Lays graphs out off the main thread, so the page stays responsive while ELK works on thousands of nodes.
import ELK from 'elkjs/lib/elk.bundled.js';
import { positionsOf, QUICK_LAYOUT_ABOVE, toElk } from './elk-graph';
import type { LayoutReply, LayoutRequest } from './layout-protocol';
import { quickLayout } from './quick-layout';

const elk = new ELK();

// Assigned after the import: elk.bundled.js claims `self.onmessage` when it loads inside a worker.
self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { seq, nodes, edges } = event.data;
  const started = performance.now();
  let reply: LayoutReply;
  try {
    if (nodes.length > QUICK_LAYOUT_ABOVE) {
      reply = { seq, positions: quickLayout(nodes, edges), ms: performance.now() - started, engine: 'quick' };
    } else {
      const output = await elk.layout(toElk(nodes, edges));
      reply = { seq, positions: positionsOf(output), ms: performance.now() - started, engine: 'elk' };
    }
  } catch (error) {
    reply = { seq, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
