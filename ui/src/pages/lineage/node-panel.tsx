// The selected node: what it is, where its page is, and its direct relations (a way through the graph by
// keyboard or screen reader as well as by pointer).
import { Link } from '@tanstack/react-router';
import type { GraphEdge, GraphNode } from '../../graph/types';
import { AppLink } from '../../components/links';
import { itemLink } from './item-links';

const RELATIONS_SHOWN = 40;

interface Props {
  node: GraphNode;
  nodes: ReadonlyMap<string, GraphNode>;
  edges: readonly GraphEdge[];
  upstream: number;
  downstream: number;
  expanded: boolean;
  onExpand(): void;
  onSelect(id: string): void;
}

const words = (s: string) => s.toLowerCase().replaceAll('_', ' ');

export function NodePanel({ node, nodes, edges, upstream, downstream, expanded, onExpand, onSelect }: Props) {
  const link = itemLink(node, nodes, edges);
  const relations = edges.filter((e) => e.source === node.id || e.target === node.id);
  return (
    <aside className="panel lineage-panel" aria-labelledby="node-title">
      <h2 id="node-title">{node.label}</h2>
      <dl className="facts">
        <dt>Id</dt>
        <dd>
          <code className="node-id">{node.id}</code>
        </dd>
        <dt>Kind</dt>
        <dd>
          {words(node.category)} · {words(node.subtype)}
        </dd>
        <dt>On its paths</dt>
        <dd>
          {upstream} upstream, {downstream} downstream
        </dd>
      </dl>
      <div className="panel-actions">
        <button type="button" onClick={onExpand} disabled={expanded}>
          {expanded ? 'Neighbours shown' : 'Expand neighbours'}
        </button>
        <Link to="/lineage" search={{ start: node.id }} className="button">
          Explore from here
        </Link>
        {link && <AppLink href={link.href}>{link.text}</AppLink>}
      </div>
      <h3>Relations ({relations.length})</h3>
      <ul className="relations">
        {relations.slice(0, RELATIONS_SHOWN).map((e) => {
          const outgoing = e.source === node.id;
          const other = nodes.get(outgoing ? e.target : e.source);
          return (
            <li key={`${e.source}|${e.target}|${e.relation}`}>
              {outgoing ? (
                <>
                  <span className="rel">{e.relation}</span> <NodeButton node={other} id={e.target} onSelect={onSelect} />
                </>
              ) : (
                <>
                  <NodeButton node={other} id={e.source} onSelect={onSelect} /> <span className="rel">{e.relation}</span> this
                </>
              )}
            </li>
          );
        })}
      </ul>
      {relations.length > RELATIONS_SHOWN && <p className="muted">and {relations.length - RELATIONS_SHOWN} more</p>}
    </aside>
  );
}

function NodeButton({ node, id, onSelect }: { node: GraphNode | undefined; id: string; onSelect(id: string): void }) {
  return (
    <button type="button" className="linkish" onClick={() => onSelect(id)}>
      {node?.label ?? id}
    </button>
  );
}
