// A provenance graph: laid out by ELK in a worker once per change of data, drawn by React Flow with only the
// visible elements in the DOM, the selection's upstream and downstream paths highlighted and the rest faded.
import { useEffect, useId, useLayoutEffect, useMemo, useState } from 'react';
import { Controls, MiniMap, Position, ReactFlow, ReactFlowProvider, useStore, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './graph.css';
import { edgeTypes, type RelationFlowEdge } from './edges';
import { adjacency, HighlightContext, HighlightStore } from './highlight';
import { layoutGraph, type Layout } from './layout';
import { GraphLegend } from './legend';
import { nodeTypes, type ProvFlowNode } from './nodes';
import { edgeId, NODE_SIZE, type GraphEdge, type GraphNode, type NodeCategory } from './types';
import { GraphViewport } from './viewport';

export interface LineageGraphProps {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Names the graph for assistive technology, e.g. "Lineage of Input dataset". */
  ariaLabel: string;
  selectedId?: string | undefined;
  onSelect?: (id: string) => void;
  /** The node the graph was explored from: marked, and where the view opens on a large graph. */
  startId?: string | undefined;
  /** Relation names on edges; by default only on small graphs. */
  edgeLabels?: boolean;
  legend?: boolean;
}

const CATEGORY_WORD: Record<NodeCategory, string> = { ENTITY: 'Entity', ACTIVITY: 'Activity', AGENT: 'Agent' };
export const SMALL_GRAPH = 40;

interface LaidOut {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layout: Layout;
}

function flowNodes(laid: LaidOut, startId: string | undefined): ProvFlowNode[] {
  return laid.nodes.map((n) => {
    const { width, height } = NODE_SIZE[n.category];
    return {
      id: n.id,
      type: 'prov',
      position: laid.layout.positions[n.id] ?? { x: 0, y: 0 },
      width,
      height,
      // Declared as measured: nodes out of view are never measured, and fitting the view waits for all.
      measured: { width, height },
      data: { label: n.label, subtype: n.subtype, category: n.category, start: n.id === startId },
      ariaLabel: `${CATEGORY_WORD[n.category]} ${n.subtype.toLowerCase().replaceAll('_', ' ')}: ${n.label}`,
      draggable: false,
      connectable: false,
      // Known up front, so edges draw without waiting for nodes to be measured.
      handles: [
        { type: 'target', position: Position.Left, x: 0, y: height / 2 - 1, width: 2, height: 2 },
        { type: 'source', position: Position.Right, x: width - 2, y: height / 2 - 1, width: 2, height: 2 },
      ],
    };
  });
}

function flowEdges(laid: LaidOut, marker: string): RelationFlowEdge[] {
  const label = new Map(laid.nodes.map((n) => [n.id, n.label]));
  return laid.edges
    .filter((e) => label.has(e.source) && label.has(e.target))
    .map((e) => ({
      id: edgeId(e),
      // Drawn cause → effect so that time runs left to right; the arrowhead sits at the cause.
      source: e.target,
      target: e.source,
      type: 'relation',
      data: { relation: e.relation, marker },
      ariaLabel: `${label.get(e.source)} ${e.relation} ${label.get(e.target)}`,
      focusable: false,
      selectable: false,
      interactionWidth: 0,
    }));
}

export function LineageGraph(props: LineageGraphProps) {
  return (
    <ReactFlowProvider>
      <GraphInner {...props} />
    </ReactFlowProvider>
  );
}

function GraphInner({ nodes, edges, ariaLabel, selectedId, onSelect, startId, edgeLabels, legend = true }: LineageGraphProps) {
  const marker = `rl-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [laid, setLaid] = useState<LaidOut>();
  const [failure, setFailure] = useState<string>();
  const store = useMemo(() => new HighlightStore(), []);
  const adj = useMemo(() => adjacency(laid?.edges ?? []), [laid]);
  const labels = edgeLabels ?? nodes.length <= SMALL_GRAPH;
  // Past this zoom labels are unreadable; CSS drops them, which keeps panning a large graph smooth.
  const far = useStore((s) => s.transform[2] < 0.4);

  // One layout per change of data; an answer for data since replaced is dropped.
  useEffect(() => {
    let current = true;
    setFailure(undefined);
    layoutGraph(nodes, edges).then(
      (layout) => current && setLaid({ nodes, edges, layout }),
      (error: Error) => current && setFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, [nodes, edges]);

  const baseNodes = useMemo(() => (laid ? flowNodes(laid, startId) : []), [laid, startId]);
  const flowNodesSelected = useMemo(
    () => baseNodes.map((n) => (n.id === selectedId ? { ...n, selected: true, domAttributes: { 'aria-current': 'true' as const } } : n)),
    [baseNodes, selectedId],
  );
  const rfEdges = useMemo(() => (laid ? flowEdges(laid, marker) : []), [laid, marker]);

  useLayoutEffect(() => {
    store.update(laid?.nodes.map((n) => n.id) ?? [], laid?.edges ?? [], selectedId, adj, labels);
  }, [store, laid, selectedId, adj, labels]);

  // A click or Enter on a node arrives as a selection change; deselecting (a click on the pane) is ignored.
  const onNodesChange = (changes: NodeChange<ProvFlowNode>[]) => {
    for (const c of changes) if (c.type === 'select' && c.selected && c.id !== selectedId) onSelect?.(c.id);
  };

  const pending = !laid || laid.nodes !== nodes || laid.edges !== edges;
  const state = failure ? 'error' : pending ? 'pending' : 'ready';
  return (
    <div className="lineage-graph" data-layout={state} data-layout-ms={laid ? Math.round(laid.layout.ms) : undefined} data-layout-engine={laid?.layout.engine} data-node-count={laid?.nodes.length ?? 0} data-zoom={far ? 'far' : 'near'}>
      <svg className="graph-defs" aria-hidden="true" focusable="false">
        <defs>
          <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="ge-arrow" />
          </marker>
        </defs>
      </svg>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {pending && !failure && (
        <p className="graph-status" role="status">
          Laying out {nodes.length} nodes…
        </p>
      )}
      <HighlightContext.Provider value={store}>
        <ReactFlow<ProvFlowNode, RelationFlowEdge>
          aria-label={ariaLabel}
          nodes={flowNodesSelected}
          edges={rfEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          nodesFocusable
          onlyRenderVisibleElements
          minZoom={0.02}
          maxZoom={2}
          proOptions={{ hideAttribution: false }}
        >
          <GraphViewport laid={laid} focusId={selectedId ?? startId} />
          <Controls showInteractive={false} aria-label="Zoom controls" fitViewOptions={{ minZoom: 0.02 }} />
          {laid && laid.nodes.length > SMALL_GRAPH && <MiniMap pannable zoomable ariaLabel="Overview of the whole graph" nodeClassName={miniClass} />}
        </ReactFlow>
      </HighlightContext.Provider>
      {legend && <GraphLegend selection={selectedId !== undefined} />}
    </div>
  );
}

const miniClass = (n: ProvFlowNode): string => `mini-${n.data.category.toLowerCase()}`;

export type { GraphEdge, GraphNode } from './types';
export { prewarmLayout } from './layout';
