// A project's models as a graph (the lineage explorer's graph component), tiers left to right.
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client';
import { ErrorNote, Loading } from '../../components/errors';
import { LineageGraph, prewarmLayout } from '../../graph/lineage-graph';
import { dagGraph, SOURCE_PREFIX, type ModelDag } from '../../graph/dag-graph';
import '../../graph/dag.css';

export interface ProjectDagProps {
  project: string;
  /** `project.name` of the model to highlight, with its upstream and downstream. */
  selected?: string | undefined;
  onSelect?: (model: string) => void;
}

export function ProjectDag({ project, selected, onSelect }: ProjectDagProps) {
  const dag = useQuery({
    queryKey: ['models', 'dag', project],
    queryFn: ({ signal }) => api<ModelDag>(`/v1/models/dag${query({ project_name: project })}`, { signal }),
  });
  useEffect(prewarmLayout, []);
  const graph = useMemo(() => (dag.data ? dagGraph(dag.data) : undefined), [dag.data]);
  // Sources are not models: selecting one highlights its paths here without telling the page.
  const [local, setLocal] = useState<string>();
  useEffect(() => setLocal(undefined), [selected]);
  const select = (id: string) => {
    setLocal(id);
    if (!id.startsWith(SOURCE_PREFIX)) onSelect?.(id);
  };

  if (dag.error) return <ErrorNote error={dag.error} />;
  if (!graph) return <Loading what={`the models of ${project}`} />;
  if (graph.nodes.length === 0) return <p className="muted">{project} has no models yet.</p>;
  return (
    <div className="project-dag">
      <LineageGraph
        nodes={graph.nodes}
        edges={graph.edges}
        ariaLabel={`Models of ${project} and what they read`}
        selectedId={local ?? selected}
        onSelect={select}
        edgeLabels={false}
        legend={false}
      />
      <p className="muted dag-caption">
        Each oval is a model or a source; a model reads what its arrows point to, so tiers run left to right. Select one to highlight what it
        depends on and what depends on it.
      </p>
    </div>
  );
}
