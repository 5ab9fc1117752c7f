// The three PROV node shapes, kept to a few elements each: at 2,000 nodes every element counts.
// Entities are yellow ovals, activities blue rectangles, agents orange houses (shape and colour both say it).
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useNodeHighlight } from './highlight';
import type { NodeCategory } from './types';

export interface ProvNodeData extends Record<string, unknown> {
  label: string;
  subtype: string;
  category: NodeCategory;
  start: boolean;
}
export type ProvFlowNode = Node<ProvNodeData, 'prov'>;

const CLASS: Record<NodeCategory, string> = { ENTITY: 'gn gn-entity', ACTIVITY: 'gn gn-activity', AGENT: 'gn gn-agent' };

/** The agent's house outline, stretched to the node's box. */
export function HouseShape({ className }: { className?: string }) {
  return (
    <svg className={className ?? 'gn-house'} viewBox="0 0 100 54" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <polygon points="1,18 50,1 99,18 99,53 1,53" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

function ProvNode({ id, data }: NodeProps<ProvFlowNode>) {
  const highlight = useNodeHighlight(id);
  return (
    <div className={CLASS[data.category]} data-node-id={id} data-category={data.category} data-highlight={highlight} data-start={data.start || undefined}>
      {data.category === 'AGENT' && <HouseShape />}
      <Handle type="target" position={Position.Left} isConnectable={false} className="gn-handle" />
      <span className="gn-label">{data.label}</span>
      <span className="gn-sub">{data.subtype.toLowerCase().replaceAll('_', ' ')}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} className="gn-handle" />
    </div>
  );
}

export const nodeTypes = { prov: memo(ProvNode) };
