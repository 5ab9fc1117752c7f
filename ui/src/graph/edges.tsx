// The relation between two nodes, drawn from cause (left) to effect (right) with PROV's arrow at the cause:
// "effect used cause", "effect wasGeneratedBy cause". A plain path and, when asked, an SVG text label.
import { memo } from 'react';
import { getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { useEdgeHighlight, useEdgeLabels } from './highlight';

export interface RelationEdgeData extends Record<string, unknown> {
  relation: string;
  marker: string;
}
export type RelationFlowEdge = Edge<RelationEdgeData, 'relation'>;

function RelationEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data }: EdgeProps<RelationFlowEdge>) {
  const highlight = useEdgeHighlight(id);
  const labels = useEdgeLabels();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <path d={path} className="ge-path" data-highlight={highlight} markerStart={data ? `url(#${data.marker})` : undefined} fill="none" />
      {labels && data && (
        <text x={labelX} y={labelY} className="ge-label" textAnchor="middle" dominantBaseline="middle" data-highlight={highlight}>
          {data.relation}
        </text>
      )}
    </>
  );
}

export const edgeTypes = { relation: memo(RelationEdge) };
