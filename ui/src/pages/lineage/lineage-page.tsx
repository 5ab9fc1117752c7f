// /lineage: the provenance graph around a start node, walked upstream, downstream or both, with a selection
// whose paths are highlighted, expansions merged in, and the selected node's details beside the graph.
import { useEffect, useMemo } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../components/errors';
import { adjacency, pathsOf } from '../../graph/highlight';
import { LineageGraph, prewarmLayout, SMALL_GRAPH } from '../../graph/lineage-graph';
import { useLineage, type LineageView } from './data';
import { NodePanel } from './node-panel';
import { DEFAULT_DEPTH, DEFAULT_DIRECTION, expansionsOf, type Direction, type LineageSearch } from './search';
import { StartForm } from './start-form';
import { useSuggestions, type Suggestion } from './suggestions';
import './lineage.css';

export function LineagePage({ search }: { search: LineageSearch }) {
  const navigate = useNavigate({ from: '/lineage' });
  const depth = search.depth ?? DEFAULT_DEPTH;
  const direction = search.direction ?? DEFAULT_DIRECTION;
  const expand = useMemo(() => expansionsOf(search), [search]);
  const view = useLineage(search.start, depth, direction, expand);
  const suggestions = useSuggestions();
  // The layout worker (and ELK) loads while the graph is fetched, not after.
  useEffect(prewarmLayout, []);

  const set = (patch: Partial<LineageSearch>, replace = false) => navigate({ search: (prev) => ({ ...prev, ...patch }), replace });
  const select = (id: string) => set({ selected: id }, true);
  const expandNode = (id: string) => set({ expand: [...expand, id].join(',') });

  return (
    <section className="lineage-page" aria-labelledby="lineage-title">
      <div className="page-head">
        <h1 id="lineage-title">Lineage</h1>
        {search.start && <GraphSummary view={view} start={search.start} direction={direction} depth={depth} />}
      </div>
      <StartForm
        start={search.start}
        depth={depth}
        direction={direction}
        suggestions={[...suggestions.runs, ...suggestions.datasets]}
        onStart={(start) => navigate({ search: { start, depth: search.depth, direction: search.direction } })}
        onDepth={(d) => set({ depth: d })}
        onDirection={(d: Direction) => set({ direction: d })}
      />
      {!search.start ? (
        <StartingPoints runs={suggestions.runs} datasets={suggestions.datasets} error={suggestions.error} />
      ) : (
        <LineageBody
          view={view}
          search={search}
          depth={depth}
          direction={direction}
          expand={expand}
          onSelect={select}
          onExpand={expandNode}
          onLabels={(labels) => set({ labels }, true)}
        />
      )}
    </section>
  );
}

function GraphSummary({ view, start, direction, depth }: { view: LineageView; start: string; direction: Direction; depth: number }) {
  if (view.loading || view.error) return null;
  const where = direction === 'both' ? 'upstream and downstream' : direction;
  const label = view.nodes.find((n) => n.id === start)?.label ?? start;
  return (
    <p className="muted graph-count" role="status">
      <strong data-testid="node-count">{view.nodes.length}</strong> nodes, <strong data-testid="edge-count">{view.edges.length}</strong> relations{' '}
      {where} of {label}, depth {depth}
    </p>
  );
}

interface BodyProps {
  view: LineageView;
  search: LineageSearch;
  depth: number;
  direction: Direction;
  expand: string[];
  onSelect(id: string): void;
  onExpand(id: string): void;
  onLabels(labels: boolean): void;
}

function LineageBody({ view, search, depth, direction, expand, onSelect, onExpand, onLabels }: BodyProps) {
  const byId = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view.nodes]);
  const adj = useMemo(() => adjacency(view.edges), [view.edges]);
  const selected = search.selected ? byId.get(search.selected) : undefined;
  const paths = useMemo(() => (selected ? pathsOf(selected.id, adj) : undefined), [selected, adj]);

  if (view.error) return <ErrorNote error={view.error} />;
  if (view.loading) return <Loading what="the lineage graph" />;
  const startNode = byId.get(search.start!);
  const labels = search.labels ?? view.nodes.length <= SMALL_GRAPH;
  return (
    <>
      {view.truncated.length > 0 && <TruncatedNotice view={view} />}
      {view.expansionErrors.map((e) => (
        <ErrorNote key={e.id} error={e.error} />
      ))}
      {view.nodes.length === 0 ? (
        <p className="notice" role="status">
          Nothing is linked to <code>{search.start}</code> {direction === 'both' ? 'upstream or downstream' : direction} within depth {depth}. Try
          another direction or a greater depth.
        </p>
      ) : (
        <>
          <label className="inline-check">
            <input type="checkbox" checked={labels} onChange={(e) => onLabels(e.target.checked)} /> Show relation names on edges
          </label>
          <div className="split lineage-split">
            <LineageGraph
              nodes={view.nodes}
              edges={view.edges}
              ariaLabel={`Lineage graph of ${startNode?.label ?? search.start}`}
              selectedId={selected?.id}
              onSelect={onSelect}
              startId={search.start}
              edgeLabels={labels}
            />
            {selected && paths ? (
              <NodePanel
                node={selected}
                nodes={byId}
                edges={view.edges}
                upstream={paths.upstream.size}
                downstream={paths.downstream.size}
                expanded={expand.includes(selected.id) || (selected.id === search.start && direction === 'both')}
                onExpand={() => onExpand(selected.id)}
                onSelect={onSelect}
              />
            ) : (
              <aside className="panel lineage-panel" aria-label="Selection">
                <p className="muted">Select a node (click it, or Tab to it and press Enter) to see its details and highlight its upstream and downstream paths.</p>
              </aside>
            )}
          </div>
        </>
      )}
    </>
  );
}

function TruncatedNotice({ view }: { view: LineageView }) {
  const cap = view.truncated[0]!.answer.node_cap;
  const walks = view.truncated.map((t) => `${t.walk} from ${t.from === view.truncated[0]!.from ? 'the start' : t.from} (depth ${t.depth})`);
  return (
    <p className="notice" role="status" data-testid="truncated">
      <strong>Incomplete graph:</strong> the server returns at most {cap} nodes per query, and the {walks.join(', ')} reached that cap, so some nodes
      are not shown. Lower the depth, pick one direction, or explore from a node nearer what you look for.
    </p>
  );
}

function StartingPoints({ runs, datasets, error }: { runs: Suggestion[]; datasets: Suggestion[]; error: unknown }) {
  return (
    <div className="starting-points">
      <p>Pick a node to explore from: paste any id above, or start from one of these.</p>
      <ErrorNote error={error} />
      <div className="columns">
        <SuggestionList title="Recent runs" items={runs} empty="No runs yet." />
        <SuggestionList title="Datasets" items={datasets} empty="No datasets in the registry yet." />
      </div>
    </div>
  );
}

function SuggestionList({ title, items, empty }: { title: string; items: Suggestion[]; empty: string }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {items.map((s) => (
            <li key={s.id}>
              <Link to="/lineage" search={{ start: s.id }}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
